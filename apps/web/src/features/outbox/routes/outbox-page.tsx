import { Button, LoadingOverlay, NativeSelect, Paper, SimpleGrid, Table, Text, TextInput, VisuallyHidden } from "@mantine/core";
import { IconEye } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { useEffect, useState } from "react";
import { EmptyMessage } from "../../../components/empty-state.tsx";
import { ListFooter } from "../../../components/list-footer.tsx";
import { PageHeader } from "../../../components/page-header.tsx";
import { ErrorAlert, LoadingBlock } from "../../../components/query-state.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { useDebouncedEffect } from "../../../lib/use-debounced-callback.ts";
import { MESSAGE_STATUSES, outboxQuery } from "../api/outbox-api.ts";
import { MessageStatusBadge } from "../components/message-status-badge.tsx";
import { MessageViewer } from "../components/message-viewer.tsx";
import type { OutboxSearch } from "./outbox.search.ts";

const route = getRouteApi("/app/messages");

/** The e-mails the platform sent or holds (without SMTP, messages are held and readable here). */
export function OutboxPage() {
  const { t, tn, formatDateTime } = useI18n();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const messages = useQuery(outboxQuery(search));
  const [viewing, setViewing] = useState<string | null>(null);
  const [to, setTo] = useState(search.to ?? "");
  useEffect(() => setTo(search.to ?? ""), [search.to]);
  const update = (patch: Partial<OutboxSearch>, resetPage = true) =>
    void navigate({ search: (prev) => ({ ...prev, ...patch, ...(resetPage ? { page: undefined } : {}) }), replace: true });
  useDebouncedEffect(to, 300, (text) => {
    if ((text.trim() || undefined) !== search.to) update({ to: text.trim() || undefined });
  });

  return (
    <>
      <PageHeader title={t("outbox.title")} subtitle={t("outbox.subtitle")} />
      <Paper
        withBorder
        p="md"
        radius="md"
        bg="white"
        mb="md"
        component="form"
        role="search"
        aria-label={t("audit.filters")}
        onSubmit={(e: React.FormEvent) => e.preventDefault()}
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" maw={720}>
          <NativeSelect
            label={t("outbox.status")}
            value={search.status ?? ""}
            onChange={(e) => update({ status: (e.currentTarget.value || undefined) as OutboxSearch["status"] })}
            data={[{ value: "", label: t("outbox.status.all") }, ...MESSAGE_STATUSES.map((s) => ({ value: s, label: t(`outbox.status.${s}`) }))]}
          />
          <TextInput label={t("outbox.to")} type="search" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        </SimpleGrid>
      </Paper>
      <Text fw={600} mb="xs" role="status" aria-live="polite" aria-atomic="true">
        {messages.data ? tn("outbox.count", messages.data.total) : "\u00a0"}
      </Text>
      {messages.isPending ? (
        <LoadingBlock />
      ) : messages.isError ? (
        <ErrorAlert error={messages.error} onRetry={() => void messages.refetch()} />
      ) : messages.data.items.length === 0 ? (
        <EmptyMessage>{t("outbox.empty")}</EmptyMessage>
      ) : (
        <Paper withBorder radius="md" bg="white" pos="relative">
          <LoadingOverlay visible={messages.isPlaceholderData && messages.isFetching} overlayProps={{ backgroundOpacity: 0.4 }} loaderProps={{ size: "sm" }} />
          <Table.ScrollContainer minWidth={860}>
            <Table striped highlightOnHover verticalSpacing="xs" aria-label={t("outbox.title")}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t("outbox.createdAt")}</Table.Th>
                  <Table.Th scope="col">{t("outbox.to")}</Table.Th>
                  <Table.Th scope="col">{t("outbox.subject")}</Table.Th>
                  <Table.Th scope="col">{t("outbox.status")}</Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t("outbox.attempts")}
                  </Table.Th>
                  <Table.Th scope="col">{t("common.actions")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {messages.data.items.map((m) => (
                  <Table.Tr key={m.id}>
                    <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDateTime(m.createdAt)}</Table.Td>
                    <Table.Td>{m.toAddress}</Table.Td>
                    <Table.Td>{m.subject}</Table.Td>
                    <Table.Td>
                      <MessageStatusBadge status={m.status} />
                    </Table.Td>
                    <Table.Td ta="right">{m.attempts}</Table.Td>
                    <Table.Td>
                      <Button size="xs" variant="light" leftSection={<IconEye size={14} aria-hidden />} onClick={() => setViewing(m.id)}>
                        {t("outbox.view")}
                        <VisuallyHidden> {t("outbox.viewLabel", { subject: m.subject })}</VisuallyHidden>
                      </Button>
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
      <MessageViewer id={viewing} onClose={() => setViewing(null)} />
    </>
  );
}
