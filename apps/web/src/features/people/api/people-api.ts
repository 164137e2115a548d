import type { Page } from "@relais/shared/lists";
import type { Person, PersonInput, PersonUpdate, RoleAssignment } from "@relais/shared/people";
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api, type Json } from "../../../lib/api-client.ts";
import type { PeopleSearch } from "../routes/people.search.ts";

export const peopleQuery = (search: PeopleSearch) =>
  queryOptions({
    queryKey: ["people", "list", search],
    queryFn: ({ signal }) => api.get<Page<Person>>("/people", { ...search }, signal),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });

export const personQuery = (id: string) => queryOptions({ queryKey: ["people", "one", id], queryFn: () => api.get<Person>(`/people/${id}`) });

export const personAssignmentsQuery = (personId: string) =>
  queryOptions({
    queryKey: ["role-assignments", "person", personId],
    queryFn: () => api.get<Page<Json<RoleAssignment>>>("/role-assignments", { personId, pageSize: 200 }),
  });

export const createPerson = (input: PersonInput) => api.post<Person>("/people", input);
export const updatePerson = (id: string, input: PersonUpdate) => api.patch<Person>(`/people/${id}`, input);
