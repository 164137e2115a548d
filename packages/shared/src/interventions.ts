import { type BusinessCalendar, type Day, dayOf, isBusinessDay, isoOfDay, parisInstant } from "./business-calendar.ts";

/**
 * Interventions: on-site visits and remote sessions for a ticket, and preventive visits, with
 * the rules that size and place the preventive ones. Pure: no I/O, no clock.
 */
export const INTERVENTION_KINDS = {
  on_site: { fr: "Intervention sur site", en: "On-site visit" },
  remote: { fr: "Prise en main à distance", en: "Remote session" },
  preventive: { fr: "Visite préventive", en: "Preventive visit" },
} as const;
export type InterventionKindCode = keyof typeof INTERVENTION_KINDS;
export const INTERVENTION_KIND_CODES = Object.keys(INTERVENTION_KINDS) as InterventionKindCode[];

export const INTERVENTION_STATUSES = {
  planned: { fr: "Planifiée", en: "Planned" },
  done: { fr: "Réalisée", en: "Done" },
  certified: { fr: "Service fait attesté", en: "Certified" },
  disputed: { fr: "Contestée par l'établissement", en: "Disputed" },
  cancelled: { fr: "Annulée", en: "Cancelled" },
} as const;
export type InterventionStatusCode = keyof typeof INTERVENTION_STATUSES;

export type InterventionAction = "done" | "certify" | "dispute" | "cancel";

/**
 * The workflow: planned → done → certified by the school, or disputed (the technician
 * completes the report and marks it done again); planned → cancelled. Certified and cancelled
 * are final.
 */
export function nextInterventionStatus(status: InterventionStatusCode, action: InterventionAction): InterventionStatusCode | null {
  switch (action) {
    case "done":
      return status === "planned" || status === "disputed" ? "done" : null;
    case "certify":
      return status === "done" ? "certified" : null;
    case "dispute":
      return status === "done" ? "disputed" : null;
    case "cancel":
      return status === "planned" ? "cancelled" : null;
  }
}

/** One intervention lasts at least 5 minutes and at most 5 days of work (a field study). */
export const MIN_INTERVENTION_MINUTES = 5;
export const MAX_INTERVENTION_MINUTES = 5 * 24 * 60;

// ——— Preventive maintenance ———

/**
 * Seed 003 (IDF, SCC's contract): "interventions périodiques … sur la base de 0,25 jour par
 * quinzaine par tranche de 100 PC". A "tranche" is a started block: 1 to 100 PCs is one
 * tranche, 101 to 200 two. A school without any PC gets no preventive visit.
 */
export const PREVENTIVE_DAYS_PER_FORTNIGHT_PER_100_PCS = 0.25;
/**
 * Seed 001 (IDF, SPIE's contract): "visites préventives à hauteur de 2 jours / mois": a
 * ceiling per school and month on what a contractor performs, whatever the estate size.
 */
export const CONTRACTOR_PREVENTIVE_DAYS_PER_MONTH = 2;
/**
 * A day of intervention in minutes: the 7-hour working day of French public service (35 h a
 * week). 0.25 day is then 1 h 45.
 */
export const INTERVENTION_DAY_MINUTES = 7 * 60;
/** Preventive visits start at 09:00 Paris time, within the desk's opening hours. */
export const PREVENTIVE_START_MINUTE = 9 * 60;

export function pcTranches(pcCount: number): number {
  return pcCount <= 0 ? 0 : Math.ceil(pcCount / 100);
}

/** The days of preventive maintenance a school is due for one fortnight (seed 003). */
export function preventiveDaysPerFortnight(pcCount: number): number {
  return pcTranches(pcCount) * PREVENTIVE_DAYS_PER_FORTNIGHT_PER_100_PCS;
}

/** A month is planned as two fortnights ("quinzaines"): the 1st–15th and the 16th–end. */
export function fortnightsOfMonth(year: number, month: number): { first: Day; last: Day }[] {
  const firstDay = dayOf(year, month, 1);
  const lastDay = dayOf(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) - 1;
  return [
    { first: firstDay, last: firstDay + 14 },
    { first: firstDay + 15, last: lastDay },
  ];
}

