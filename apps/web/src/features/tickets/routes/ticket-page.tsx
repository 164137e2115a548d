import { Alert, Badge, Button, Grid, Group, Paper, SimpleGrid, Stack, Text } from "@mantine/core";
import { IconAlertTriangle, IconArrowUpRight, IconBell, IconShieldLock, IconTags } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { useState } from "react";
import { PageHeader } from "../../../components/page-header.tsx";
import { Panel } from "../../../components/panel.tsx";
import { ErrorAlert, LoadingBlock } from "../../../components/query-state.tsx";
import { AnchorLink } from "../../../components/router-links.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { type TicketDetail, ticketQuery } from "../api/tickets-api.ts";
import { ActionModal } from "../components/action-modal.tsx";
import { CommentForm } from "../components/comment-form.tsx";
import { type DeskAction, DeskModal } from "../components/desk-modals.tsx";
import { SlaCountdown, useNow } from "../components/sla-countdown.tsx";
import { TicketAssets } from "../components/ticket-assets.tsx";
import { TicketAttachments } from "../components/ticket-attachments.tsx";
import { TicketInterventions } from "../components/ticket-interventions.tsx";
import {
  actionLabel,
  categoryLabel,
  channelLabel,
  destinationLabel,
  impactLabel,
  kindLabel,
  PRIORITY_COLORS,
  STATUS_COLORS,
  statusLabel,
  urgencyLabel,
} from "../components/ticket-labels.ts";
import { TicketTimeline } from "../components/ticket-timeline.tsx";

const route = getRouteApi("/app/tickets/$number");
const RESTRICTED = new Set(["security_incident", "data_breach"]);
/** The steps that end or hand back a ticket come last, so the usual next step is the first button. */
const SECONDARY = new Set(["reroute", "merge", "reopen"]);

/** A ticket: where it stands against its deadlines, what it is about, its history, what the viewer may do. */
export function TicketPage() {
  const { t } = useI18n();
  const { number } = route.useParams();
  const detail = useQuery(ticketQuery(number));
  if (detail.isPending) return <LoadingBlock />;
  if (detail.isError) return <ErrorAlert error={detail.error} onRetry={() => void detail.refetch()} title={t("ticket.loadError")} />;
  return <TicketView detail={detail.data} />;
}

