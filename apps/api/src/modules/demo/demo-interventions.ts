import { randomUUID } from "node:crypto";
import { DEFAULT_CALENDAR, isBusinessDay, parisInstant, parisWallClock } from "@relais/shared/business-calendar";
import { INTERVENTION_KINDS } from "@relais/shared/interventions";
import type { interventions } from "../interventions/interventions.schema.ts";
import { formatMinutes, formatParis } from "../interventions/interventions.service.ts";
import type { ticketEvents } from "../tickets/tickets.schema.ts";
import type { DemoPlan } from "./demo-plan.ts";
import type { DemoTickets } from "./demo-tickets.ts";
import { intBetween, pick, seededRandom } from "./prng.ts";

export type DemoInterventions = {
  interventions: (typeof interventions.$inferInsert)[];
  events: (typeof ticketEvents.$inferInsert)[];
};

/** The times of day a demo visit starts (Paris minutes): two in the morning, two in the afternoon, 90 minutes apart (the longest visit). */
const SLOTS = [9 * 60, 10 * 60 + 30, 14 * 60, 15 * 60 + 30];
const REPORTS = [
  "Diagnostic sur place, matériel remplacé, tests faits avec l'équipe de l'établissement.",
  "Configuration corrigée et vérifiée avec l'utilisateur ; rien à signaler.",
  "Câblage repris dans la baie, lien rétabli et mesuré.",
];
const REMOTE_REPORTS = ["Prise en main à distance : pilote réinstallé, service rétabli.", "Session à distance : paramétrage corrigé avec l'utilisateur."];

/**
 * Interventions for the demo tickets the technicians or contractors took in hand, so that the
 * agenda, the certification and the PDF report have something to show in both regions: a
 * ticket in progress has its visit (or remote session, where the school has the remote
 * support) to come this week; a resolved one its visit done, certified by the school's
 * coordinator or waiting for it; a closed one its visit certified. Each on the ticket's
 * timeline. A technician is never booked twice in one slot.
 */
