import { z } from "zod";
import { CampaignCalendarSchema, OrderWindowSchema } from "./campaign-windows.ts";
import { EnvelopeEnrolmentLineSchema, EnvelopeLineSchema } from "./envelopes.ts";
import { EquipmentFormulaSchema } from "./equipment-envelope.ts";
import { isSchoolYear } from "./school-year.ts";
import { LEVELS, TRACKS } from "./schools.ts";
import { TextbookRatesSchema } from "./textbook-envelope.ts";

/** API contracts of the campaigns (equipment plan and textbooks & resources, DOMAIN §3 and §4). */
export const PROGRAMMES = ["equipment", "textbooks"] as const;
export type Programme = (typeof PROGRAMMES)[number];
export const PROGRAMME_LABELS: Record<Programme, string> = {
  equipment: "Plan d'équipement",
  textbooks: "Manuels et ressources",
};

const SchoolYearText = z.string().refine(isSchoolYear, "Année scolaire attendue sous la forme 2025-2026.");

export const CampaignInputSchema = z
  .object({
    regionId: z.uuid("Région invalide."),
    programme: z.enum(PROGRAMMES, { error: "Programme inconnu (equipment ou textbooks)." }),
    /** A calendar year for equipment ("2026"), a school year for textbooks ("2026-2027"). */
    period: z.string().trim().max(9),
    label: z.string().trim().min(3, "Le libellé compte au moins 3 caractères.").max(160).optional(),
    enrolmentSchoolYear: SchoolYearText.optional(),
    calendar: CampaignCalendarSchema.optional(),
    textbookRates: TextbookRatesSchema.optional(),
    equipmentFormula: EquipmentFormulaSchema.optional(),
  })
  .superRefine((input, ctx) => {
    // Runs even when fields failed their own checks: look only at what is well-formed.
    if (typeof input.period !== "string") return;
    if (input.programme === "equipment") {
      if (!/^20\d{2}$/.test(input.period))
        ctx.addIssue({ code: "custom", path: ["period"], message: "La période d'un plan d'équipement est une année civile (ex. 2026)." });
      if (!input.equipmentFormula)
        ctx.addIssue({ code: "custom", path: ["equipmentFormula"], message: "Donnez la formule de calcul des budgets d'équipement." });
      if (!input.calendar) ctx.addIssue({ code: "custom", path: ["calendar"], message: "Donnez les fenêtres de commande du plan d'équipement." });
      if (input.textbookRates) ctx.addIssue({ code: "custom", path: ["textbookRates"], message: "Un plan d'équipement n'a pas de barème de manuels." });
    } else if (input.programme === "textbooks") {
      if (!isSchoolYear(input.period))
        ctx.addIssue({ code: "custom", path: ["period"], message: "La période d'une campagne de manuels est une année scolaire (ex. 2026-2027)." });
      if (input.equipmentFormula)
        ctx.addIssue({ code: "custom", path: ["equipmentFormula"], message: "Une campagne de manuels n'a pas de formule d'équipement." });
    }
  });
export type CampaignInput = z.infer<typeof CampaignInputSchema>;

export const CampaignUpdateSchema = z.object({
  version: z.number().int().min(1),
  label: z.string().trim().min(3, "Le libellé compte au moins 3 caractères.").max(160).optional(),
  enrolmentSchoolYear: SchoolYearText.optional(),
  calendar: CampaignCalendarSchema.optional(),
  textbookRates: TextbookRatesSchema.optional(),
  equipmentFormula: EquipmentFormulaSchema.optional(),
});
export type CampaignUpdate = z.infer<typeof CampaignUpdateSchema>;

export const OrderingStatusSchema = z.object({
  isOpen: z.boolean(),
  current: OrderWindowSchema.nullable(),
  next: z.object({ label: z.string(), opensOn: z.string(), closesOn: z.string(), opensAt: z.date() }).nullable(),
  message: z.string(),
});

export const CampaignSchema = z.object({
  id: z.string(),
  regionId: z.string(),
  programme: z.enum(PROGRAMMES),
  period: z.string(),
  label: z.string(),
  enrolmentSchoolYear: z.string(),
  calendar: CampaignCalendarSchema,
  textbookRates: TextbookRatesSchema.nullable(),
  equipmentFormula: EquipmentFormulaSchema.nullable(),
  ordering: OrderingStatusSchema,
  version: z.number(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const EnvelopeSchema = z.object({
  id: z.string(),
  campaignId: z.string(),
  schoolId: z.string(),
  schoolName: z.string(),
  uai: z.string(),
  schoolKind: z.string().nullable(),
  computedCents: z.number(),
  computedConsumablesCents: z.number(),
  topUpCents: z.number(),
  topUpConsumablesCents: z.number(),
  /** computed + top-ups: the ceiling orders may not pass. */
  totalCents: z.number(),
  totalConsumablesCents: z.number(),
  committedCents: z.number(),
  committedConsumablesCents: z.number(),
  remainingCents: z.number(),
  remainingConsumablesCents: z.number(),
  lines: z.array(EnvelopeLineSchema),
  warnings: z.array(z.string()),
  computedAt: z.date(),
});

export const TopUpInputSchema = z.object({
  school: z.string().trim().min(1, "Indiquez l'établissement.").max(64),
  track: z.enum(TRACKS, { error: "Voie inconnue (general, technological ou vocational)." }),
  level: z.enum(LEVELS, { error: "Niveau inconnu." }),
  students: EnvelopeEnrolmentLineSchema.shape.students.min(1, "Indiquez au moins un élève."),
  reason: z.string().trim().min(10, "Expliquez la demande en quelques mots (10 caractères au moins).").max(2_000),
});
export type TopUpInput = z.infer<typeof TopUpInputSchema>;

export const TopUpDecisionSchema = z
  .object({
    decision: z.enum(["approve", "refuse"], { error: "Décision attendue : approve ou refuse." }),
    note: z.string().trim().max(2_000).optional(),
  })
  .refine((d) => d.decision === "approve" || (d.note?.length ?? 0) >= 5, { message: "Motivez le refus (5 caractères au moins).", path: ["note"] });

export const TopUpSchema = z.object({
  id: z.string(),
  campaignId: z.string(),
  schoolId: z.string(),
  schoolName: z.string(),
  uai: z.string(),
  track: z.enum(TRACKS),
  level: z.enum(LEVELS),
  students: z.number(),
  reason: z.string(),
  amountCents: z.number(),
  consumablesCents: z.number(),
  lines: z.array(EnvelopeLineSchema),
  status: z.enum(["pending", "approved", "refused"]),
  requestedAt: z.date(),
  decidedAt: z.date().nullable(),
  decisionNote: z.string().nullable(),
});
