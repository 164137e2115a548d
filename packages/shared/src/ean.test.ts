import { describe, expect, it } from "vitest";
import { ean13CheckDigit, validateEan } from "./ean.ts";

describe("EAN / ISBN", () => {
  it("accepts a valid ISBN-13, with or without hyphens", () => {
    expect(validateEan("978-2-09-172545-1")).toEqual({ ok: true, ean: "9782091725451" });
    expect(validateEan("9782091725451")).toEqual({ ok: true, ean: "9782091725451" });
  });

  it("refuses a wrong check digit and a wrong length", () => {
    expect(validateEan("9782091725454")).toMatchObject({ ok: false, message: expect.stringContaining("clé de contrôle") });
    expect(validateEan("97820917254")).toMatchObject({ ok: false, message: expect.stringContaining("13 chiffres") });
    expect(validateEan("abc")).toMatchObject({ ok: false });
  });

  it("turns an ISBN-10 into its ISBN-13, and checks its own key (X = 10)", () => {
    expect(validateEan("2-09-172545-X")).toMatchObject({ ok: false });
    expect(validateEan("0-306-40615-2")).toEqual({ ok: true, ean: "9780306406157" });
    expect(validateEan("080442957X")).toEqual({ ok: true, ean: "9780804429573" });
    expect(validateEan("0-306-40615-3")).toMatchObject({ ok: false });
    expect(validateEan("X306406152")).toMatchObject({ ok: false });
  });

  it("computes the EAN-13 key", () => {
    expect(ean13CheckDigit("400638133393")).toBe(1);
    expect(ean13CheckDigit("978030640615")).toBe(7);
  });
});
