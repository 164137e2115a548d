import { Accordion, Badge, Button, Group, List, Stack, Table, Text, Title } from "@mantine/core";
import { formatEuros } from "@relais/shared/money";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { AppModal } from "../../../components/app-modal.tsx";
import { HeadedTable } from "../../../components/headed-table.tsx";
import { Panel } from "../../../components/panel.tsx";
import { ErrorAlert, LoadingBlock } from "../../../components/query-state.tsx";
import { AnchorLink } from "../../../components/router-links.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { notifySuccess } from "../../../lib/notify.tsx";
import { canAt, hasPermission, useMe } from "../../../lib/session.ts";
import { type Campaign, envelopesQuery, type OrderSummary, ordersQuery } from "../api/campaigns-api.ts";
import { deliveredAssetsQuery, deliverOrder } from "../api/school-campaign-api.ts";
import { ProgrammeCampaignPage } from "../components/programme-campaign-page.tsx";

const formatDay = (iso: string) => new Date(iso).toLocaleDateString("fr-FR", { timeZone: "Europe/Paris" });

/**
 * Deliveries of the equipment plan (issue 5): the Region records that an approved order was
 * delivered, and every unit enters the school's inventory in stock, funded by the Region's
 * contract, with its warranty; from each delivered line the school reaches those assets.
 */
export function DeliveriesPage() {
  const { t } = useI18n();
  return (
    <ProgrammeCampaignPage programme="equipment" title={t("schoolCampaign.deliveries.title")} subtitle={t("schoolCampaign.deliveries.subtitle")}>
      {(campaign) => <Deliveries campaign={campaign} />}
    </ProgrammeCampaignPage>
  );
}

