import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LEVELS, TRACKS } from "./schools.ts";
import { computeTextbookEnvelope, DEFAULT_TEXTBOOK_RATES, EnrolmentError, isTrackLevel, type Level, type Track } from "./textbook-envelope.ts";

/**
 * Euros per student, written from the seed's table (seed 001, "Allocation budgétaire"), not from
 * the code's: [textbooks in a digital lycée, textbooks in a paper lycée, consumables].
 */
const SEED_TABLE: Record<string, [number, number, number]> = {
  "general/2de": [72, 5, 0],
  "general/1re": [64, 5, 0],
  "general/tle": [56, 5, 0],
  "technological/2de": [40 + 56, 5, 0],
  "technological/1re": [40 + 42, 5, 0],
  "technological/tle": [40 + 28, 5, 0],
  "vocational/2de": [42, 5, 24],
  "vocational/1re": [42, 5, 24],
  "vocational/tle": [42, 5, 24],
  "vocational/bma1": [42, 5, 24],
  "vocational/bma2": [42, 5, 24],
  "vocational/cap1": [42, 5, 24],
  "vocational/cap2": [42, 5, 24],
  "vocational/3e-prepa-metiers": [0, 5, 24],
  "vocational/mc-fc": [0, 5, 24],
};

describe("textbook envelope", () => {
  it("knows exactly the track and level pairs of the seed table", () => {
    const pairs = TRACKS.flatMap((track) => LEVELS.filter((level) => isTrackLevel(track, level)).map((level) => `${track}/${level}`));
    expect(pairs.sort()).toEqual(Object.keys(SEED_TABLE).sort());
  });

  for (const [pair, [digital, paper, consumables]] of Object.entries(SEED_TABLE)) {
    const [track, level] = pair.split("/") as [Track, Level];
    it(`${pair}: ${digital} € (digital), ${paper} € (paper), ${consumables} € of consumables per student`, () => {
      const enrolment = [{ track, level, students: 10 }];
      const d = computeTextbookEnvelope("digital", enrolment);
      expect(d.textbooksCents).toBe(digital * 100 * 10);
      expect(d.consumablesCents).toBe(consumables * 100 * 10);
      expect(d.totalCents).toBe((digital + consumables) * 100 * 10);
      const p = computeTextbookEnvelope("paper", enrolment);
      expect(p.textbooksCents).toBe(paper * 100 * 10);
      expect(p.consumablesCents).toBe(consumables * 100 * 10);
    });
  }

  it("counts a technological student on the common-core line and on the specialities line", () => {
    const { lines, textbooksCents } = computeTextbookEnvelope("digital", [{ track: "technological", level: "1re", students: 30 }]);
    expect(lines.map((l) => [l.rate, l.rateCents, l.amountCents])).toEqual([
      ["technological-core", 4000, 120_000],
      ["technological-specialities", 4200, 126_000],
    ]);
    expect(textbooksCents).toBe(246_000);
  });

  it("explains every line, and the lines add up to the totals", () => {
    const result = computeTextbookEnvelope("digital", [
      { track: "general", level: "2de", students: 120 },
      { track: "vocational", level: "cap1", students: 1 },
    ]);
    expect(result.lines.map((l) => l.explanation.replace(/\s/g, " "))).toEqual([
      "120 élèves × 72,00 € = 8 640,00 €",
      "1 élève × 42,00 € = 42,00 €",
      "1 élève × 24,00 € = 24,00 €",
    ]);
    expect(result.lines[0]!.label).toBe("Manuels — voie générale, Seconde");
    expect(result.lines[2]!.envelope).toBe("consumables");
    expect(result).toMatchObject({ textbooksCents: 864_000 + 4_200, consumablesCents: 2_400, totalCents: 870_600 });
  });

  it("uses the campaign's rates when the Region has changed them", () => {
    const rates = structuredClone(DEFAULT_TEXTBOOK_RATES);
    rates.digital.general["2de"] = 7150;
    rates.consumables = 2599;
    rates.paper = 650;
    const enrolment = [
      { track: "general" as const, level: "2de" as const, students: 3 },
      { track: "vocational" as const, level: "mc-fc" as const, students: 2 },
    ];
    expect(computeTextbookEnvelope("digital", enrolment, rates)).toMatchObject({ textbooksCents: 21_450, consumablesCents: 5_198 });
    expect(computeTextbookEnvelope("paper", enrolment, rates)).toMatchObject({ textbooksCents: 3_250, consumablesCents: 5_198 });
  });

  it("leaves out lines with no students, and an empty enrolment gives nothing", () => {
    expect(computeTextbookEnvelope("digital", [{ track: "general", level: "tle", students: 0 }])).toEqual({
      textbooksCents: 0,
      consumablesCents: 0,
      totalCents: 0,
      lines: [],
    });
    expect(computeTextbookEnvelope("paper", []).totalCents).toBe(0);
  });

  it("refuses a level the track does not have, a negative or fractional count, a line given twice", () => {
    const refuse = (enrolment: { track: Track; level: Level; students: number }[]) => {
      try {
        computeTextbookEnvelope("digital", enrolment);
      } catch (error) {
        expect(error).toBeInstanceOf(EnrolmentError);
        return { message: (error as EnrolmentError).message, index: (error as EnrolmentError).index };
      }
      throw new Error("accepted");
    };
    expect(refuse([{ track: "general", level: "cap1", students: 3 }])).toEqual({
      message: "Le niveau « CAP 1re année » n'existe pas dans la voie générale.",
      index: 0,
    });
    expect(
      refuse([
        { track: "general", level: "2de", students: 1 },
        { track: "technological", level: "mc-fc", students: 3 },
      ]).index,
    ).toBe(1);
    expect(refuse([{ track: "general", level: "2de", students: -1 }]).message).toContain("entier");
    expect(refuse([{ track: "general", level: "2de", students: 2.5 }]).message).toContain("entier");
    expect(
      refuse([
        { track: "general", level: "2de", students: 1 },
        { track: "general", level: "2de", students: 2 },
      ]).message,
    ).toContain("deux fois");
  });

  it("never loses or invents a cent: the total is the sum of students × rates, for any enrolment", () => {
    const pairs = Object.keys(SEED_TABLE);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.record({ pair: fc.constantFrom(...pairs), students: fc.integer({ min: 0, max: 5000 }) }), { selector: (e) => e.pair, maxLength: 15 }),
        fc.constantFrom("digital" as const, "paper" as const),
        (entries, kind) => {
          const enrolment = entries.map(({ pair, students }) => {
            const [track, level] = pair.split("/") as [Track, Level];
            return { track, level, students };
          });
          const result = computeTextbookEnvelope(kind, enrolment);
          const column = kind === "digital" ? 0 : 1;
          const expectedTextbooks = entries.reduce((sum, e) => sum + SEED_TABLE[e.pair]![column] * 100 * e.students, 0);
          const expectedConsumables = entries.reduce((sum, e) => sum + SEED_TABLE[e.pair]![2] * 100 * e.students, 0);
          expect(result.textbooksCents).toBe(expectedTextbooks);
          expect(result.consumablesCents).toBe(expectedConsumables);
          expect(result.lines.reduce((s, l) => s + l.amountCents, 0)).toBe(result.totalCents);
        },
      ),
    );
  });
});