function TicketView({ detail }: { detail: TicketDetail }) {
  const { t, language, formatDateTime } = useI18n();
  const [action, setAction] = useState<string | null>(null);
  const [deskAction, setDeskAction] = useState<DeskAction | null>(null);
  const now = useNow();
  const { ticket, details } = detail;
  const primary = detail.allowedActions.filter((a) => !SECONDARY.has(a));
  const secondary = detail.allowedActions.filter((a) => SECONDARY.has(a));

  return (
    <>
      <PageHeader
        title={`${ticket.number} — ${ticket.title}`}
        before={
          <AnchorLink to="/tickets" size="sm">
            ← {t("nav.tickets")}
          </AnchorLink>
        }
        subtitle={
          <Group gap="xs" mt={4}>
            <Badge color={STATUS_COLORS[ticket.status] ?? "gray"} size="lg" variant="light">
              {statusLabel(ticket.status, language)}
            </Badge>
            <Badge color={PRIORITY_COLORS[ticket.priority] ?? "gray"} variant="outline" size="lg">
              {t("ticket.priorityN", { n: ticket.priority })}
            </Badge>
            <Badge
              color={RESTRICTED.has(ticket.kind) ? "red" : "gray"}
              variant="light"
              size="lg"
              leftSection={RESTRICTED.has(ticket.kind) ? <IconShieldLock size={14} aria-hidden /> : null}
            >
              {kindLabel(ticket.kind, language)}
            </Badge>
          </Group>
        }
      />
      {RESTRICTED.has(ticket.kind) ? (
        <Alert color="red" variant="light" icon={<IconShieldLock aria-hidden />} mb="md" title={t("ticket.restrictedTitle")}>
          {t("ticket.restrictedText")}
        </Alert>
      ) : null}

      {detail.allowedActions.length > 0 || detail.can.reclassify || detail.can.escalate || detail.can.remind ? (
        <Paper withBorder radius="md" p="sm" mb="md" bg="white" component="section" aria-label={t("ticket.actions")}>
          <Group gap="xs" wrap="wrap">
            {primary.map((a, i) => (
              <Button key={a} variant={i === 0 ? "filled" : "default"} onClick={() => setAction(a)}>
                {actionLabel(a, language)}
              </Button>
            ))}
            {secondary.map((a) => (
              <Button key={a} variant="default" onClick={() => setAction(a)}>
                {actionLabel(a, language)}
              </Button>
            ))}
            {detail.can.reclassify ? (
              <Button variant="subtle" leftSection={<IconTags size={16} aria-hidden />} onClick={() => setDeskAction("reclassify")}>
                {t("desk.reclassify")}
              </Button>
            ) : null}
            {detail.can.escalate ? (
              <Button variant="subtle" leftSection={<IconArrowUpRight size={16} aria-hidden />} onClick={() => setDeskAction("escalate")}>
                {t("desk.escalate")}
              </Button>
            ) : null}
            {detail.can.remind ? (
              <Button variant="subtle" leftSection={<IconBell size={16} aria-hidden />} onClick={() => setDeskAction("remind")}>
                {t("desk.remind")}
              </Button>
            ) : null}
          </Group>
        </Paper>
      ) : null}

      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 4 }} order={{ base: 1, md: 2 }}>
          <Stack>
            <Panel title={t("sla.title")}>
              <Stack gap="sm">
                <DeadlineRow label={t("sla.takeCharge")} dueAt={ticket.takeChargeDueAt} doneAt={ticket.qualifiedAt} now={now} />
                <DeadlineRow
                  label={t("sla.resolution")}
                  dueAt={ticket.resolutionDueAt}
                  doneAt={ticket.resolvedAt ?? (ticket.status === "closed" ? ticket.closedAt : null)}
                  now={now}
                  paused={ticket.status === "waiting"}
                />
                {details.breachNotificationDueAt ? (
                  <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t("sla.breachTitle")} p="xs">
                    <Stack gap={4}>
                      <Text size="sm">{t("sla.breachText")}</Text>
                      <SlaCountdown dueAt={details.breachNotificationDueAt} now={now} />
                    </Stack>
                  </Alert>
                ) : null}
                {details.waitingSince ? <Text size="sm">{t("sla.waitingSince", { date: formatDateTime(details.waitingSince) })}</Text> : null}
                {details.waitedMinutes > 0 ? (
                  <Text size="xs" c="dimmed">
                    {t("sla.waited", { minutes: details.waitedMinutes })}
                  </Text>
                ) : null}
              </Stack>
            </Panel>
            <Panel title={t("ticket.facts")}>
              <dl className="deadline-list">
                <dt>{t("ticket.school")}</dt>
                <dd>
                  <AnchorLink to="/etablissements/$uai" params={{ uai: ticket.schoolUai }}>
                    {ticket.schoolName}
                  </AnchorLink>
                </dd>
                <dt>{t("ticket.requester")}</dt>
                <dd>{ticket.requesterName}</dd>
                <dt>{t("ticket.assignee")}</dt>
                <dd>{[ticket.assigneeName, ticket.assigneeOrganisationName].filter(Boolean).join(" · ") || t("ticket.unassigned")}</dd>
                <dt>{t("ticket.category")}</dt>
                <dd>{categoryLabel(ticket.category, language)}</dd>
                <dt>{t("ticket.urgency")}</dt>
                <dd>{urgencyLabel(ticket.urgency, language)}</dd>
                <dt>{t("ticket.impact")}</dt>
                <dd>{impactLabel(ticket.impact, language)}</dd>
                <dt>{t("ticket.channel")}</dt>
                <dd>{channelLabel(details.channel, language)}</dd>
                <dt>{t("ticket.receivedAt")}</dt>
                <dd>{formatDateTime(ticket.receivedAt)}</dd>
                {details.dispatchedAt ? (
                  <>
                    <dt>{t("ticket.dispatchedAt")}</dt>
                    <dd>{formatDateTime(details.dispatchedAt)}</dd>
                  </>
                ) : null}
                {details.reopenCount > 0 ? (
                  <>
                    <dt>{t("ticket.reopened")}</dt>
                    <dd>{details.reopenCount}</dd>
                  </>
                ) : null}
              </dl>
            </Panel>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 8 }} order={{ base: 2, md: 1 }}>
          <Stack>
            <Panel title={t("ticket.description")} gap="xs">
              <Text style={{ whiteSpace: "pre-wrap" }}>{details.description}</Text>
              <Outcome detail={detail} />
            </Panel>
            <TicketInterventions detail={detail} />
            <TicketAssets number={ticket.number} />
            <Panel title={t("ticket.timeline")} gap="md">
              <TicketTimeline events={detail.events} />
              <TicketAttachments ticketId={ticket.id} />
              {detail.can.comment ? (
                <Paper mt="lg" pt="md" style={{ borderTop: "1px solid var(--mantine-color-gray-3)" }}>
                  <CommentForm detail={detail} />
                </Paper>
              ) : null}
            </Panel>
          </Stack>
        </Grid.Col>
      </Grid>
      <ActionModal key={`${action}-${ticket.version}`} action={action} detail={detail} onClose={() => setAction(null)} />
      <DeskModal action={deskAction} detail={detail} onClose={() => setDeskAction(null)} />
    </>
  );
}

