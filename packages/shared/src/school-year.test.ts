import { describe, expect, it } from "vitest";
import { isSchoolYear, schoolYearBounds, schoolYearOf } from "./school-year.ts";

describe("school year", () => {
  it("starts on 1 September", () => {
    expect(schoolYearOf(new Date("2026-08-31T12:00:00Z"))).toBe("2025-2026");
    expect(schoolYearOf(new Date("2026-09-01T12:00:00Z"))).toBe("2026-2027");
    expect(schoolYearOf(new Date("2027-01-15T12:00:00Z"))).toBe("2026-2027");
  });

  it("runs from 1 September to 31 August", () => {
    expect(schoolYearBounds("2026-2027")).toEqual({ startsOn: "2026-09-01", endsOn: "2027-08-31" });
  });

  it("refuses years that do not follow each other", () => {
    expect(isSchoolYear("2026-2028")).toBe(false);
    expect(isSchoolYear("2026-2027")).toBe(true);
    expect(() => schoolYearBounds("2026-2026")).toThrow("Année scolaire invalide");
  });
});
