import { Button, Group, Stack, Table, Text } from "@mantine/core";
import { formatEuros } from "@relais/shared/money";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Fragment, useState } from "react";
import { EmptyMessage } from "../../../components/empty-state.tsx";
import { Panel } from "../../../components/panel.tsx";
import { ErrorAlert, LoadingBlock } from "../../../components/query-state.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { notifySuccess } from "../../../lib/notify.tsx";
import { type Campaign, envelopesQuery, type OrderSummary, ordersQuery } from "../api/campaigns-api.ts";
import { reviewOrderWithAdjustments } from "../api/region-api.ts";
import { OrderReview } from "./order-review.tsx";

/**
 * The Region's queue: orders the schools validated. An order as it stands is approved in one
 * click; "Examiner" opens it line by line, to adjust quantities or prices (or remove a line)
 * with a reason, or to refuse it with a reason.
 */
export function ReviewQueue({ campaign }: { campaign: Campaign }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const submitted = useQuery(ordersQuery(campaign.id, "submitted"));
  const envelopes = useQuery(envelopesQuery(campaign.id));
  const [examined, setExamined] = useState<string | null>(null);
  const approve = useMutation({
    mutationFn: (order: OrderSummary) => reviewOrderWithAdjustments(order, { decision: "approve" }),
    onSuccess: () => {
      notifySuccess(t("campaigns.review.done"));
      void queryClient.invalidateQueries({ queryKey: ["campaigns", campaign.id] });
    },
  });
  if (submitted.isPending) return <LoadingBlock />;
  if (submitted.isError) return <ErrorAlert error={submitted.error} onRetry={() => submitted.refetch()} />;
  const envelopeOf = (schoolId: string) => envelopes.data?.items.find((e) => e.schoolId === schoolId);
  return (
    <Panel title={t("campaigns.review.title")} order={3} headingId="review-queue">
      <Stack gap="sm">
        {submitted.data.items.length === 0 ? (
          <EmptyMessage>{t("campaigns.review.empty")}</EmptyMessage>
        ) : (
          <Table.ScrollContainer minWidth={720}>
            <Table withTableBorder aria-labelledby="review-queue">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t("campaigns.review.school")}</Table.Th>
                  <Table.Th scope="col">{t("campaigns.cart.lines")}</Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t("campaigns.envelope.amount")}
                  </Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t("campaignRegion.review.envelopeLeft")}
                  </Table.Th>
                  <Table.Th scope="col">{t("common.actions")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {submitted.data.items.map((order) => {
                  const envelope = envelopeOf(order.schoolId);
                  return (
                    <Fragment key={order.id}>
                      <Table.Tr>
                        <Table.Td>
                          <Text size="sm">{envelope?.schoolName ?? order.schoolId}</Text>
                          <Text size="xs" c="dimmed">
                            {envelope?.uai}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          {order.lines.map((l) => (
                            <Text key={l.id} size="sm">
                              {l.quantity} × {l.label}
                            </Text>
                          ))}
                        </Table.Td>
                        <Table.Td ta="right">{formatEuros(order.totalCents + order.consumablesCents)}</Table.Td>
                        <Table.Td ta="right">{envelope ? formatEuros(envelope.remainingCents + envelope.remainingConsumablesCents) : "—"}</Table.Td>
                        <Table.Td>
                          <Group gap="xs" wrap="nowrap">
                            <Button size="xs" onClick={() => approve.mutate(order)} loading={approve.isPending && approve.variables?.id === order.id}>
                              {t("campaigns.review.approve")}
                            </Button>
                            <Button
                              size="xs"
                              variant="light"
                              onClick={() => setExamined(examined === order.id ? null : order.id)}
                              aria-expanded={examined === order.id}
                            >
                              {t("campaignRegion.review.examine")}
                            </Button>
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                      {examined === order.id ? (
                        <Table.Tr>
                          <Table.Td colSpan={5} p="sm">
                            <OrderReview campaign={campaign} order={order} envelope={envelope} onDone={() => setExamined(null)} />
                          </Table.Td>
                        </Table.Tr>
                      ) : null}
                    </Fragment>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {approve.isError ? <ErrorAlert error={approve.error} /> : null}
      </Stack>
    </Panel>
  );
}
