import type { InterventionJson } from "@relais/shared/interventions";
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";

/** The agenda: interventions the viewer sees over a period (apps/api/src/modules/interventions/interventions.routes.ts). */
export const agendaQuery = (input: { from: string; to: string; technician?: string | undefined }) =>
  queryOptions({
    queryKey: ["interventions", "agenda", input],
    queryFn: ({ signal }) => api.get<{ items: InterventionJson[] }>("/interventions", input, signal),
    placeholderData: keepPreviousData,
  });

/** A new secret address for the viewer's calendar feed; the previous one stops working. */
export const rotateCalendarFeed = () => api.post<{ url: string }>("/calendar-feed");
export const interventionReportUrl = (id: string) => `/api/v1/interventions/${id}/report.pdf`;
