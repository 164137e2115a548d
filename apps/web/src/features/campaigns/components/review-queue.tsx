import { Button, Group, Paper, Stack, Table, Text, Textarea, Title } from "@mantine/core";
import { formatEuros } from "@relais/shared/money";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { EmptyMessage } from "../../../components/empty-state.tsx";
import { ErrorAlert, LoadingBlock } from "../../../components/query-state.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { notifySuccess } from "../../../lib/notify.tsx";
import { type Campaign, envelopesQuery, type OrderSummary, ordersQuery, reviewOrder } from "../api/campaigns-api.ts";

/** The Region's queue: orders the schools validated, to approve or refuse with a reason. */
export function ReviewQueue({ campaign }: { campaign: Campaign }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const submitted = useQuery(ordersQuery(campaign.id, "submitted"));
  const envelopes = useQuery(envelopesQuery(campaign.id));
  const [notes, setNotes] = useState<Record<string, string>>({});
  const review = useMutation({
    mutationFn: ({ order, decision }: { order: OrderSummary; decision: "approve" | "reject" }) => reviewOrder(order, decision, notes[order.id] || undefined),
    onSuccess: () => {
      notifySuccess(t("campaigns.review.done"));
      void queryClient.invalidateQueries({ queryKey: ["campaigns", campaign.id] });
    },
  });
  if (submitted.isPending) return <LoadingBlock />;
  if (submitted.isError) return <ErrorAlert error={submitted.error} onRetry={() => submitted.refetch()} />;
  const schoolName = (id: string) => envelopes.data?.items.find((e) => e.schoolId === id)?.schoolName ?? id;
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby="review-queue">
      <Stack gap="sm">
        <Title order={3} size="h4" id="review-queue">
          {t("campaigns.review.title")}
        </Title>
        {submitted.data.items.length === 0 ? (
          <EmptyMessage>{t("campaigns.review.empty")}</EmptyMessage>
        ) : (
          <Table withTableBorder aria-labelledby="review-queue">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("campaigns.review.school")}</Table.Th>
                <Table.Th scope="col">{t("campaigns.cart.lines")}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t("campaigns.envelope.amount")}
                </Table.Th>
                <Table.Th scope="col">{t("common.actions")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {submitted.data.items.map((order) => (
                <Table.Tr key={order.id}>
                  <Table.Td>{schoolName(order.schoolId)}</Table.Td>
                  <Table.Td>
                    {order.lines.map((l) => (
                      <Text key={l.id} size="sm">
                        {l.quantity} × {l.label}
                      </Text>
                    ))}
                  </Table.Td>
                  <Table.Td ta="right">{formatEuros(order.totalCents + order.consumablesCents)}</Table.Td>
                  <Table.Td>
                    <Stack gap={4}>
                      <Textarea
                        size="xs"
                        aria-label={t("campaigns.review.note")}
                        placeholder={t("campaigns.review.note")}
                        value={notes[order.id] ?? ""}
                        onChange={(e) => setNotes({ ...notes, [order.id]: e.currentTarget.value })}
                      />
                      <Group gap="xs">
                        <Button size="xs" onClick={() => review.mutate({ order, decision: "approve" })} loading={review.isPending}>
                          {t("campaigns.review.approve")}
                        </Button>
                        <Button size="xs" color="red" variant="light" onClick={() => review.mutate({ order, decision: "reject" })} loading={review.isPending}>
                          {t("campaigns.review.reject")}
                        </Button>
                      </Group>
                    </Stack>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        {review.isError ? <ErrorAlert error={review.error} /> : null}
      </Stack>
    </Paper>
  );
}
