import { epochDayOf, type IsoDate, isoDate } from "./calendar-date.ts";

/**
 * Europe/Paris wall clock ⇄ instant, without a time-zone library (packages/shared imports only
 * zod). Intl knows the tz database, but only in one direction (instant → wall clock); the other
 * direction is solved here from the offsets on either side, which stays right on the two days
 * a year the clocks change (last Sunday of March and of October, at 02:00/03:00).
 */

/** A Paris wall-clock reading: its calendar day and minutes since local midnight (fractional). */
export type ParisWallClock = { date: IsoDate; minuteOfDay: number };

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const parisParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Paris",
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

function wallFields(instantMs: number): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const fields: Record<string, number> = {};
  for (const part of parisParts.formatToParts(new Date(instantMs))) if (part.type !== "literal") fields[part.type] = Number(part.value);
  // Some ICU builds print midnight as "24" even with h23.
  return { year: fields.year!, month: fields.month!, day: fields.day!, hour: fields.hour! % 24, minute: fields.minute!, second: fields.second! };
}

/** Paris offset from UTC at an instant, in ms (+1 h in winter, +2 h in summer). */
function parisOffsetMs(instantMs: number): number {
  const f = wallFields(instantMs);
  const wallAsUtc = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  return wallAsUtc - Math.floor(instantMs / 1000) * 1000;
}

export function toParisWallClock(instant: Date): ParisWallClock {
  const ms = instant.getTime();
  const f = wallFields(ms);
  const subSecond = ms - Math.floor(ms / 1000) * 1000;
  return { date: isoDate(f.year, f.month, f.day), minuteOfDay: f.hour * 60 + f.minute + (f.second * 1000 + subSecond) / MINUTE_MS };
}

export function parisDateOf(instant: Date): IsoDate {
  return toParisWallClock(instant).date;
}

/**
 * The instant a Paris clock shows `minuteOfDay` on `date` (1440 = the next midnight).
 * Paris never changes offset twice within two days, so the offsets a day before and a day after
 * are the only candidates. A time shown twice (October, 02:00–03:00) gives the earlier instant;
 * a time never shown (March, 02:00–03:00) is read with the winter offset, i.e. moved forward
 * by an hour, as Temporal's "compatible" rule does.
 */
export function fromParisWallClock(date: IsoDate, minuteOfDay: number): Date {
  const wallAsUtc = epochDayOf(date) * DAY_MS + minuteOfDay * MINUTE_MS;
  const offsetBefore = parisOffsetMs(wallAsUtc - DAY_MS);
  const offsetAfter = parisOffsetMs(wallAsUtc + DAY_MS);
  const candidates = [wallAsUtc - offsetBefore, wallAsUtc - offsetAfter].sort((a, b) => a - b);
  const shown = candidates.find((t) => t + parisOffsetMs(t) === wallAsUtc);
  return new Date(shown ?? wallAsUtc - offsetBefore);
}
