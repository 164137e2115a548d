import { listFormatSchema } from "@relais/shared/lists";
import {
  EvolutionDecisionSchema,
  ImpactSchema,
  RerouteDestinationSchema,
  TICKET_TRANSITIONS,
  type TicketAction,
  TicketCategoryCodeSchema,
  TicketChannelSchema,
  TicketKindSchema,
  TicketStatusSchema,
  UrgencySchema,
} from "@relais/shared/tickets";
import { z } from "zod";

/** The shapes of the tickets API: what it accepts and what it answers. */
export const FileTicketSchema = z.object({
  school: z.string().trim().min(1, "Indiquez l'établissement (identifiant ou UAI).").max(40),
  kind: TicketKindSchema.default("incident"),
  category: TicketCategoryCodeSchema,
  channel: TicketChannelSchema.default("web"),
  urgency: UrgencySchema,
  impact: ImpactSchema,
  title: z.string().trim().min(5, "Le titre compte au moins 5 caractères.").max(160, "Le titre compte au plus 160 caractères."),
  description: z
    .string()
    .trim()
    .min(10, "Décrivez le problème en quelques mots (10 caractères au moins).")
    .max(10_000, "La description compte au plus 10 000 caractères."),
  /** The desk filing on behalf of a caller names them. */
  requesterId: z.uuid("Demandeur invalide.").optional(),
});
export type FileTicketInput = z.infer<typeof FileTicketSchema>;

const ACTIONS = Object.keys(TICKET_TRANSITIONS) as [TicketAction, ...TicketAction[]];
export const TransitionSchema = z.object({
  action: z.enum(ACTIONS, { error: `Action inconnue (${ACTIONS.join(", ")}).` }),
  version: z.number({ error: "Indiquez la version du ticket que vous avez lue." }).int().positive(),
  comment: z.string().trim().max(10_000).optional(),
  kind: TicketKindSchema.optional(),
  category: TicketCategoryCodeSchema.optional(),
  urgency: UrgencySchema.optional(),
  impact: ImpactSchema.optional(),
  reason: z.string().trim().min(3, "Le motif compte au moins 3 caractères.").max(2_000).optional(),
  assigneePersonId: z.uuid("Technicien invalide.").optional(),
  assigneeOrganisationId: z.uuid("Organisation invalide.").optional(),
  resolution: z.string().trim().min(3, "Décrivez la résolution.").max(10_000).optional(),
  timeSpentMinutes: z.number().int().min(0).max(100_000).optional(),
  destination: RerouteDestinationSchema.optional(),
  /** For "merge": the ticket (id or number) this one duplicates. */
  into: z.string().trim().min(1).max(64).optional(),
  /** For "decide" on an evolution request. */
  decision: EvolutionDecisionSchema.optional(),
});
export type TransitionInput = z.infer<typeof TransitionSchema>;

const Version = z.number({ error: "Indiquez la version du ticket que vous avez lue." }).int().positive();
const Reason = z
  .string({ error: "Indiquez le motif." })
  .trim()
  .min(3, "Le motif compte au moins 3 caractères.")
  .max(2_000, "Le motif compte au plus 2 000 caractères.");

export const ReclassifySchema = z.object({
  version: Version,
  reason: Reason,
  kind: TicketKindSchema.optional(),
  category: TicketCategoryCodeSchema.optional(),
  urgency: UrgencySchema.optional(),
  impact: ImpactSchema.optional(),
});
export type ReclassifyInput = z.infer<typeof ReclassifySchema>;

export const EscalateSchema = z
  .object({
    version: Version,
    reason: Reason,
    to: z.enum(["chain", "organisation"], { error: "Escalade vers « chain » (niveau supérieur) ou « organisation » (prestataire)." }),
    organisationId: z.uuid("Organisation invalide.").optional(),
  })
  .refine((e) => e.to === "chain" || e.organisationId, { message: "Indiquez le prestataire qui reprend le ticket.", path: ["organisationId"] });
export type EscalateInput = z.infer<typeof EscalateSchema>;

export const CommentSchema = z.object({
  body: z.string().trim().min(1, "Le commentaire est vide.").max(10_000, "Le commentaire compte au plus 10 000 caractères."),
  internal: z.boolean().default(false),
});

