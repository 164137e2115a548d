import { z } from "zod";

/**
 * The support desk's vocabulary and its workflow, as pure rules (DOMAIN §2, seeds 001/003/004):
 * what a ticket is, the statuses it goes through, and which action leads from which status.
 * Who may take an action is decided by the API's policy; what an action may do is decided here.
 */

type Labelled = { fr: string; en: string };

/** A Zod enum of a catalogue's codes, with a French message naming them. */
function catalogueEnum<T extends Record<string, Labelled>>(catalogue: T, what: string) {
  const codes = Object.keys(catalogue) as [Extract<keyof T, string>, ...Extract<keyof T, string>[]];
  return z.enum(codes, { error: `${what} inconnu${what.endsWith("e") ? "e" : ""} (${codes.join(", ")}).` });
}

export const TICKET_KINDS = {
  incident: { fr: "Incident", en: "Incident" },
  evolution: { fr: "Demande d'évolution", en: "Evolution request" },
  security_incident: { fr: "Incident de sécurité", en: "Security incident" },
  data_breach: { fr: "Violation de données personnelles", en: "Personal data breach" },
} as const satisfies Record<string, Labelled>;
export type TicketKind = keyof typeof TICKET_KINDS;
export const TicketKindSchema = catalogueEnum(TICKET_KINDS, "Nature");

/** Security incidents and breaches travel on a restricted chain (seed 001 §10). */
export const RESTRICTED_TICKET_KINDS: readonly TicketKind[] = ["security_incident", "data_breach"];
export function isRestrictedKind(kind: TicketKind): boolean {
  return RESTRICTED_TICKET_KINDS.includes(kind);
}

export const TICKET_CHANNELS = {
  web: { fr: "Portail", en: "Web" },
  email: { fr: "Courriel", en: "E-mail" },
  phone: { fr: "Téléphone", en: "Phone" },
  chat: { fr: "Messagerie instantanée", en: "Chat" },
} as const satisfies Record<string, Labelled>;
export type TicketChannel = keyof typeof TICKET_CHANNELS;
export const TicketChannelSchema = catalogueEnum(TICKET_CHANNELS, "Canal");

export const TICKET_STATUSES = {
  new: { fr: "Nouveau", en: "New" },
  qualified: { fr: "Qualifié", en: "Qualified" },
  assigned: { fr: "Attribué", en: "Assigned" },
  in_progress: { fr: "En cours", en: "In progress" },
  waiting: { fr: "En attente", en: "Waiting" },
  resolved: { fr: "Résolu", en: "Resolved" },
  closed: { fr: "Clos", en: "Closed" },
  rerouted: { fr: "Réorienté", en: "Re-routed" },
  merged: { fr: "Fusionné", en: "Merged" },
} as const satisfies Record<string, Labelled>;
export type TicketStatus = keyof typeof TICKET_STATUSES;
export const TicketStatusSchema = catalogueEnum(TICKET_STATUSES, "Statut");

/** Statuses in which the ticket still waits for the Region: counted in the backlog. */
export const OPEN_STATUSES: readonly TicketStatus[] = ["new", "qualified", "assigned", "in_progress", "waiting"];

/**
 * The workflow: new → qualified → assigned → in progress ⇄ waiting → resolved → closed,
 * with re-assignment while work goes on, the correspondent's rejection of a resolution, and
 * re-routing of what is not the Region's to handle.
 */
export const TICKET_TRANSITIONS = {
  qualify: { from: ["new"], to: "qualified" },
  assign: { from: ["qualified", "assigned", "in_progress", "waiting"], to: "assigned" },
  start: { from: ["assigned"], to: "in_progress" },
  wait: { from: ["assigned", "in_progress"], to: "waiting" },
  resume: { from: ["waiting"], to: "in_progress" },
  resolve: { from: ["assigned", "in_progress"], to: "resolved" },
  close: { from: ["resolved"], to: "closed" },
  reopen: { from: ["resolved"], to: "in_progress" },
  reroute: { from: ["new", "qualified"], to: "rerouted" },
  /** "Don't open several tickets for one incident": the desk folds a duplicate into the ticket it repeats. */
  merge: { from: ["new", "qualified", "assigned", "in_progress", "waiting"], to: "merged" },
  /**
   * An evolution request's decision after its study: refused, it ends (closed, with the reason);
   * accepted, the works begin (in progress). Incidents have no such step.
   */
  decide: { from: ["assigned", "in_progress"], to: "in_progress" },
} as const satisfies Record<string, { from: readonly TicketStatus[]; to: TicketStatus }>;
export type TicketAction = keyof typeof TICKET_TRANSITIONS;

/** The status an action leads to from a status, or null when the workflow does not allow it. */
export function nextStatus(from: TicketStatus, action: TicketAction): TicketStatus | null {
  const transition = TICKET_TRANSITIONS[action];
  return (transition.from as readonly TicketStatus[]).includes(from) ? transition.to : null;
}

/** The actions the workflow allows from a status (before asking who may take them). */
export function actionsFrom(status: TicketStatus): TicketAction[] {
  return (Object.keys(TICKET_TRANSITIONS) as TicketAction[]).filter((action) => nextStatus(status, action) !== null);
}

