import { z } from "zod";
import { validateUai } from "./uai.ts";

export const SCHOOL_TYPES = ["LEGT", "LP", "LPO", "agricultural", "cite_mixte"] as const;
export const SCHOOL_TYPE_LABELS: Record<(typeof SCHOOL_TYPES)[number], string> = {
  LEGT: "Lycée général et technologique",
  LP: "Lycée professionnel",
  LPO: "Lycée polyvalent",
  agricultural: "Lycée agricole",
  cite_mixte: "Cité mixte",
};
/** "Lycée numérique" (digital textbooks) or "lycée papier" (paper textbooks): drives the envelope. */
export const DIGITAL_MODES = ["digital", "paper"] as const;
export const DIGITAL_MODE_LABELS: Record<(typeof DIGITAL_MODES)[number], string> = {
  digital: "Lycée numérique",
  paper: "Lycée papier",
};
export const WIFI_STATUSES = ["none", "partial", "full"] as const;
export const WIFI_STATUS_LABELS: Record<(typeof WIFI_STATUSES)[number], string> = {
  none: "Pas de Wi-Fi",
  partial: "Wi-Fi partiel",
  full: "Wi-Fi complet",
};
export const ACADEMIES = ["Paris", "Créteil", "Versailles", "Aix-Marseille", "Nice"] as const;

export const TRACKS = ["general", "technological", "vocational"] as const;
export const TRACK_LABELS: Record<(typeof TRACKS)[number], string> = {
  general: "Voie générale",
  technological: "Voie technologique",
  vocational: "Voie professionnelle",
};
export const LEVELS = ["2de", "1re", "tle", "cap1", "cap2", "bma1", "bma2", "3e-prepa-metiers", "mc-fc"] as const;
export const LEVEL_LABELS: Record<(typeof LEVELS)[number], string> = {
  "2de": "Seconde",
  "1re": "Première",
  tle: "Terminale",
  cap1: "CAP 1re année",
  cap2: "CAP 2e année",
  bma1: "BMA 1re année",
  bma2: "BMA 2e année",
  "3e-prepa-metiers": "3e prépa-métiers",
  "mc-fc": "MC / FC",
};

/** Levels each track has in a lycée (3e prépa-métiers and MC/FC exist only in the vocational track). */
export const TRACK_LEVELS: Record<(typeof TRACKS)[number], readonly (typeof LEVELS)[number][]> = {
  general: ["2de", "1re", "tle"],
  technological: ["2de", "1re", "tle"],
  vocational: ["2de", "1re", "tle", "cap1", "cap2", "bma1", "bma2", "3e-prepa-metiers", "mc-fc"],
};

export function isTrackLevel(track: (typeof TRACKS)[number], level: (typeof LEVELS)[number]): boolean {
  return TRACK_LEVELS[track].includes(level);
}

export const UaiSchema = z.string({ error: "L'UAI est obligatoire." }).transform((raw, ctx) => {
  const result = validateUai(raw);
  if (!result.ok) {
    ctx.addIssue({ code: "custom", message: result.message });
    return z.NEVER;
  }
  return result.uai;
});

export const EnrolmentLineSchema = z.object({
  track: z.enum(TRACKS, { error: "Voie inconnue (general, technological ou vocational)." }),
  level: z.enum(LEVELS, { error: "Niveau inconnu." }),
  students: z
    .number({ error: "L'effectif est un nombre." })
    .int("L'effectif est un nombre entier.")
    .min(0, "L'effectif ne peut pas être négatif.")
    .max(10000, "Effectif invraisemblable (plus de 10 000)."),
});
export type EnrolmentLine = z.infer<typeof EnrolmentLineSchema>;

/** A school year's enrolment: lines of levels that their track has (duplicates are the service's to refuse). */
export const EnrolmentLinesSchema = z
  .array(EnrolmentLineSchema)
  .max(60, "Soixante lignes d'effectifs au plus.")
  .superRefine((lines, ctx) => {
    lines.forEach((line, index) => {
      if (!isTrackLevel(line.track, line.level))
        ctx.addIssue({
          code: "custom",
          path: [index, "level"],
          message: `Ce niveau n'existe pas dans cette voie (${TRACK_LABELS[line.track]}, ${LEVEL_LABELS[line.level]}).`,
        });
    });
  });

const name = z.string().trim().min(2, "Le nom compte au moins 2 caractères.").max(200, "Le nom compte au plus 200 caractères.");

/** A school's editable fields, without defaults (see SchoolUpdateSchema). */
const SchoolFieldsSchema = z.object({
  name,
  type: z.enum(SCHOOL_TYPES, { error: "Type d'établissement inconnu." }),
  isPublic: z.boolean(),
  academie: z.string().trim().min(2).max(60),
  departmentCode: z
    .string()
    .trim()
    .regex(/^(\d{2,3}|2A|2B)$/, "Code de département invalide (ex. 75, 13, 2A, 974)."),
  commune: z.string().trim().min(1).max(120),
  sectorId: z.uuid("Secteur invalide.").nullable(),
  zoneId: z.uuid("Zone invalide.").nullable(),
  digitalMode: z.enum(DIGITAL_MODES),
  hasRemoteSupport: z.boolean(),
  bandwidthMbps: z.number().int().min(0).max(100000).nullable(),
  wifiStatus: z.enum(WIFI_STATUSES),
});

export const SchoolInputSchema = z.object({
  uai: UaiSchema,
  ...SchoolFieldsSchema.shape,
  isPublic: SchoolFieldsSchema.shape.isPublic.default(true),
  sectorId: SchoolFieldsSchema.shape.sectorId.default(null),
  zoneId: SchoolFieldsSchema.shape.zoneId.default(null),
  digitalMode: SchoolFieldsSchema.shape.digitalMode.default("digital"),
  hasRemoteSupport: SchoolFieldsSchema.shape.hasRemoteSupport.default(false),
  bandwidthMbps: SchoolFieldsSchema.shape.bandwidthMbps.default(null),
  wifiStatus: SchoolFieldsSchema.shape.wifiStatus.default("none"),
});
export type SchoolInput = z.infer<typeof SchoolInputSchema>;

/**
 * Only the fields sent change. Built from the fields without their defaults: a partial of
 * SchoolInputSchema would fill every omitted field with its default and reset the school's
 * sector, zone, Wi-Fi, bandwidth… on any edit.
 */
export const SchoolUpdateSchema = SchoolFieldsSchema.partial().extend({
  /** Optimistic concurrency: the version the editor saw. */
  version: z.number().int().min(1),
});
export type SchoolUpdate = z.infer<typeof SchoolUpdateSchema>;

export const SchoolSchema = z.object({
  id: z.uuid(),
  regionId: z.uuid(),
  uai: z.string(),
  name: z.string(),
  type: z.enum(SCHOOL_TYPES),
  isPublic: z.boolean(),
  academie: z.string(),
  departmentCode: z.string(),
  commune: z.string(),
  sectorId: z.uuid().nullable(),
  sectorName: z.string().nullable(),
  zoneId: z.uuid().nullable(),
  zoneName: z.string().nullable(),
  digitalMode: z.enum(DIGITAL_MODES),
  hasRemoteSupport: z.boolean(),
  bandwidthMbps: z.number().nullable(),
  wifiStatus: z.enum(WIFI_STATUSES),
  studentCount: z.number(),
  version: z.number(),
});
export type School = z.infer<typeof SchoolSchema>;
