/**
 * Calendar days as "YYYY-MM-DD" strings, with no time of day and no time zone: a holiday or a
 * region's closed day is a date, not an instant. The arithmetic goes through UTC only because
 * UTC has no daylight saving, so adding a day is always adding 24 hours there.
 */

/** A calendar day, "YYYY-MM-DD". */
export type IsoDate = string;

/** ISO weekday: 1 = Monday … 7 = Sunday (the French week starts on Monday). */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

const DAY_MS = 86_400_000;

/** Days since 1970-01-01: lets holidays be found in a Set and days be counted by subtraction. */
export function epochDayOf(date: IsoDate): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`Date invalide (AAAA-MM-JJ attendu) : ${date}`);
  return Math.floor(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS);
}

export function isoDateOfEpochDay(epochDay: number): IsoDate {
  return new Date(epochDay * DAY_MS).toISOString().slice(0, 10);
}

export function isoDate(year: number, month: number, day: number): IsoDate {
  return isoDateOfEpochDay(Math.floor(Date.UTC(year, month - 1, day) / DAY_MS));
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return isoDateOfEpochDay(epochDayOf(date) + days);
}

export function isoWeekdayOf(date: IsoDate): IsoWeekday {
  // 1970-01-01 was a Thursday (ISO 4).
  return ((((((epochDayOf(date) + 3) % 7) + 7) % 7) + 1) as IsoWeekday);
}
