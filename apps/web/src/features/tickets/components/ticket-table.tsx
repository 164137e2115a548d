import { Badge, Paper, Stack, Table, Text } from "@mantine/core";
import { useNavigate } from "@tanstack/react-router";
import { type KeyboardEvent, useRef } from "react";
import { AnchorLink } from "../../../components/router-links.tsx";
import { SortableTh } from "../../../components/sortable-th.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import type { TicketSummary } from "../api/tickets-api.ts";
import { SlaCountdown, useNow } from "./sla-countdown.tsx";
import { categoryLabel, PRIORITY_COLORS, STATUS_COLORS, statusLabel } from "./ticket-labels.ts";

const OPEN = new Set(["new", "qualified", "assigned", "in_progress", "waiting"]);

/** The deadline that matters now: taking charge while the ticket is new, then resolving it. */
export function currentDeadline(ticket: TicketSummary): { dueAt: string | null; doneAt: string | null; kind: "takeCharge" | "resolution" } {
  if (ticket.status === "new") return { dueAt: ticket.takeChargeDueAt, doneAt: null, kind: "takeCharge" };
  return { dueAt: ticket.resolutionDueAt, doneAt: OPEN.has(ticket.status) ? null : (ticket.resolvedAt ?? ticket.closedAt), kind: "resolution" };
}

/**
 * Tickets in a table the keyboard drives: ↓/↑ (or j/k) move from row to row, Entrée opens the
 * ticket; each row is one tab stop away from the next, and its number is a real link.
 */
export function TicketTable({
  tickets,
  sort,
  onSort,
  label,
}: {
  tickets: TicketSummary[];
  sort?: string | undefined;
  onSort?: ((sort: string) => void) | undefined;
  label: string;
}) {
  const { t, language, formatDateTime } = useI18n();
  const now = useNow();
  const navigate = useNavigate();
  const body = useRef<HTMLTableSectionElement>(null);

  const onKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    const rows = Array.from(body.current?.querySelectorAll<HTMLTableRowElement>("tr[data-number]") ?? []);
    const index = rows.indexOf(document.activeElement as HTMLTableRowElement);
    const move = (to: number) => {
      event.preventDefault();
      rows[Math.max(0, Math.min(rows.length - 1, to))]?.focus();
    };
    if (event.key === "ArrowDown" || event.key === "j") move(index + 1);
    else if (event.key === "ArrowUp" || event.key === "k") move(index - 1);
    else if (event.key === "Home") move(0);
    else if (event.key === "End") move(rows.length - 1);
    else if (event.key === "Enter" && index >= 0) {
      event.preventDefault();
      void navigate({ to: "/tickets/$number", params: { number: rows[index]?.dataset.number ?? "" } });
    }
  };

  const th = (field: string, text: string) =>
    sort !== undefined && onSort ? <SortableTh field={field} label={text} sort={sort} onSort={onSort} /> : <Table.Th scope="col">{text}</Table.Th>;

  return (
    <Paper withBorder radius="md" bg="white">
      <Table.ScrollContainer minWidth={1040}>
        <Table striped highlightOnHover verticalSpacing="xs" aria-label={label} aria-describedby="ticket-table-keys">
          <Table.Thead>
            <Table.Tr>
              {th("number", t("ticket.number"))}
              <Table.Th scope="col">{t("ticket.title")}</Table.Th>
              {th("status", t("ticket.status"))}
              {th("priority", t("ticket.priority"))}
              <Table.Th scope="col">{t("ticket.category")}</Table.Th>
              <Table.Th scope="col">{t("ticket.assignee")}</Table.Th>
              {th("receivedAt", t("ticket.receivedAt"))}
              {th("resolutionDueAt", t("ticket.deadline"))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody ref={body} onKeyDown={onKeyDown}>
            {tickets.map((ticket) => {
              const deadline = currentDeadline(ticket);
              return (
                <Table.Tr
                  key={ticket.id}
                  tabIndex={0}
                  data-number={ticket.number}
                  className="ticket-row"
                  aria-label={`${ticket.number} — ${ticket.title}`}
                  onClick={() => void navigate({ to: "/tickets/$number", params: { number: ticket.number } })}
                >
                  <Table.Td ff="monospace" style={{ whiteSpace: "nowrap" }}>
                    <AnchorLink to="/tickets/$number" params={{ number: ticket.number }} fw={600} tabIndex={-1}>
                      {ticket.number}
                    </AnchorLink>
                  </Table.Td>
                  <Table.Td miw={220}>
                    <Text size="sm" fw={500} lineClamp={2}>
                      {ticket.title}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {ticket.schoolName} · {ticket.schoolUai}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={STATUS_COLORS[ticket.status] ?? "gray"} variant="light">
                      {statusLabel(ticket.status, language)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={PRIORITY_COLORS[ticket.priority] ?? "gray"} variant="outline" aria-label={t("ticket.priorityN", { n: ticket.priority })}>
                      P{ticket.priority}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{categoryLabel(ticket.category, language)}</Table.Td>
                  <Table.Td>
                    {ticket.assigneeName ?? ticket.assigneeOrganisationName ?? (
                      <Text span size="sm" c="dimmed">
                        {t("ticket.unassigned")}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>{formatDateTime(ticket.receivedAt)}</Table.Td>
                  <Table.Td style={{ whiteSpace: "nowrap" }}>
                    {/* The step above its countdown: the column stays narrow enough for the table to fit a laptop screen. */}
                    <Stack gap={2} align="flex-start">
                      <Text size="xs" c="dimmed" title={deadline.kind === "takeCharge" ? t("sla.takeCharge") : t("sla.resolution")}>
                        {deadline.kind === "takeCharge" ? t("sla.takeChargeShort") : t("sla.resolutionShort")}
                      </Text>
                      <SlaCountdown dueAt={deadline.dueAt} doneAt={deadline.doneAt} now={now} paused={ticket.status === "waiting"} />
                    </Stack>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text id="ticket-table-keys" size="xs" c="dimmed" px="sm" py={6}>
        {t("tickets.keyboardHint")}
      </Text>
    </Paper>
  );
}
