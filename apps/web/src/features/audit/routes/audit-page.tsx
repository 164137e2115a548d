import {
  ActionIcon,
  Badge,
  Button,
  Group,
  LoadingOverlay,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from "@mantine/core";
import { auditActionLabel, auditEntityLabel } from "@relais/shared/audit-actions";
import { IconChevronDown, IconChevronRight, IconX } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { Fragment, useEffect, useState } from "react";
import { EmptyMessage } from "../../../components/empty-state.tsx";
import { ExportButtons, type ExportFormat } from "../../../components/export-buttons.tsx";
import { ListFooter } from "../../../components/list-footer.tsx";
import { PageHeader } from "../../../components/page-header.tsx";
import { ErrorAlert, LoadingBlock } from "../../../components/query-state.tsx";
import { apiUrl } from "../../../lib/api-client.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { useDebouncedEffect } from "../../../lib/use-debounced-callback.ts";
import { auditApiQuery, auditQuery } from "../api/audit-api.ts";
import { AuditDiff } from "../components/audit-diff.tsx";
import type { AuditSearch } from "./audit.search.ts";

const route = getRouteApi("/app/journal");

/** Who did what, when: changes and security events, with before/after, filterable and exportable. */
export function AuditPage() {
  const { t, tn, formatDateTime, language } = useI18n();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const events = useQuery(auditQuery(search));
  const [expanded, setExpanded] = useState<Set<number>>(new Set());
  const [action, setAction] = useState(search.action ?? "");
  useEffect(() => setAction(search.action ?? ""), [search.action]);
  const update = (patch: Partial<AuditSearch>, resetPage = true) =>
    void navigate({ search: (prev) => ({ ...prev, ...patch, ...(resetPage ? { page: undefined } : {}) }), replace: true });
  useDebouncedEffect(action, 300, (text) => {
    if ((text.trim() || undefined) !== search.action) update({ action: text.trim() || undefined });
  });
  const toggle = (id: number) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const { page: _p, pageSize: _s, ...exportSearch } = search;
  const exportHref = (format: ExportFormat) => apiUrl("/audit-events", { ...auditApiQuery(exportSearch), format });
  const isFiltered = Boolean(search.category || search.action || search.from || search.to);

  return (
    <>
      <PageHeader title={t("audit.title")} subtitle={t("audit.subtitle")} actions={<ExportButtons label={t("schools.export")} href={exportHref} />} />
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
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="sm">
          <NativeSelect
            label={t("audit.category")}
            value={search.category ?? ""}
            onChange={(e) => update({ category: (e.currentTarget.value || undefined) as AuditSearch["category"] })}
            data={[
              { value: "", label: t("audit.category.all") },
              { value: "change", label: t("audit.category.change") },
              { value: "security", label: t("audit.category.security") },
            ]}
          />
          <TextInput
            label={t("audit.action")}
            description={t("audit.actionHint")}
            inputWrapperOrder={["label", "input", "description"]}
            value={action}
            onChange={(e) => setAction(e.currentTarget.value)}
          />
          <TextInput
            label={t("audit.from")}
            type="date"
            value={search.from ?? ""}
            max={search.to}
            onChange={(e) => update({ from: e.currentTarget.value || undefined })}
          />
          <TextInput
            label={t("audit.to")}
            type="date"
            value={search.to ?? ""}
            min={search.from}
            onChange={(e) => update({ to: e.currentTarget.value || undefined })}
          />
        </SimpleGrid>
        {isFiltered ? (
          <Button
            mt="sm"
            variant="subtle"
            size="xs"
            leftSection={<IconX size={14} aria-hidden />}
            onClick={() => {
              setAction("");
              update({ category: undefined, action: undefined, from: undefined, to: undefined });
            }}
          >
            {t("schools.filter.reset")}
          </Button>
        ) : null}
      </Paper>
      <Text fw={600} mb="xs" role="status" aria-live="polite" aria-atomic="true">
        {events.data ? tn("audit.count", events.data.total) : "\u00a0"}
      </Text>
      {events.isPending ? (
        <LoadingBlock />
      ) : events.isError ? (
        <ErrorAlert error={events.error} onRetry={() => void events.refetch()} />
      ) : events.data.items.length === 0 ? (
        <EmptyMessage>{t("audit.empty")}</EmptyMessage>
      ) : (
        <Paper withBorder radius="md" bg="white" pos="relative">
          <LoadingOverlay visible={events.isPlaceholderData && events.isFetching} overlayProps={{ backgroundOpacity: 0.4 }} loaderProps={{ size: "sm" }} />
          <Table.ScrollContainer minWidth={860}>
            <Table verticalSpacing="xs" aria-label={t("audit.title")}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col" w={48}>
                    <VisuallyHidden>{t("audit.details")}</VisuallyHidden>
                  </Table.Th>
                  <Table.Th scope="col">{t("audit.when")}</Table.Th>
                  <Table.Th scope="col">{t("audit.who")}</Table.Th>
                  <Table.Th scope="col">{t("audit.category")}</Table.Th>
                  <Table.Th scope="col">{t("audit.what")}</Table.Th>
                  <Table.Th scope="col">{t("audit.object")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {events.data.items.map((event) => {
                  const isOpen = expanded.has(event.id);
                  const detailId = `audit-detail-${event.id}`;
                  return (
                    <Fragment key={event.id}>
                      <Table.Tr>
                        <Table.Td>
                          <ActionIcon variant="subtle" aria-expanded={isOpen} aria-controls={detailId} onClick={() => toggle(event.id)}>
                            <VisuallyHidden>
                              {t(isOpen ? "audit.hideDetail" : "audit.showDetail", { action: auditActionLabel(event.action, language) })}
                            </VisuallyHidden>
                            {isOpen ? <IconChevronDown size={16} aria-hidden /> : <IconChevronRight size={16} aria-hidden />}
                          </ActionIcon>
                        </Table.Td>
                        <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDateTime(event.occurredAt)}</Table.Td>
                        <Table.Td>{event.actorLabel}</Table.Td>
                        <Table.Td>
                          <Badge color={event.category === "security" ? "red" : "blue"}>
                            {event.category === "security" ? t("audit.category.security") : t("audit.category.change")}
                          </Badge>
                        </Table.Td>
                        <Table.Td fz="sm">
                          {auditActionLabel(event.action, language)}
                          <Text c="dimmed" fz="xs" ff="monospace">
                            {event.action}
                          </Text>
                        </Table.Td>
                        <Table.Td fz="sm">
                          {auditEntityLabel(event.entityType, language)}
                          {event.entityId ? (
                            <Text span c="dimmed" fz="xs" ff="monospace">
                              {" "}
                              {event.entityId.slice(0, 8)}
                            </Text>
                          ) : null}
                        </Table.Td>
                      </Table.Tr>
                      <Table.Tr id={detailId} hidden={!isOpen}>
                        <Table.Td colSpan={6} bg="gray.0">
                          {isOpen ? (
                            <Stack gap="xs" p="xs">
                              <AuditDiff before={event.before} after={event.after} />
                              <Group gap="lg">
                                <Text size="xs" c="dimmed">
                                  {t("audit.requestId")} : <span style={{ fontFamily: "monospace" }}>{event.requestId ?? "—"}</span>
                                </Text>
                                <Text size="xs" c="dimmed">
                                  {t("audit.ip")} : <span style={{ fontFamily: "monospace" }}>{event.ip ?? "—"}</span>
                                </Text>
                                {event.entityId ? (
                                  <Text size="xs" c="dimmed">
                                    {t("audit.entityId")} : <span style={{ fontFamily: "monospace" }}>{event.entityId}</span>
                                  </Text>
                                ) : null}
                              </Group>
                            </Stack>
                          ) : null}
                        </Table.Td>
                      </Table.Tr>
                    </Fragment>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
      {events.data && events.data.total > 0 ? (
        <ListFooter
          page={search.page ?? 1}
          pageSize={search.pageSize ?? 50}
          total={events.data.total}
          onPage={(p) => update({ page: p === 1 ? undefined : p }, false)}
          onPageSize={(size) => update({ pageSize: size === 50 ? undefined : size })}
        />
      ) : null}
    </>
  );
}
