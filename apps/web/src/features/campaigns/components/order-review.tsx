import { Alert, Badge, Button, Group, NumberInput, Stack, Table, Text, Textarea, TextInput } from "@mantine/core";
import { formatEuros } from "@relais/shared/money";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { HeadedTable } from "../../../components/headed-table.tsx";
import { Panel } from "../../../components/panel.tsx";
import { ErrorAlert } from "../../../components/query-state.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { notifySuccess } from "../../../lib/notify.tsx";
import type { Campaign, Envelope, OrderSummary } from "../api/campaigns-api.ts";
import { type Adjustment, reviewOrderWithAdjustments } from "../api/region-api.ts";

type Line = OrderSummary["lines"][number];
type Draft = { quantity: number; unitPriceCents: number; reason: string };

const toCents = (value: number | string) => Math.round(Number(String(value).replace(",", ".")) * 100) || 0;

/** The adjustments a draft makes: only lines whose quantity or price changed, each with its reason. */
export function adjustmentsOf(lines: readonly Line[], drafts: Record<string, Draft>): Adjustment[] {
  return lines.flatMap((line) => {
    const draft = drafts[line.id];
    if (!draft || (draft.quantity === line.quantity && draft.unitPriceCents === line.unitPriceCents)) return [];
    return [
      {
        lineId: line.id,
        ...(draft.quantity !== line.quantity ? { quantity: draft.quantity } : {}),
        ...(draft.unitPriceCents !== line.unitPriceCents ? { unitPriceCents: draft.unitPriceCents } : {}),
        reason: draft.reason.trim(),
      },
    ];
  });
}

/**
 * The Region examines one validated order (issue 5): it may change a line's quantity or unit
 * price, or remove it, each with a reason the school will read; then approves or rejects. What
 * the school's envelope would have left after the adjustments stays in view, so the Region
 * never approves blind; the API refuses anything over the ceiling all the same.
 */
