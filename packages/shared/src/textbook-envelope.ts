import { z } from "zod";
import { type Cents, CentsSchema, formatEuros, multiplyCents, sumCents } from "./money.ts";
import { type DIGITAL_MODES, isTrackLevel, LEVEL_LABELS, type LEVELS, TRACK_LABELS, TRACK_LEVELS, type TRACKS } from "./schools.ts";

/**
 * The textbooks and resources envelope (seed 001, "Budget et commande — Allocation
 * budgétaire"; DOMAIN §4): students present in May × a rate per student, by school kind,
 * track and level, plus a separate consumables envelope for vocational students whatever the
 * school kind. The rates are the campaign's (the Region edits them), the 2024 table is the
 * default.
 */
export type Track = (typeof TRACKS)[number];
export type Level = (typeof LEVELS)[number];
export type SchoolKind = (typeof DIGITAL_MODES)[number];

export { isTrackLevel, TRACK_LEVELS };

/** Vocational levels that receive the digital textbook rate (the seed leaves out 3e prépa-métiers and MC/FC). */
export const VOCATIONAL_TEXTBOOK_LEVELS: readonly Level[] = ["2de", "1re", "tle", "bma1", "bma2", "cap1", "cap2"];
/** Vocational levels that receive the consumables rate: all of them. */
export const CONSUMABLE_LEVELS: readonly Level[] = TRACK_LEVELS.vocational;

const GtLevelRates = z.object({ "2de": CentsSchema, "1re": CentsSchema, tle: CentsSchema });

export const TextbookRatesSchema = z.object({
  digital: z.object({
    general: GtLevelRates,
    /** Counted for every technological student, at every level… */
    technologicalCore: CentsSchema,
    /** …plus the specialities line: a technological student counts both. */
    technologicalSpecialities: GtLevelRates,
    vocational: CentsSchema,
  }),
  /** Paper lycée: restocking only, one rate for every track and level. */
  paper: CentsSchema,
  /** Per vocational student, whatever the school kind. */
  consumables: CentsSchema,
});
export type TextbookRates = z.infer<typeof TextbookRatesSchema>;

/** The 2024 table of the IDF back-to-school handbook (seed 001). */
export const DEFAULT_TEXTBOOK_RATES: TextbookRates = {
  digital: {
    general: { "2de": 7200, "1re": 6400, tle: 5600 },
    technologicalCore: 4000,
    technologicalSpecialities: { "2de": 5600, "1re": 4200, tle: 2800 },
    vocational: 4200,
  },
  paper: 500,
  consumables: 2400,
};

export type EnrolmentInput = { track: Track; level: Level; students: number };

export type EnvelopeLine = {
  envelope: "textbooks" | "consumables";
  /** What the rate pays for, in French: "Manuels — voie générale, Seconde". */
  label: string;
  track: Track;
  level: Level;
  /** Which row of the rate table: general, technological-core, technological-specialities, vocational, paper, consumables. */
  rate: "general" | "technological-core" | "technological-specialities" | "vocational" | "paper" | "consumables";
  students: number;
  rateCents: Cents;
  amountCents: Cents;
  /** "120 élèves × 72,00 € = 8 640,00 €" */
  explanation: string;
};

export type TextbookEnvelope = { textbooksCents: Cents; consumablesCents: Cents; totalCents: Cents; lines: EnvelopeLine[] };

export class EnrolmentError extends Error {
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
  }
}

const studentsWord = (n: number) => (n > 1 ? "élèves" : "élève");

function line(envelope: EnvelopeLine["envelope"], rate: EnvelopeLine["rate"], what: string, entry: EnrolmentInput, rateCents: Cents): EnvelopeLine {
  const amountCents = multiplyCents(rateCents, entry.students);
  return {
    envelope,
    label: `${what} — ${TRACK_LABELS[entry.track].toLowerCase()}, ${LEVEL_LABELS[entry.level]}`,
    track: entry.track,
    level: entry.level,
    rate,
    students: entry.students,
    rateCents,
    amountCents,
    explanation: `${entry.students} ${studentsWord(entry.students)} × ${formatEuros(rateCents)} = ${formatEuros(amountCents)}`,
  };
}

/** Refuses what cannot be a lycée's enrolment: a level the track does not have, a count that is not a whole number ≥ 0, a line given twice. */
export function checkEnrolment(enrolment: readonly EnrolmentInput[]): void {
  const seen = new Set<string>();
  enrolment.forEach((entry, index) => {
    if (!isTrackLevel(entry.track, entry.level)) {
      throw new EnrolmentError(`Le niveau « ${LEVEL_LABELS[entry.level]} » n'existe pas dans la ${TRACK_LABELS[entry.track].toLowerCase()}.`, index);
    }
    if (!Number.isSafeInteger(entry.students) || entry.students < 0) {
      throw new EnrolmentError("L'effectif est un nombre entier d'élèves, positif ou nul.", index);
    }
    const key = `${entry.track}/${entry.level}`;
    if (seen.has(key)) throw new EnrolmentError(`La ligne ${TRACK_LABELS[entry.track].toLowerCase()}, ${LEVEL_LABELS[entry.level]} apparaît deux fois.`, index);
    seen.add(key);
  });
}

/**
 * The envelope of one school, line by line. A line with no students is left out (it would
 * explain nothing); a technological student counts on the common-core line and on the
 * specialities line; 3e prépa-métiers and MC/FC receive consumables only in a digital lycée.
 */
export function computeTextbookEnvelope(
  schoolKind: SchoolKind,
  enrolment: readonly EnrolmentInput[],
  rates: TextbookRates = DEFAULT_TEXTBOOK_RATES,
): TextbookEnvelope {
  checkEnrolment(enrolment);
  const lines: EnvelopeLine[] = [];
  for (const entry of enrolment) {
    if (entry.students === 0) continue;
    if (schoolKind === "paper") {
      lines.push(line("textbooks", "paper", "Manuels (lycée papier, réassort)", entry, rates.paper));
    } else if (entry.track === "general") {
      lines.push(line("textbooks", "general", "Manuels", entry, rates.digital.general[entry.level as "2de" | "1re" | "tle"]));
    } else if (entry.track === "technological") {
      lines.push(line("textbooks", "technological-core", "Manuels, tronc commun", entry, rates.digital.technologicalCore));
      lines.push(
        line(
          "textbooks",
          "technological-specialities",
          "Manuels, spécialités",
          entry,
          rates.digital.technologicalSpecialities[entry.level as "2de" | "1re" | "tle"],
        ),
      );
    } else if (VOCATIONAL_TEXTBOOK_LEVELS.includes(entry.level)) {
      lines.push(line("textbooks", "vocational", "Manuels", entry, rates.digital.vocational));
    }
    if (entry.track === "vocational" && CONSUMABLE_LEVELS.includes(entry.level)) {
      lines.push(line("consumables", "consumables", "Consommables", entry, rates.consumables));
    }
  }
  const textbooksCents = sumCents(lines.filter((l) => l.envelope === "textbooks").map((l) => l.amountCents));
  const consumablesCents = sumCents(lines.filter((l) => l.envelope === "consumables").map((l) => l.amountCents));
  return { textbooksCents, consumablesCents, totalCents: textbooksCents + consumablesCents, lines };
}
