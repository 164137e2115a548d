import { addBusinessMinutes, type BusinessCalendar, businessMinutesBetween } from "./business-calendar.ts";

/**
 * Time spent waiting for the school or a third party (a part, an access, the operator's line)
 * does not count against the desk: the deadline moves by the BUSINESS time of the wait, so a
 * wait from Friday 17:00 to Monday 09:00 costs two hours, not sixty-four.
 */
export type WaitingInterval = { start: Date; end: Date };

/** Sorted, overlapping or touching waits fused, empty or reversed ones dropped: no minute counted twice. */
function mergeWaits(waits: readonly WaitingInterval[]): WaitingInterval[] {
  const sorted = waits.filter((w) => w.end.getTime() > w.start.getTime()).sort((a, b) => a.start.getTime() - b.start.getTime());
  const merged: WaitingInterval[] = [];
  for (const wait of sorted) {
    const last = merged.at(-1);
    if (last && wait.start.getTime() <= last.end.getTime()) {
      if (wait.end.getTime() > last.end.getTime()) merged[merged.length - 1] = { start: last.start, end: wait.end };
    } else merged.push({ start: wait.start, end: wait.end });
  }
  return merged;
}

/** Total business minutes spent waiting (for steering: processing time net of waiting). */
export function businessMinutesWaiting(waits: readonly WaitingInterval[], calendar: BusinessCalendar, departmentCode: string): number {
  return mergeWaits(waits).reduce((sum, w) => sum + businessMinutesBetween(w.start, w.end, calendar, departmentCode), 0);
}

/**
 * The deadline pushed back by the business time of the waits. Waits are taken in order and a
 * wait that begins once the (already extended) deadline has passed adds nothing: a ticket that
 * is late stays late when it is put on hold afterwards. Pass an ongoing wait with `end` = now.
 */
export function extendDeadlineByWaiting(deadline: Date, waits: readonly WaitingInterval[], calendar: BusinessCalendar, departmentCode: string): Date {
  let extended = deadline;
  for (const wait of mergeWaits(waits)) {
    if (wait.start.getTime() >= extended.getTime()) break;
    extended = addBusinessMinutes(extended, businessMinutesBetween(wait.start, wait.end, calendar, departmentCode), calendar, departmentCode);
  }
  return extended;
}
