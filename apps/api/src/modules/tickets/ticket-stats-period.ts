/**
 * How a period of receipt, [from, to), is read from the rollups (ticket-stats.schema.ts): whole
 * months from month rows, the days around them from day rows, and what is left of a day from
 * the tickets themselves. A partial month is read either as its days or as the whole month
 * minus the other days, whichever reads fewer rows: at most about fifteen days on each side.
 * Days are UTC days, as the route reads `from` and `to`.
 */

/** Rows of the rollups whose period lies in [from, to) (YYYY-MM-DD, or ±infinity), counted with `sign`. */
export type Segment = { grain: "day" | "month"; from: string; to: string; sign: 1 | -1 };
/** Tickets received in [from, to), counted with `sign`. */
export type Range = { from: Date; to: Date; sign: 1 | -1 };

const DAY_MS = 86_400_000;
const iso = (date: Date) => date.toISOString().slice(0, 10);
const isMidnight = (date: Date) => date.getTime() % DAY_MS === 0;
const floorDay = (date: Date) => new Date(Math.floor(date.getTime() / DAY_MS) * DAY_MS);
const monthStart = (day: Date) => new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), 1));
const nextMonth = (day: Date) => new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth() + 1, 1));
const days = (from: Date, to: Date) => Math.round((to.getTime() - from.getTime()) / DAY_MS);

export type PeriodPlan = { segments: Segment[]; partial: Range[] };

export function periodPlan(period: { from?: Date | undefined; to?: Date | undefined }): PeriodPlan {
  let from = period.from;
  let to = period.to;
  const partial: Range[] = [];
  if (from && to && from >= to) return { segments: [], partial };
  if (from && !isMidnight(from)) {
    const next = new Date(floorDay(from).getTime() + DAY_MS);
    partial.push({ from, to: to && to < next ? to : next, sign: 1 });
    from = next;
  }
  if (to && !isMidnight(to)) {
    const start = floorDay(to);
    if (!from || start >= from) partial.push({ from: start, to, sign: 1 });
    to = start;
  }
  if (from && to && from >= to) return { segments: [], partial };
  return { segments: daySegments(from, to), partial };
}

function daySegments(from: Date | undefined, to: Date | undefined): Segment[] {
  const segments: Segment[] = [];
  const add = (grain: Segment["grain"], a: Date | string, b: Date | string, sign: 1 | -1 = 1) =>
    segments.push({ grain, from: typeof a === "string" ? a : iso(a), to: typeof b === "string" ? b : iso(b), sign });
  const firstMonth = from ? (from.getUTCDate() === 1 ? from : nextMonth(from)) : undefined;
  const lastMonth = to ? monthStart(to) : undefined;

  if (from && to && firstMonth && lastMonth && firstMonth > lastMonth) {
    // Both ends inside one month.
    const start = monthStart(from);
    const end = nextMonth(from);
    if (days(from, to) <= days(start, from) + days(to, end) + 1) add("day", from, to);
    else {
      add("month", start, end);
      if (start < from) add("day", start, from, -1);
      if (to < end) add("day", to, end, -1);
    }
    return segments;
  }
  if (!firstMonth || !lastMonth || firstMonth < lastMonth) add("month", firstMonth ?? "-infinity", lastMonth ?? "infinity");
  if (from && firstMonth && from < firstMonth) {
    const start = monthStart(from);
    if (days(start, from) + 1 < days(from, firstMonth)) {
      add("month", start, firstMonth);
      add("day", start, from, -1);
    } else add("day", from, firstMonth);
  }
  if (to && lastMonth && lastMonth < to) {
    const end = nextMonth(lastMonth);
    if (days(to, end) + 1 < days(lastMonth, to)) {
      add("month", lastMonth, end);
      add("day", to, end, -1);
    } else add("day", lastMonth, to);
  }
  return segments;
}

/** The day segments as ranges of receipt, for sources that have no day rows. */
export function dayRanges(segments: Segment[]): Range[] {
  return segments.filter((s) => s.grain === "day").map((s) => ({ from: new Date(`${s.from}T00:00:00Z`), to: new Date(`${s.to}T00:00:00Z`), sign: s.sign }));
}