export function OrderReview({
  campaign,
  order,
  envelope,
  onDone,
}: {
  campaign: Campaign;
  order: OrderSummary;
  envelope: Envelope | undefined;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [note, setNote] = useState("");
  const draftOf = (line: Line): Draft => drafts[line.id] ?? { quantity: line.quantity, unitPriceCents: line.unitPriceCents, reason: "" };
  const setDraft = (line: Line, patch: Partial<Draft>) => setDrafts({ ...drafts, [line.id]: { ...draftOf(line), ...patch } });
  const adjustments = adjustmentsOf(order.lines, drafts);
  const missingReason = adjustments.some((a) => a.reason.length < 5);
  const amountOf = (line: Line) => draftOf(line).quantity * draftOf(line).unitPriceCents;
  const adjustedMain = order.lines.filter((l) => l.envelope === "main").reduce((s, l) => s + amountOf(l), 0);
  const adjustedConsumables = order.lines.filter((l) => l.envelope === "consumables").reduce((s, l) => s + amountOf(l), 0);
  const review = useMutation({
    mutationFn: (decision: "approve" | "reject") =>
      reviewOrderWithAdjustments(order, {
        decision,
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(decision === "approve" ? { adjustments } : {}),
      }),
    onSuccess: () => {
      notifySuccess(t("campaigns.review.done"));
      void queryClient.invalidateQueries({ queryKey: ["campaigns", campaign.id] });
      onDone();
    },
  });
  const hasConsumables = campaign.programme === "textbooks";
  return (
    <Panel title={t("campaignRegion.review.title", { school: envelope?.schoolName ?? order.schoolId })} order={4} size="h5" bg="gray.0">
      <Stack gap="sm">
        {envelope ? (
          <Group gap="xl" role="status" aria-live="polite">
            <Text size="sm">
              {t("campaignRegion.review.remainingNow", { remaining: formatEuros(envelope.remainingCents), total: formatEuros(envelope.totalCents) })}
            </Text>
            <Text size="sm" fw={600}>
              {t("campaignRegion.review.remainingAfter", { remaining: formatEuros(envelope.remainingCents + order.totalCents - adjustedMain) })}
            </Text>
            {hasConsumables ? (
              <Text size="sm">
                {t("campaignRegion.review.consumablesAfter", {
                  remaining: formatEuros(envelope.remainingConsumablesCents + order.consumablesCents - adjustedConsumables),
                })}
              </Text>
            ) : null}
          </Group>
        ) : null}
        <Table.ScrollContainer minWidth={860}>
          <HeadedTable
            withTableBorder
            aria-label={t("campaignRegion.review.lines")}
            verticalSpacing="xs"
            columns={[
              { header: t("campaigns.cart.item") },
              { header: t("campaignRegion.review.validated"), numeric: true },
              { header: t("campaigns.cart.quantity") },
              { header: t("campaignRegion.review.unitPrice") },
              { header: t("campaigns.envelope.amount"), numeric: true },
              { header: t("campaignRegion.review.reason") },
            ]}
          >
            {order.lines.map((line) => {
              const draft = draftOf(line);
              const isChanged = draft.quantity !== line.quantity || draft.unitPriceCents !== line.unitPriceCents;
              return (
                <Table.Tr key={line.id} bg={draft.quantity === 0 ? "red.0" : isChanged ? "yellow.0" : undefined}>
                  <Table.Td>
                    <Text size="sm">{line.label}</Text>
                    <Text size="xs" c="dimmed">
                      {line.supplier} · {line.reference}
                    </Text>
                    {line.isLicence ? (
                      <Badge size="xs" variant="light" color="grape">
                        {t("campaignRegion.review.licence")}
                      </Badge>
                    ) : null}
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm">
                      {line.quantity} × {formatEuros(line.unitPriceCents)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <NumberInput
                        size="xs"
                        w={90}
                        aria-label={t("campaignRegion.review.newQuantity", { item: line.label })}
                        value={draft.quantity}
                        min={line.isLicence ? line.quantity : 0}
                        allowDecimal={false}
                        onChange={(v) => setDraft(line, { quantity: Math.max(0, Math.trunc(Number(v) || 0)) })}
                      />
                      {line.isLicence ? null : (
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          color="red"
                          onClick={() => setDraft(line, { quantity: 0 })}
                          disabled={draft.quantity === 0}
                          aria-label={t("campaignRegion.review.removeLine", { item: line.label })}
                        >
                          {t("campaignRegion.review.remove")}
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <NumberInput
                      size="xs"
                      w={120}
                      aria-label={t("campaignRegion.review.newPrice", { item: line.label })}
                      value={draft.unitPriceCents / 100}
                      min={0}
                      decimalScale={2}
                      fixedDecimalScale
                      decimalSeparator=","
                      thousandSeparator=" "
                      suffix=" €"
                      onChange={(v) => setDraft(line, { unitPriceCents: toCents(v) })}
                    />
                  </Table.Td>
                  <Table.Td ta="right">
                    <Text size="sm" td={draft.quantity === 0 ? "line-through" : undefined}>
                      {formatEuros(line.amountCents)}
                    </Text>
                    {isChanged ? (
                      <Text size="sm" fw={600}>
                        → {formatEuros(amountOf(line))}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <TextInput
                      size="xs"
                      miw={200}
                      aria-label={t("campaignRegion.review.reasonFor", { item: line.label })}
                      placeholder={isChanged ? t("campaignRegion.review.reasonRequired") : ""}
                      value={draft.reason}
                      disabled={!isChanged}
                      error={isChanged && draft.reason.trim().length < 5 ? t("campaignRegion.review.reasonTooShort") : undefined}
                      onChange={(e) => setDraft(line, { reason: e.currentTarget.value })}
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </HeadedTable>
        </Table.ScrollContainer>
        <Text size="sm">
          {t("campaignRegion.review.total", {
            before: formatEuros(order.totalCents + order.consumablesCents),
            after: formatEuros(adjustedMain + adjustedConsumables),
          })}
        </Text>
        <Textarea label={t("campaigns.review.note")} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} maw={640} />
        {adjustments.length > 0 ? (
          <Alert color="yellow" variant="light">
            {t("campaignRegion.review.adjustedCount", { count: adjustments.length })}
          </Alert>
        ) : null}
        <Group gap="xs">
          <Button onClick={() => review.mutate("approve")} loading={review.isPending} disabled={missingReason}>
            {adjustments.length > 0 ? t("campaignRegion.review.approveAdjusted") : t("campaigns.review.approve")}
          </Button>
          <Button color="red" variant="light" onClick={() => review.mutate("reject")} loading={review.isPending}>
            {t("campaigns.review.reject")}
          </Button>
          <Button variant="subtle" onClick={onDone}>
            {t("common.cancel")}
          </Button>
        </Group>
        {review.isError ? <ErrorAlert error={review.error} /> : null}
      </Stack>
    </Panel>
  );
}
