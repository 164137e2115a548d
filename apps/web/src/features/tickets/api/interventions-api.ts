import type { InterventionJson } from "@relais/shared/interventions";
import { queryOptions } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";

/** A ticket's interventions (apps/api/src/modules/interventions/interventions.routes.ts). */
export const ticketInterventionsQuery = (ticketNumber: string) =>
  queryOptions({
    queryKey: ["interventions", "ticket", ticketNumber],
    queryFn: ({ signal }) => api.get<{ items: InterventionJson[] }>("/interventions", { ticket: ticketNumber }, signal),
  });

export const planIntervention = (input: { kind: string; ticket: string; technicianId: string; startsAt: string; durationMinutes: number }) =>
  api.post<InterventionJson>("/interventions", input);
export const markInterventionDone = (id: string, input: { version: number; report: string; timeSpentMinutes: number }) =>
  api.post<InterventionJson>(`/interventions/${id}/done`, input);
export const certifyIntervention = (id: string, input: { version: number; decision: "certified" | "disputed"; comment?: string }) =>
  api.post<InterventionJson>(`/interventions/${id}/certification`, input);
export const cancelIntervention = (id: string, input: { version: number; reason: string }) =>
  api.post<InterventionJson>(`/interventions/${id}/cancellation`, input);
export const interventionReportUrl = (id: string) => `/api/v1/interventions/${id}/report.pdf`;
