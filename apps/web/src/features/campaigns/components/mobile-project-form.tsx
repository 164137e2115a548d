import { Alert, Button, NumberInput, Paper, Stack, Text, Textarea, TextInput, Title } from "@mantine/core";
import { useForm } from "@mantine/form";
import type { School } from "@relais/shared/schools";
import { WIFI_STATUS_LABELS } from "@relais/shared/schools";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { FormError } from "../../../components/query-state.tsx";
import { api } from "../../../lib/api-client.ts";
import { applyApiError } from "../../../lib/forms.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { notifySuccess } from "../../../lib/notify.tsx";
import { fileMobileProject } from "../api/school-campaign-api.ts";

/**
 * The head files the school's pedagogical project for mobile equipment (seed 003): what it is
 * for, how many devices; the school's Wi-Fi, read from its record, goes with it.
 */
export function MobileProjectForm({ campaignId, schoolId }: { campaignId: string; schoolId: string }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const school = useQuery({ queryKey: ["school", schoolId], queryFn: () => api.get<School>(`/schools/${encodeURIComponent(schoolId)}`) });
  const form = useForm({
    initialValues: { reference: "", description: "", devices: 15 as number | string },
    validate: {
      reference: (v) => (v.trim().length >= 5 ? null : t("schoolCampaign.projects.referenceTooShort")),
      description: (v) => (v.trim().length >= 30 ? null : t("schoolCampaign.projects.descriptionTooShort")),
    },
  });
  const file = useMutation({
    mutationFn: (values: typeof form.values) => fileMobileProject(campaignId, { school: schoolId, ...values, devices: Number(values.devices) }),
    onSuccess: () => {
      notifySuccess(t("schoolCampaign.projects.filed"));
      form.reset();
      void queryClient.invalidateQueries({ queryKey: ["campaigns", campaignId, "mobile-projects"] });
    },
    onError: (error) => setFormError(applyApiError(form, error)),
  });
  const wifi = school.data?.wifiStatus;
  return (
    <Paper withBorder p="md" radius="md" component="section" aria-labelledby={`file-project-${schoolId}`}>
      <form
        onSubmit={form.onSubmit((values) => {
          setFormError(null);
          file.mutate(values);
        })}
        noValidate
      >
        <Stack gap="sm">
          <Title order={2} size="h4" id={`file-project-${schoolId}`}>
            {t("schoolCampaign.projects.fileTitle", { school: school.data?.name ?? "" })}
          </Title>
          <Text size="sm">{t("schoolCampaign.projects.fileIntro")}</Text>
          {wifi ? (
            <Alert color={wifi === "full" ? "green" : wifi === "partial" ? "orange" : "red"} variant="light">
              {t("schoolCampaign.projects.wifi", { wifi: WIFI_STATUS_LABELS[wifi] })}
            </Alert>
          ) : null}
          <TextInput label={t("schoolCampaign.projects.reference")} required maxLength={120} {...form.getInputProps("reference")} />
          <Textarea
            label={t("schoolCampaign.projects.description")}
            description={t("schoolCampaign.projects.descriptionHint")}
            required
            autosize
            minRows={4}
            maxLength={4000}
            {...form.getInputProps("description")}
          />
          <NumberInput label={t("schoolCampaign.projects.devicesLabel")} min={1} max={2000} allowDecimal={false} w={200} {...form.getInputProps("devices")} />
          <FormError message={formError} />
          <Button type="submit" loading={file.isPending} w="fit-content">
            {t("schoolCampaign.projects.file")}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
