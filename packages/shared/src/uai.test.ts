import { describe, expect, it } from "vitest";
import { computeUaiCheckLetter, isValidUai, validateUai } from "./uai.ts";

// Real lycées whose UAI is published (education data notes, verified on thousands of schools).
const REAL = ["0750654D", "0750655E", "0750652B", "0750667T", "0750680G", "0770918E", "0920130S", "0060001U", "0830007G", "0050003B"];

describe("UAI check letter", () => {
  it.each(REAL)("accepts the real lycée %s", (uai) => {
    expect(validateUai(uai)).toEqual({ ok: true, uai });
  });

  it("computes the letter as first7 mod 23 over an alphabet without I, O, Q", () => {
    expect(computeUaiCheckLetter("0750654")).toBe("D");
    // 22 → last letter of the 23-letter alphabet; the alphabet never yields I, O or Q.
    const letters = new Set(Array.from({ length: 23 }, (_, i) => computeUaiCheckLetter(String(i).padStart(7, "0"))));
    expect(letters.size).toBe(23);
    expect([...letters].some((l) => "IOQ".includes(l))).toBe(false);
  });

  it("refuses a wrong check letter and says which one is expected", () => {
    const result = validateUai("0750654E");
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain("doit être D");
  });

  it("refuses the fixture UAIs seen in public repos that are not valid", () => {
    expect(isValidUai("0750001A")).toBe(false);
    expect(isValidUai("0340001A")).toBe(false);
  });

  it("normalises case and spaces", () => {
    expect(validateUai(" 0750654d ")).toEqual({ ok: true, uai: "0750654D" });
  });

  it.each([
    ["075065D", "8 caractères"],
    ["07506540D", "8 caractères"],
    ["07A0654D", "chiffres"],
    ["07506545", "lettre"],
  ])("explains what is wrong with %s", (uai, fragment) => {
    const result = validateUai(uai);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain(fragment);
  });
});
