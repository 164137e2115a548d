import { PAGE_SIZES } from "../../../components/list-footer.tsx";
import { oneOf, optionalString, positiveInt } from "../../../lib/search-params.ts";

export type OutboxSearch = {
  status?: "pending" | "sent" | "failed" | "held" | undefined;
  to?: string | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
};

export function validateOutboxSearch(search: Record<string, unknown>): OutboxSearch {
  const pageSize = positiveInt(search.pageSize, 50, 200);
  return {
    status: oneOf(search.status, ["pending", "sent", "failed", "held"] as const),
    to: optionalString(search.to, 254),
    page: search.page === undefined ? undefined : positiveInt(search.page, 1),
    pageSize: (PAGE_SIZES as readonly number[]).includes(pageSize) && pageSize !== 50 ? pageSize : undefined,
  };
}
