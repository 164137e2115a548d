import { PAGE_SIZES } from "../../../components/list-footer.tsx";
import { isoDay, oneOf, optionalString, positiveInt } from "../../../lib/search-params.ts";

export type AuditSearch = {
  category?: "change" | "security" | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
};

export function validateAuditSearch(search: Record<string, unknown>): AuditSearch {
  const pageSize = positiveInt(search.pageSize, 50, 200);
  return {
    category: oneOf(search.category, ["change", "security"] as const),
    action: optionalString(search.action, 60),
    from: isoDay(search.from),
    to: isoDay(search.to),
    page: search.page === undefined ? undefined : positiveInt(search.page, 1),
    pageSize: (PAGE_SIZES as readonly number[]).includes(pageSize) && pageSize !== 50 ? pageSize : undefined,
  };
}
