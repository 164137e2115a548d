/**
 * Business time in Europe/Paris: the desk's opening hours minus weekends and French public
 * holidays (Alsace-Moselle adds Good Friday and 26 December). Pure arithmetic on instants,
 * with no time-zone library: Intl gives the wall clock, and the offset is solved back.
 */

export type BusinessCalendar = {
  /** Opening and closing, in minutes after midnight, Paris time (08:00–18:00 by default). */
  openMinute: number;
  closeMinute: number;
  /** Working weekdays, 0 = Sunday … 6 = Saturday. */
  weekdays: readonly number[];
  /** Extra closed days of the region (YYYY-MM-DD). */
  closedDates: readonly string[];
};

export const DEFAULT_CALENDAR: BusinessCalendar = { openMinute: 8 * 60, closeMinute: 18 * 60, weekdays: [1, 2, 3, 4, 5], closedDates: [] };

const DAY_MS = 86_400_000;
/** A calendar day as a number of days since 1970-01-01 (time-zone free). */
export type Day = number;

export const dayOf = (year: number, month: number, date: number): Day => Math.floor(Date.UTC(year, month - 1, date) / DAY_MS);
export const weekdayOf = (day: Day) => (day + 4) % 7; // 1970-01-01 was a Thursday
export function isoOfDay(day: Day): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
function dayOfIso(iso: string): Day {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  return dayOf(y, m, d);
}

/** Easter Sunday (anonymous Gregorian algorithm). */
export function easterSunday(year: number): Day {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const date = ((h + l - 7 * m + 114) % 31) + 1;
  return dayOf(year, month, date);
}

/** Departments where local law adds Good Friday and 26 December (Alsace-Moselle). */
export const ALSACE_MOSELLE_DEPARTMENTS: readonly string[] = ["57", "67", "68"];

const holidayCache = new Map<string, Set<Day>>();

/** French public holidays of a year, Pentecost Monday included; Alsace-Moselle's two more. */
export function publicHolidays(year: number, departmentCode: string): Set<Day> {
  const alsaceMoselle = ALSACE_MOSELLE_DEPARTMENTS.includes(departmentCode);
  const key = `${year}:${alsaceMoselle}`;
  const cached = holidayCache.get(key);
  if (cached) return cached;
  const easter = easterSunday(year);
  const days = [
    dayOf(year, 1, 1),
    easter + 1, // Easter Monday
    dayOf(year, 5, 1),
    dayOf(year, 5, 8),
    easter + 39, // Ascension Thursday
    easter + 50, // Pentecost Monday
    dayOf(year, 7, 14),
    dayOf(year, 8, 15),
    dayOf(year, 11, 1),
    dayOf(year, 11, 11),
    dayOf(year, 12, 25),
    ...(alsaceMoselle ? [easter - 2, dayOf(year, 12, 26)] : []),
  ];
  const set = new Set(days);
  holidayCache.set(key, set);
  return set;
}

export function isBusinessDay(day: Day, calendar: BusinessCalendar, departmentCode: string): boolean {
  if (!calendar.weekdays.includes(weekdayOf(day))) return false;
  const year = new Date(day * DAY_MS).getUTCFullYear();
  if (publicHolidays(year, departmentCode).has(day)) return false;
  return !calendar.closedDates.some((iso) => dayOfIso(iso) === day);
}

const parisClock = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Paris",
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** The Paris wall clock of an instant: its calendar day and the minute of that day (fractional). */
export function parisWallClock(instant: Date): { day: Day; minute: number } {
  const parts = Object.fromEntries(parisClock.formatToParts(instant).map((p) => [p.type, p.value]));
  const day = dayOf(Number(parts.year), Number(parts.month), Number(parts.day));
  const minute = Number(parts.hour) * 60 + Number(parts.minute) + (Number(parts.second) + instant.getUTCMilliseconds() / 1000) / 60;
  return { day, minute };
}

/** The instant a Paris wall clock shows `minute` on `day` (opening hours never fall in a DST gap). */
export function parisInstant(day: Day, minute: number): Date {
  const asUtc = day * DAY_MS + minute * 60_000;
  let instant = asUtc;
  for (let i = 0; i < 2; i++) {
    const shown = parisWallClock(new Date(instant));
    const offsetMs = (shown.day - day) * DAY_MS + (shown.minute - minute) * 60_000;
    instant -= offsetMs;
  }
  return new Date(Math.round(instant));
}

function nextBusinessDay(day: Day, calendar: BusinessCalendar, departmentCode: string): Day {
  let next = day + 1;
  while (!isBusinessDay(next, calendar, departmentCode)) next++;
  return next;
}

/** Business minutes after an instant; received outside opening hours, the count starts at the next opening. */
export function addBusinessMinutes(start: Date, minutes: number, calendar: BusinessCalendar, departmentCode: string): Date {
  let { day, minute } = parisWallClock(start);
  if (!isBusinessDay(day, calendar, departmentCode) || minute >= calendar.closeMinute) {
    day = nextBusinessDay(day, calendar, departmentCode);
    minute = calendar.openMinute;
  }
  minute = Math.max(minute, calendar.openMinute);
  let remaining = minutes;
  while (remaining > calendar.closeMinute - minute) {
    remaining -= calendar.closeMinute - minute;
    day = nextBusinessDay(day, calendar, departmentCode);
    minute = calendar.openMinute;
  }
  return parisInstant(day, minute + remaining);
}

/** "J+n": closing time on the n-th business day strictly after the Paris calendar day of `start`. */
export function endOfNthBusinessDay(start: Date, n: number, calendar: BusinessCalendar, departmentCode: string): Date {
  let day = parisWallClock(start).day;
  for (let i = 0; i < n; i++) day = nextBusinessDay(day, calendar, departmentCode);
  return parisInstant(day, calendar.closeMinute);
}

/** Business minutes between two instants (0 when `to` is not after `from`). */
export function businessMinutesBetween(from: Date, to: Date, calendar: BusinessCalendar, departmentCode: string): number {
  if (to <= from) return 0;
  const a = parisWallClock(from);
  const b = parisWallClock(to);
  let total = 0;
  for (let day = a.day; day <= b.day; day++) {
    if (!isBusinessDay(day, calendar, departmentCode)) continue;
    const start = Math.max(calendar.openMinute, day === a.day ? a.minute : 0);
    const end = Math.min(calendar.closeMinute, day === b.day ? b.minute : 24 * 60);
    if (end > start) total += end - start;
  }
  return Math.round(total);
}
