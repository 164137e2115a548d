import { TICKET_KINDS, TICKET_STATUSES } from "@relais/shared/tickets";
import { PAGE_SIZES } from "../../../components/list-footer.tsx";
import { oneOf, optionalString, positiveInt } from "../../../lib/search-params.ts";

export const TICKET_SORTS = ["receivedAt", "number", "priority", "resolutionDueAt", "status"] as const;
const STATUS_CODES = Object.keys(TICKET_STATUSES) as (keyof typeof TICKET_STATUSES)[];
const KIND_CODES = Object.keys(TICKET_KINDS) as (keyof typeof TICKET_KINDS)[];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type TicketListSearch = {
  status?: string[] | undefined;
  category?: string | undefined;
  kind?: (typeof KIND_CODES)[number] | undefined;
  school?: string | undefined;
  mine?: boolean | undefined;
  q?: string | undefined;
  sort?: string | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
};

/** Statuses arrive as "new,qualified" (a saved filter, a link) or as an array (the router). */
function statusList(value: unknown): string[] | undefined {
  const parts = Array.isArray(value) ? value : typeof value === "string" ? value.split(",") : [];
  const valid = parts.filter((s): s is string => typeof s === "string" && (STATUS_CODES as string[]).includes(s));
  return valid.length > 0 ? [...new Set(valid)] : undefined;
}

/** Kept in the URL, so a filtered list can be bookmarked, shared, saved and reloaded. */
export function validateTicketListSearch(search: Record<string, unknown>): TicketListSearch {
  const sort = optionalString(search.sort, 40);
  const category = optionalString(search.category, 40);
  const school = optionalString(search.school, 40);
  const pageSize = positiveInt(search.pageSize, 50, 200);
  return {
    status: statusList(search.status),
    category: category && /^[a-z0-9][a-z0-9-]{1,39}$/.test(category) ? category : undefined,
    kind: oneOf(search.kind, KIND_CODES),
    school: school && UUID.test(school) ? school : undefined,
    mine: search.mine === true || search.mine === "true" ? true : undefined,
    q: optionalString(search.q, 100),
    sort: sort && (TICKET_SORTS as readonly string[]).includes(sort.replace(/^-/, "")) && sort !== "-receivedAt" ? sort : undefined,
    page: search.page === undefined ? undefined : positiveInt(search.page, 1),
    pageSize: (PAGE_SIZES as readonly number[]).includes(pageSize) && pageSize !== 50 ? pageSize : undefined,
  };
}

/** A search as a saved filter's query string (the API keeps it as text), and back. */
export function searchToQuery(search: TicketListSearch): string {
  const params = new URLSearchParams();
  if (search.status) params.set("status", search.status.join(","));
  for (const key of ["category", "kind", "school", "q", "sort"] as const) if (search[key]) params.set(key, String(search[key]));
  if (search.mine) params.set("mine", "true");
  return params.toString().replace(/%2C/g, ",");
}

export function queryToSearch(query: string): TicketListSearch {
  return validateTicketListSearch(Object.fromEntries(new URLSearchParams(query)));
}