const instant = z.date();
const nullableInstant = z.date().nullable();

export const TicketSummarySchema = z.object({
  id: z.string(),
  number: z.string(),
  regionId: z.string(),
  schoolId: z.string(),
  schoolUai: z.string(),
  schoolName: z.string(),
  kind: z.string(),
  category: z.string(),
  channel: z.string(),
  urgency: z.string(),
  impact: z.string(),
  priority: z.number(),
  title: z.string(),
  status: z.string(),
  requesterId: z.string(),
  requesterName: z.string(),
  assigneePersonId: z.string().nullable(),
  assigneeName: z.string().nullable(),
  assigneeOrganisationId: z.string().nullable(),
  assigneeOrganisationName: z.string().nullable(),
  receivedAt: instant,
  takeChargeDueAt: instant,
  resolutionDueAt: nullableInstant,
  qualifiedAt: nullableInstant,
  resolvedAt: nullableInstant,
  closedAt: nullableInstant,
  version: z.number(),
});

export const TicketEventSchema = z.object({
  id: z.number(),
  occurredAt: instant,
  actorLabel: z.string(),
  type: z.string(),
  visibility: z.string(),
  body: z.string().nullable(),
  data: z.unknown(),
});

const CandidateSchema = z.object({ id: z.string(), name: z.string(), role: z.string() });
export const AssigneeCandidatesSchema = z.object({
  people: z.array(CandidateSchema),
  organisations: z.array(z.object({ id: z.string(), name: z.string(), kind: z.string() })),
});

export const TicketDetailSchema = z.object({
  ticket: TicketSummarySchema,
  details: z.object({
    description: z.string(),
    channel: z.string(),
    schoolDepartment: z.string(),
    dispatchedAt: nullableInstant,
    waitingSince: nullableInstant,
    waitedMinutes: z.number(),
    resolution: z.string().nullable(),
    timeSpentMinutes: z.number().nullable(),
    processingMinutes: z.number().nullable(),
    decision: z.string().nullable(),
    reroutedTo: z.string().nullable(),
    mergedIntoNumber: z.string().nullable(),
    reopenCount: z.number(),
    escalationLevel: z.number(),
    /** A personal-data breach: 72 hours to notify the CNIL (GDPR art. 33). */
    breachNotificationDueAt: nullableInstant,
  }),
  events: z.array(TicketEventSchema),
  allowedActions: z.array(z.string()),
  can: z.object({ comment: z.boolean(), internalNote: z.boolean(), remind: z.boolean(), reclassify: z.boolean(), escalate: z.boolean() }),
  suggestedRoute: z
    .discriminatedUnion("handler", [
      z.object({ handler: z.literal("zone_technicians"), technicians: z.array(CandidateSchema) }),
      z.object({ handler: z.literal("organisation"), organisationId: z.string(), organisationName: z.string() }),
      z.object({ handler: z.literal("supplier"), supplier: z.string(), contact: z.string().nullable() }),
    ])
    .nullable(),
});

export const TicketListQuery = z.object({
  status: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(",").map((x) => x.trim()) : undefined))
    .pipe(z.array(TicketStatusSchema).optional()),
  school: z.uuid("Établissement invalide.").optional(),
  category: TicketCategoryCodeSchema.optional(),
  kind: TicketKindSchema.optional(),
  mine: z.enum(["true", "false"]).default("false"),
  q: z.string().trim().max(100).optional(),
  sort: z
    .string()
    .regex(/^-?(receivedAt|number|priority|resolutionDueAt|status)$/, "Tri inconnu.")
    .default("-receivedAt"),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  format: listFormatSchema,
});

export const DeadlinesQuery = z.object({
  school: z.string().trim().min(1, "Indiquez l'établissement (identifiant ou UAI).").max(40),
  category: TicketCategoryCodeSchema,
  urgency: UrgencySchema,
  impact: ImpactSchema,
  kind: TicketKindSchema.default("incident"),
  from: z.iso.datetime({ offset: true, error: "Instant de départ attendu au format ISO 8601 (2026-11-23T09:00:00+01:00)." }).optional(),
});
export type DeadlinesInput = z.infer<typeof DeadlinesQuery>;
