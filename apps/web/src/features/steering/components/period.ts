import type { SteeringSearch } from "../routes/steering.search.ts";

/** Calendar days as "YYYY-MM-DD"; the API counts tickets received in [from, to). */
export type DayRange = { from: string | undefined; to: string | undefined };

/** Today in Paris, where the desk works, whatever the browser's time zone. */
export function parisToday(now: Date = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris", year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
}

export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** A school year runs from 1 September to 31 August. */
export function schoolYearStart(today: string): string {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7));
  return `${month >= 9 ? year : year - 1}-09-01`;
}

/**
 * The days the page shows, both ends included (`last` is what the person reads), and the
 * half-open range the API takes. Null when chosen dates are the wrong way round.
 */
export function periodOf(search: SteeringSearch, today: string): { first: string | undefined; last: string; query: DayRange } | null {
  if (search.period === "30d") {
    const first = addDays(today, -29);
    return { first, last: today, query: { from: first, to: undefined } };
  }
  if (search.period === "custom") {
    if (search.from && search.to && search.from > search.to) return null;
    const last = search.to ?? today;
    return { first: search.from, last, query: { from: search.from, to: search.to ? addDays(search.to, 1) : undefined } };
  }
  const first = schoolYearStart(today);
  return { first, last: today, query: { from: first, to: undefined } };
}
