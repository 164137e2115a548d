import { Alert, Badge, Button, Group, List, Select, Stack, Table, Text } from "@mantine/core";
import { formatParisDay } from "@relais/shared/campaign-windows";
import { PROGRAMME_LABELS } from "@relais/shared/campaigns";
import { formatEuros } from "@relais/shared/money";
import { ORDER_STATUS_LABELS } from "@relais/shared/orders";
import { ROLE_PERMISSIONS } from "@relais/shared/permissions";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useSearch } from "@tanstack/react-router";
import { useState } from "react";
import { EmptyMessage } from "../../../components/empty-state.tsx";
import { ExportButtons } from "../../../components/export-buttons.tsx";
import { HeadedTable } from "../../../components/headed-table.tsx";
import { PageHeader } from "../../../components/page-header.tsx";
import { Panel } from "../../../components/panel.tsx";
import { ErrorAlert, LoadingBlock } from "../../../components/query-state.tsx";
import { ButtonLink } from "../../../components/router-links.tsx";
import { apiUrl } from "../../../lib/api-client.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { hasPermission, type Me, useMe } from "../../../lib/session.ts";
import { type Campaign, campaignsQuery, createCart, envelopesQuery, ordersQuery } from "../api/campaigns-api.ts";
import { CampaignSettingsForm } from "../components/campaign-settings-form.tsx";
import { CartPanel } from "../components/cart-panel.tsx";
import { CatalogueImportForm } from "../components/catalogue-import-form.tsx";
import { EnvelopePanel } from "../components/envelope-panel.tsx";
import { GarChecklist } from "../components/gar-checklist.tsx";
import { NewCampaignForm } from "../components/region-tools.tsx";
import { ReviewQueue } from "../components/review-queue.tsx";
import { CampaignPagesNav } from "../components/school-campaign-nav.tsx";
import { TopUpForm, TopUpQueue } from "../components/top-ups.tsx";
import type { CampaignSearch } from "./campaign.search.ts";

/** The schools where the person holds a role carrying a permission (their own assignments). */
function schoolsWith(me: Me, permission: Parameters<typeof hasPermission>[1]): string[] {
  return [
    ...new Set(me.assignments.filter((a) => a.scopeKind === "school" && a.schoolId && ROLE_PERMISSIONS[a.role].includes(permission)).map((a) => a.schoolId!)),
  ];
}

/**
 * Campaigns (issue 5): the school sees its envelope with its calculation, the windows, its carts
 * with the remaining envelope always in view; the Region sees every school's envelope and its
 * review queue.
 */
export function CampaignsPage() {
  const { t } = useI18n();
  const me = useMe();
  const campaigns = useQuery(campaignsQuery);
  // `?campagne=` (the campaign e-mails link to it) picks the campaign first shown.
  const search = useSearch({ strict: false }) as CampaignSearch;
  const [selected, setSelected] = useState<string | null>(search.campagne ?? null);
  if (campaigns.isPending) return <LoadingBlock />;
  if (campaigns.isError) return <ErrorAlert error={campaigns.error} onRetry={() => campaigns.refetch()} />;
  const campaign = campaigns.data.items.find((c) => c.id === selected) ?? campaigns.data.items[0];
  return (
    <>
      <PageHeader title={t("campaigns.title")} subtitle={t("campaigns.subtitle")} />
      <CampaignPagesNav />
      {hasPermission(me, "campaign.manage") && me.regionId ? (
        <Stack gap="lg" mb="lg">
          <NewCampaignForm regionId={me.regionId} />
          <CatalogueImportForm regionId={me.regionId} />
        </Stack>
      ) : null}
      {campaign ? (
        <Stack gap="lg">
          <Select
            label={t("campaigns.pick")}
            data={campaigns.data.items.map((c) => ({ value: c.id, label: c.label }))}
            value={campaign.id}
            onChange={setSelected}
            allowDeselect={false}
            w={420}
          />
          <CampaignCalendar campaign={campaign} />
          {hasPermission(me, "campaign.manage") ? <RegionView campaign={campaign} /> : <SchoolView campaign={campaign} me={me} />}
        </Stack>
      ) : (
        <EmptyMessage>{t("campaigns.none")}</EmptyMessage>
      )}
    </>
  );
}

function CampaignCalendar({ campaign }: { campaign: Campaign }) {
  const { t } = useI18n();
  return (
    <Panel
      title={`${PROGRAMME_LABELS[campaign.programme]} ${campaign.period}`}
      gap="xs"
      actions={<Badge color={campaign.ordering.isOpen ? "green" : "gray"}>{campaign.ordering.isOpen ? t("campaigns.open") : t("campaigns.closed")}</Badge>}
    >
      <Stack gap="xs">
        <Alert color={campaign.ordering.isOpen ? "green" : "blue"} variant="light">
          {campaign.ordering.message}
        </Alert>
        <List size="sm">
          {campaign.calendar.windows.map((w) => (
            <List.Item key={w.opensOn}>{t("campaigns.window", { label: w.label, from: formatParisDay(w.opensOn), to: formatParisDay(w.closesOn) })}</List.Item>
          ))}
          {campaign.calendar.returnDeadlines.map((r) => (
            <List.Item key={r.returnBy + r.orderedBy}>{t("campaigns.returns", { label: r.label, date: formatParisDay(r.returnBy) })}</List.Item>
          ))}
        </List>
      </Stack>
    </Panel>
  );
}

function SchoolView({ campaign, me }: { campaign: Campaign; me: Me }) {
  const garSchools = campaign.programme === "textbooks" ? schoolsWith(me, "gar.checklist") : [];
  return (
    <Stack gap="lg">
      {schoolsWith(me, "envelope.read").length > 0 ? <SchoolEnvelopes campaign={campaign} me={me} /> : null}
      {garSchools.map((school) => (
        <GarChecklist key={school} campaignId={campaign.id} schoolId={school} />
      ))}
    </Stack>
  );
}

