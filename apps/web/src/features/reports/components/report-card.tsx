import { Badge, Blockquote, Group, Paper, Stack, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { AnchorLink } from "../../../components/router-links.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import type { Report } from "../api/reports-api.ts";
import { REPORT_STATUS_COLORS, REPORT_STATUS_LABELS } from "./report-labels.ts";

/**
 * One report as its author and its correspondent read it: what was said, by whom, where, and
 * what became of it. A heading per report, so a screen reader can jump from one to the next.
 */
export function ReportCard({
  report,
  showAuthor,
  showSchool,
  canOpenTicket,
  actions,
  headingOrder = 3,
}: {
  report: Report;
  showAuthor: boolean;
  showSchool: boolean;
  /** The ticket page answers only to those who see the ticket: the author follows only a ticket filed for them. */
  canOpenTicket: boolean;
  actions?: ReactNode;
  /** 2 in the inbox, right under the page's title; 3 under "My reports". */
  headingOrder?: 2 | 3;
}) {
  const { t, formatDateTime } = useI18n();
  const meta = [
    showAuthor ? report.authorName : null,
    showSchool ? report.schoolName : null,
    t("reports.sentAt", { date: formatDateTime(report.createdAt) }),
  ].filter(Boolean);
  return (
    <Paper withBorder p="md" radius="md" bg="white" component="article" aria-labelledby={`report-${report.id}`}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
          <Title order={headingOrder} size="h5" id={`report-${report.id}`} style={{ overflowWrap: "anywhere", flex: "1 1 14rem" }}>
            {report.title}
          </Title>
          <Badge color={REPORT_STATUS_COLORS[report.status]} variant="light">
            {t(REPORT_STATUS_LABELS[report.status])}
          </Badge>
        </Group>
        <Text size="xs" c="dimmed">
          {meta.join(" · ")}
        </Text>
        <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
          {report.description}
        </Text>
        {report.status === "answered" && report.answer ? (
          <Blockquote color="teal" p="sm" mt={4} cite={t("reports.answeredAt", { date: formatDateTime(report.handledAt) })}>
            <Text size="xs" fw={700} c="teal.9" mb={4}>
              {t("reports.answer")}
            </Text>
            <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
              {report.answer}
            </Text>
          </Blockquote>
        ) : null}
        {(report.status === "filed" || report.status === "merged") && report.ticketId ? (
          <Text size="sm">
            {t(report.status === "filed" ? "reports.outcome.filed" : "reports.outcome.merged", { date: formatDateTime(report.handledAt) })}{" "}
            {canOpenTicket ? (
              <AnchorLink to="/tickets/$number" params={{ number: report.ticketId }} aria-describedby={`report-${report.id}`}>
                {t("reports.seeTicket")}
              </AnchorLink>
            ) : null}
          </Text>
        ) : null}
        {actions ? (
          <Group gap="xs" mt={4} wrap="wrap">
            {actions}
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}
