import { Alert, List, Stack, Text, Title } from "@mantine/core";
import { LICENCE_WARNING } from "@relais/shared/orders";
import { useQuery } from "@tanstack/react-query";
import { ErrorAlert, LoadingBlock } from "../../../components/query-state.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { canAt, useMe } from "../../../lib/session.ts";
import { type Campaign, envelopesQuery, ordersQuery } from "../api/campaigns-api.ts";
import { schoolsWhere, teacherLicenceRequestsQuery } from "../api/school-campaign-api.ts";
import { OrderReturns } from "../components/order-returns.tsx";
import { ProgrammeCampaignPage } from "../components/programme-campaign-page.tsx";
import { OrderingNotice } from "../components/school-campaign-nav.tsx";
import { licencesBought, TeacherLicenceRequestForm, TeacherLicenceRequests } from "../components/teacher-licences.tsx";

/**
 * After the textbook order (seed 001): the licences bought for good, paper items returned
 * before the deadline, teacher licences asked for when the free ones with the student
 * licences are not enough; the Region answers those requests.
 */
export function LicencesReturnsPage() {
  const { t } = useI18n();
  return (
    <ProgrammeCampaignPage programme="textbooks" title={t("schoolCampaign.licences.title")} subtitle={t("schoolCampaign.licences.subtitle")}>
      {(campaign) => (
        <>
          <OrderingNotice campaign={campaign} />
          <Alert color="orange" variant="light" title={t("schoolCampaign.licences.rulesTitle")}>
            <List size="sm">
              <List.Item>{t("schoolCampaign.licences.ruleFree")}</List.Item>
              <List.Item>{LICENCE_WARNING}</List.Item>
              <List.Item>{t("schoolCampaign.licences.rulePaper")}</List.Item>
            </List>
          </Alert>
          <LicencesAndReturns campaign={campaign} />
        </>
      )}
    </ProgrammeCampaignPage>
  );
}

function LicencesAndReturns({ campaign }: { campaign: Campaign }) {
  const { t } = useI18n();
  const me = useMe();
  const orders = useQuery(ordersQuery(campaign.id));
  const requests = useQuery(teacherLicenceRequestsQuery(campaign.id));
  const envelopes = useQuery(envelopesQuery(campaign.id));
  if (orders.isPending || requests.isPending || envelopes.isPending) return <LoadingBlock />;
  if (orders.isError) return <ErrorAlert error={orders.error} onRetry={() => orders.refetch()} />;
  if (requests.isError) return <ErrorAlert error={requests.error} />;
  if (envelopes.isError) return <ErrorAlert error={envelopes.error} />;
  const names = new Map(envelopes.data.items.map((e) => [e.schoolId, `${e.schoolName} (${e.uai})`]));
  const answers = canAt(me, "campaign.manage", { regionId: campaign.regionId });
  const buyers = schoolsWhere(me, "order.textbooks.cart");
  const validated = orders.data.items.filter((o) => o.status === "submitted" || o.status === "approved");
  return (
    <Stack gap="lg">
      {buyers.map((school) => {
        const ofSchool = validated.filter((o) => o.schoolId === school);
        return (
          <Stack key={school} gap="md">
            <Title order={2} size="h3">
              {names.get(school) ?? ""}
            </Title>
            <TeacherLicenceRequestForm campaignId={campaign.id} schoolId={school} bought={licencesBought(ofSchool)} />
            <Stack gap="sm" component="section" aria-label={t("schoolCampaign.returns.title")}>
              <Title order={3} size="h4">
                {t("schoolCampaign.returns.title")}
              </Title>
              {ofSchool.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t("schoolCampaign.returns.none")}
                </Text>
              ) : (
                ofSchool.map((o) => <OrderReturns key={o.id} campaign={campaign} order={o} canReturn />)
              )}
            </Stack>
          </Stack>
        );
      })}
      <TeacherLicenceRequests requests={requests.data.items} schoolName={(id) => names.get(id) ?? id} answers={answers} />
    </Stack>
  );
}
