import { Stack } from "@mantine/core";
import type { ReactNode } from "react";
import { EmptyMessage } from "../../../components/empty-state.tsx";
import { PageHeader } from "../../../components/page-header.tsx";
import { ErrorAlert, LoadingBlock } from "../../../components/query-state.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import type { Campaign } from "../api/campaigns-api.ts";
import { CampaignPagesNav, CampaignPicker, useProgrammeCampaigns } from "./school-campaign-nav.tsx";

/**
 * The frame of a campaign page for one programme (deliveries, projects, licences, GAR usage):
 * its header, the links between campaign pages, the campaign picker (the most recent first),
 * and the page's own content for the campaign picked, or why there is none.
 */
export function ProgrammeCampaignPage({
  programme,
  title,
  subtitle,
  children,
}: {
  programme: Campaign["programme"];
  title: string;
  subtitle: string;
  children: (campaign: Campaign) => ReactNode;
}) {
  const { t } = useI18n();
  const { query, list, campaign, select } = useProgrammeCampaigns(programme);
  return (
    <>
      <PageHeader title={title} subtitle={subtitle} />
      <CampaignPagesNav />
      {query.isPending ? <LoadingBlock /> : null}
      {query.isError ? <ErrorAlert error={query.error} onRetry={() => query.refetch()} /> : null}
      {query.data && !campaign ? (
        <EmptyMessage>{t(programme === "textbooks" ? "schoolCampaign.noTextbookCampaign" : "schoolCampaign.noEquipmentCampaign")}</EmptyMessage>
      ) : null}
      {campaign ? (
        <Stack gap="lg">
          <CampaignPicker list={list} campaign={campaign} select={select} />
          {children(campaign)}
        </Stack>
      ) : null}
    </>
  );
}
