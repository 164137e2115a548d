import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addBusinessMinutes,
  businessMinutesBetween,
  DEFAULT_CALENDAR,
  dayOf,
  easterSunday,
  endOfNthBusinessDay,
  isBusinessDay,
  isoOfDay,
  parisInstant,
  parisWallClock,
  publicHolidays,
} from "./business-calendar.ts";

const cal = DEFAULT_CALENDAR;
const paris = (iso: string) => new Date(iso); // written with explicit offsets below

describe("French public holidays", () => {
  it("finds Easter for known years", () => {
    expect(isoOfDay(easterSunday(2024))).toBe("2024-03-31");
    expect(isoOfDay(easterSunday(2026))).toBe("2026-04-05");
    expect(isoOfDay(easterSunday(2027))).toBe("2027-03-28");
    expect(isoOfDay(easterSunday(2028))).toBe("2028-04-16");
  });

  it("lists the eleven national holidays, Pentecost Monday included", () => {
    const days = [...publicHolidays(2026, "13")].map(isoOfDay).sort();
    expect(days).toEqual([
      "2026-01-01",
      "2026-04-06",
      "2026-05-01",
      "2026-05-08",
      "2026-05-14",
      "2026-05-25",
      "2026-07-14",
      "2026-08-15",
      "2026-11-01",
      "2026-11-11",
      "2026-12-25",
    ]);
  });

  it("adds Good Friday and 26 December in Alsace-Moselle only", () => {
    for (const dept of ["57", "67", "68"]) {
      expect(publicHolidays(2027, dept).has(dayOf(2027, 3, 26)), dept).toBe(true);
      expect(publicHolidays(2027, dept).has(dayOf(2027, 12, 26)), dept).toBe(true);
    }
    expect(publicHolidays(2027, "75").has(dayOf(2027, 3, 26))).toBe(false);
    expect(publicHolidays(2027, "75").has(dayOf(2027, 12, 26))).toBe(false);
  });

  it("treats weekends, holidays and a region's closed days as non-business days", () => {
    expect(isBusinessDay(dayOf(2026, 11, 20), cal, "13")).toBe(true); // Friday
    expect(isBusinessDay(dayOf(2026, 11, 21), cal, "13")).toBe(false); // Saturday
    expect(isBusinessDay(dayOf(2026, 11, 11), cal, "13")).toBe(false); // Armistice
    expect(isBusinessDay(dayOf(2026, 12, 24), { ...cal, closedDates: ["2026-12-24"] }, "13")).toBe(false);
  });
});

describe("Paris wall clock", () => {
  it("converts both ways across daylight saving changes", () => {
    // Winter (UTC+1) and summer (UTC+2), and the days of the switches.
    for (const [y, m, d] of [
      [2026, 1, 15],
      [2026, 7, 15],
      [2026, 3, 29],
      [2026, 10, 25],
      [2027, 3, 28],
      [2027, 10, 31],
    ] as const) {
      const eight = parisInstant(dayOf(y, m, d), 8 * 60);
      expect(parisWallClock(eight)).toEqual({ day: dayOf(y, m, d), minute: 480 });
    }
    expect(parisInstant(dayOf(2026, 1, 15), 480).toISOString()).toBe("2026-01-15T07:00:00.000Z");
    expect(parisInstant(dayOf(2026, 7, 15), 480).toISOString()).toBe("2026-07-15T06:00:00.000Z");
    expect(parisInstant(dayOf(2026, 3, 30), 1080).toISOString()).toBe("2026-03-30T16:00:00.000Z");
  });
});

describe("business hours", () => {
  it("counts 2 business hours from receipt, starting at the next opening outside hours", () => {
    expect(addBusinessMinutes(paris("2026-11-23T10:00:00+01:00"), 120, cal, "13").toISOString()).toBe("2026-11-23T11:00:00.000Z"); // 12:00 Paris
    expect(addBusinessMinutes(paris("2026-11-23T17:30:00+01:00"), 120, cal, "13").toISOString()).toBe("2026-11-24T08:30:00.000Z"); // next day 09:30
    expect(addBusinessMinutes(paris("2026-11-20T19:00:00+01:00"), 120, cal, "13").toISOString()).toBe("2026-11-23T09:00:00.000Z"); // Friday evening → Monday 10:00
    expect(addBusinessMinutes(paris("2026-11-22T03:00:00+01:00"), 120, cal, "13").toISOString()).toBe("2026-11-23T09:00:00.000Z"); // Sunday night
    expect(addBusinessMinutes(paris("2026-11-10T17:00:00+01:00"), 120, cal, "13").toISOString()).toBe("2026-11-12T08:00:00.000Z"); // over 11 November
  });

  it("measures business minutes between two instants, skipping nights, weekends and holidays", () => {
    expect(businessMinutesBetween(paris("2026-11-20T17:00:00+01:00"), paris("2026-11-23T09:00:00+01:00"), cal, "13")).toBe(120);
    expect(businessMinutesBetween(paris("2026-11-23T09:00:00+01:00"), paris("2026-11-23T08:00:00+01:00"), cal, "13")).toBe(0);
    expect(businessMinutesBetween(paris("2026-11-10T12:00:00+01:00"), paris("2026-11-12T12:00:00+01:00"), cal, "13")).toBe(6 * 60 + 4 * 60);
  });
});

describe("J+n", () => {
  it("is 18:00 on the n-th business day strictly after the day the clock starts", () => {
    expect(endOfNthBusinessDay(paris("2026-11-23T09:00:00+01:00"), 1, cal, "13").toISOString()).toBe("2026-11-24T17:00:00.000Z");
    expect(endOfNthBusinessDay(paris("2026-11-20T17:00:00+01:00"), 1, cal, "13").toISOString()).toBe("2026-11-23T17:00:00.000Z"); // Friday → Monday
    expect(endOfNthBusinessDay(paris("2026-11-21T11:00:00+01:00"), 1, cal, "13").toISOString()).toBe("2026-11-23T17:00:00.000Z"); // Saturday → Monday
    expect(endOfNthBusinessDay(paris("2027-03-26T10:00:00+01:00"), 1, cal, "13").toISOString()).toBe("2027-03-30T16:00:00.000Z"); // Friday before Easter Monday → Tuesday (summer time)
    expect(endOfNthBusinessDay(paris("2027-03-25T10:00:00+01:00"), 1, cal, "67").toISOString()).toBe("2027-03-30T16:00:00.000Z"); // Strasbourg: Good Friday too
    expect(endOfNthBusinessDay(paris("2027-03-25T10:00:00+01:00"), 1, cal, "13").toISOString()).toBe("2027-03-26T17:00:00.000Z");
    expect(endOfNthBusinessDay(paris("2026-11-23T09:00:00+01:00"), 5, cal, "13").toISOString()).toBe("2026-11-30T17:00:00.000Z");
  });

  it("always lands at 18:00 Paris on a business day, later for a larger n", () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date("2025-01-01"), max: new Date("2030-12-31"), noInvalidDate: true }),
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom("13", "75", "67"),
        (start, n, dept) => {
          const due = endOfNthBusinessDay(start, n, cal, dept);
          const clock = parisWallClock(due);
          expect(clock.minute).toBe(18 * 60);
          expect(isBusinessDay(clock.day, cal, dept)).toBe(true);
          expect(clock.day).toBeGreaterThan(parisWallClock(start).day);
          expect(endOfNthBusinessDay(start, n + 1, cal, dept).getTime()).toBeGreaterThan(due.getTime());
        },
      ),
      { numRuns: 300 },
    );
  });
});