function SchoolEnvelopes({ campaign, me }: { campaign: Campaign; me: Me }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const envelopes = useQuery(envelopesQuery(campaign.id));
  const orders = useQuery(ordersQuery(campaign.id));
  const [openOrder, setOpenOrder] = useState<string | null>(null);
  const buildsCarts = schoolsWith(me, campaign.programme === "textbooks" ? "order.textbooks.cart" : "order.equipment");
  const submits = schoolsWith(me, campaign.programme === "textbooks" ? "order.textbooks.validate" : "order.equipment");
  const topUps = schoolsWith(me, "envelope.top_up");
  const create = useMutation({
    mutationFn: (school: string) => createCart(campaign.id, school),
    onSuccess: (order) => {
      setOpenOrder(order.id);
      void queryClient.invalidateQueries({ queryKey: ["campaigns", campaign.id] });
    },
  });
  if (envelopes.isPending || orders.isPending) return <LoadingBlock />;
  if (envelopes.isError) return <ErrorAlert error={envelopes.error} />;
  if (orders.isError) return <ErrorAlert error={orders.error} />;
  return (
    <Stack gap="lg">
      {envelopes.data.items.length === 0 ? <EmptyMessage>{t("campaigns.envelope.none")}</EmptyMessage> : null}
      {envelopes.data.items.map((envelope) => (
        <Stack key={envelope.id} gap="md">
          <EnvelopePanel envelope={envelope} hasConsumables={campaign.programme === "textbooks"} />
          {topUps.includes(envelope.schoolId) ? <TopUpForm campaignId={campaign.id} schoolId={envelope.schoolId} /> : null}
          <Panel
            title={t("campaigns.orders.title")}
            order={3}
            gap="xs"
            aria-label={t("campaigns.orders.title")}
            actions={
              buildsCarts.includes(envelope.schoolId) ? (
                <Button size="xs" onClick={() => create.mutate(envelope.schoolId)} loading={create.isPending} disabled={!campaign.ordering.isOpen}>
                  {t("campaigns.cart.new")}
                </Button>
              ) : null
            }
          >
            <Stack gap="xs">
              {create.isError ? <ErrorAlert error={create.error} /> : null}
              <Table aria-label={t("campaigns.orders.title")}>
                <Table.Tbody>
                  {orders.data.items
                    .filter((o) => o.schoolId === envelope.schoolId)
                    .map((o) => (
                      <Table.Tr key={o.id}>
                        <Table.Td>{ORDER_STATUS_LABELS[o.status]}</Table.Td>
                        <Table.Td>{t("campaigns.orders.lines", { count: o.lines.length })}</Table.Td>
                        <Table.Td ta="right">{formatEuros(o.totalCents + o.consumablesCents)}</Table.Td>
                        <Table.Td>
                          <Button size="xs" variant="subtle" onClick={() => setOpenOrder(o.id)}>
                            {t("campaigns.orders.open")}
                          </Button>
                        </Table.Td>
                      </Table.Tr>
                    ))}
                </Table.Tbody>
              </Table>
            </Stack>
          </Panel>
          {openOrder && orders.data.items.some((o) => o.id === openOrder && o.schoolId === envelope.schoolId) ? (
            <CartPanel campaign={campaign} envelope={envelope} orderId={openOrder} canSubmit={submits.includes(envelope.schoolId)} />
          ) : null}
        </Stack>
      ))}
    </Stack>
  );
}

function RegionView({ campaign }: { campaign: Campaign }) {
  const { t } = useI18n();
  const envelopes = useQuery(envelopesQuery(campaign.id));
  return (
    <Stack gap="lg">
      <CampaignSettingsForm campaign={campaign} />
      <Group>
        <ButtonLink to="/campagnes/pilotage" search={{ campagne: campaign.id }}>
          {t("campaignRegion.steering.open")}
        </ButtonLink>
        <ExportButtons label={t("campaigns.region.exportSummary")} href={(format) => apiUrl(`/campaigns/${campaign.id}/summary`, { format })} variant="light" />
        <ExportButtons
          label={t("campaigns.region.exportSuppliers")}
          href={(format) => apiUrl(`/campaigns/${campaign.id}/orders/by-supplier`, { format })}
          variant="light"
        />
      </Group>
      <ReviewQueue campaign={campaign} />
      <TopUpQueue campaignId={campaign.id} />
      <Panel title={t("campaigns.region.envelopes")} order={3} headingId="region-envelopes">
        {envelopes.isPending ? <LoadingBlock /> : null}
        {envelopes.isError ? <ErrorAlert error={envelopes.error} /> : null}
        {envelopes.data ? (
          <HeadedTable
            striped
            withTableBorder
            aria-labelledby="region-envelopes"
            columns={[
              { header: t("campaigns.review.school") },
              { header: t("campaigns.region.total"), numeric: true },
              { header: t("campaigns.region.committed"), numeric: true },
              { header: t("campaigns.region.remaining"), numeric: true },
            ]}
          >
            {envelopes.data.items.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td>
                  <Text size="sm">{e.schoolName}</Text>
                  <Text size="xs" c="dimmed">
                    {e.uai}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">{formatEuros(e.totalCents + e.totalConsumablesCents)}</Table.Td>
                <Table.Td ta="right">{formatEuros(e.committedCents + e.committedConsumablesCents)}</Table.Td>
                <Table.Td ta="right">{formatEuros(e.remainingCents + e.remainingConsumablesCents)}</Table.Td>
              </Table.Tr>
            ))}
          </HeadedTable>
        ) : null}
      </Panel>
    </Stack>
  );
}
