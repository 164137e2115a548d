import type { EnvelopeLineOut } from "@relais/shared/envelopes";
import { computeEquipmentEnvelope, type EquipmentFormula } from "@relais/shared/equipment-envelope";
import { LEVEL_LABELS, LEVELS, TRACK_LABELS, TRACKS } from "@relais/shared/schools";
import {
  computeTextbookEnvelope,
  DEFAULT_TEXTBOOK_RATES,
  EnrolmentError,
  type EnrolmentInput,
  isTrackLevel,
  type Level,
  type TextbookRates,
  type Track,
} from "@relais/shared/textbook-envelope";
import { AppError } from "../../errors.ts";

/** Turns a rule's refusal of an enrolment line into the API's 400, pointing at the line. */
export function withEnrolmentChecked<T>(compute: () => T, field = "body.enrolment"): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof EnrolmentError) {
      throw new AppError("validation.failed", error.message, { fieldErrors: [{ field: `${field}.${error.index}`, message: error.message }] });
    }
    throw error;
  }
}

type RuleSource = { programme: "equipment" | "textbooks"; textbookRates: TextbookRates | null; equipmentFormula: EquipmentFormula | null };
export type ComputedEnvelope = { amountCents: number; consumablesCents: number; lines: EnvelopeLineOut[]; warnings: string[] };

/**
 * A school's envelope under a campaign's rule, from its stored enrolment. The directory may
 * hold a line the rule cannot price (a level the track does not have): it is left out and
 * named in the warnings, so the school and the Region see why, rather than the whole
 * calculation failing.
 */
export function computeCampaignEnvelope(
  campaign: RuleSource,
  schoolKind: "digital" | "paper",
  stored: readonly { track: string; level: string; students: number }[],
): ComputedEnvelope {
  const warnings: string[] = [];
  const enrolment: EnrolmentInput[] = [];
  for (const line of stored) {
    const track = line.track as Track;
    const level = line.level as Level;
    if (!TRACKS.includes(track) || !LEVELS.includes(level) || !isTrackLevel(track, level)) {
      warnings.push(
        `Ligne d'effectif ignorée : ${TRACK_LABELS[track] ?? line.track}, ${LEVEL_LABELS[level] ?? line.level} (${line.students} élèves) — ce niveau n'existe pas dans cette voie.`,
      );
      continue;
    }
    enrolment.push({ track, level, students: line.students });
  }
  if (campaign.programme === "textbooks") {
    const result = computeTextbookEnvelope(schoolKind, enrolment, campaign.textbookRates ?? DEFAULT_TEXTBOOK_RATES);
    return { amountCents: result.textbooksCents, consumablesCents: result.consumablesCents, lines: result.lines, warnings };
  }
  if (!campaign.equipmentFormula) throw new Error("equipment campaign without a formula");
  const result = computeEquipmentEnvelope(campaign.equipmentFormula, enrolment);
  return {
    amountCents: result.totalCents,
    consumablesCents: 0,
    lines: result.lines.map((line) => ({
      envelope: "equipment" as const,
      label: line.label,
      track: line.track,
      level: line.level,
      rate: line.track ? "weight" : line.students === null ? "base" : "per-student",
      students: line.students,
      rateCents: line.rateCents,
      amountCents: line.amountCents,
      explanation: line.explanation,
    })),
    warnings,
  };
}
