import { describe, expect, it } from "vitest";
import {
  CampaignCalendarSchema,
  closedMessage,
  defaultTextbookCalendar,
  isReturnable,
  orderingStatus,
  parisDateOf,
  parisStartOf,
  returnDeadlineFor,
} from "./campaign-windows.ts";

const calendar = defaultTextbookCalendar("2024-2025");

describe("campaign windows", () => {
  it("has the 2024 handbook's dates by default", () => {
    expect(calendar.windows.map((w) => [w.opensOn, w.closesOn])).toEqual([
      ["2024-06-26", "2024-09-17"],
      ["2024-09-19", "2025-08-31"],
    ]);
    expect(calendar.returnDeadlines.map((r) => [r.orderedBy, r.returnBy])).toEqual([
      ["2024-08-31", "2024-09-17"],
      ["2024-09-30", "2024-10-18"],
    ]);
    expect(CampaignCalendarSchema.safeParse(calendar).success).toBe(true);
  });

  it("opens at midnight Paris time on the first day and closes at midnight after the last day", () => {
    // 26/06/2024 00:00 in Paris (summer time) is 25/06 22:00 UTC.
    expect(orderingStatus(calendar.windows, new Date("2024-06-25T21:59:59Z")).isOpen).toBe(false);
    expect(orderingStatus(calendar.windows, new Date("2024-06-25T22:00:00Z")).isOpen).toBe(true);
    expect(orderingStatus(calendar.windows, new Date("2024-09-17T21:59:59Z")).isOpen).toBe(true);
    expect(orderingStatus(calendar.windows, new Date("2024-09-17T22:00:00Z")).isOpen).toBe(false);
  });

  it("says when the next window opens: 18/09 is closed until the 19/09 reopening", () => {
    const status = orderingStatus(calendar.windows, new Date("2024-09-18T10:00:00Z"));
    expect(status).toMatchObject({ isOpen: false, current: null, next: { opensOn: "2024-09-19" } });
    expect(status.next?.opensAt.toISOString()).toBe("2024-09-18T22:00:00.000Z");
    expect(closedMessage(status)).toBe(
      "Les commandes sont fermées : la prochaine fenêtre (« Commandes pour les élèves nouvellement arrivés ») ouvre le 19/09/2024.",
    );
  });

  it("before the first window, the next is the first; after the last, there is none", () => {
    expect(orderingStatus(calendar.windows, new Date("2024-01-10T10:00:00Z")).next?.opensOn).toBe("2024-06-26");
    const after = orderingStatus(calendar.windows, new Date("2025-09-01T10:00:00Z"));
    expect(after).toMatchObject({ isOpen: false, next: null });
    expect(closedMessage(after)).toContain("aucune autre fenêtre");
  });

  it("while a window is open, it is the current one and the next is the one after", () => {
    const status = orderingStatus(calendar.windows, new Date("2024-07-01T10:00:00Z"));
    expect(status.current?.opensOn).toBe("2024-06-26");
    expect(status.next?.opensOn).toBe("2024-09-19");
  });

  it("reads Paris days in winter time too", () => {
    expect(parisDateOf(new Date("2024-12-31T23:30:00Z"))).toBe("2025-01-01");
    expect(parisStartOf("2025-01-01").toISOString()).toBe("2024-12-31T23:00:00.000Z");
  });

  it("gives paper items ordered by 31/08 until 17/09, those ordered by 30/09 until 18/10, later ones no return", () => {
    const deadlines = calendar.returnDeadlines;
    expect(returnDeadlineFor(deadlines, new Date("2024-07-01T10:00:00Z"))).toBe("2024-09-17");
    expect(returnDeadlineFor(deadlines, new Date("2024-08-31T21:59:00Z"))).toBe("2024-09-17"); // 23:59 in Paris
    expect(returnDeadlineFor(deadlines, new Date("2024-08-31T22:00:00Z"))).toBe("2024-10-18"); // 1 September in Paris
    expect(returnDeadlineFor(deadlines, new Date("2024-10-01T10:00:00Z"))).toBeNull();
    expect(isReturnable(deadlines, new Date("2024-07-01T10:00:00Z"), new Date("2024-09-17T12:00:00Z"))).toBe(true);
    expect(isReturnable(deadlines, new Date("2024-07-01T10:00:00Z"), new Date("2024-09-18T12:00:00Z"))).toBe(false);
    expect(isReturnable(deadlines, new Date("2024-09-20T10:00:00Z"), new Date("2024-10-18T12:00:00Z"))).toBe(true);
  });

  it("refuses overlapping windows, a window that closes before it opens, and dates that do not exist", () => {
    const base = { label: "Fenêtre", opensOn: "2024-06-26", closesOn: "2024-09-17" };
    expect(CampaignCalendarSchema.safeParse({ windows: [base, { ...base, opensOn: "2024-09-17", closesOn: "2024-10-01" }], returnDeadlines: [] }).success).toBe(
      false,
    );
    expect(CampaignCalendarSchema.safeParse({ windows: [{ ...base, closesOn: "2024-06-01" }], returnDeadlines: [] }).success).toBe(false);
    expect(CampaignCalendarSchema.safeParse({ windows: [{ ...base, closesOn: "2024-02-30" }], returnDeadlines: [] }).success).toBe(false);
    expect(CampaignCalendarSchema.safeParse({ windows: [], returnDeadlines: [] }).success).toBe(false);
    // Garbage of any shape is refused, never a crash in a refinement.
    expect(CampaignCalendarSchema.safeParse({ windows: ["x", { label: 1, opensOn: "nope", closesOn: 3 }], returnDeadlines: 7 }).success).toBe(false);
    expect(CampaignCalendarSchema.safeParse({ windows: [{ ...base, opensOn: "9999-99-99" }], returnDeadlines: [] }).success).toBe(false);
    expect(CampaignCalendarSchema.safeParse({ windows: [base, { ...base, opensOn: "2024-09-18", closesOn: "2024-10-01" }], returnDeadlines: [] }).success).toBe(
      true,
    );
  });
});
