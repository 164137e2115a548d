import { PAGE_SIZES } from "../../../components/list-footer.tsx";
import { oneOf, positiveInt } from "../../../lib/search-params.ts";

export type InboundSearch = {
  outcome?: "ticket_opened" | "comment_added" | "sender_refused" | "ignored" | "rejected" | undefined;
  page?: number | undefined;
  pageSize?: number | undefined;
};

export function validateInboundSearch(search: Record<string, unknown>): InboundSearch {
  const pageSize = positiveInt(search.pageSize, 50, 200);
  return {
    outcome: oneOf(search.outcome, ["ticket_opened", "comment_added", "sender_refused", "ignored", "rejected"] as const),
    page: search.page === undefined ? undefined : positiveInt(search.page, 1),
    pageSize: (PAGE_SIZES as readonly number[]).includes(pageSize) && pageSize !== 50 ? pageSize : undefined,
  };
}
