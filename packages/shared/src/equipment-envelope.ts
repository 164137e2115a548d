import { z } from "zod";
import { type Cents, CentsSchema, formatEuros, multiplyCents, sumCents } from "./money.ts";
import { LEVEL_LABELS, LEVELS, TRACK_LABELS, TRACKS } from "./schools.ts";
import { checkEnrolment, type EnrolmentInput, isTrackLevel } from "./textbook-envelope.ts";

/**
 * The equipment plan's budget (PPE, seed 003 "Comment est calculé le budget"): "transparent
 * and fair, computed from the school's enrolment and the enrolment of each track, by
 * discipline and level". The seed gives the principle, not the figures, so the formula is the
 * campaign's, set by the Region: a fixed part per school, an amount per student of the school,
 * and a weight (an amount per student) for each track and level it wants to favour, such as
 * the vocational tracks whose workshops need more equipment. Whole cents × whole students:
 * nothing is rounded.
 */
export const EquipmentWeightSchema = z
  .object({
    track: z.enum(TRACKS, { error: "Voie inconnue (general, technological ou vocational)." }),
    level: z.enum(LEVELS, { error: "Niveau inconnu." }),
    centsPerStudent: CentsSchema,
  })
  .refine((w) => !TRACKS.includes(w.track) || !LEVELS.includes(w.level) || isTrackLevel(w.track, w.level), {
    message: "Ce niveau n'existe pas dans cette voie.",
    path: ["level"],
  });

export const EquipmentFormulaSchema = z
  .object({
    basePerSchoolCents: CentsSchema,
    perStudentCents: CentsSchema,
    weights: z.array(EquipmentWeightSchema).max(30, "Trente pondérations au plus."),
  })
  .refine((f) => !Array.isArray(f.weights) || new Set(f.weights.map((w) => `${w?.track}/${w?.level}`)).size === f.weights.length, {
    message: "Une voie et un niveau n'ont qu'une pondération.",
    path: ["weights"],
  });
export type EquipmentFormula = z.infer<typeof EquipmentFormulaSchema>;

export type EquipmentLine = {
  label: string;
  track: EnrolmentInput["track"] | null;
  level: EnrolmentInput["level"] | null;
  students: number | null;
  rateCents: Cents;
  amountCents: Cents;
  explanation: string;
};
export type EquipmentEnvelope = { totalCents: Cents; lines: EquipmentLine[] };

const students = (n: number) => `${n} ${n > 1 ? "élèves" : "élève"}`;

export function computeEquipmentEnvelope(formula: EquipmentFormula, enrolment: readonly EnrolmentInput[]): EquipmentEnvelope {
  checkEnrolment(enrolment);
  const lines: EquipmentLine[] = [];
  if (formula.basePerSchoolCents > 0) {
    lines.push({
      label: "Part fixe par établissement",
      track: null,
      level: null,
      students: null,
      rateCents: formula.basePerSchoolCents,
      amountCents: formula.basePerSchoolCents,
      explanation: formatEuros(formula.basePerSchoolCents),
    });
  }
  const total = enrolment.reduce((sum, e) => sum + e.students, 0);
  if (formula.perStudentCents > 0 && total > 0) {
    const amountCents = multiplyCents(formula.perStudentCents, total);
    lines.push({
      label: "Effectif de l'établissement",
      track: null,
      level: null,
      students: total,
      rateCents: formula.perStudentCents,
      amountCents,
      explanation: `${students(total)} × ${formatEuros(formula.perStudentCents)} = ${formatEuros(amountCents)}`,
    });
  }
  for (const entry of enrolment) {
    const weight = formula.weights.find((w) => w.track === entry.track && w.level === entry.level);
    if (!weight || weight.centsPerStudent === 0 || entry.students === 0) continue;
    const amountCents = multiplyCents(weight.centsPerStudent, entry.students);
    lines.push({
      label: `Pondération — ${TRACK_LABELS[entry.track].toLowerCase()}, ${LEVEL_LABELS[entry.level]}`,
      track: entry.track,
      level: entry.level,
      students: entry.students,
      rateCents: weight.centsPerStudent,
      amountCents,
      explanation: `${students(entry.students)} × ${formatEuros(weight.centsPerStudent)} = ${formatEuros(amountCents)}`,
    });
  }
  return { totalCents: sumCents(lines.map((l) => l.amountCents)), lines };
}
