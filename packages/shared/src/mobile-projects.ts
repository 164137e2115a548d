import { z } from "zod";

/**
 * A school's pedagogical project for mobile equipment (seed 003: "commandés dans le cadre d'un
 * projet pédagogique validé par l'Académie et par la Région sur la base de critères tel que la
 * disponibilité de Wifi"). The school files it, the académie gives its opinion, then the Region
 * decides; only an approved project lets the school order mobile items.
 */
export const MOBILE_PROJECT_STATUSES = ["submitted", "academie_approved", "approved", "rejected"] as const;
export type MobileProjectStatus = (typeof MOBILE_PROJECT_STATUSES)[number];
export const MOBILE_PROJECT_STATUS_LABELS: Record<MobileProjectStatus, string> = {
  submitted: "Déposé, en attente de l'académie",
  academie_approved: "Validé par l'académie, en attente de la Région",
  approved: "Validé par l'académie et la Région",
  rejected: "Refusé",
};

/** The two validators, in the order the seed names them. */
export type MobileProjectReviewer = "academie" | "region";

/** Where a decision takes a project, or null when that reviewer cannot decide now. */
export function nextMobileProjectStatus(
  status: MobileProjectStatus,
  reviewer: MobileProjectReviewer,
  decision: "approve" | "reject",
): MobileProjectStatus | null {
  const expected: MobileProjectStatus = reviewer === "academie" ? "submitted" : "academie_approved";
  if (status !== expected) return null;
  if (decision === "reject") return "rejected";
  return reviewer === "academie" ? "academie_approved" : "approved";
}

/** A project still under way or approved blocks a second one for the same school and campaign; a refused one does not. */
export const isLiveMobileProject = (status: MobileProjectStatus) => status !== "rejected";

export const MobileProjectInputSchema = z.object({
  school: z.string().trim().min(1, "Indiquez l'établissement.").max(64),
  reference: z.string().trim().min(5, "L'intitulé du projet compte au moins 5 caractères.").max(120, "L'intitulé compte 120 caractères au plus."),
  description: z
    .string()
    .trim()
    .min(30, "Décrivez le projet pédagogique en au moins 30 caractères (classes, disciplines, usages).")
    .max(4_000, "La description compte 4 000 caractères au plus."),
  devices: z
    .number({ error: "Nombre d'équipements attendu." })
    .int("Nombre entier attendu.")
    .min(1, "Au moins un équipement.")
    .max(2_000, "Deux mille équipements au plus."),
});
export type MobileProjectInput = z.infer<typeof MobileProjectInputSchema>;

export const MobileProjectDecisionSchema = z
  .object({
    decision: z.enum(["approve", "reject"], { error: "Décision : approve ou reject." }),
    note: z.string().trim().max(2_000, "Le motif compte 2 000 caractères au plus.").optional(),
  })
  .refine((d) => d.decision === "approve" || (d.note?.length ?? 0) >= 5, {
    message: "Un refus se motive (5 caractères au moins).",
    path: ["note"],
  });
export type MobileProjectDecision = z.infer<typeof MobileProjectDecisionSchema>;

export const MobileProjectSchema = z.object({
  id: z.string(),
  campaignId: z.string(),
  schoolId: z.string(),
  schoolName: z.string(),
  uai: z.string(),
  academie: z.string(),
  /** The school's Wi-Fi when the project was filed: the seed's first criterion. */
  wifiStatus: z.enum(["none", "partial", "full"]),
  reference: z.string(),
  description: z.string(),
  devices: z.number(),
  status: z.enum(MOBILE_PROJECT_STATUSES),
  filedAt: z.date(),
  academieDecidedAt: z.date().nullable(),
  academieNote: z.string().nullable(),
  regionDecidedAt: z.date().nullable(),
  regionNote: z.string().nullable(),
  version: z.number(),
});
export type MobileProject = z.infer<typeof MobileProjectSchema>;
