import { Alert, Text } from "@mantine/core";
import { formatEuros } from "@relais/shared/money";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import type { Order } from "../api/campaigns-api.ts";

type Line = Order["lines"][number];

/** What the Region changed on a line at review, beside what the school validated, and why: the school reads both. */
export function AdjustmentNote({ line }: { line: Line }) {
  const { t } = useI18n();
  if (!line.adjustmentReason) return null;
  const quantity = line.requestedQuantity ?? line.quantity;
  const price = line.requestedUnitPriceCents ?? line.unitPriceCents;
  const changed = quantity !== line.quantity || price !== line.unitPriceCents;
  return (
    <Text size="xs" c="orange.9">
      {line.quantity === 0 ? t("campaignRegion.adjusted.removed") : t("campaignRegion.adjusted.byRegion")}
      {changed ? ` — ${t("campaignRegion.adjusted.validated", { quantity, price: formatEuros(price) })}` : ""} — {line.adjustmentReason}
    </Text>
  );
}

/** The Region's note on its decision (required for a refusal). */
export function ReviewNote({ order }: { order: Pick<Order, "status" | "reviewNote"> }) {
  const { t } = useI18n();
  if (!order.reviewNote) return null;
  return (
    <Alert color={order.status === "rejected" ? "red" : "blue"} variant="light" title={t("campaignRegion.adjusted.noteTitle")}>
      {order.reviewNote}
    </Alert>
  );
}