/**
 * Preventive minutes a school is due in each fortnight of a month: the estate rule, capped,
 * when a contractor performs the visits, by its monthly quota (seed 001), the first fortnight
 * served first.
 */
export function preventiveMinutesByFortnight(pcCount: number, quotaDaysPerMonth: number | null): [number, number] {
  const perFortnight = Math.round(preventiveDaysPerFortnight(pcCount) * INTERVENTION_DAY_MINUTES);
  if (quotaDaysPerMonth === null) return [perFortnight, perFortnight];
  let left = Math.round(quotaDaysPerMonth * INTERVENTION_DAY_MINUTES);
  const first = Math.min(perFortnight, left);
  left -= first;
  return [first, Math.min(perFortnight, left)];
}

export type PreventiveSchool = { schoolId: string; pcCount: number; departmentCode: string };
export type PlannedVisit = { schoolId: string; date: string; startsAt: Date; durationMinutes: number };
export type PreventivePlan = {
  visits: PlannedVisit[];
  /** What did not fit in the fortnight's business days, per school (minutes). */
  unplanned: { schoolId: string; minutes: number }[];
};

/**
 * Places the preventive visits of some schools, served by one technician, over a month. Each
 * fortnight, the schools' due minutes are packed into that fortnight's business days (no
 * weekend, no public holiday of the school's department, no day the region closes), a
 * technician's day holding INTERVENTION_DAY_MINUTES from 09:00; a school's need larger than
 * what is left of a day continues on the next business day. Schools come in the order given
 * (the caller sorts them: largest estate first), so the plan is deterministic.
 */
export function planPreventiveVisits(input: {
  year: number;
  month: number;
  schools: readonly PreventiveSchool[];
  quotaDaysPerMonth: number | null;
  calendar: BusinessCalendar;
}): PreventivePlan {
  const visits: PlannedVisit[] = [];
  const unplanned = new Map<string, number>();
  const fortnights = fortnightsOfMonth(input.year, input.month);
  fortnights.forEach((fortnight, index) => {
    let day = fortnight.first;
    let used = 0;
    for (const school of input.schools) {
      let need = preventiveMinutesByFortnight(school.pcCount, input.quotaDaysPerMonth)[index] ?? 0;
      while (need > 0) {
        while (day <= fortnight.last && (!isBusinessDay(day, input.calendar, school.departmentCode) || used >= INTERVENTION_DAY_MINUTES)) {
          day++;
          used = 0;
        }
        if (day > fortnight.last) {
          unplanned.set(school.schoolId, (unplanned.get(school.schoolId) ?? 0) + need);
          break;
        }
        const minutes = Math.min(need, INTERVENTION_DAY_MINUTES - used);
        visits.push({ schoolId: school.schoolId, date: isoOfDay(day), startsAt: parisInstant(day, PREVENTIVE_START_MINUTE + used), durationMinutes: minutes });
        used += minutes;
        need -= minutes;
      }
    }
  });
  return { visits, unplanned: [...unplanned].map(([schoolId, minutes]) => ({ schoolId, minutes })) };
}

// ——— Weeks ———

/** The Monday of the Paris week a day falls in. */
export function mondayOf(day: Day): Day {
  const weekday = (day + 4) % 7; // 0 = Sunday
  return day - ((weekday + 6) % 7);
}

/** An intervention as the API sends it (GET /interventions, dates as ISO strings). */
export type InterventionJson = {
  id: string;
  regionId: string;
  regionName: string;
  schoolId: string;
  schoolUai: string;
  schoolName: string;
  schoolCommune: string;
  ticketId: string | null;
  ticketNumber: string | null;
  ticketTitle: string | null;
  kind: InterventionKindCode;
  status: InterventionStatusCode;
  technicianId: string;
  technicianName: string;
  organisationId: string | null;
  organisationName: string | null;
  startsAt: string;
  endsAt: string;
  durationMinutes: number;
  report: string | null;
  timeSpentMinutes: number | null;
  doneAt: string | null;
  certifiedById: string | null;
  certifiedByName: string | null;
  certifiedAt: string | null;
  certificationComment: string | null;
  cancelledAt: string | null;
  cancellationReason: string | null;
  version: number;
  can: { markDone: boolean; certify: boolean; cancel: boolean };
};
