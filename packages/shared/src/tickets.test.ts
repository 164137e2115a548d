import { describe, expect, it } from "vitest";
import { actionsFrom, isRestrictedKind, nextStatus, nextStatusOf, TicketKindSchema, ticketPriority, UrgencySchema } from "./tickets.ts";

describe("the ticket workflow", () => {
  it("follows new → qualified → assigned → in progress ⇄ waiting → resolved → closed", () => {
    expect(nextStatus("new", "qualify")).toBe("qualified");
    expect(nextStatus("qualified", "assign")).toBe("assigned");
    expect(nextStatus("assigned", "start")).toBe("in_progress");
    expect(nextStatus("in_progress", "wait")).toBe("waiting");
    expect(nextStatus("waiting", "resume")).toBe("in_progress");
    expect(nextStatus("in_progress", "resolve")).toBe("resolved");
    expect(nextStatus("resolved", "close")).toBe("closed");
  });

  it("lets the correspondent reject a resolution, and re-routes only before work starts", () => {
    expect(nextStatus("resolved", "reopen")).toBe("in_progress");
    expect(nextStatus("new", "reroute")).toBe("rerouted");
    expect(nextStatus("in_progress", "reroute")).toBeNull();
  });

  it("allows nothing from closed or re-routed, and no closure before resolution", () => {
    expect(actionsFrom("closed")).toEqual([]);
    expect(actionsFrom("rerouted")).toEqual([]);
    expect(actionsFrom("merged")).toEqual([]);
    expect(nextStatus("in_progress", "close")).toBeNull();
    expect(nextStatus("new", "resolve")).toBeNull();
    expect(actionsFrom("new").sort()).toEqual(["merge", "qualify", "reroute"]);
    expect(nextStatus("resolved", "merge")).toBeNull();
  });
});

describe("evolution requests", () => {
  it("go through a decision after study: accepted, the works start; refused, the request ends", () => {
    expect(nextStatusOf("evolution", "assigned", "decide", "accepted")).toBe("in_progress");
    expect(nextStatusOf("evolution", "in_progress", "decide", "refused")).toBe("closed");
    expect(nextStatusOf("incident", "assigned", "decide", "accepted")).toBeNull();
    expect(nextStatusOf("evolution", "new", "decide", "accepted")).toBeNull();
    expect(nextStatusOf("evolution", "assigned", "start")).toBe("in_progress");
  });
});

describe("ticket vocabulary", () => {
  it("ranks priority by urgency and impact", () => {
    expect(ticketPriority("very_high", "school")).toBe(1);
    expect(ticketPriority("low", "none")).toBe(5);
    expect(ticketPriority("medium", "user")).toBeLessThan(ticketPriority("low", "user"));
    expect(ticketPriority("medium", "school")).toBeLessThan(ticketPriority("medium", "user"));
  });

  it("restricts security incidents and breaches only", () => {
    expect(isRestrictedKind("data_breach")).toBe(true);
    expect(isRestrictedKind("security_incident")).toBe(true);
    expect(isRestrictedKind("incident")).toBe(false);
  });

  it("names the accepted codes in French when refusing one", () => {
    expect(UrgencySchema.safeParse("critical").error?.issues[0]?.message).toBe("Urgence inconnue (low, medium, very_high).");
    expect(TicketKindSchema.safeParse("question").error?.issues[0]?.message).toContain("Nature inconnue");
  });
});
