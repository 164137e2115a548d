import { Badge, Group, Stack, Tabs, Text } from "@mantine/core";
import { useQueries, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { EmptyMessage } from "../../../components/empty-state.tsx";
import { PageHeader } from "../../../components/page-header.tsx";
import { ErrorAlert, LoadingBlock } from "../../../components/query-state.tsx";
import { AnchorLink } from "../../../components/router-links.tsx";
import type { MessageKey } from "../../../lib/i18n/fr.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { ticketsQuery } from "../api/tickets-api.ts";
import { TicketTable } from "../components/ticket-table.tsx";
import type { TicketListSearch } from "./tickets.search.ts";

/** The desk's work, oldest first: what to qualify within two business hours, what to dispatch, what is theirs. */
const QUEUES: { id: string; label: MessageKey; hint: MessageKey; search: TicketListSearch }[] = [
  { id: "qualify", label: "queue.toQualify", hint: "queue.toQualifyHint", search: { status: ["new"], sort: "receivedAt", pageSize: 100 } },
  { id: "assign", label: "queue.toAssign", hint: "queue.toAssignHint", search: { status: ["qualified"], sort: "receivedAt", pageSize: 100 } },
  {
    id: "mine",
    label: "queue.mine",
    hint: "queue.mineHint",
    search: { status: ["assigned", "in_progress", "waiting"], mine: true, sort: "resolutionDueAt", pageSize: 100 },
  },
  { id: "waiting", label: "queue.waiting", hint: "queue.waitingHint", search: { status: ["waiting"], sort: "receivedAt", pageSize: 100 } },
];

export function DeskQueuePage() {
  const { t } = useI18n();
  const [tab, setTab] = useState("qualify");
  // The same queries as the panels': the counts and the open tab share one request.
  const counts = useQueries({ queries: QUEUES.map((q) => ({ ...ticketsQuery(q.search), refetchInterval: 60_000 })) });
  return (
    <>
      <PageHeader title={t("queue.title")} subtitle={t("queue.subtitle")} />
      <Tabs value={tab} onChange={(value) => setTab(value ?? "qualify")} keepMounted={false}>
        <Tabs.List mb="md">
          {QUEUES.map((q) => (
            <Tabs.Tab
              key={q.id}
              value={q.id}
              rightSection={
                <Badge size="sm" variant="light" color={q.id === "qualify" ? "red" : "blue"}>
                  {counts[QUEUES.indexOf(q)]?.data?.total ?? "…"}
                </Badge>
              }
            >
              {t(q.label)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {QUEUES.map((q) => (
          <Tabs.Panel key={q.id} value={q.id}>
            <Queue search={q.search} hint={t(q.hint)} label={t(q.label)} />
          </Tabs.Panel>
        ))}
      </Tabs>
    </>
  );
}

function Queue({ search, hint, label }: { search: TicketListSearch; hint: string; label: string }) {
  const { t } = useI18n();
  const tickets = useQuery({ ...ticketsQuery(search), refetchInterval: 60_000 });
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          {hint}
        </Text>
        <AnchorLink to="/tickets" search={{ status: search.status, mine: search.mine, sort: search.sort }} size="sm">
          {t("queue.openInList")}
        </AnchorLink>
      </Group>
      {tickets.isPending ? (
        <LoadingBlock />
      ) : tickets.isError ? (
        <ErrorAlert error={tickets.error} onRetry={() => void tickets.refetch()} />
      ) : tickets.data.items.length === 0 ? (
        <EmptyMessage>{t("queue.empty")}</EmptyMessage>
      ) : (
        <TicketTable tickets={tickets.data.items} label={label} />
      )}
    </Stack>
  );
}
