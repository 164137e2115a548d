import { addBusinessMinutes, type BusinessCalendar, DEFAULT_CALENDAR, endOfNthBusinessDay } from "./business-calendar.ts";
import { type Impact, TICKET_CATEGORIES, type TicketKind, ticketPriority, type Urgency } from "./tickets.ts";

/**
 * The desk's service levels (seeds 001/003, issue 3), editable per region: take charge within
 * 2 business hours of receipt; resolve by J+n counted from dispatch, n by category group and
 * urgency, with the impact able to force the shortest or allow the longest delay.
 */
export type SlaPolicy = {
  calendar: BusinessCalendar;
  takeChargeBusinessMinutes: number;
  resolutionDays: Record<"infrastructure" | "office" | "other", Record<Urgency, number>>;
  /** Impact that overrides the urgency: "whole school" forces J+1, "no loss of service yet" allows J+5. */
  impactDays: Partial<Record<Impact, number>>;
};

export const DEFAULT_SLA_POLICY: SlaPolicy = {
  calendar: DEFAULT_CALENDAR,
  takeChargeBusinessMinutes: 120,
  resolutionDays: {
    infrastructure: { very_high: 1, medium: 2, low: 3 },
    office: { very_high: 3, medium: 4, low: 5 },
    // Seed 003: "1 to 5 working days overall"; categories outside both lists follow office IT.
    other: { very_high: 3, medium: 4, low: 5 },
  },
  impactDays: { school: 1, none: 5 },
};

export function categoryGroup(category: string): "infrastructure" | "office" | "other" {
  return (TICKET_CATEGORIES as Record<string, { group: "infrastructure" | "office" | "other" }>)[category]?.group ?? "other";
}

/** J+n for a ticket: the impact override wins over the urgency table. */
export function resolutionDays(policy: SlaPolicy, category: string, urgency: Urgency, impact: Impact): number {
  return policy.impactDays[impact] ?? policy.resolutionDays[categoryGroup(category)][urgency];
}

export type SlaInput = {
  kind: TicketKind;
  category: string;
  urgency: Urgency;
  impact: Impact;
  departmentCode: string;
  receivedAt: Date;
  /** First assignment; before it, the resolution deadline is computed as if dispatched at receipt. */
  dispatchedAt: Date | null;
  /** Business minutes spent waiting for the requester or a third party: added back. */
  waitedMinutes: number;
};

export type SlaDeadlines = { priority: number; takeChargeDueAt: Date; resolutionDueAt: Date | null };

/**
 * The deadlines of a ticket. An evolution request has no resolution deadline: it goes through
 * study, decision and works, each at its own pace.
 */
export function slaDeadlines(policy: SlaPolicy, input: SlaInput): SlaDeadlines {
  const { calendar } = policy;
  const takeChargeDueAt = addBusinessMinutes(input.receivedAt, policy.takeChargeBusinessMinutes, calendar, input.departmentCode);
  if (input.kind === "evolution") return { priority: ticketPriority(input.urgency, input.impact), takeChargeDueAt, resolutionDueAt: null };
  const start = input.dispatchedAt ?? input.receivedAt;
  const due = endOfNthBusinessDay(start, resolutionDays(policy, input.category, input.urgency, input.impact), calendar, input.departmentCode);
  const resolutionDueAt = input.waitedMinutes > 0 ? addBusinessMinutes(due, input.waitedMinutes, calendar, input.departmentCode) : due;
  return { priority: ticketPriority(input.urgency, input.impact), takeChargeDueAt, resolutionDueAt };
}
