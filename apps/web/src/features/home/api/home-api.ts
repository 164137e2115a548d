import type { Page } from "@relais/shared/lists";
import type { RoleAssignment } from "@relais/shared/people";
import type { School } from "@relais/shared/schools";
import { queryOptions } from "@tanstack/react-query";
import { api, type Json } from "../../../lib/api-client.ts";

export type Sector = { id: string; code: string; name: string; regionId: string; zones: { id: string; code: string; name: string; schoolCount: number }[] };

export const sectorsQuery = queryOptions({ queryKey: ["sectors"], queryFn: () => api.get<{ items: Sector[] }>("/sectors"), staleTime: 5 * 60_000 });
export const academiesQuery = queryOptions({
  queryKey: ["academies"],
  queryFn: () => api.get<{ items: string[] }>("/schools/academies"),
  staleTime: 5 * 60_000,
});

/** How many schools match a filter: the `total` of a one-line page. */
export const schoolCountQuery = (filters: { academie?: string; sectorId?: string; zoneId?: string } = {}) =>
  queryOptions({
    queryKey: ["schools", "count", filters],
    queryFn: async () => (await api.get<Page<School>>("/schools", { ...filters, pageSize: 1 })).total,
    staleTime: 60_000,
  });

export const zoneSchoolsQuery = (zoneId: string) =>
  queryOptions({ queryKey: ["schools", "zone", zoneId], queryFn: () => api.get<Page<School>>("/schools", { zoneId, pageSize: 200, sort: "name" }) });

export const schoolQuery = (school: string) =>
  queryOptions({ queryKey: ["school", school], queryFn: () => api.get<School>(`/schools/${encodeURIComponent(school)}`) });

export const schoolHoldersQuery = (schoolId: string) =>
  queryOptions({
    queryKey: ["role-assignments", "school", schoolId],
    queryFn: () => api.get<Page<Json<RoleAssignment>>>("/role-assignments", { schoolId, active: "true", pageSize: 200 }),
  });
