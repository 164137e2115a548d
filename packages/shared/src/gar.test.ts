import { describe, expect, it } from "vitest";
import { dueGarReset, garAvailability, nextGarReset } from "./gar.ts";

describe("GAR follow-up", () => {
  it("expects a resource 24 to 48 hours after validation", () => {
    const { from, until } = garAvailability(new Date("2024-09-02T08:00:00Z"));
    expect(from.toISOString()).toBe("2024-09-03T08:00:00.000Z");
    expect(until.toISOString()).toBe("2024-09-04T08:00:00.000Z");
  });

  it("resets the links on the next 15 August, Paris time", () => {
    expect(nextGarReset(new Date("2024-06-01T10:00:00Z"))).toBe("2024-08-15");
    expect(nextGarReset(new Date("2024-08-15T21:59:00Z"))).toBe("2024-08-15"); // 23:59 in Paris
    expect(nextGarReset(new Date("2024-08-15T22:00:00Z"))).toBe("2025-08-15"); // 16 August in Paris
    expect(nextGarReset(new Date("2024-12-31T23:30:00Z"))).toBe("2025-08-15");
  });
});

describe("dueGarReset", () => {
  it("is the latest 15 August (Paris day) for a fortnight, with the school year it clears", () => {
    expect(dueGarReset(new Date("2026-08-14T21:59:00Z"))).toBeNull(); // 14 August, 23:59 in Paris
    expect(dueGarReset(new Date("2026-08-14T22:00:00Z"))).toEqual({ resetOn: "2026-08-15", schoolYear: "2026-2027" });
    expect(dueGarReset(new Date("2026-08-29T12:00:00Z"))).toEqual({ resetOn: "2026-08-15", schoolYear: "2026-2027" });
    expect(dueGarReset(new Date("2026-08-30T12:00:00Z"))).toBeNull();
    expect(dueGarReset(new Date("2026-12-01T12:00:00Z"))).toBeNull();
  });
});
