import { describe, expect, it } from "vitest";
import { DEFAULT_CALENDAR, dayOf, isoOfDay, parisWallClock } from "./business-calendar.ts";
import {
  fortnightsOfMonth,
  INTERVENTION_DAY_MINUTES,
  mondayOf,
  nextInterventionStatus,
  pcTranches,
  planPreventiveVisits,
  preventiveDaysPerFortnight,
  preventiveMinutesByFortnight,
} from "./interventions.ts";

describe("preventive quota (seed 003: 0.25 day per fortnight per tranche of 100 PCs)", () => {
  it("counts started tranches of 100 PCs", () => {
    expect([0, 1, 100, 101, 200, 250].map(pcTranches)).toEqual([0, 1, 1, 2, 2, 3]);
  });

  it("gives 0.25 day per fortnight per tranche", () => {
    expect(preventiveDaysPerFortnight(0)).toBe(0);
    expect(preventiveDaysPerFortnight(80)).toBe(0.25);
    expect(preventiveDaysPerFortnight(250)).toBe(0.75);
    expect(preventiveDaysPerFortnight(1000)).toBe(2.5);
  });

  it("turns days into minutes of a 7-hour day, capped by the contractor's 2 days a month (seed 001)", () => {
    expect(preventiveMinutesByFortnight(250, null)).toEqual([315, 315]);
    // 1,000 PCs would take 2.5 days a fortnight; the contractor performs 2 days in the month.
    expect(preventiveMinutesByFortnight(1000, 2)).toEqual([2 * INTERVENTION_DAY_MINUTES, 0]);
    expect(preventiveMinutesByFortnight(600, 2)).toEqual([630, 210]);
    expect(preventiveMinutesByFortnight(250, 2)).toEqual([315, 315]);
  });

  it("cuts a month into the 1st–15th and the 16th–end", () => {
    const [a, b] = fortnightsOfMonth(2026, 2);
    expect([isoOfDay(a!.first), isoOfDay(a!.last), isoOfDay(b!.first), isoOfDay(b!.last)]).toEqual(["2026-02-01", "2026-02-15", "2026-02-16", "2026-02-28"]);
    expect(isoOfDay(fortnightsOfMonth(2026, 12)[1]!.last)).toBe("2026-12-31");
  });
});

describe("planning preventive visits on business days", () => {
  it("places each fortnight's visit on its first business day at 09:00 Paris, never on a weekend or a holiday", () => {
    // May 2026: Friday 1 (Labour Day), weekend 2–3, Monday 4 is the first business day;
    // the second fortnight starts Saturday 16: Monday 18.
    const plan = planPreventiveVisits({
      year: 2026,
      month: 5,
      schools: [{ schoolId: "a", pcCount: 150, departmentCode: "13" }],
      quotaDaysPerMonth: null,
      calendar: DEFAULT_CALENDAR,
    });
    expect(plan.visits.map((v) => [v.date, v.durationMinutes])).toEqual([
      ["2026-05-04", 210],
      ["2026-05-18", 210],
    ]);
    expect(parisWallClock(plan.visits[0]!.startsAt).minute).toBe(9 * 60);
    expect(plan.visits[0]!.startsAt.toISOString()).toBe("2026-05-04T07:00:00.000Z");
    expect(plan.unplanned).toEqual([]);
  });

  it("shares a technician's day between the zone's schools and continues on the next business day", () => {
    const plan = planPreventiveVisits({
      year: 2026,
      month: 5,
      schools: [
        { schoolId: "big", pcCount: 1000, departmentCode: "13" },
        { schoolId: "small", pcCount: 90, departmentCode: "13" },
      ],
      quotaDaysPerMonth: null,
      calendar: DEFAULT_CALENDAR,
    });
    const first = plan.visits.filter((v) => v.date < "2026-05-16");
    // 2.5 days for "big" (Monday 4, Tuesday 5, half of Wednesday 6), then "small" on Wednesday 6 after it.
    expect(first.map((v) => [v.schoolId, v.date, v.durationMinutes])).toEqual([
      ["big", "2026-05-04", 420],
      ["big", "2026-05-05", 420],
      ["big", "2026-05-06", 210],
      ["small", "2026-05-06", 105],
    ]);
    expect(parisWallClock(first[3]!.startsAt).minute).toBe(9 * 60 + 210);
    // Thursday 14 is Ascension 2026: nothing there in any plan.
    expect(plan.visits.some((v) => v.date === "2026-05-14")).toBe(false);
    for (const v of plan.visits) expect([0, 6]).not.toContain(new Date(`${v.date}T12:00:00Z`).getUTCDay());
  });

  it("skips the region's closed days and Alsace-Moselle's Good Friday", () => {
    const plan = planPreventiveVisits({
      year: 2026,
      month: 4,
      schools: [{ schoolId: "strasbourg", pcCount: 50, departmentCode: "67" }],
      quotaDaysPerMonth: null,
      calendar: { ...DEFAULT_CALENDAR, closedDates: ["2026-04-01", "2026-04-02"] },
    });
    // April 2026: Wed 1 and Thu 2 closed by the region, Friday 3 is Good Friday in 67: Monday 6 is Easter Monday → Tuesday 7.
    expect(plan.visits[0]!.date).toBe("2026-04-07");
  });

  it("reports what does not fit in a fortnight", () => {
    const plan = planPreventiveVisits({
      year: 2026,
      month: 5,
      schools: [{ schoolId: "huge", pcCount: 5000, departmentCode: "13" }],
      quotaDaysPerMonth: null,
      calendar: DEFAULT_CALENDAR,
    });
    // 12.5 days a fortnight; May 1–15 2026 has 8 business days (1, 8 and 14 are holidays).
    const firstHalf = plan.visits.filter((v) => v.date < "2026-05-16");
    expect(firstHalf).toHaveLength(8);
    expect(plan.unplanned.find((u) => u.schoolId === "huge")!.minutes).toBeGreaterThanOrEqual(4.5 * INTERVENTION_DAY_MINUTES);
  });

  it("plans nothing for a school without PCs", () => {
    expect(
      planPreventiveVisits({
        year: 2026,
        month: 5,
        schools: [{ schoolId: "x", pcCount: 0, departmentCode: "75" }],
        quotaDaysPerMonth: 2,
        calendar: DEFAULT_CALENDAR,
      }).visits,
    ).toEqual([]);
  });
});

describe("intervention workflow and weeks", () => {
  it("moves planned → done → certified or disputed, and only planned ones are cancelled", () => {
    expect(nextInterventionStatus("planned", "done")).toBe("done");
    expect(nextInterventionStatus("done", "certify")).toBe("certified");
    expect(nextInterventionStatus("done", "dispute")).toBe("disputed");
    expect(nextInterventionStatus("disputed", "done")).toBe("done");
    expect(nextInterventionStatus("planned", "certify")).toBeNull();
    expect(nextInterventionStatus("certified", "done")).toBeNull();
    expect(nextInterventionStatus("done", "cancel")).toBeNull();
    expect(nextInterventionStatus("planned", "cancel")).toBe("cancelled");
  });

  it("finds the Monday of a week", () => {
    expect(isoOfDay(mondayOf(dayOf(2026, 12, 4)))).toBe("2026-11-30");
    expect(isoOfDay(mondayOf(dayOf(2026, 11, 30)))).toBe("2026-11-30");
    expect(isoOfDay(mondayOf(dayOf(2026, 12, 6)))).toBe("2026-11-30");
  });
});
