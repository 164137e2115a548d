import { LoadingOverlay, NativeSelect, Paper, SimpleGrid, Table, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { EmptyMessage } from "../../../components/empty-state.tsx";
import { ListFooter } from "../../../components/list-footer.tsx";
import { PageHeader } from "../../../components/page-header.tsx";
import { ErrorAlert, LoadingBlock } from "../../../components/query-state.tsx";
import { AnchorLink } from "../../../components/router-links.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { useMe } from "../../../lib/session.ts";
import { INBOUND_OUTCOMES, inboundMessagesQuery, pollableRegionIds } from "../api/mail-in-api.ts";
import { OutcomeBadge } from "../components/outcome-badge.tsx";
import { PollNowButton } from "../components/poll-now-button.tsx";
import type { InboundSearch } from "./inbound-messages.search.ts";

const route = getRouteApi("/app/courriels-recus");

/** What came into the desk mailbox, newest first, and what Relais made of each message. */
export function InboundMessagesPage() {
  const { t, tn, formatDateTime } = useI18n();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const messages = useQuery(inboundMessagesQuery(search));
  // A region's administrators and desk read its mailbox now; the platform's administrators wait for the schedule.
  const regionIds = pollableRegionIds(useMe());
  const update = (patch: Partial<InboundSearch>, resetPage = true) =>
    void navigate({ search: (prev) => ({ ...prev, ...patch, ...(resetPage ? { page: undefined } : {}) }), replace: true });

  return (
    <>
      <PageHeader
        title={t("inbound.title")}
        subtitle={t("inbound.subtitle")}
        actions={regionIds.length > 0 ? regionIds.map((id) => <PollNowButton key={id} regionId={id} />) : undefined}
      />
      <Paper
        withBorder
        p="md"
        radius="md"
        bg="white"
        mb="md"
        component="form"
        role="search"
        aria-label={t("inbound.filters")}
        onSubmit={(e: React.FormEvent) => e.preventDefault()}
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" maw={720}>
          <NativeSelect
            label={t("inbound.outcome")}
            value={search.outcome ?? ""}
            onChange={(e) => update({ outcome: (e.currentTarget.value || undefined) as InboundSearch["outcome"] })}
            data={[{ value: "", label: t("inbound.outcome.all") }, ...INBOUND_OUTCOMES.map((o) => ({ value: o, label: t(`inbound.outcome.${o}`) }))]}
          />
        </SimpleGrid>
      </Paper>
      <Text fw={600} mb="xs" role="status" aria-live="polite" aria-atomic="true">
        {messages.data ? tn("inbound.count", messages.data.total) : "\u00a0"}
      </Text>
      {messages.isPending ? (
        <LoadingBlock />
      ) : messages.isError ? (
        <ErrorAlert error={messages.error} onRetry={() => void messages.refetch()} />
      ) : messages.data.items.length === 0 ? (
        <EmptyMessage>{t("inbound.empty")}</EmptyMessage>
      ) : (
        <Paper withBorder radius="md" bg="white" pos="relative">
          <LoadingOverlay visible={messages.isPlaceholderData && messages.isFetching} overlayProps={{ backgroundOpacity: 0.4 }} loaderProps={{ size: "sm" }} />
          <Table.ScrollContainer minWidth={960}>
            <Table striped highlightOnHover verticalSpacing="xs" aria-label={t("inbound.tableLabel")}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t("inbound.date")}</Table.Th>
                  <Table.Th scope="col">{t("inbound.from")}</Table.Th>
                  <Table.Th scope="col">{t("inbound.subject")}</Table.Th>
                  <Table.Th scope="col">{t("inbound.outcome")}</Table.Th>
                  <Table.Th scope="col">{t("inbound.detail")}</Table.Th>
                  <Table.Th scope="col">{t("inbound.ticket")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {messages.data.items.map((m) => (
                  <Table.Tr key={m.id}>
                    {/* When the mail server received it; when it carries no date, when Relais read it. */}
                    <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDateTime(m.receivedAt ?? m.processedAt)}</Table.Td>
                    <Table.Td style={{ overflowWrap: "anywhere" }}>{m.fromAddress}</Table.Td>
                    <Table.Td>
                      {m.subject || (
                        <Text span c="dimmed">
                          {t("inbound.noSubject")}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <OutcomeBadge outcome={m.outcome} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{m.detail ?? "—"}</Text>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>
                      {m.ticketNumber ? (
                        <AnchorLink
                          to="/tickets/$number"
                          params={{ number: m.ticketNumber }}
                          size="sm"
                          aria-label={t("inbound.ticketLink", { number: m.ticketNumber })}
                        >
                          {m.ticketNumber}
                        </AnchorLink>
                      ) : (
                        "—"
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {messages.data && messages.data.total > 0 ? (
        <ListFooter
          page={search.page ?? 1}
          pageSize={search.pageSize ?? 50}
          total={messages.data.total}
          onPage={(p) => update({ page: p === 1 ? undefined : p }, false)}
          onPageSize={(size) => update({ pageSize: size === 50 ? undefined : size })}
        />
      ) : null}
    </>
  );
}
