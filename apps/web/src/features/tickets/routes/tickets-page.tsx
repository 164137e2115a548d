import { Group, Text } from "@mantine/core";
import { IconPlus } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { EmptyMessage } from "../../../components/empty-state.tsx";
import { ExportButtons, type ExportFormat } from "../../../components/export-buttons.tsx";
import { ListFooter } from "../../../components/list-footer.tsx";
import { PageHeader } from "../../../components/page-header.tsx";
import { ErrorAlert, LoadingBlock } from "../../../components/query-state.tsx";
import { ButtonLink } from "../../../components/router-links.tsx";
import { apiUrl } from "../../../lib/api-client.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { hasPermission, useMe } from "../../../lib/session.ts";
import { ticketListQuery, ticketsQuery } from "../api/tickets-api.ts";
import { SavedFilters } from "../components/saved-filters.tsx";
import { TicketFilters } from "../components/ticket-filters.tsx";
import { TicketTable } from "../components/ticket-table.tsx";
import { queryToSearch, searchToQuery, type TicketListSearch } from "./tickets.search.ts";

const route = getRouteApi("/app/tickets");

/** The tickets the person sees: filters kept in the URL, saved filters, sortable columns, CSV. */
export function TicketsPage() {
  const { t, tn } = useI18n();
  const me = useMe();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const tickets = useQuery(ticketsQuery(search));
  const sort = search.sort ?? "-receivedAt";
  const page = search.page ?? 1;
  const pageSize = search.pageSize ?? 50;

  const update = (patch: Partial<TicketListSearch>, resetPage = true) =>
    void navigate({ search: (prev) => ({ ...prev, ...patch, ...(resetPage ? { page: undefined } : {}) }), replace: true });
  const { page: _page, pageSize: _size, ...exportSearch } = search;
  const exportHref = (format: ExportFormat) => apiUrl("/tickets", { ...ticketListQuery(exportSearch), format });

  return (
    <>
      <PageHeader
        title={t("tickets.title")}
        subtitle={t("tickets.subtitle")}
        actions={
          <>
            <ExportButtons label={t("tickets.export")} href={exportHref} />
            {hasPermission(me, "ticket.file") ? (
              <ButtonLink to="/tickets/nouveau" leftSection={<IconPlus size={16} aria-hidden />}>
                {t("nav.newTicket")}
              </ButtonLink>
            ) : null}
          </>
        }
      />
      <TicketFilters
        value={{ status: search.status, category: search.category, kind: search.kind, mine: search.mine, q: search.q }}
        onChange={(filters) => update({ status: undefined, category: undefined, kind: undefined, mine: undefined, q: undefined, ...filters })}
        showMine={hasPermission(me, "ticket.work")}
      />
      <Group justify="space-between" mb="xs" align="flex-end" wrap="wrap">
        <Text fw={600} role="status" aria-live="polite" aria-atomic="true">
          {tickets.data ? tn("tickets.count", tickets.data.total) : "\u00a0"}
        </Text>
        <SavedFilters currentQuery={searchToQuery(exportSearch)} onLoad={(query) => void navigate({ search: queryToSearch(query), replace: true })} />
      </Group>
      {tickets.isPending ? (
        <LoadingBlock />
      ) : tickets.isError ? (
        <ErrorAlert error={tickets.error} onRetry={() => void tickets.refetch()} />
      ) : tickets.data.items.length === 0 ? (
        <EmptyMessage>{t("tickets.empty")}</EmptyMessage>
      ) : (
        <TicketTable
          tickets={tickets.data.items}
          sort={sort}
          onSort={(s) => update({ sort: s === "-receivedAt" ? undefined : s })}
          label={t("tickets.tableLabel")}
        />
      )}
      {tickets.data && tickets.data.total > 0 ? (
        <ListFooter
          page={page}
          pageSize={pageSize}
          total={tickets.data.total}
          onPage={(p) => update({ page: p === 1 ? undefined : p }, false)}
          onPageSize={(size) => update({ pageSize: size === 50 ? undefined : size })}
        />
      ) : null}
    </>
  );
}
