import { randomUUID } from "node:crypto";
import { businessMinutesBetween, DEFAULT_CALENDAR } from "@relais/shared/business-calendar";
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
const STATUSES: readonly (keyof typeof STEPS_TO)[] = [
  "new",
  "new",
  "qualified",
  "assigned",
  "in_progress",
  "in_progress",
  "waiting",
  "resolved",
  "closed",
  "closed",
];
type DemoStep = "created" | "qualify" | "assign" | "start" | "wait" | "resolve" | "close";
/** The steps that lead to each status, in order. */
const STEPS_TO = {
  new: ["created"],
  qualified: ["created", "qualify"],
  assigned: ["created", "qualify", "assign"],
  in_progress: ["created", "qualify", "assign", "start"],
  waiting: ["created", "qualify", "assign", "start", "wait"],
  resolved: ["created", "qualify", "assign", "start", "resolve"],
  closed: ["created", "qualify", "assign", "start", "resolve", "close"],
} satisfies Partial<Record<TicketStatus, DemoStep[]>>;
const SHOWCASE_STATUSES = ["closed", "resolved", "waiting", "in_progress", "assigned", "qualified", "new"] as const;
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
  // The named accounts' lycées always show a ticket at every stage: the newcomer's first look.
  const namedPeople = new Set(plan.people.filter((p) => /^(idf|paca)\./.test(p.email as string)).map((p) => p.id));
  const showcaseSchools = new Set(plan.assignments.filter((a) => a.schoolId && namedPeople.has(a.personId)).map((a) => a.schoolId as string));
  for (const region of plan.regions) {
    const regionId = region.id as string;
    const contractors = plan.organisations.filter((o) => o.regionId === regionId && o.kind === "contractor");
    const routing = ((region.settings as { tickets?: { routing?: Record<string, { handler: string; organisationId?: string }> } } | undefined)?.tickets
      ?.routing ?? {}) as Record<string, { handler: string; organisationId?: string }>;
    let counter = 0;
    for (const school of plan.schools.filter((s) => s.regionId === regionId)) {
      const requesterId = correspondentOf.get(school.id as string);
      const showcase = showcaseSchools.has(school.id as string);
      if (!requesterId || (!showcase && random() > 0.35)) continue;
      for (let i = showcase ? SHOWCASE_STATUSES.length : intBetween(random, 1, 3); i > 0; i--) {
        const category = pick(
          random,
          DEFAULT_TICKET_CATEGORIES.filter((c) => PROBLEMS[c]),
        );
        const urgency = pick(random, URGENCY);
        const impact = pick(random, IMPACT);
        const status = showcase ? (SHOWCASE_STATUSES[i - 1] as (typeof SHOWCASE_STATUSES)[number]) : pick(random, STATUSES);
        const steps: DemoStep[] = STEPS_TO[status];
        // Each step follows the previous one by a few hours, the last one before now.
        const times: Date[] = [];
        // New tickets are the desk's morning queue; older ones went further along.
        let at =
          now.getTime() -
          (status === "new" ? intBetween(random, 0, 5) * HOUR + intBetween(random, 5, 55) * 60_000 : intBetween(random, 2 * steps.length + 2, 24 * 20) * HOUR);
        for (let s = 0; s < steps.length; s++) {
          times.push(new Date(Math.min(at, now.getTime() - (steps.length - s) * HOUR)));
          at = times[s]!.getTime() + intBetween(random, 1, 30) * HOUR;
        }
        const when = (step: DemoStep) => (steps.includes(step) ? times[steps.indexOf(step)]! : null);
        const receivedAt = when("created")!;
        const dispatchedAt = when("assign");
        const technician = school.zoneId ? technicianOfZone.get(school.zoneId) : undefined;
        const byContractor = region.operatingModel === "outsourced" || !technician;
        // The region's routing table names the contractor of the category; otherwise any.
        const routed = routing[category];
        const contractor = !byContractor
          ? null
          : routed?.handler === "organisation"
            ? (contractors.find((c) => c.id === routed.organisationId) ?? null)
            : contractors.length > 0
              ? pick(random, contractors)
              : null;
        const deadlines = slaDeadlines(DEFAULT_SLA_POLICY, {
          kind: "incident",
          category,
          urgency,
          impact,
          departmentCode: school.departmentCode,
          receivedAt,
          dispatchedAt,
          waitedMinutes: 0,
        });
        const resolvedAt = when("resolve");
        const title = pick(random, PROBLEMS[category] as readonly string[]);
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
          title,
          description: `${title}. Constaté par l'équipe de l'établissement ; le redémarrage n'a rien changé. (Données de démonstration.)`,
          status,
          requesterId,
          filedById: requesterId,
          assigneePersonId: dispatchedAt && !byContractor ? (technician ?? null) : null,
          assigneeOrganisationId: dispatchedAt && contractor ? (contractor.id as string) : null,
          receivedAt,
          dispatchedAt,
          qualifiedAt: when("qualify"),
          takeChargeDueAt: deadlines.takeChargeDueAt,
          resolutionDueAt: deadlines.resolutionDueAt,
          waitingSince: when("wait"),
          resolvedAt,
          // What the service records at technical closure: business minutes since receipt.
          processingMinutes: resolvedAt ? businessMinutesBetween(receivedAt, resolvedAt, DEFAULT_CALENDAR, school.departmentCode) : null,
          resolution: resolvedAt ? "Intervention réalisée, service rétabli." : null,
          closedAt: when("close"),
          createdAt: receivedAt,
          updatedAt: times.at(-1) ?? receivedAt,
        });
        // The timeline tells the same story as the ticket's fields, step by step.
        const assignee = contractor ? (contractor.name as string) : "Technicien de zone";
        const actors: Record<DemoStep, { id: string | null; label: string; body: string | null; data: Record<string, unknown> | null }> = {
          created: { id: requesterId, label: "Correspondant", body: null, data: { channel: "web", urgency, impact } },
          qualify: { id: null, label: "Centre de services", body: null, data: { from: "new", to: "qualified", category, urgency, impact } },
          assign: { id: null, label: "Centre de services", body: null, data: { from: "qualified", to: "assigned", assignee } },
          start: { id: null, label: assignee, body: null, data: { from: "assigned", to: "in_progress" } },
          wait: { id: null, label: assignee, body: "Pièce commandée, en attente de livraison.", data: { from: "in_progress", to: "waiting" } },
          resolve: {
            id: null,
            label: assignee,
            body: null,
            data: { from: "in_progress", to: "resolved", resolution: "Intervention réalisée, service rétabli." },
          },
          close: { id: requesterId, label: "Correspondant", body: null, data: { from: "resolved", to: "closed" } },
        };
        steps.forEach((step, s) => {
          const actor = actors[step];
          out.events.push({ ticketId: id, occurredAt: times[s]!, actorId: actor.id, actorLabel: actor.label, type: step, body: actor.body, data: actor.data });
        });
      }
    }
    if (counter > 0) out.counters.push({ regionId, year, last: counter });
  }
  return out;
}