function DeadlineRow({ label, dueAt, doneAt, now, paused }: { label: string; dueAt: string | null; doneAt: string | null; now: Date; paused?: boolean }) {
  const { t, formatDateTime } = useI18n();
  return (
    <SimpleGrid cols={2} spacing="xs">
      <Stack gap={0}>
        <Text size="sm" fw={600}>
          {label}
        </Text>
        <Text size="xs" c="dimmed">
          {dueAt ? formatDateTime(dueAt) : t("sla.noResolutionDeadline")}
        </Text>
      </Stack>
      <div>
        <SlaCountdown dueAt={dueAt} doneAt={doneAt} now={now} paused={paused ?? false} />
      </div>
    </SimpleGrid>
  );
}

/** How the ticket ended or stands: resolution, decision, destination, the ticket it was merged into. */
function Outcome({ detail }: { detail: TicketDetail }) {
  const { t, language } = useI18n();
  const { details } = detail;
  const rows: [string, React.ReactNode][] = [];
  if (details.resolution) rows.push([t("ticket.resolution"), details.resolution]);
  if (details.timeSpentMinutes !== null) rows.push([t("ticket.timeSpent"), t("ticket.minutes", { minutes: details.timeSpentMinutes })]);
  if (details.decision) rows.push([t("ticket.decision"), details.decision === "accepted" ? t("ticket.decisionAccepted") : t("ticket.decisionRefused")]);
  if (details.reroutedTo) rows.push([t("ticket.reroutedTo"), destinationLabel(details.reroutedTo, language)]);
  if (details.mergedIntoNumber)
    rows.push([
      t("ticket.mergedInto"),
      <AnchorLink key="merged" to="/tickets/$number" params={{ number: details.mergedIntoNumber }}>
        {details.mergedIntoNumber}
      </AnchorLink>,
    ]);
  if (rows.length === 0) return null;
  return (
    <dl className="deadline-list" style={{ marginTop: 16 }}>
      {rows.map(([label, value]) => (
        <div key={label} style={{ display: "contents" }}>
          <dt>{label}</dt>
          <dd style={{ whiteSpace: "pre-wrap" }}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
