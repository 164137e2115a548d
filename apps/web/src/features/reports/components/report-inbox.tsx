import { Badge, Button, Stack, Tabs, Text } from "@mantine/core";
import { IconLink, IconMessageReply, IconTicket } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { EmptyMessage } from "../../../components/empty-state.tsx";
import { ErrorAlert, LoadingBlock } from "../../../components/query-state.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import type { Me } from "../../../lib/session.ts";
import { type Report, reportsQuery } from "../api/reports-api.ts";
import { ReportCard } from "./report-card.tsx";
import { type ReportAction, ReportActionModal } from "./report-modals.tsx";

/**
 * The correspondent's inbox: the open reports of their school(s), each turned into a ticket,
 * folded into an open ticket or answered; what was handled stays in a second tab.
 */
export function ReportInbox({ me }: { me: Me }) {
  const { t } = useI18n();
  const [tab, setTab] = useState<string>("open");
  const [pending, setPending] = useState<{ action: ReportAction; report: Report } | null>(null);
  const open = useQuery(reportsQuery("open"));
  const all = useQuery({ ...reportsQuery(), enabled: tab === "handled" });
  // Their own reports are in "my reports"; the inbox holds the school's.
  const isInbox = (r: Report) => r.authorId !== me.id;
  const openItems = (open.data?.items ?? []).filter(isInbox);
  const handledItems = (all.data?.items ?? []).filter((r) => r.status !== "open" && isInbox(r));
  const severalSchools = new Set([...openItems, ...handledItems].map((r) => r.schoolId)).size > 1 || !me.assignments.every((a) => a.scopeKind === "school");

  return (
    <>
      <Tabs value={tab} onChange={(value) => setTab(value ?? "open")} keepMounted={false}>
        <Tabs.List mb="md">
          <Tabs.Tab
            value="open"
            rightSection={
              <Badge size="sm" variant="light" color={openItems.length > 0 ? "red" : "gray"} aria-hidden={open.isPending}>
                {open.isPending ? "…" : openItems.length}
              </Badge>
            }
          >
            {t("reports.inbox.open")}
          </Tabs.Tab>
          <Tabs.Tab value="handled">{t("reports.inbox.handled")}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="open">
          <Text size="sm" c="dimmed" mb="sm">
            {t("reports.inbox.openHint")}
          </Text>
          {open.isPending ? (
            <LoadingBlock />
          ) : open.isError ? (
            <ErrorAlert error={open.error} onRetry={() => void open.refetch()} />
          ) : openItems.length === 0 ? (
            <EmptyMessage>{t("reports.inbox.empty")}</EmptyMessage>
          ) : (
            <Stack gap="sm">
              {openItems.map((report) => (
                <ReportCard
                  key={report.id}
                  report={report}
                  showAuthor
                  showSchool={severalSchools}
                  canOpenTicket
                  headingOrder={2}
                  actions={
                    <>
                      <Button
                        size="xs"
                        leftSection={<IconTicket size={14} aria-hidden />}
                        onClick={() => setPending({ action: "ticket", report })}
                        aria-describedby={`report-${report.id}`}
                      >
                        {t("reports.action.ticket")}
                      </Button>
                      <Button
                        size="xs"
                        variant="light"
                        leftSection={<IconLink size={14} aria-hidden />}
                        onClick={() => setPending({ action: "merge", report })}
                        aria-describedby={`report-${report.id}`}
                      >
                        {t("reports.action.merge")}
                      </Button>
                      <Button
                        size="xs"
                        variant="default"
                        leftSection={<IconMessageReply size={14} aria-hidden />}
                        onClick={() => setPending({ action: "answer", report })}
                        aria-describedby={`report-${report.id}`}
                      >
                        {t("reports.action.answer")}
                      </Button>
                    </>
                  }
                />
              ))}
            </Stack>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="handled">
          {all.isPending ? (
            <LoadingBlock />
          ) : all.isError ? (
            <ErrorAlert error={all.error} onRetry={() => void all.refetch()} />
          ) : handledItems.length === 0 ? (
            <EmptyMessage>{t("reports.inbox.handledEmpty")}</EmptyMessage>
          ) : (
            <Stack gap="sm">
              {handledItems.map((report) => (
                <ReportCard key={report.id} report={report} showAuthor showSchool={severalSchools} canOpenTicket headingOrder={2} />
              ))}
            </Stack>
          )}
        </Tabs.Panel>
      </Tabs>
      <ReportActionModal action={pending?.action ?? null} report={pending?.report ?? null} onClose={() => setPending(null)} />
    </>
  );
}