export const TICKET_ACTION_LABELS: Record<TicketAction, Labelled> = {
  qualify: { fr: "Qualifier", en: "Qualify" },
  assign: { fr: "Attribuer", en: "Assign" },
  start: { fr: "Prendre en charge", en: "Start work" },
  wait: { fr: "Mettre en attente", en: "Put on hold" },
  resume: { fr: "Reprendre", en: "Resume" },
  resolve: { fr: "Résoudre (clôture technique)", en: "Resolve" },
  close: { fr: "Clore (clôture administrative)", en: "Close" },
  reopen: { fr: "Rejeter la résolution et rouvrir", en: "Reject the resolution and reopen" },
  reroute: { fr: "Réorienter", en: "Re-route" },
  merge: { fr: "Fusionner avec un autre ticket", en: "Merge into another ticket" },
  decide: { fr: "Décider (demande d'évolution)", en: "Decide (evolution request)" },
};

export const EVOLUTION_DECISIONS = {
  accepted: { fr: "Acceptée", en: "Accepted" },
  refused: { fr: "Refusée", en: "Refused" },
} as const satisfies Record<string, Labelled>;
export type EvolutionDecision = keyof typeof EVOLUTION_DECISIONS;
export const EvolutionDecisionSchema = catalogueEnum(EVOLUTION_DECISIONS, "Décision");

/** The workflow step for a ticket of a kind: a decision only for evolution requests, and a refusal ends it. */
export function nextStatusOf(kind: TicketKind, from: TicketStatus, action: TicketAction, decision?: EvolutionDecision): TicketStatus | null {
  if (action === "decide") {
    if (kind !== "evolution" || nextStatus(from, action) === null) return null;
    return decision === "refused" ? "closed" : "in_progress";
  }
  return nextStatus(from, action);
}

/**
 * Where a ticket that is not the Region's goes (seed 003): the requester is told where to turn.
 */
export const REROUTE_DESTINATIONS = {
  academie_apps: { fr: "Assistance de l'académie (applications administratives)", en: "Académie helpdesk (administrative apps)" },
  pedagogical_help: { fr: "Accompagnement pédagogique de l'académie", en: "Académie pedagogical support" },
  laptop_supplier: { fr: "Support du fournisseur des ordinateurs individuels", en: "Individual laptop supplier's support" },
  ent_supplier: { fr: "Support de l'ENT", en: "ENT supplier's support" },
  other: { fr: "Autre service", en: "Other service" },
} as const satisfies Record<string, Labelled>;
export type RerouteDestination = keyof typeof REROUTE_DESTINATIONS;
export const RerouteDestinationSchema = catalogueEnum(REROUTE_DESTINATIONS, "Destination");

/**
 * The default categories (issue 3). "infrastructure" and "office" decide the resolution
 * deadline (seed 003: infrastructure J+1 to J+3, office IT J+3 to J+5); a region may add its own.
 */
export const TICKET_CATEGORIES = {
  network: { fr: "Réseau", en: "Network", group: "infrastructure" },
  wifi: { fr: "Wi-Fi", en: "Wi-Fi", group: "infrastructure" },
  server: { fr: "Serveur", en: "Server", group: "infrastructure" },
  "security-gateway": { fr: "Passerelle de sécurité", en: "Security gateway", group: "infrastructure" },
  ups: { fr: "Onduleur", en: "UPS", group: "infrastructure" },
  workstation: { fr: "Poste de travail", en: "Workstation", group: "office" },
  printer: { fr: "Imprimante", en: "Printer", group: "office" },
  peripheral: { fr: "Périphérique", en: "Peripheral", group: "office" },
  projector: { fr: "Vidéoprojecteur", en: "Projector", group: "office" },
  "interactive-display": { fr: "Écran numérique interactif", en: "Interactive display", group: "office" },
  "individual-laptop": { fr: "Ordinateur individuel", en: "Individual laptop", group: "other" },
  ent: { fr: "ENT", en: "Digital workspace (ENT)", group: "other" },
  "digital-resources": { fr: "Ressources numériques", en: "Digital resources", group: "other" },
  other: { fr: "Autre", en: "Other", group: "other" },
} as const satisfies Record<string, Labelled & { group: "infrastructure" | "office" | "other" }>;
export type TicketCategory = keyof typeof TICKET_CATEGORIES;
export const DEFAULT_TICKET_CATEGORIES = Object.keys(TICKET_CATEGORIES) as TicketCategory[];
/** A category code: the defaults, or one a region added (lower-case letters, digits, dashes). */
export const TicketCategoryCodeSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, "Code de catégorie invalide.");

export const URGENCIES = {
  low: { fr: "Basse", en: "Low" },
  medium: { fr: "Moyenne", en: "Medium" },
  very_high: { fr: "Très haute", en: "Very high" },
} as const satisfies Record<string, Labelled>;
export type Urgency = keyof typeof URGENCIES;
export const UrgencySchema = catalogueEnum(URGENCIES, "Urgence");

export const IMPACTS = {
  school: { fr: "Tout l'établissement", en: "Whole school" },
  group: { fr: "Un groupe ou une salle", en: "A group or a room" },
  user: { fr: "Un utilisateur ou un appareil", en: "One user or device" },
  none: { fr: "Pas encore de perte de service", en: "No loss of service yet" },
} as const satisfies Record<string, Labelled>;
export type Impact = keyof typeof IMPACTS;
export const ImpactSchema = catalogueEnum(IMPACTS, "Impact");

/**
 * Priority 1 (highest) to 5 from urgency × impact, the ITIL way: the wider the loss of
 * service and the more urgent, the sooner.
 */
const PRIORITY: Record<Urgency, Record<Impact, number>> = {
  very_high: { school: 1, group: 1, user: 2, none: 3 },
  medium: { school: 1, group: 2, user: 3, none: 4 },
  low: { school: 2, group: 3, user: 4, none: 5 },
};
export function ticketPriority(urgency: Urgency, impact: Impact): number {
  return PRIORITY[urgency][impact];
}
