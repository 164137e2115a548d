import { Stack, Text, Title } from "@mantine/core";
import { isLiveMobileProject } from "@relais/shared/mobile-projects";
import { useQuery } from "@tanstack/react-query";
import { ErrorAlert, LoadingBlock } from "../../../components/query-state.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { canAt, type Me, useMe } from "../../../lib/session.ts";
import type { Campaign } from "../api/campaigns-api.ts";
import { type MobileProject, mobileProjectsQuery, schoolsWhere } from "../api/school-campaign-api.ts";
import { MobileProjectCard } from "../components/mobile-project-card.tsx";
import { MobileProjectForm } from "../components/mobile-project-form.tsx";
import { ProgrammeCampaignPage } from "../components/programme-campaign-page.tsx";

/**
 * Mobile equipment projects (seed 003, issue 5): the head files the school's pedagogical
 * project; the académie's advisor gives its opinion; the Region decides. Each sees the
 * projects it may see, those waiting for it first.
 */
export function MobileProjectsPage() {
  const { t } = useI18n();
  return (
    <ProgrammeCampaignPage programme="equipment" title={t("schoolCampaign.projects.title")} subtitle={t("schoolCampaign.projects.subtitle")}>
      {(campaign) => <Projects campaign={campaign} />}
    </ProgrammeCampaignPage>
  );
}

/** Who decides a project now, if the person may: the académie's advisor first, then the Region. */
function reviewerFor(me: Me, project: MobileProject): "academie" | "region" | null {
  if (project.status === "submitted" && canAt(me, "mobile_project.academic_review", { regionId: me.regionId ?? "", schoolId: project.schoolId }))
    return "academie";
  if (project.status === "academie_approved" && canAt(me, "campaign.manage", { regionId: me.regionId ?? "" })) return "region";
  return null;
}

function Projects({ campaign }: { campaign: Campaign }) {
  const { t } = useI18n();
  const me = useMe();
  const projects = useQuery(mobileProjectsQuery(campaign.id));
  if (projects.isPending) return <LoadingBlock />;
  if (projects.isError) return <ErrorAlert error={projects.error} onRetry={() => projects.refetch()} />;
  const items = projects.data.items;
  const filers = schoolsWhere(me, "order.equipment").filter((school) => !items.some((p) => p.schoolId === school && isLiveMobileProject(p.status)));
  const toDecide = items.filter((p) => reviewerFor(me, p) !== null);
  const others = items.filter((p) => reviewerFor(me, p) === null);
  return (
    <Stack gap="lg">
      {filers.map((school) => (
        <MobileProjectForm key={school} campaignId={campaign.id} schoolId={school} />
      ))}
      {toDecide.length > 0 ? (
        <Stack gap="sm" component="section" aria-labelledby="projects-to-decide">
          <Title order={2} size="h4" id="projects-to-decide">
            {t("schoolCampaign.projects.toDecide", { count: toDecide.length })}
          </Title>
          {toDecide.map((p) => (
            <MobileProjectCard key={p.id} project={p} decidesAs={reviewerFor(me, p)} />
          ))}
        </Stack>
      ) : null}
      <Stack gap="sm" component="section" aria-labelledby="projects-all">
        <Title order={2} size="h4" id="projects-all">
          {t(toDecide.length > 0 ? "schoolCampaign.projects.others" : "schoolCampaign.projects.list")}
        </Title>
        {others.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("schoolCampaign.projects.none")}
          </Text>
        ) : (
          others.map((p) => <MobileProjectCard key={p.id} project={p} decidesAs={null} />)
        )}
      </Stack>
    </Stack>
  );
}
