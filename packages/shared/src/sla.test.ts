import { describe, expect, it } from "vitest";
import { DEFAULT_SLA_POLICY, resolutionDays, slaDeadlines } from "./sla.ts";
import { ticketPriority } from "./tickets.ts";

const base = { kind: "incident" as const, departmentCode: "13", receivedAt: new Date("2026-11-23T09:00:00+01:00"), dispatchedAt: null, waitedMinutes: 0 };

describe("resolution delays", () => {
  it.each([
    ["network", "very_high", 1],
    ["wifi", "medium", 2],
    ["ups", "low", 3],
    ["workstation", "very_high", 3],
    ["printer", "medium", 4],
    ["interactive-display", "low", 5],
  ] as const)("%s at urgency %s: J+%i", (category, urgency, days) => {
    expect(resolutionDays(DEFAULT_SLA_POLICY, category, urgency, "user")).toBe(days);
  });

  it("lets the impact force J+1 (whole school) or allow J+5 (no loss of service yet) whatever the urgency", () => {
    expect(resolutionDays(DEFAULT_SLA_POLICY, "printer", "low", "school")).toBe(1);
    expect(resolutionDays(DEFAULT_SLA_POLICY, "network", "very_high", "none")).toBe(5);
  });
});

describe("ticket deadlines", () => {
  it("gives take charge at +2 business hours and resolution by J+n from dispatch", () => {
    const d = slaDeadlines(DEFAULT_SLA_POLICY, {
      ...base,
      category: "network",
      urgency: "very_high",
      impact: "group",
      dispatchedAt: new Date("2026-11-24T10:00:00+01:00"),
    });
    expect(d.takeChargeDueAt.toISOString()).toBe("2026-11-23T10:00:00.000Z");
    expect(d.resolutionDueAt?.toISOString()).toBe("2026-11-25T17:00:00.000Z");
    expect(d.priority).toBe(ticketPriority("very_high", "group"));
  });

  it("adds the business time spent waiting back to the resolution deadline", () => {
    const d = slaDeadlines(DEFAULT_SLA_POLICY, { ...base, category: "network", urgency: "very_high", impact: "group", waitedMinutes: 90 });
    expect(d.resolutionDueAt?.toISOString()).toBe("2026-11-25T08:30:00.000Z"); // J+1 18:00 + 1 h 30 → next day 09:30
  });

  it("sets no resolution deadline on an evolution request", () => {
    expect(slaDeadlines(DEFAULT_SLA_POLICY, { ...base, kind: "evolution", category: "network", urgency: "low", impact: "none" }).resolutionDueAt).toBeNull();
  });
});
