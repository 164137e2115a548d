import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { computeEquipmentEnvelope, EquipmentFormulaSchema } from "./equipment-envelope.ts";
import { EnrolmentError } from "./textbook-envelope.ts";

const formula = {
  basePerSchoolCents: 500_000,
  perStudentCents: 1_000,
  weights: [
    { track: "vocational" as const, level: "2de" as const, centsPerStudent: 2_500 },
    { track: "technological" as const, level: "tle" as const, centsPerStudent: 1_500 },
  ],
};

describe("equipment envelope", () => {
  it("adds the fixed part, the school's enrolment and the weighted tracks, line by line", () => {
    const result = computeEquipmentEnvelope(formula, [
      { track: "general", level: "2de", students: 300 },
      { track: "vocational", level: "2de", students: 48 },
      { track: "technological", level: "tle", students: 0 },
    ]);
    expect(result.lines.map((l) => [l.label, l.amountCents])).toEqual([
      ["Part fixe par établissement", 500_000],
      ["Effectif de l'établissement", 348_000],
      ["Pondération — voie professionnelle, Seconde", 120_000],
    ]);
    expect(result.lines[1]!.explanation.replace(/\s/g, " ")).toBe("348 élèves × 10,00 € = 3 480,00 €");
    expect(result.totalCents).toBe(968_000);
  });

  it("gives the fixed part alone to a school with no students entered", () => {
    expect(computeEquipmentEnvelope(formula, []).totalCents).toBe(500_000);
  });

  it("follows the Region's weights: changing one weight changes only its line", () => {
    const enrolment = [{ track: "vocational" as const, level: "2de" as const, students: 10 }];
    const before = computeEquipmentEnvelope(formula, enrolment).totalCents;
    const heavier = { ...formula, weights: [{ track: "vocational" as const, level: "2de" as const, centsPerStudent: 3_000 }] };
    expect(computeEquipmentEnvelope(heavier, enrolment).totalCents - before).toBe(10 * 500);
  });

  it("refuses an impossible enrolment like the textbook envelope", () => {
    expect(() => computeEquipmentEnvelope(formula, [{ track: "general", level: "bma1", students: 3 }])).toThrow(EnrolmentError);
  });

  it("checks the formula: whole cents, a level of the track, one weight per track and level", () => {
    expect(EquipmentFormulaSchema.safeParse(formula).success).toBe(true);
    expect(EquipmentFormulaSchema.safeParse({ ...formula, perStudentCents: 10.5 }).success).toBe(false);
    expect(EquipmentFormulaSchema.safeParse({ ...formula, weights: [{ track: "general", level: "cap1", centsPerStudent: 1 }] }).success).toBe(false);
    expect(EquipmentFormulaSchema.safeParse({ ...formula, weights: [formula.weights[0], formula.weights[0]] }).success).toBe(false);
  });

  it("the total is always the sum of its lines", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 }), (general, vocational) => {
        const result = computeEquipmentEnvelope(formula, [
          { track: "general", level: "1re", students: general },
          { track: "vocational", level: "2de", students: vocational },
        ]);
        expect(result.totalCents).toBe(500_000 + (general + vocational) * 1_000 + vocational * 2_500);
        expect(result.lines.reduce((s, l) => s + l.amountCents, 0)).toBe(result.totalCents);
      }),
    );
  });
});
