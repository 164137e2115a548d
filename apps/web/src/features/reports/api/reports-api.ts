import type { Page } from "@relais/shared/lists";
import type { School } from "@relais/shared/schools";
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";

/** Mirrors the API's report (apps/api/src/modules/tickets/reports.routes.ts, ReportSchema), dates as ISO strings. */
export type ReportStatus = "open" | "filed" | "merged" | "answered";
export type Report = {
  id: string;
  schoolId: string;
  schoolName: string;
  authorId: string;
  authorName: string;
  title: string;
  description: string;
  status: ReportStatus;
  ticketId: string | null;
  answer: string | null;
  createdAt: string;
  handledAt: string | null;
};

/** The few ticket fields this page reads (GET /tickets, TicketSummarySchema). */
export type OpenTicket = { id: string; number: string; title: string; status: string; category: string; receivedAt: string };
export type CreatedTicket = { ticket: { id: string; number: string } };

/** Statuses of a ticket that still waits for the Region: a report may be folded into one of them. */
export const OPEN_TICKET_STATUSES = "new,qualified,assigned,in_progress,waiting";

export const reportsQuery = (status?: ReportStatus) =>
  queryOptions({
    queryKey: ["reports", status ?? "all"],
    queryFn: ({ signal }) => api.get<{ items: Report[] }>("/reports", { status }, signal),
    staleTime: 10_000,
  });

export const schoolOpenTicketsQuery = (schoolId: string) =>
  queryOptions({
    queryKey: ["tickets", "list", "open-of-school", schoolId],
    queryFn: ({ signal }) => api.get<Page<OpenTicket>>("/tickets", { school: schoolId, status: OPEN_TICKET_STATUSES, pageSize: 100 }, signal),
  });

/** For someone who reports at the level of a region (an administrator): schools to choose from. */
export const schoolPickQuery = (q: string) =>
  queryOptions({
    queryKey: ["schools", "pick", q],
    queryFn: ({ signal }) => api.get<Page<School>>("/schools", { q: q || undefined, pageSize: 20, sort: "name" }, signal),
    placeholderData: keepPreviousData,
  });

export const sendReport = (input: { school: string; title: string; description: string }) => api.post<{ id: string; status: ReportStatus }>("/reports", input);
export const fileTicketFromReport = (
  id: string,
  input: { kind: string; category: string; urgency: string; impact: string; title: string; description: string },
) => api.post<CreatedTicket>(`/reports/${id}/ticket`, input);
export const mergeReport = (id: string, into: string) => api.post<void>(`/reports/${id}/merge`, { into });
export const answerReport = (id: string, answer: string) => api.post<void>(`/reports/${id}/answer`, { answer });
