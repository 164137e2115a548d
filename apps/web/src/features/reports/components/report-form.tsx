import { Button, Group, Select, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useDebouncedValue } from "@mantine/hooks";
import { ROLE_PERMISSIONS } from "@relais/shared/permissions";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Panel } from "../../../components/panel.tsx";
import { FormError } from "../../../components/query-state.tsx";
import { applyApiError } from "../../../lib/forms.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { notifySuccess } from "../../../lib/notify.tsx";
import type { Me } from "../../../lib/session.ts";
import { schoolPickQuery, sendReport } from "../api/reports-api.ts";

type Values = { school: string; title: string; description: string };

/** The schools where the person's roles let them report, from their own assignments. */
export function reportingSchools(me: Me): { id: string; name: string }[] {
  const schools = new Map<string, string>();
  for (const a of me.assignments) {
    if (a.scopeKind === "school" && a.schoolId && ROLE_PERMISSIONS[a.role].includes("ticket.report")) schools.set(a.schoolId, a.scopeName);
  }
  return [...schools].map(([id, name]) => ({ id, name }));
}

/**
 * A teacher or a member of staff tells their school's correspondent what is wrong; the
 * correspondent decides whether it becomes a ticket. One school: it is theirs, no question asked.
 */
export function ReportForm({ me }: { me: Me }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const mine = reportingSchools(me);
  const [formError, setFormError] = useState<string | null>(null);
  const [schoolSearch, setSchoolSearch] = useState("");
  const [debouncedSearch] = useDebouncedValue(schoolSearch, 250);
  // Someone who reports for a whole region (an administrator) looks the school up.
  const lookup = useQuery({ ...schoolPickQuery(debouncedSearch), enabled: mine.length === 0 });
  const form = useForm<Values>({
    initialValues: { school: mine.length === 1 ? (mine[0]?.id ?? "") : "", title: "", description: "" },
    validate: {
      school: (v) => (v ? null : t("reports.schoolRequired")),
      title: (v) => (v.trim().length >= 5 ? null : t("reports.titleTooShort")),
      description: (v) => (v.trim().length >= 10 ? null : t("reports.descriptionTooShort")),
    },
  });
  const send = useMutation({
    mutationFn: (values: Values) => sendReport({ school: values.school, title: values.title.trim(), description: values.description.trim() }),
    onSuccess: async () => {
      notifySuccess(t("reports.sent"));
      form.setValues({ title: "", description: "" });
      form.resetDirty();
      await queryClient.invalidateQueries({ queryKey: ["reports"] });
    },
    onError: (error) => setFormError(applyApiError(form, error)),
  });

  const schoolOptions =
    mine.length > 0
      ? mine.map((s) => ({ value: s.id, label: s.name }))
      : (lookup.data?.items ?? []).map((s) => ({ value: s.id, label: `${s.name} (${s.uai})` }));

  return (
    <Panel title={t("reports.form.title")} p="lg" gap={0}>
      <Text size="sm" c="dimmed" mt={4} mb="md">
        {t("reports.form.hint")}
      </Text>
      <form
        noValidate
        onSubmit={form.onSubmit((values) => {
          setFormError(null);
          send.mutate(values);
        })}
      >
        <Stack gap="md">
          {mine.length === 1 ? (
            <Text size="sm">
              <Text span fw={600}>
                {t("reports.school")} :
              </Text>{" "}
              {mine[0]?.name}
            </Text>
          ) : (
            <Select
              label={t("reports.school")}
              required
              searchable
              data={schoolOptions}
              {...(mine.length === 0 ? { searchValue: schoolSearch, onSearchChange: setSchoolSearch } : {})}
              nothingFoundMessage={t("reports.noSchool")}
              {...form.getInputProps("school")}
            />
          )}
          <TextInput label={t("reports.field.title")} description={t("reports.field.titleHint")} required maxLength={160} {...form.getInputProps("title")} />
          <Textarea
            label={t("reports.field.description")}
            description={t("reports.field.descriptionHint")}
            required
            autosize
            minRows={4}
            maxLength={10000}
            {...form.getInputProps("description")}
          />
          <FormError message={formError} />
          <Group justify="flex-end">
            <Button type="submit" loading={send.isPending}>
              {t("reports.send")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Panel>
  );
}
