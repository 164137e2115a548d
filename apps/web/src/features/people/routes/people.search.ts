import { PAGE_SIZES } from "../../../components/list-footer.tsx";
import { optionalString, positiveInt } from "../../../lib/search-params.ts";

export const PERSON_SORTS = ["lastName", "firstName", "email"] as const;
export type PeopleSearch = { q?: string | undefined; sort?: string | undefined; page?: number | undefined; pageSize?: number | undefined };

export function validatePeopleSearch(search: Record<string, unknown>): PeopleSearch {
  const sort = optionalString(search.sort, 40);
  const pageSize = positiveInt(search.pageSize, 50, 200);
  return {
    q: optionalString(search.q),
    sort: sort && (PERSON_SORTS as readonly string[]).includes(sort.replace(/^-/, "")) && sort !== "lastName" ? sort : undefined,
    page: search.page === undefined ? undefined : positiveInt(search.page, 1),
    pageSize: (PAGE_SIZES as readonly number[]).includes(pageSize) && pageSize !== 50 ? pageSize : undefined,
  };
}
