import { Alert, Box, Button, Checkbox, Group, NumberInput, Select, Stack, Table, Text } from "@mantine/core";
import { formatEuros } from "@relais/shared/money";
import { ORDER_STATUS_LABELS } from "@relais/shared/orders";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { HeadedTable } from "../../../components/headed-table.tsx";
import { Panel } from "../../../components/panel.tsx";
import { ErrorAlert, LoadingBlock } from "../../../components/query-state.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { notifySuccess } from "../../../lib/notify.tsx";
import { type Campaign, catalogueQuery, type Envelope, type Order, orderQuery, setCartLines, submitOrder } from "../api/campaigns-api.ts";
import { AdjustmentNote, ReviewNote } from "./adjustment-note.tsx";
import { RemainingBar } from "./envelope-panel.tsx";

/**
 * One cart: add catalogue items, change quantities, validate. The remaining envelope stays in
 * view; the API refuses what goes over it, outside a window, or a mobile item without project.
 */
export function CartPanel({
  campaign,
  envelope,
  orderId,
  canSubmit,
}: {
  campaign: Campaign;
  /** The school's envelope: its totals are what the remaining amount is out of. */
  envelope: Pick<Envelope, "totalCents" | "totalConsumablesCents">;
  orderId: string;
  canSubmit: boolean;
}) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const order = useQuery(orderQuery(orderId));
  const catalogue = useQuery(catalogueQuery(campaign.programme, campaign.regionId));
  const [itemId, setItemId] = useState<string | null>(null);
  const [quantity, setQuantity] = useState<number | string>(1);
  // Teacher licences come free with a licence's student licences (seed 001): asked here, never bought alone.
  const [teacherLicences, setTeacherLicences] = useState<number | string>(0);
  const [acknowledged, setAcknowledged] = useState(false);
  const refresh = (updated: Order) => {
    queryClient.setQueryData(orderQuery(orderId).queryKey, updated);
    void queryClient.invalidateQueries({ queryKey: ["campaigns", campaign.id] });
  };
  const save = useMutation({
    mutationFn: (lines: { itemId: string; quantity: number; teacherLicences: number }[]) => setCartLines(order.data!, lines),
    onSuccess: refresh,
  });
  const submit = useMutation({
    mutationFn: () => submitOrder(order.data!, acknowledged),
    onSuccess: (updated) => {
      refresh(updated);
      notifySuccess(t("campaigns.cart.submitted"));
    },
  });
  if (order.isPending) return <LoadingBlock />;
  if (order.isError) return <ErrorAlert error={order.error} onRetry={() => order.refetch()} />;
  const current = order.data;
  const isCart = current.status === "cart";
  const lines = current.lines.map((l) => ({ itemId: l.itemId, quantity: l.quantity, teacherLicences: l.teacherLicences }));
  const selected = catalogue.data?.find((i) => i.id === itemId);
  const add = () => {
    const n = Number(quantity);
    if (!itemId || !Number.isInteger(n) || n < 1) return;
    const teachers = selected?.isLicence ? Math.max(0, Math.trunc(Number(teacherLicences) || 0)) : 0;
    const existing = lines.find((l) => l.itemId === itemId);
    save.mutate(
      existing
        ? lines.map((l) => (l.itemId === itemId ? { ...l, quantity: l.quantity + n, teacherLicences: l.teacherLicences + teachers } : l))
        : [...lines, { itemId, quantity: n, teacherLicences: teachers }],
    );
  };
  return (
    <Panel
      title={`${t("campaigns.cart.title")} — ${ORDER_STATUS_LABELS[current.status]}`}
      order={3}
      aria-label={t("campaigns.cart.title")}
      actions={<Text fw={600}>{formatEuros(current.totalCents + current.consumablesCents)}</Text>}
    >
      <Stack gap="sm">
        {/* Stays in view under the header while the cart scrolls: the remaining envelope is always visible (issue 5). */}
        <Box pos="sticky" top={64} py={4} bg="var(--mantine-color-body)" style={{ zIndex: 2 }}>
          <RemainingBar
            envelope={{
              totalCents: envelope.totalCents,
              remainingCents: current.remainingCents - (isCart ? current.totalCents : 0),
              totalConsumablesCents: envelope.totalConsumablesCents,
              remainingConsumablesCents: current.remainingConsumablesCents - (isCart ? current.consumablesCents : 0),
            }}
            hasConsumables={campaign.programme === "textbooks"}
          />
        </Box>
        <HeadedTable
          withTableBorder
          aria-label={t("campaigns.cart.lines")}
          columns={[
            { header: t("campaigns.cart.item") },
            { header: t("campaigns.cart.quantity"), numeric: true },
            { header: t("campaigns.envelope.amount"), numeric: true },
            isCart ? { header: t("common.actions") } : null,
          ]}
        >
          {current.lines.map((line) => (
            <Table.Tr key={line.id}>
              <Table.Td>
                {line.label}
                {line.teacherLicences > 0 ? (
                  <Text size="xs" c="dimmed">
                    {t("schoolCampaign.cart.teacherLicencesLine", { count: line.teacherLicences })}
                  </Text>
                ) : null}
                <AdjustmentNote line={line} />
              </Table.Td>
              <Table.Td ta="right">{line.quantity}</Table.Td>
              <Table.Td ta="right">{formatEuros(line.amountCents)}</Table.Td>
              {isCart ? (
                <Table.Td>
                  <Button size="xs" variant="subtle" color="red" onClick={() => save.mutate(lines.filter((l) => l.itemId !== line.itemId))}>
                    {t("campaigns.cart.remove")}
                  </Button>
                </Table.Td>
              ) : null}
            </Table.Tr>
          ))}
        </HeadedTable>
        <ReviewNote order={current} />
        {isCart ? (
          <Group align="flex-end">
            <Select
              label={t("campaigns.cart.item")}
              data={(catalogue.data ?? []).map((i) => ({ value: i.id, label: `${i.label} — ${formatEuros(i.priceCents)}` }))}
              value={itemId}
              onChange={setItemId}
              searchable
              w={420}
            />
            <NumberInput label={t("campaigns.cart.quantity")} min={1} step={1} allowDecimal={false} value={quantity} onChange={setQuantity} w={120} />
            {selected?.isLicence ? (
              <NumberInput
                label={t("schoolCampaign.cart.teacherLicences")}
                description={t("schoolCampaign.cart.teacherLicencesHint")}
                min={0}
                step={1}
                allowDecimal={false}
                value={teacherLicences}
                onChange={setTeacherLicences}
                w={260}
              />
            ) : null}
            <Button onClick={add} loading={save.isPending} disabled={!itemId}>
              {t("campaigns.cart.add")}
            </Button>
          </Group>
        ) : null}
        {save.isError ? <ErrorAlert error={save.error} /> : null}
        {isCart && canSubmit ? (
          <Stack gap="xs">
            {current.licenceWarning ? (
              <Alert color="orange" variant="light">
                <Checkbox label={current.licenceWarning} checked={acknowledged} onChange={(e) => setAcknowledged(e.currentTarget.checked)} />
              </Alert>
            ) : null}
            <Group>
              <Button
                onClick={() => submit.mutate()}
                loading={submit.isPending}
                disabled={current.lines.length === 0 || (current.licenceWarning !== null && !acknowledged)}
              >
                {t("campaigns.cart.submit")}
              </Button>
            </Group>
            {submit.isError ? <ErrorAlert error={submit.error} /> : null}
          </Stack>
        ) : null}
      </Stack>
    </Panel>
  );
}
