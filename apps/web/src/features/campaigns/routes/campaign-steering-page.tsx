import { Alert, Group, Select, SimpleGrid, Stack, Title } from "@mantine/core";
import { PROGRAMME_LABELS } from "@relais/shared/campaigns";
import { useQuery } from "@tanstack/react-query";
import { useNavigate, useSearch } from "@tanstack/react-router";
import { EmptyMessage } from "../../../components/empty-state.tsx";
import { PageHeader } from "../../../components/page-header.tsx";
import { ErrorAlert, LoadingBlock } from "../../../components/query-state.tsx";
import { ButtonLink } from "../../../components/router-links.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { type Campaign, campaignsQuery } from "../api/campaigns-api.ts";
import { allTopUpsQuery, summaryQuery, supplierRowsQuery } from "../api/region-api.ts";
import { ByAcademie, BySchool, BySupplier, CloseReport, RegionTotals, TopUpFigures } from "../components/campaign-figures.tsx";

/**
 * Steering of the campaigns, for the Region (issue 5): envelopes, commitments and what is
 * left by académie and by school, approved orders by supplier, top-ups asked and decided, the
 * close report (what each school left unspent), and their exports for finance.
 */
export function CampaignSteeringPage() {
  const { t } = useI18n();
  const campaigns = useQuery(campaignsQuery);
  const search = useSearch({ from: "/app/campagnes/pilotage" });
  const navigate = useNavigate({ from: "/campagnes/pilotage" });
  if (campaigns.isPending) return <LoadingBlock />;
  if (campaigns.isError) return <ErrorAlert error={campaigns.error} onRetry={() => campaigns.refetch()} />;
  const campaign = campaigns.data.items.find((c) => c.id === search.campagne) ?? campaigns.data.items[0];
  return (
    <>
      <PageHeader title={t("campaignRegion.steering.title")} subtitle={t("campaignRegion.steering.subtitle")} />
      {campaign ? (
        <Stack gap="lg">
          <Group align="flex-end" justify="space-between">
            <Select
              label={t("campaigns.pick")}
              data={campaigns.data.items.map((c) => ({ value: c.id, label: c.label }))}
              value={campaign.id}
              onChange={(id) => void navigate({ search: { campagne: id ?? undefined } })}
              allowDeselect={false}
              w={420}
            />
            <ButtonLink to="/campagnes" search={{ campagne: campaign.id }} variant="light">
              {t("campaignRegion.steering.toCampaign")}
            </ButtonLink>
          </Group>
          <CampaignFigures key={campaign.id} campaign={campaign} />
        </Stack>
      ) : (
        <EmptyMessage>{t("campaigns.none")}</EmptyMessage>
      )}
    </>
  );
}

function CampaignFigures({ campaign }: { campaign: Campaign }) {
  const { t } = useI18n();
  const summary = useQuery(summaryQuery(campaign.id));
  const suppliers = useQuery(supplierRowsQuery(campaign.id));
  const topUps = useQuery(allTopUpsQuery(campaign.id));
  if (summary.isPending) return <LoadingBlock />;
  if (summary.isError) return <ErrorAlert error={summary.error} onRetry={() => summary.refetch()} />;
  return (
    <Stack gap="lg">
      <Title order={2} size="h3">
        {PROGRAMME_LABELS[campaign.programme]} {campaign.period}
      </Title>
      <Alert color={campaign.ordering.isOpen ? "green" : "blue"} variant="light">
        {campaign.ordering.message}
      </Alert>
      <RegionTotals summary={summary.data} campaign={campaign} />
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <ByAcademie summary={summary.data} campaign={campaign} />
        {suppliers.isError ? (
          <ErrorAlert error={suppliers.error} />
        ) : suppliers.data ? (
          <BySupplier rows={suppliers.data.items} campaign={campaign} />
        ) : (
          <LoadingBlock />
        )}
      </SimpleGrid>
      <BySchool summary={summary.data} campaign={campaign} />
      {topUps.isError ? <ErrorAlert error={topUps.error} /> : topUps.data ? <TopUpFigures topUps={topUps.data.items} campaign={campaign} /> : <LoadingBlock />}
      <CloseReport summary={summary.data} campaign={campaign} />
      <Alert variant="light" color="gray">
        {t("campaignRegion.steering.exportsNote")}
      </Alert>
    </Stack>
  );
}
