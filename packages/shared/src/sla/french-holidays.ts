import { addDays, type IsoDate, isoDate } from "./calendar-date.ts";

/**
 * French public holidays (Code du travail L3133-1), which close the support desk (DOMAIN §2:
 * deadlines are counted in "jours ouvrés"). Metropolitan France only: overseas departments
 * add their own days (abolition of slavery) and are not served by the regions modelled here.
 */

export type PublicHoliday = { date: IsoDate; name: string };

/**
 * Local law in Alsace-Moselle (the former German code kept after 1918) adds Good Friday and
 * 26 December, so a school's department changes its deadlines.
 */
export const ALSACE_MOSELLE_DEPARTMENTS: readonly string[] = ["57", "67", "68"];

export function isAlsaceMoselle(departmentCode: string): boolean {
  return ALSACE_MOSELLE_DEPARTMENTS.includes(departmentCode.trim());
}

/**
 * Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher): four movable
 * holidays hang on it, and computing it avoids a table that would run out.
 */
export function easterSunday(year: number): IsoDate {
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
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return isoDate(year, month, day);
}

/**
 * The public holidays of a year for a school's department, in date order. Pentecost Monday is
 * included: it is the "journée de solidarité" in many workplaces, but the issue treats it as a
 * closed day for the desk and its contractors.
 */
export function frenchPublicHolidays(year: number, departmentCode: string): PublicHoliday[] {
  const easter = easterSunday(year);
  const holidays: PublicHoliday[] = [
    { date: isoDate(year, 1, 1), name: "Jour de l'an" },
    { date: addDays(easter, 1), name: "Lundi de Pâques" },
    { date: isoDate(year, 5, 1), name: "Fête du Travail" },
    { date: isoDate(year, 5, 8), name: "Victoire 1945" },
    { date: addDays(easter, 39), name: "Ascension" },
    { date: addDays(easter, 50), name: "Lundi de Pentecôte" },
    { date: isoDate(year, 7, 14), name: "Fête nationale" },
    { date: isoDate(year, 8, 15), name: "Assomption" },
    { date: isoDate(year, 11, 1), name: "Toussaint" },
    { date: isoDate(year, 11, 11), name: "Armistice 1918" },
    { date: isoDate(year, 12, 25), name: "Noël" },
  ];
  if (isAlsaceMoselle(departmentCode)) {
    holidays.push({ date: addDays(easter, -2), name: "Vendredi saint" }, { date: isoDate(year, 12, 26), name: "Saint-Étienne" });
  }
  return holidays.sort((x, y) => x.date.localeCompare(y.date));
}

// Memoised because business-time loops ask about every day they cross; a pure cache, no I/O.
const holidayDates = new Map<string, ReadonlySet<IsoDate>>();

export function isFrenchPublicHoliday(date: IsoDate, departmentCode: string): boolean {
  const year = Number(date.slice(0, 4));
  const key = `${year}:${isAlsaceMoselle(departmentCode)}`;
  let dates = holidayDates.get(key);
  if (!dates) {
    dates = new Set(frenchPublicHolidays(year, departmentCode).map((h) => h.date));
    holidayDates.set(key, dates);
  }
  return dates.has(date);
}
