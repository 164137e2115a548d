import { Badge, Button, Group, NumberInput, Stack, Table, Text } from "@mantine/core";
import { formatParisDay, isReturnable, returnDeadlineFor } from "@relais/shared/campaign-windows";
import { RETURNABLE_KINDS, type ResourceKind } from "@relais/shared/catalogue";
import { formatEuros } from "@relais/shared/money";
import { ORDER_STATUS_LABELS } from "@relais/shared/orders";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { HeadedTable } from "../../../components/headed-table.tsx";
import { Panel } from "../../../components/panel.tsx";
import { ErrorAlert } from "../../../components/query-state.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { notifySuccess } from "../../../lib/notify.tsx";
import type { Campaign, OrderSummary } from "../api/campaigns-api.ts";
import { returnItems } from "../api/school-campaign-api.ts";

type Line = OrderSummary["lines"][number];
const isReturnableKind = (kind: string) => RETURNABLE_KINDS.includes(kind as ResourceKind);

/**
 * A validated textbook order, line by line: a licence is bought for good (seed 001: no cancel,
 * no next year); paper textbooks and consumables go back until the deadline that covers the
 * order's date, and the money returns to the envelope.
 */
export function OrderReturns({ campaign, order, canReturn }: { campaign: Campaign; order: OrderSummary; canReturn: boolean }) {
  const { t } = useI18n();
  const orderedAt = new Date(order.submittedAt ?? order.createdAt);
  const deadline = returnDeadlineFor(campaign.calendar.returnDeadlines, orderedAt);
  const open = isReturnable(campaign.calendar.returnDeadlines, orderedAt, new Date());
  const hasPaper = order.lines.some((l) => isReturnableKind(l.kind));
  return (
    <Panel
      title={
        <>
          {t("schoolCampaign.returns.order", { date: orderedAt.toLocaleDateString("fr-FR", { timeZone: "Europe/Paris" }) })} —{" "}
          {ORDER_STATUS_LABELS[order.status]}
        </>
      }
      order={4}
      size="h5"
      actions={<Text fw={600}>{formatEuros(order.totalCents + order.consumablesCents)}</Text>}
    >
      <Stack gap="sm">
        {hasPaper ? (
          <Text size="sm" c={open ? "teal.9" : "dimmed"}>
            {deadline
              ? t(open ? "schoolCampaign.returns.until" : "schoolCampaign.returns.expired", { date: formatParisDay(deadline) })
              : t("schoolCampaign.returns.noDeadline")}
          </Text>
        ) : null}
        <HeadedTable
          withTableBorder
          aria-label={t("schoolCampaign.returns.lines")}
          columns={[
            { header: t("campaigns.cart.item") },
            { header: t("campaigns.cart.quantity"), numeric: true },
            { header: t("schoolCampaign.returns.teacherLicences"), numeric: true },
            { header: t("schoolCampaign.returns.status") },
          ]}
        >
          {order.lines.map((line) => (
            <Table.Tr key={line.id}>
              <Table.Td>
                {line.label}
                <Text size="xs" c="dimmed">
                  {line.reference} — {line.supplier}
                </Text>
              </Table.Td>
              <Table.Td ta="right">
                {line.quantity}
                {line.returnedQuantity > 0 ? (
                  <Text size="xs" c="dimmed">
                    {t("schoolCampaign.returns.returned", { count: line.returnedQuantity })}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td ta="right">{line.isLicence ? line.teacherLicences : "—"}</Table.Td>
              <Table.Td>
                {line.isLicence ? (
                  <Badge color="orange" variant="light">
                    {t("schoolCampaign.returns.licenceFinal")}
                  </Badge>
                ) : isReturnableKind(line.kind) && open && canReturn && line.quantity > 0 ? (
                  <ReturnForm orderId={order.id} campaignId={campaign.id} line={line} />
                ) : isReturnableKind(line.kind) ? (
                  <Text size="sm" c="dimmed">
                    {t("schoolCampaign.returns.paper")}
                  </Text>
                ) : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </HeadedTable>
      </Stack>
    </Panel>
  );
}

function ReturnForm({ orderId, campaignId, line }: { orderId: string; campaignId: string; line: Line }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [quantity, setQuantity] = useState<number | string>(1);
  const send = useMutation({
    mutationFn: () => returnItems(orderId, line.id, Number(quantity)),
    onSuccess: () => {
      notifySuccess(t("schoolCampaign.returns.done", { count: Number(quantity), label: line.label }));
      void queryClient.invalidateQueries({ queryKey: ["campaigns", campaignId] });
    },
  });
  return (
    <Stack gap={4}>
      <Group gap="xs" align="flex-end">
        <NumberInput
          aria-label={t("schoolCampaign.returns.quantity", { label: line.label })}
          min={1}
          max={line.quantity}
          allowDecimal={false}
          value={quantity}
          onChange={setQuantity}
          w={90}
          size="xs"
        />
        <Button size="xs" variant="light" onClick={() => send.mutate()} loading={send.isPending}>
          {t("schoolCampaign.returns.return")}
        </Button>
      </Group>
      {send.isError ? <ErrorAlert error={send.error} /> : null}
    </Stack>
  );
}