function Deliveries({ campaign }: { campaign: Campaign }) {
  const { t } = useI18n();
  const me = useMe();
  const orders = useQuery(ordersQuery(campaign.id, "approved"));
  const envelopes = useQuery(envelopesQuery(campaign.id));
  if (orders.isPending || envelopes.isPending) return <LoadingBlock />;
  if (orders.isError) return <ErrorAlert error={orders.error} onRetry={() => orders.refetch()} />;
  if (envelopes.isError) return <ErrorAlert error={envelopes.error} />;
  const schoolName = new Map(envelopes.data.items.map((e) => [e.schoolId, `${e.schoolName} (${e.uai})`]));
  const records = canAt(me, "campaign.manage", { regionId: campaign.regionId });
  const waiting = orders.data.items.filter((o) => !o.deliveredAt);
  const delivered = orders.data.items.filter((o) => o.deliveredAt);
  return (
    <Stack gap="lg">
      <Panel title={t("schoolCampaign.deliveries.waiting", { count: waiting.length })} headingId="deliveries-waiting" gap="xs">
        {records ? (
          <Text size="sm" c="dimmed" mb="sm">
            {t("schoolCampaign.deliveries.whoRecords")}
          </Text>
        ) : (
          <Text size="sm" c="dimmed" mb="sm">
            {t("schoolCampaign.deliveries.regionRecords")}
          </Text>
        )}
        {waiting.length === 0 ? (
          <Text size="sm">{t("schoolCampaign.deliveries.noneWaiting")}</Text>
        ) : (
          <Table striped withTableBorder aria-labelledby="deliveries-waiting">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("campaigns.review.school")}</Table.Th>
                <Table.Th scope="col">{t("schoolCampaign.deliveries.items")}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t("campaigns.envelope.amount")}
                </Table.Th>
                {records ? <Table.Th scope="col">{t("common.actions")}</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {waiting.map((order) => (
                <Table.Tr key={order.id}>
                  <Table.Td>{schoolName.get(order.schoolId) ?? order.schoolId}</Table.Td>
                  <Table.Td>
                    {order.lines
                      .filter((l) => l.quantity > 0)
                      .map((l) => `${l.quantity} × ${l.label}`)
                      .join(" ; ")}
                  </Table.Td>
                  <Table.Td ta="right">{formatEuros(order.totalCents)}</Table.Td>
                  {records ? (
                    <Table.Td>
                      <RecordDelivery order={order} school={schoolName.get(order.schoolId) ?? ""} />
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Panel>
      <Stack gap="xs" component="section" aria-labelledby="deliveries-done">
        <Title order={2} size="h4" id="deliveries-done">
          {t("schoolCampaign.deliveries.done", { count: delivered.length })}
        </Title>
        {delivered.length === 0 ? (
          <Text size="sm">{t("schoolCampaign.deliveries.noneDone")}</Text>
        ) : (
          <Accordion variant="separated" multiple defaultValue={delivered.length === 1 ? [delivered[0]!.id] : []}>
            {delivered.map((order) => (
              <Accordion.Item key={order.id} value={order.id}>
                <Accordion.Control>
                  <Group justify="space-between" pr="md">
                    <Text fw={600}>{schoolName.get(order.schoolId) ?? order.schoolId}</Text>
                    <Badge color="green" variant="light">
                      {t("schoolCampaign.deliveries.deliveredOn", { date: formatDay(order.deliveredAt!) })}
                    </Badge>
                  </Group>
                </Accordion.Control>
                <Accordion.Panel>
                  <DeliveredLines order={order} linksToInventory={hasPermission(me, "asset.read")} />
                </Accordion.Panel>
              </Accordion.Item>
            ))}
          </Accordion>
        )}
      </Stack>
    </Stack>
  );
}

function RecordDelivery({ order, school }: { order: OrderSummary; school: string }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);
  const units = order.lines.reduce((s, l) => s + l.quantity, 0);
  const deliver = useMutation({
    mutationFn: () => deliverOrder(order),
    onSuccess: ({ assetIds }) => {
      setOpened(false);
      notifySuccess(t("schoolCampaign.deliveries.recorded", { count: assetIds.length }));
      void queryClient.invalidateQueries({ queryKey: ["campaigns", order.campaignId] });
    },
  });
  return (
    <>
      <Button size="xs" onClick={() => setOpened(true)}>
        {t("schoolCampaign.deliveries.record")}
      </Button>
      <AppModal opened={opened} onClose={() => setOpened(false)} title={t("schoolCampaign.deliveries.confirmTitle", { school })}>
        <Stack gap="sm">
          <Text size="sm">{t("schoolCampaign.deliveries.confirm", { count: units })}</Text>
          <List size="sm">
            {order.lines
              .filter((l) => l.quantity > 0)
              .map((l) => (
                <List.Item key={l.id}>
                  {l.quantity} × {l.label} ({l.supplier})
                </List.Item>
              ))}
          </List>
          {deliver.isError ? <ErrorAlert error={deliver.error} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpened(false)}>
              {t("common.cancel")}
            </Button>
            <Button onClick={() => deliver.mutate()} loading={deliver.isPending}>
              {t("schoolCampaign.deliveries.confirmButton")}
            </Button>
          </Group>
        </Stack>
      </AppModal>
    </>
  );
}

/** Each delivered line with the assets it put in the inventory (their inventory numbers name the order). */
function DeliveredLines({ order, linksToInventory }: { order: OrderSummary; linksToInventory: boolean }) {
  const { t } = useI18n();
  const assets = useQuery(deliveredAssetsQuery(order.id));
  if (assets.isPending) return <LoadingBlock />;
  if (assets.isError) return <ErrorAlert error={assets.error} onRetry={() => assets.refetch()} />;
  return (
    <HeadedTable
      withTableBorder
      aria-label={t("schoolCampaign.deliveries.lines")}
      columns={[
        { header: t("campaigns.cart.item") },
        { header: t("campaigns.cart.quantity"), numeric: true },
        { header: t("schoolCampaign.deliveries.assets") },
      ]}
    >
      {order.lines
        .filter((l) => l.quantity > 0)
        .map((line) => {
          const ofLine = assets.data.items.filter((a) => a.lineId === line.id);
          return (
            <Table.Tr key={line.id}>
              <Table.Td>{line.label}</Table.Td>
              <Table.Td ta="right">{line.quantity}</Table.Td>
              <Table.Td>
                {ofLine.length === 0 ? (
                  <Text size="sm" c="dimmed">
                    {t("schoolCampaign.deliveries.noAsset")}
                  </Text>
                ) : (
                  <Group gap="xs">
                    {ofLine.map((a) =>
                      linksToInventory ? (
                        <AnchorLink key={a.assetId} to="/inventaire/$id" params={{ id: a.assetId }} size="sm">
                          {a.inventoryNumber ?? a.assetId.slice(0, 8)}
                        </AnchorLink>
                      ) : (
                        <Text key={a.assetId} size="sm">
                          {a.inventoryNumber}
                        </Text>
                      ),
                    )}
                  </Group>
                )}
              </Table.Td>
            </Table.Tr>
          );
        })}
    </HeadedTable>
  );
}
