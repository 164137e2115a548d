import { Badge, Box, Group, Paper, Text, Timeline } from "@mantine/core";
import { IconLock, IconMessage, IconPoint } from "@tabler/icons-react";
import type { MessageKey } from "../../../lib/i18n/fr.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import type { TicketEvent } from "../api/tickets-api.ts";
import { categoryLabel, destinationLabel, impactLabel, kindLabel, statusLabel, urgencyLabel } from "./ticket-labels.ts";

const KNOWN_EVENTS = new Set([
  "created",
  "qualify",
  "assign",
  "start",
  "wait",
  "resume",
  "resolve",
  "close",
  "reopen",
  "reroute",
  "merge",
  "merged_in",
  "decide",
  "comment",
  "note",
  "reminder",
  "escalation",
  "reclassify",
  "attachment",
  "intervention",
  "intervention_planned",
  "intervention_done",
  "intervention_certified",
  "intervention_disputed",
  "intervention_cancelled",
]);

/** The ticket's history, oldest first: every step, comment and (for the desk) internal note. */
export function TicketTimeline({ events }: { events: TicketEvent[] }) {
  const { t, language, formatDateTime } = useI18n();
  const title = (type: string) => (KNOWN_EVENTS.has(type) ? t(`event.${type}` as MessageKey) : type);

  /** The facts a step recorded, in words: new status, classification, destination… */
  const facts = (event: TicketEvent): string[] => {
    const d = event.data ?? {};
    const out: string[] = [];
    if (typeof d.to === "string" && event.type !== "escalation") out.push(t("event.fact.status", { status: statusLabel(d.to, language) }));
    if (event.type === "qualify" || event.type === "created") {
      if (typeof d.kind === "string") out.push(kindLabel(d.kind, language));
      if (typeof d.category === "string") out.push(categoryLabel(d.category, language));
      if (typeof d.urgency === "string") out.push(`${t("ticket.urgency")} : ${urgencyLabel(d.urgency, language)}`);
      if (typeof d.impact === "string") out.push(`${t("ticket.impact")} : ${impactLabel(d.impact, language)}`);
    }
    if (event.type === "reclassify" && d.after && typeof d.after === "object") {
      const after = d.after as Record<string, string>;
      out.push(`${categoryLabel(after.category, language)} · ${urgencyLabel(after.urgency, language)} · ${impactLabel(after.impact, language)}`);
    }
    if (typeof d.destination === "string") out.push(destinationLabel(d.destination, language));
    if (typeof d.into === "string") out.push(t("event.fact.into", { number: d.into }));
    if (typeof d.resolution === "string") out.push(d.resolution);
    if (typeof d.timeSpentMinutes === "number") out.push(t("event.fact.timeSpent", { minutes: d.timeSpentMinutes }));
    if (typeof d.reason === "string" && d.reason) out.push(t("event.fact.reason", { reason: d.reason }));
    // Files joined with a comment or on their own: their names (the list below links them).
    if (Array.isArray(d.files)) out.push(d.files.filter((f): f is string => typeof f === "string").join(", "));
    return out;
  };

  return (
    <Timeline bulletSize={22} lineWidth={2} active={events.length}>
      {events.map((event) => {
        const internal = event.visibility === "internal";
        const isMessage = event.type === "comment" || event.type === "note" || event.type === "reminder";
        return (
          <Timeline.Item
            key={event.id}
            bullet={internal ? <IconLock size={12} aria-hidden /> : isMessage ? <IconMessage size={12} aria-hidden /> : <IconPoint size={12} aria-hidden />}
            title={
              <Group gap="xs" wrap="wrap">
                <Text fw={600} size="sm" component="span">
                  {title(event.type)}
                </Text>
                {internal ? (
                  <Badge size="xs" color="yellow" variant="light">
                    {t("event.internal")}
                  </Badge>
                ) : null}
              </Group>
            }
          >
            <Text size="xs" c="dimmed">
              {event.actorLabel} · <time dateTime={event.occurredAt}>{formatDateTime(event.occurredAt)}</time>
            </Text>
            {facts(event).length > 0 ? (
              <Text size="sm" mt={2}>
                {facts(event).join(" · ")}
              </Text>
            ) : null}
            {event.body && event.type !== "created" ? (
              <Paper withBorder radius="sm" p="xs" mt={4} className={internal ? "timeline-internal" : undefined}>
                <Box style={{ whiteSpace: "pre-wrap" }}>
                  <Text size="sm">{event.body}</Text>
                </Box>
              </Paper>
            ) : null}
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
