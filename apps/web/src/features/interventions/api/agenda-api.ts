import type { InterventionJson } from "@relais/shared/interventions";
import type { Page } from "@relais/shared/lists";
import type { School } from "@relais/shared/schools";
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

/** Mirrors PreventivePlanResultSchema (apps/api/src/modules/interventions/interventions.contract.ts). */
export type PreventivePlan = {
  month: string;
  quotaDaysPerMonth: number | null;
  schools: { schoolId: string; schoolName: string; pcCount: number | null; pcSource: "inventory" | "declared" | null; dueMinutes: number }[];
  visits: { schoolId: string; schoolName: string; date: string; startsAt: string; durationMinutes: number }[];
  unplanned: { schoolId: string; minutes: number }[];
  created: number;
};
export type PreventivePlanInput = { school?: string; zone?: string; month: string; technicianId: string };

/** The schools the viewer may plan for (their scope's schools), to pick one. */
export const plannableSchoolsQuery = queryOptions({
  queryKey: ["schools", "preventive-pick"],
  queryFn: ({ signal }) => api.get<Page<School>>("/schools", { pageSize: 100, sort: "name" }, signal),
  staleTime: 60_000,
});

export const previewPreventivePlan = (input: PreventivePlanInput) => api.post<PreventivePlan>("/preventive-plans/preview", input);
export const createPreventivePlan = (input: PreventivePlanInput) => api.post<PreventivePlan>("/preventive-plans", input);
export const declareEstate = (school: string, pcCount: number) => api.put<{ pcCount: number }>(`/school-estates/${school}`, { pcCount });

export const certifyIntervention = (id: string, input: { version: number; decision: "certified" | "disputed"; comment?: string }) =>
  api.post<InterventionJson>(`/interventions/${id}/certification`, input);
