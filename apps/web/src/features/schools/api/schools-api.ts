import type { Page } from "@relais/shared/lists";
import type { Person, RoleAssignment, RoleAssignmentInput } from "@relais/shared/people";
import type { EnrolmentLine, School, SchoolUpdate } from "@relais/shared/schools";
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api, type Json } from "../../../lib/api-client.ts";
import type { SchoolDirectorySearch } from "../routes/school-directory.search.ts";

export type Sector = { id: string; code: string; name: string; regionId: string; zones: { id: string; code: string; name: string; schoolCount: number }[] };

/** The directory's query string: the page's search, minus what the API does not know. */
export function schoolListQuery(search: SchoolDirectorySearch) {
  const { place, ...rest } = search;
  const [kind, id] = place?.split(":") ?? [];
  return { ...rest, sectorId: kind === "sector" ? id : undefined, zoneId: kind === "zone" ? id : undefined };
}

export const schoolsQuery = (search: SchoolDirectorySearch) =>
  queryOptions({
    queryKey: ["schools", "list", search],
    queryFn: ({ signal }) => api.get<Page<School>>("/schools", schoolListQuery(search), signal),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });

export const sectorsQuery = queryOptions({ queryKey: ["sectors"], queryFn: () => api.get<{ items: Sector[] }>("/sectors"), staleTime: 5 * 60_000 });
export const academiesQuery = queryOptions({
  queryKey: ["academies"],
  queryFn: () => api.get<{ items: string[] }>("/schools/academies"),
  staleTime: 5 * 60_000,
});

export const schoolQuery = (school: string) =>
  queryOptions({ queryKey: ["school", school], queryFn: () => api.get<School>(`/schools/${encodeURIComponent(school)}`) });

export type Enrolment = { schoolYear: string; lines: EnrolmentLine[] };
export const enrolmentQuery = (school: string) =>
  queryOptions({ queryKey: ["school", school, "enrolment"], queryFn: () => api.get<Enrolment>(`/schools/${encodeURIComponent(school)}/enrolment`) });

export type Assignment = Json<RoleAssignment>;
export const schoolHoldersQuery = (schoolId: string) =>
  queryOptions({
    queryKey: ["role-assignments", "school", schoolId],
    queryFn: () => api.get<Page<Assignment>>("/role-assignments", { schoolId, active: "true", pageSize: 200 }),
  });

export const peopleSearchQuery = (q: string) =>
  queryOptions({
    queryKey: ["people", "search", q],
    queryFn: ({ signal }) => api.get<Page<Person>>("/people", { q: q || undefined, pageSize: 20, sort: "lastName" }, signal),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });

export const updateSchool = (school: string, input: SchoolUpdate) => api.patch<School>(`/schools/${encodeURIComponent(school)}`, input);

/** The wire form of a designation (the API fills the school year and the period). */
export type DesignationInput = Omit<RoleAssignmentInput, "replaceCurrent" | "scope"> & { scope: { kind: "school"; id: string }; replaceCurrent?: boolean };
export const designate = (input: DesignationInput) => api.post<Assignment>("/role-assignments", input);
export const endDesignation = (id: string) => api.delete(`/role-assignments/${id}`);