export function buildDemoInterventions(plan: DemoPlan, demoTickets: DemoTickets, now: Date): DemoInterventions {
  const random = seededRandom("relais-demo-interventions");
  const out: DemoInterventions = { interventions: [], events: [] };
  const personName = new Map(plan.people.map((p) => [p.id as string, `${p.firstName} ${p.lastName}`]));
  const schoolOf = new Map(plan.schools.map((s) => [s.id as string, s]));
  const namedPeople = new Set(plan.people.filter((p) => /^(idf|paca)\./.test(p.email as string)).map((p) => p.id as string));
  // A contractor's technicians, its named one (the account to try) first.
  const technicianOfOrganisation = new Map<string, string[]>();
  for (const a of plan.assignments.filter((a) => a.role === "org_technician" && a.organisationId)) {
    const list = technicianOfOrganisation.get(a.organisationId as string) ?? [];
    if (namedPeople.has(a.personId)) list.unshift(a.personId);
    else list.push(a.personId);
    technicianOfOrganisation.set(a.organisationId as string, list);
  }
  const holderOf = (role: string, schoolId: string) => plan.assignments.find((a) => a.role === role && a.schoolId === schoolId)?.personId ?? null;
  const booked = new Set<string>();
  const today = parisWallClock(now).day;

  /** The first free slot of the technician from a day on (forward) or back (backward), on business days. */
  function slot(technicianId: string, fromDay: number, step: 1 | -1, departmentCode: string, notBefore: Date, notAfter: Date): Date | null {
    for (let day = fromDay, tries = 0; tries < 15; day += step, tries++) {
      if (!isBusinessDay(day, DEFAULT_CALENDAR, departmentCode)) continue;
      for (const minute of step === 1 ? SLOTS : [...SLOTS].reverse()) {
        const startsAt = parisInstant(day, minute);
        const key = `${technicianId}:${day}:${minute}`;
        if (startsAt < notBefore || startsAt > notAfter || booked.has(key)) continue;
        booked.add(key);
        return startsAt;
      }
    }
    return null;
  }

  const stepTime = new Map<string, Map<string, Date>>();
  for (const e of demoTickets.events) {
    const steps = stepTime.get(e.ticketId) ?? new Map<string, Date>();
    steps.set(e.type, e.occurredAt as Date);
    stepTime.set(e.ticketId, steps);
  }

  for (const ticket of demoTickets.tickets) {
    const status = ticket.status as string;
    if (!["in_progress", "waiting", "resolved", "closed"].includes(status)) continue;
    const school = schoolOf.get(ticket.schoolId);
    if (!school) continue;
    const organisationId = ticket.assigneeOrganisationId ?? null;
    const ownTechnicians = organisationId ? (technicianOfOrganisation.get(organisationId) ?? []) : [];
    // Half of a contractor's visits for its named technician (first in the list), the rest shared among all of its own.
    const technicianId = ticket.assigneePersonId ?? (random() < 0.5 ? ownTechnicians[0] : ownTechnicians.length > 0 ? pick(random, ownTechnicians) : undefined);
    if (!technicianId) continue;
    const started = stepTime.get(ticket.id as string)?.get("start");
    if (!started) continue;
    const remote = Boolean(school.hasRemoteSupport) && random() < 0.5;
    const kind = remote ? "remote" : "on_site";
    const durationMinutes = remote ? pick(random, [20, 30, 45]) : pick(random, [45, 60, 90]);
    const department = school.departmentCode as string;

    let startsAt: Date | null;
    let plannedAt: Date;
    if (status === "in_progress") {
      // To come: from tomorrow (or later today) to the end of next week, this week first.
      startsAt = slot(technicianId, today, 1, department, new Date(now.getTime() + 3_600_000), new Date(now.getTime() + 14 * 86_400_000));
      plannedAt = started;
    } else {
      // Done: after the ticket was taken in hand, before it was resolved (or put on hold).
      const steps = stepTime.get(ticket.id as string);
      const until = steps?.get("wait") ?? steps?.get("resolve") ?? now;
      const latest = new Date(until.getTime() - durationMinutes * 60_000);
      startsAt = slot(technicianId, parisWallClock(latest).day, -1, department, started, latest);
      plannedAt = started;
    }
    if (!startsAt) continue;
    const doneAt = status === "in_progress" ? null : new Date(startsAt.getTime() + durationMinutes * 60_000);
    const coordinator = holderOf("coordinator", ticket.schoolId) ?? holderOf("head", ticket.schoolId);
    // Closed tickets were certified; resolved ones about half the time (the rest wait for the coordinator).
    const certified = doneAt !== null && coordinator !== null && (status === "closed" || (status === "resolved" && random() < 0.5));
    // Certified before the correspondent closed the ticket (or before now), a few hours after the visit.
    const certifyBy = (stepTime.get(ticket.id as string)?.get("close") ?? now).getTime() - 60_000;
    const certifiedAt =
      certified && doneAt ? new Date(Math.max(doneAt.getTime() + 60_000, Math.min(certifyBy, doneAt.getTime() + intBetween(random, 2, 30) * 3_600_000))) : null;
    const timeSpentMinutes = doneAt ? Math.max(15, durationMinutes + intBetween(random, -15, 20)) : null;
    const id = randomUUID();
    out.interventions.push({
      id,
      regionId: ticket.regionId,
      schoolId: ticket.schoolId,
      ticketId: ticket.id as string,
      kind,
      status: certified ? "certified" : doneAt ? "done" : "planned",
      technicianId,
      organisationId,
      startsAt,
      durationMinutes,
      report: doneAt ? pick(random, remote ? REMOTE_REPORTS : REPORTS) : null,
      timeSpentMinutes,
      doneAt,
      certifiedById: certified ? coordinator : null,
      certifiedAt,
      createdById: technicianId,
      createdAt: plannedAt,
      updatedAt: certifiedAt ?? doneAt ?? plannedAt,
    });
    const technician = personName.get(technicianId) ?? "Technicien";
    const label = INTERVENTION_KINDS[kind].fr;
    out.events.push({
      ticketId: ticket.id as string,
      occurredAt: plannedAt,
      actorId: technicianId,
      actorLabel: technician,
      type: "intervention_planned",
      body: `${label} planifiée le ${formatParis(startsAt)} (${formatMinutes(durationMinutes)}) avec ${technician}.`,
      data: { interventionId: id, kind, startsAt: startsAt.toISOString(), durationMinutes, technicianId },
    });
    if (doneAt && timeSpentMinutes)
      out.events.push({
        ticketId: ticket.id as string,
        occurredAt: doneAt,
        actorId: technicianId,
        actorLabel: technician,
        type: "intervention_done",
        body: `Intervention réalisée par ${technician} (${formatMinutes(timeSpentMinutes)}). En attente de l'attestation de service fait.`,
        data: { interventionId: id, timeSpentMinutes },
      });
    if (certifiedAt && coordinator) {
      const by = personName.get(coordinator) ?? "L'établissement";
      out.events.push({
        ticketId: ticket.id as string,
        occurredAt: certifiedAt,
        actorId: coordinator,
        actorLabel: by,
        type: "intervention_certified",
        body: `Service fait attesté par ${by}.`,
        data: { interventionId: id },
      });
    }
  }
  return out;
}
