import { z } from "zod";
import { addDays, type IsoDate, type IsoWeekday, isoWeekdayOf } from "./calendar-date.ts";
import { isFrenchPublicHoliday } from "./french-holidays.ts";
import { fromParisWallClock, parisDateOf } from "./paris-time.ts";

/**
 * Business time of the support desk: Monday–Friday 08:00–18:00 Europe/Paris (seed 001, the
 * regional desk's phone line "du lundi au vendredi de 8h à 18h"), minus French public holidays
 * of the school's department. Each region may edit its opening hours, working days and add
 * closed days, hence a config object rather than constants.
 */
export type BusinessCalendar = {
  /** "HH:MM", Paris time. */
  opensAt: string;
  /** "HH:MM", Paris time, after `opensAt`; "24:00" for a desk open until midnight. */
  closesAt: string;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  weekdays: readonly IsoWeekday[];
  /** The region's own closed days ("YYYY-MM-DD"), e.g. a bridge day between a holiday and a weekend. */
  closedDates: readonly IsoDate[];
};

export const DEFAULT_BUSINESS_CALENDAR: BusinessCalendar = { opensAt: "08:00", closesAt: "18:00", weekdays: [1, 2, 3, 4, 5], closedDates: [] };

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const minuteOfDayOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** What a region may save as its calendar: validated so that no loop below can run forever. */
export const BusinessCalendarSchema = z
  .object({
    opensAt: z.string().regex(HH_MM, "Heure d'ouverture invalide (HH:MM attendu)."),
    closesAt: z.string().regex(HH_MM, "Heure de fermeture invalide (HH:MM attendu)."),
    weekdays: z
      .array(z.literal([1, 2, 3, 4, 5, 6, 7], "Jour de semaine invalide (1 = lundi … 7 = dimanche)."))
      .min(1, "Il faut au moins un jour ouvré dans la semaine.")
      .refine((days) => new Set(days).size === days.length, "Un jour de semaine est en double."),
    closedDates: z.array(z.iso.date("Date de fermeture invalide (AAAA-MM-JJ attendu).")).max(366, "Au plus 366 jours de fermeture."),
  })
  .refine((c) => minuteOfDayOf(c.closesAt) > minuteOfDayOf(c.opensAt), { message: "La fermeture doit suivre l'ouverture.", path: ["closesAt"] });

export function isBusinessDay(date: IsoDate, calendar: BusinessCalendar, departmentCode: string): boolean {
  return calendar.weekdays.includes(isoWeekdayOf(date)) && !calendar.closedDates.includes(date) && !isFrenchPublicHoliday(date, departmentCode);
}

// A year without a business day is a misconfigured calendar, not a reason to hang the server.
const MAX_DAYS_SEARCHED = 366;

/** The first business day strictly after `date`. */
export function nextBusinessDay(date: IsoDate, calendar: BusinessCalendar, departmentCode: string): IsoDate {
  let day = date;
  for (let i = 0; i < MAX_DAYS_SEARCHED; i++) {
    day = addDays(day, 1);
    if (isBusinessDay(day, calendar, departmentCode)) return day;
  }
  throw new RangeError(`Aucun jour ouvré dans l'année qui suit le ${date} : calendrier mal paramétré.`);
}

/** A business day's opening window as instants (computed per day, so DST is always right). */
function openingWindow(date: IsoDate, calendar: BusinessCalendar): { opens: number; closes: number } {
  return { opens: fromParisWallClock(date, minuteOfDayOf(calendar.opensAt)).getTime(), closes: fromParisWallClock(date, minuteOfDayOf(calendar.closesAt)).getTime() };
}

/** The business day whose window contains or follows `instant`. */
function currentOrNextBusinessDay(instant: Date, calendar: BusinessCalendar, departmentCode: string): IsoDate {
  const date = parisDateOf(instant);
  if (isBusinessDay(date, calendar, departmentCode) && instant.getTime() < openingWindow(date, calendar).closes) return date;
  return nextBusinessDay(date, calendar, departmentCode);
}

/**
 * The instant when `minutes` business minutes have run from `start`. Outside opening hours the
 * count starts at the next opening; a result that lands exactly on closing time stays there
 * (18:00, not the next morning at 08:00). Zero minutes returns `start` unchanged.
 */
export function addBusinessMinutes(start: Date, minutes: number, calendar: BusinessCalendar, departmentCode: string): Date {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`Durée ouvrée invalide : ${minutes} min`);
  if (minutes === 0) return start;
  let remainingMs = minutes * 60_000;
  let day = currentOrNextBusinessDay(start, calendar, departmentCode);
  let cursor = Math.max(start.getTime(), openingWindow(day, calendar).opens);
  for (;;) {
    const { closes } = openingWindow(day, calendar);
    if (cursor + remainingMs <= closes) return new Date(cursor + remainingMs);
    remainingMs -= closes - cursor;
    day = nextBusinessDay(day, calendar, departmentCode);
    cursor = openingWindow(day, calendar).opens;
  }
}

/**
 * Take-charge style deadlines: `hours` business hours after `start` (seed 001: a ticket within
 * two hours of a call to the desk, which only answers during opening hours).
 */
export function addBusinessHours(start: Date, hours: number, calendar: BusinessCalendar, departmentCode: string): Date {
  return addBusinessMinutes(start, hours * 60, calendar, departmentCode);
}

/**
 * Business minutes between two instants, for steering (seed 003: the service is measured by
 * the mean processing time of tickets) and for waiting time. 0 when `to` is not after `from`.
 * Fractional when the instants carry seconds; rounding is the display's business.
 */
export function businessMinutesBetween(from: Date, to: Date, calendar: BusinessCalendar, departmentCode: string): number {
  const fromMs = from.getTime();
  const toMs = to.getTime();
  if (toMs <= fromMs) return 0;
  const lastDate = parisDateOf(to);
  let totalMs = 0;
  for (let day = parisDateOf(from); day <= lastDate; day = addDays(day, 1)) {
    if (!isBusinessDay(day, calendar, departmentCode)) continue;
    const { opens, closes } = openingWindow(day, calendar);
    const overlap = Math.min(closes, toMs) - Math.max(opens, fromMs);
    if (overlap > 0) totalMs += overlap;
  }
  return totalMs / 60_000;
}

/**
 * "J+n": closing time (18:00 by default) on the n-th business day strictly after the Paris
 * calendar day of `start`, whatever the hour of `start` (seed 001: "entre J+1 et J+3",
 * "entre J+3 et J+5"; seed 003: "sous un jour ouvré à compter de l'affectation").
 * A ticket dispatched on Friday at 17:00 is due J+1 on Monday at 18:00.
 */
export function endOfNthBusinessDayAfter(start: Date, n: number, calendar: BusinessCalendar, departmentCode: string): Date {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`J+n attend un entier n ≥ 1 (reçu ${n}).`);
  let day = parisDateOf(start);
  for (let i = 0; i < n; i++) day = nextBusinessDay(day, calendar, departmentCode);
  return new Date(openingWindow(day, calendar).closes);
}
