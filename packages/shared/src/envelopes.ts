import { z } from "zod";
import { DIGITAL_MODES, LEVELS, TRACKS } from "./schools.ts";
import { TextbookRatesSchema } from "./textbook-envelope.ts";

/** API contracts of the envelopes (the rules themselves are in textbook-envelope.ts and equipment-envelope.ts). */
export const EnvelopeEnrolmentLineSchema = z.object({
  track: z.enum(TRACKS, { error: "Voie inconnue (general, technological ou vocational)." }),
  level: z.enum(LEVELS, { error: "Niveau inconnu (2de, 1re, tle, cap1, cap2, bma1, bma2, 3e-prepa-metiers, mc-fc)." }),
  students: z
    .number({ error: "L'effectif est un nombre." })
    .int("L'effectif est un nombre entier d'élèves.")
    .min(0, "L'effectif ne peut pas être négatif.")
    .max(10_000, "Effectif invraisemblable (plus de 10 000)."),
});

export const TextbookEnvelopePreviewInputSchema = z.object({
  schoolKind: z.enum(DIGITAL_MODES, { error: "Type de lycée inconnu (digital ou paper)." }),
  enrolment: z.array(EnvelopeEnrolmentLineSchema).max(60, "Soixante lignes d'effectifs au plus."),
  /** The rates to simulate; the 2024 handbook's when omitted. */
  rates: TextbookRatesSchema.optional(),
});
export type TextbookEnvelopePreviewInput = z.infer<typeof TextbookEnvelopePreviewInputSchema>;

export const EnvelopeLineSchema = z.object({
  envelope: z.enum(["textbooks", "consumables", "equipment"]),
  label: z.string(),
  track: z.enum(TRACKS).nullable(),
  level: z.enum(LEVELS).nullable(),
  rate: z.string(),
  students: z.number().nullable(),
  rateCents: z.number(),
  amountCents: z.number(),
  explanation: z.string(),
});
export type EnvelopeLineOut = z.infer<typeof EnvelopeLineSchema>;

export const TextbookEnvelopeSchema = z.object({
  textbooksCents: z.number(),
  consumablesCents: z.number(),
  totalCents: z.number(),
  lines: z.array(EnvelopeLineSchema),
});
