import { randomUUID } from "node:crypto";
import { DEFAULT_SLA_POLICY, slaDeadlines } from "@relais/shared/sla";
import { DEFAULT_TICKET_CATEGORIES, type Impact, type TicketStatus, type Urgency } from "@relais/shared/tickets";
import type { ticketCounters, ticketEvents, tickets } from "../tickets/tickets.schema.ts";
import type { DemoPlan } from "./demo-plan.ts";
import { intBetween, pick, seededRandom } from "./prng.ts";

/** Invented problems, by category, for the demo desk's queue. */
const PROBLEMS: Record<string, readonly string[]> = {
  network: ["Plus de réseau au bâtiment B", "Coupures réseau répétées en salle des professeurs"],
  wifi: ["Wi-Fi absent au CDI", "Borne Wi-Fi du foyer éteinte"],
  server: ["Serveur pédagogique inaccessible"],
  "security-gateway": ["Filtrage internet bloque un site de ressources"],
  ups: ["Onduleur de la baie en alarme"],
  workstation: ["Poste de la vie scolaire ne démarre plus", "Écran noir sur trois postes en salle 112"],
  printer: ["Imprimante du secrétariat en bourrage", "Copieur de la salle des professeurs hors service"],
  peripheral: ["Lecteur de badges de la cantine défaillant"],
  projector: ["Vidéoprojecteur de la salle 204 sans image"],
  "interactive-display": ["Écran interactif de la salle 12 ne répond plus au tactile"],
  other: ["Demande d'information sur le renouvellement des postes"],
};
const STATUSES: readonly TicketStatus[] = ["new", "new", "qualified", "assigned", "in_progress", "in_progress", "waiting", "resolved", "closed", "closed"];
const URGENCY: readonly Urgency[] = ["low", "medium", "medium", "very_high"];
const IMPACT: readonly Impact[] = ["user", "user", "group", "school", "none"];
const HOUR = 3_600_000;

export type DemoTickets = {
  tickets: (typeof tickets.$inferInsert)[];
  events: (typeof ticketEvents.$inferInsert)[];
  counters: (typeof ticketCounters.$inferInsert)[];
};

/**
 * A few tickets per lycée for a share of each region's lycées, at every stage of the workflow,
 * filed by the school's correspondent over the last weeks: the desk's queue, the technicians'
 * and contractors' work and the schools' follow-up all have something to show.
 */
export function buildDemoTickets(plan: DemoPlan, now: Date): DemoTickets {
  const random = seededRandom("relais-demo-tickets");
  const out: DemoTickets = { tickets: [], events: [], counters: [] };
  const year = now.getUTCFullYear();
  const correspondentOf = new Map(plan.assignments.filter((a) => a.role === "correspondent" && a.schoolId).map((a) => [a.schoolId as string, a.personId]));
  const technicianOfZone = new Map(plan.assignments.filter((a) => a.role === "technician" && a.zoneId).map((a) => [a.zoneId as string, a.personId]));
  for (const region of plan.regions) {
    const regionId = region.id as string;
    const contractors = plan.organisations.filter((o) => o.regionId === regionId && o.kind === "contractor");
    let counter = 0;
    for (const school of plan.schools.filter((s) => s.regionId === regionId)) {
      const requesterId = correspondentOf.get(school.id as string);
      if (!requesterId || random() > 0.35) continue;
      for (let i = intBetween(random, 1, 3); i > 0; i--) {
        const category = pick(random, DEFAULT_TICKET_CATEGORIES.filter((c) => PROBLEMS[c]));
        const urgency = pick(random, URGENCY);
        const impact = pick(random, IMPACT);
        const status = pick(random, STATUSES);
        const receivedAt = new Date(now.getTime() - intBetween(random, 2, 24 * 20) * HOUR);
        const assigned = !["new", "qualified"].includes(status);
        const dispatchedAt = assigned ? new Date(receivedAt.getTime() + intBetween(random, 1, 6) * HOUR) : null;
        const technician = school.zoneId ? technicianOfZone.get(school.zoneId) : undefined;
        const byContractor = region.operatingModel === "outsourced" || !technician;
        const deadlines = slaDeadlines(DEFAULT_SLA_POLICY, { kind: "incident", category, urgency, impact, departmentCode: school.departmentCode, receivedAt, dispatchedAt, waitedMinutes: 0 });
        const resolvedAt = ["resolved", "closed"].includes(status) && dispatchedAt ? new Date(dispatchedAt.getTime() + intBetween(random, 2, 40) * HOUR) : null;
        const id = randomUUID();
        counter++;
        out.tickets.push({
          id,
          regionId,
          schoolId: school.id as string,
          number: `${(region.code as string).toUpperCase()}-${year}-${String(counter).padStart(6, "0")}`,
          kind: "incident",
          category,
          channel: pick(random, ["web", "web", "email", "phone"] as const),
          urgency,
          impact,
          priority: deadlines.priority,
          title: pick(random, PROBLEMS[category] as readonly string[]),
          description: "Signalé par l'établissement (données de démonstration).",
          status,
          requesterId,
          filedById: requesterId,
          assigneePersonId: assigned && !byContractor ? (technician ?? null) : null,
          assigneeOrganisationId: assigned && byContractor && contractors.length > 0 ? (pick(random, contractors).id as string) : null,
          receivedAt,
          dispatchedAt,
          qualifiedAt: status === "new" ? null : new Date(receivedAt.getTime() + HOUR / 2),
          takeChargeDueAt: deadlines.takeChargeDueAt,
          resolutionDueAt: deadlines.resolutionDueAt,
          waitingSince: status === "waiting" ? new Date(now.getTime() - 3 * HOUR) : null,
          resolvedAt,
          resolution: resolvedAt ? "Intervention réalisée, service rétabli." : null,
          closedAt: status === "closed" && resolvedAt ? new Date(resolvedAt.getTime() + 24 * HOUR) : null,
          createdAt: receivedAt,
          updatedAt: receivedAt,
        });
        out.events.push({ ticketId: id, occurredAt: receivedAt, actorId: requesterId, actorLabel: "Correspondant", type: "created", body: "Signalé par l'établissement (données de démonstration)." });
      }
    }
    if (counter > 0) out.counters.push({ regionId, year, last: counter });
  }
  return out;
}
