import { Alert, List, Skeleton, Stack, Text } from "@mantine/core";
import { IconClockHour4, IconCopy } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { Panel } from "../../../components/panel.tsx";
import { AnchorLink } from "../../../components/router-links.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { deadlinesQuery, similarTicketsQuery } from "../api/tickets-api.ts";
import { statusLabel } from "./ticket-labels.ts";

type Draft = { school: string; category: string; urgency: string; impact: string; kind: string };

/** The deadlines the ticket will get, before it is sent (GET /sla/deadlines). */
export function DeadlinePreview({ draft }: { draft: Draft }) {
  const { t, formatDateTime } = useI18n();
  const complete = Boolean(draft.school && draft.category && draft.urgency && draft.impact);
  const deadlines = useQuery({ ...deadlinesQuery(draft), enabled: complete });
  return (
    <Panel
      title={
        <>
          <IconClockHour4 size={18} aria-hidden style={{ verticalAlign: "-3px", marginRight: 6 }} />
          {t("newTicket.deadlines")}
        </>
      }
      gap="xs"
    >
      <Stack gap="xs">
        {!complete ? (
          <Text size="sm" c="dimmed">
            {t("newTicket.deadlinesHint")}
          </Text>
        ) : deadlines.isPending ? (
          <Skeleton h={48} />
        ) : deadlines.isError ? (
          <Text size="sm" c="red.8">
            {t("newTicket.deadlinesUnavailable")}
          </Text>
        ) : (
          <dl className="deadline-list" aria-live="polite">
            <dt>{t("sla.takeCharge")}</dt>
            <dd>{formatDateTime(deadlines.data.takeChargeDueAt)}</dd>
            <dt>{t("sla.resolution")}</dt>
            <dd>{deadlines.data.resolutionDueAt ? formatDateTime(deadlines.data.resolutionDueAt) : t("sla.noResolutionDeadline")}</dd>
          </dl>
        )}
        <Text size="xs" c="dimmed">
          {t("newTicket.deadlinesFootnote")}
        </Text>
      </Stack>
    </Panel>
  );
}

/** "Don't open several tickets for one incident": the school's open tickets of the same category. */
export function DuplicateHints({ school, category }: { school: string; category: string }) {
  const { t, language, formatDateTime } = useI18n();
  const similar = useQuery({ ...similarTicketsQuery(school, category), enabled: Boolean(school && category) });
  const items = similar.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Alert color="yellow" variant="light" icon={<IconCopy aria-hidden />} title={t("newTicket.similarTitle", { count: items.length })} role="status">
      <Text size="sm" mb="xs">
        {t("newTicket.similarText")}
      </Text>
      <List size="sm" spacing={4}>
        {items.map((ticket) => (
          <List.Item key={ticket.id}>
            <AnchorLink to="/tickets/$number" params={{ number: ticket.number }} fw={600}>
              {ticket.number}
            </AnchorLink>{" "}
            — {ticket.title} ({statusLabel(ticket.status, language)}, {formatDateTime(ticket.receivedAt)})
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
