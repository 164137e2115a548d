import { Badge, Button, Group, Paper, Stack, Stepper, Text, Textarea, Title } from "@mantine/core";
import { MOBILE_PROJECT_STATUS_LABELS } from "@relais/shared/mobile-projects";
import { WIFI_STATUS_LABELS } from "@relais/shared/schools";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorAlert } from "../../../components/query-state.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { notifySuccess } from "../../../lib/notify.tsx";
import { decideMobileProject, type MobileProject } from "../api/school-campaign-api.ts";

const WIFI_COLORS = { none: "red", partial: "orange", full: "green" } as const;
const formatDay = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString("fr-FR", { timeZone: "Europe/Paris" }) : "");

/** Which step the project is at: filed (0), académie's opinion given (1), Region's decision given (2), for the stepper. */
function activeStep(project: MobileProject): number {
  if (project.status === "submitted") return 1;
  if (project.status === "academie_approved") return 2;
  if (project.status === "approved") return 3;
  return project.regionDecidedAt ? 2 : 1;
}

/**
 * One mobile equipment project, its three steps drawn as a stepper (filed, the académie's
 * opinion, the Region's decision), with the Wi-Fi the validators judge it on, and the decision
 * buttons for whoever decides next.
 */
export function MobileProjectCard({ project, decidesAs }: { project: MobileProject; decidesAs: "academie" | "region" | null }) {
  const { t } = useI18n();
  const refused = project.status === "rejected";
  const step = activeStep(project);
  return (
    <Paper withBorder p="md" radius="md" component="article" aria-labelledby={`project-${project.id}`}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <Stack gap={2}>
            <Title order={3} size="h5" id={`project-${project.id}`}>
              {project.reference}
            </Title>
            <Text size="sm" c="dimmed">
              {project.schoolName} ({project.uai}) — {t("schoolCampaign.projects.academie", { academie: project.academie })}
            </Text>
          </Stack>
          <Group gap="xs">
            <Badge color={WIFI_COLORS[project.wifiStatus]} variant="light">
              {WIFI_STATUS_LABELS[project.wifiStatus]}
            </Badge>
            <Badge color={refused ? "red" : project.status === "approved" ? "green" : "blue"}>{MOBILE_PROJECT_STATUS_LABELS[project.status]}</Badge>
          </Group>
        </Group>
        <Text size="sm">{project.description}</Text>
        <Text size="sm" c="dimmed">
          {t("schoolCampaign.projects.devices", { count: project.devices })}
        </Text>
        <Stepper active={step} size="sm" color={refused ? "red" : "blue"} aria-label={t("schoolCampaign.projects.steps")}>
          <Stepper.Step label={t("schoolCampaign.projects.stepFiled")} description={formatDay(project.filedAt)} />
          <Stepper.Step
            label={t("schoolCampaign.projects.stepAcademie")}
            description={project.academieDecidedAt ? formatDay(project.academieDecidedAt) : t("schoolCampaign.projects.waiting")}
            color={refused && !project.regionDecidedAt ? "red" : undefined}
          />
          <Stepper.Step
            label={t("schoolCampaign.projects.stepRegion")}
            description={project.regionDecidedAt ? formatDay(project.regionDecidedAt) : t("schoolCampaign.projects.waiting")}
            color={refused && project.regionDecidedAt ? "red" : undefined}
          />
        </Stepper>
        {project.academieNote ? <Text size="sm">{t("schoolCampaign.projects.academieNote", { note: project.academieNote })}</Text> : null}
        {project.regionNote ? <Text size="sm">{t("schoolCampaign.projects.regionNote", { note: project.regionNote })}</Text> : null}
        {project.status === "approved" ? (
          <Text size="sm" c="teal.9">
            {t("schoolCampaign.projects.approvedHint")}
          </Text>
        ) : null}
        {decidesAs ? <DecisionForm project={project} reviewer={decidesAs} /> : null}
      </Stack>
    </Paper>
  );
}

function DecisionForm({ project, reviewer }: { project: MobileProject; reviewer: "academie" | "region" }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [note, setNote] = useState("");
  const decide = useMutation({
    mutationFn: (decision: "approve" | "reject") => decideMobileProject(project, reviewer, { decision, ...(note.trim() ? { note: note.trim() } : {}) }),
    onSuccess: () => {
      notifySuccess(t("schoolCampaign.projects.decided"));
      void queryClient.invalidateQueries({ queryKey: ["campaigns", project.campaignId, "mobile-projects"] });
    },
  });
  return (
    <Stack gap="xs">
      <Textarea
        label={t(reviewer === "academie" ? "schoolCampaign.projects.noteAcademie" : "schoolCampaign.projects.noteRegion")}
        description={t("schoolCampaign.projects.noteHint")}
        value={note}
        onChange={(e) => setNote(e.currentTarget.value)}
        autosize
        minRows={2}
      />
      <Group>
        <Button onClick={() => decide.mutate("approve")} loading={decide.isPending && decide.variables === "approve"}>
          {t(reviewer === "academie" ? "schoolCampaign.projects.approveAcademie" : "schoolCampaign.projects.approveRegion")}
        </Button>
        <Button color="red" variant="light" onClick={() => decide.mutate("reject")} loading={decide.isPending && decide.variables === "reject"}>
          {t("schoolCampaign.projects.reject")}
        </Button>
      </Group>
      {decide.isError ? <ErrorAlert error={decide.error} /> : null}
    </Stack>
  );
}
