import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { allocateCents, formatEuros, multiplyCents, parseEuros, sumCents } from "./money.ts";

describe("money", () => {
  it("multiplies a rate by a count exactly and refuses fractions", () => {
    expect(multiplyCents(7200, 123)).toBe(885_600);
    expect(() => multiplyCents(7200, 1.5)).toThrow(RangeError);
    expect(() => multiplyCents(72.5, 2)).toThrow(RangeError);
  });

  it("sums cents and refuses fractions", () => {
    expect(sumCents([1, 2, 3])).toBe(6);
    expect(sumCents([])).toBe(0);
    expect(() => sumCents([1, 0.5])).toThrow(RangeError);
  });

  it("shares an amount so that the parts add up to it, each within a cent of its exact share", () => {
    expect(allocateCents(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocateCents(10, [0, 0])).toEqual([0, 0]);
    expect(allocateCents(1000, [3, 1])).toEqual([750, 250]);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000_000 }),
        fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 30 }),
        (total, weights) => {
          const parts = allocateCents(total, weights);
          const weightSum = weights.reduce((a, b) => a + b, 0);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(weightSum === 0 ? 0 : total);
          parts.forEach((part, i) => {
            expect(Number.isInteger(part)).toBe(true);
            if (weightSum > 0) expect(Math.abs(part - (total * weights[i]!) / weightSum)).toBeLessThan(1);
          });
        },
      ),
    );
  });

  it("formats in French and parses what people type", () => {
    expect(formatEuros(123456).replace(/\s/g, " ")).toBe("1 234,56 €");
    expect(parseEuros("12")).toBe(1200);
    expect(parseEuros("12,5")).toBe(1250);
    expect(parseEuros("12.05")).toBe(1205);
    expect(parseEuros("1 234,56 €")).toBe(123456);
    expect(parseEuros("12,345")).toBeNull();
    expect(parseEuros("-3")).toBeNull();
    expect(parseEuros("douze")).toBeNull();
    expect(parseEuros("")).toBeNull();
  });
});
