import { DIGITAL_MODES, SCHOOL_TYPES } from "@relais/shared/schools";
import { PAGE_SIZES } from "../../../components/list-footer.tsx";
import { oneOf, optionalString, positiveInt } from "../../../lib/search-params.ts";

export const SCHOOL_SORTS = ["name", "uai", "commune", "academie", "studentCount", "type"] as const;

export type SchoolDirectorySearch = {
  q?: string | undefined;
  academie?: string | undefined;
  type?: (typeof SCHOOL_TYPES)[number] | undefined;
  digitalMode?: (typeof DIGITAL_MODES)[number] | undefined;
  /** "sector:<id>" or "zone:<id>": one filter for the territory, as the API has two. */
  place?: string | undefined;
  sort?: string | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
};

/** Kept in the URL, so that a filtered list can be bookmarked, shared and reloaded. */
export function validateSchoolDirectorySearch(search: Record<string, unknown>): SchoolDirectorySearch {
  const sort = optionalString(search.sort, 40);
  const place = optionalString(search.place, 80);
  const pageSize = positiveInt(search.pageSize, 50, 200);
  return {
    q: optionalString(search.q),
    academie: optionalString(search.academie, 60),
    type: oneOf(search.type, SCHOOL_TYPES),
    digitalMode: oneOf(search.digitalMode, DIGITAL_MODES),
    place: place && /^(sector|zone):[0-9a-f-]{36}$/.test(place) ? place : undefined,
    sort: sort && (SCHOOL_SORTS as readonly string[]).includes(sort.replace(/^-/, "")) && sort !== "name" ? sort : undefined,
    page: search.page === undefined ? undefined : positiveInt(search.page, 1),
    pageSize: (PAGE_SIZES as readonly number[]).includes(pageSize) && pageSize !== 50 ? pageSize : undefined,
  };
}
