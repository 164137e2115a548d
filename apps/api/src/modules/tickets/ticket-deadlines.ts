import { businessMinutesBetween } from "@relais/shared/business-calendar";
import { type SlaDeadlines, slaDeadlines } from "@relais/shared/sla";
import type { Impact, TicketKind, Urgency } from "@relais/shared/tickets";
import type { TicketSettings } from "./ticket-settings.ts";

/** The deadlines a ticket carries, from the region's service levels and the school's department. */
export function ticketDeadlines(input: {
  kind: TicketKind;
  receivedAt: Date;
  dispatchedAt: Date | null;
  waitedMinutes: number;
  category: string;
  urgency: string;
  impact: string;
  departmentCode: string;
  settings: TicketSettings;
}): SlaDeadlines {
  return slaDeadlines(input.settings.sla, { ...input, urgency: input.urgency as Urgency, impact: input.impact as Impact });
}

export function businessMinutesWaited(since: Date, until: Date, settings: TicketSettings, departmentCode: string): number {
  return businessMinutesBetween(since, until, settings.sla.calendar, departmentCode);
}
