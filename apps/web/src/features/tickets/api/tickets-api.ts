import type { Page } from "@relais/shared/lists";
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";
import type { TicketListSearch } from "../routes/tickets.search.ts";

/** Mirrors the API's ticket shapes (apps/api/src/modules/tickets/tickets.contract.ts), dates as ISO strings. */
export type TicketSummary = {
  id: string;
  number: string;
  regionId: string;
  schoolId: string;
  schoolUai: string;
  schoolName: string;
  kind: string;
  category: string;
  channel: string;
  urgency: string;
  impact: string;
  priority: number;
  title: string;
  status: string;
  requesterId: string;
  requesterName: string;
  assigneePersonId: string | null;
  assigneeName: string | null;
  assigneeOrganisationId: string | null;
  assigneeOrganisationName: string | null;
  receivedAt: string;
  takeChargeDueAt: string;
  resolutionDueAt: string | null;
  qualifiedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  version: number;
};

export type TicketEvent = {
  id: number;
  occurredAt: string;
  actorLabel: string;
  type: string;
  visibility: "public" | "internal";
  body: string | null;
  data: Record<string, unknown> | null;
};

export type Candidate = { id: string; name: string; role: string };
export type SuggestedRoute =
  | { handler: "zone_technicians"; technicians: Candidate[] }
  | { handler: "organisation"; organisationId: string; organisationName: string }
  | { handler: "supplier"; supplier: string; contact: string | null };

export type TicketDetail = {
  ticket: TicketSummary;
  details: {
    description: string;
    channel: string;
    schoolDepartment: string;
    dispatchedAt: string | null;
    waitingSince: string | null;
    waitedMinutes: number;
    resolution: string | null;
    timeSpentMinutes: number | null;
    processingMinutes: number | null;
    decision: string | null;
    reroutedTo: string | null;
    mergedIntoNumber: string | null;
    reopenCount: number;
    escalationLevel: number;
    breachNotificationDueAt: string | null;
  };
  events: TicketEvent[];
  allowedActions: string[];
  can: { comment: boolean; internalNote: boolean; remind: boolean; reclassify: boolean; escalate: boolean };
  suggestedRoute: SuggestedRoute | null;
};

export type SavedFilter = { id: string; name: string; query: string; createdAt: string };
export type Deadlines = { takeChargeDueAt: string; resolutionDueAt: string | null };
export type FileTicketInput = {
  school: string;
  kind: string;
  category: string;
  urgency: string;
  impact: string;
  title: string;
  description: string;
  channel?: string;
  requesterId?: string;
};

/** The list's query string as the API takes it. */
export function ticketListQuery(search: TicketListSearch) {
  return { ...search, status: search.status?.join(","), mine: search.mine ? "true" : undefined };
}

export const ticketsQuery = (search: TicketListSearch) =>
  queryOptions({
    queryKey: ["tickets", "list", search],
    queryFn: ({ signal }) => api.get<Page<TicketSummary>>("/tickets", ticketListQuery(search), signal),
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });

export const ticketQuery = (number: string) =>
  queryOptions({ queryKey: ["tickets", "detail", number], queryFn: () => api.get<TicketDetail>(`/tickets/${encodeURIComponent(number)}`) });

export const assigneesQuery = (ticketId: string) =>
  queryOptions({
    queryKey: ["tickets", "assignees", ticketId],
    queryFn: () => api.get<{ people: Candidate[]; organisations: { id: string; name: string; kind: string }[] }>(`/tickets/${ticketId}/assignees`),
  });

/** The school's open tickets of a category: shown on the filing form, "one incident, one ticket". */
export const similarTicketsQuery = (school: string, category: string) =>
  queryOptions({
    queryKey: ["tickets", "similar", school, category],
    queryFn: ({ signal }) =>
      api.get<Page<TicketSummary>>("/tickets", { school, category, status: "new,qualified,assigned,in_progress,waiting", pageSize: 5 }, signal),
    staleTime: 10_000,
  });

export const deadlinesQuery = (input: { school: string; category: string; urgency: string; impact: string; kind: string }) =>
  queryOptions({
    queryKey: ["sla", "deadlines", input],
    queryFn: ({ signal }) => api.get<Deadlines>("/sla/deadlines", input, signal),
    staleTime: 60_000,
  });

export const savedFiltersQuery = queryOptions({ queryKey: ["ticket-filters"], queryFn: () => api.get<{ items: SavedFilter[] }>("/me/ticket-filters") });

export const fileTicket = (input: FileTicketInput) => api.post<TicketDetail>("/tickets", input);
export const transitionTicket = (ticketId: string, input: Record<string, unknown>) => api.post<TicketDetail>(`/tickets/${ticketId}/transitions`, input);
export const commentTicket = (ticketId: string, input: { body: string; internal: boolean }) => api.post<TicketDetail>(`/tickets/${ticketId}/comments`, input);
export const remindTicket = (ticketId: string, message: string | undefined) =>
  api.post<TicketDetail>(`/tickets/${ticketId}/reminders`, message ? { message } : {});
export const reclassifyTicket = (ticketId: string, input: Record<string, unknown>) => api.post<TicketDetail>(`/tickets/${ticketId}/reclassification`, input);
export const escalateTicket = (ticketId: string, input: Record<string, unknown>) => api.post<TicketDetail>(`/tickets/${ticketId}/escalations`, input);
export const saveFilter = (input: { name: string; query: string }) => api.post<SavedFilter>("/me/ticket-filters", input);
export const deleteFilter = (id: string) => api.delete(`/me/ticket-filters/${id}`);

/** The inventory items a ticket is about (apps/api/src/modules/inventory/inventory-reports.routes.ts), those the viewer may see. */
export type TicketAsset = {
  id: string;
  name: string | null;
  type: string;
  manufacturer: string | null;
  model: string | null;
  status: string;
  roomId: string | null;
  roomName: string | null;
  schoolUai: string;
  linkedAt: string;
};
export const ticketAssetsQuery = (number: string) =>
  queryOptions({
    queryKey: ["tickets", number, "assets"],
    queryFn: ({ signal }) => api.get<{ items: TicketAsset[] }>(`/inventory/tickets/${encodeURIComponent(number)}/assets`, undefined, signal),
  });
