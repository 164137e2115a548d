import { Alert, Button, Group, Paper, Radio, Select, SimpleGrid, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IMPACTS, TICKET_KINDS, URGENCIES } from "@relais/shared/tickets";
import { IconCircleCheck } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { AppModal } from "../../../components/app-modal.tsx";
import { ErrorAlert, FormError, LoadingBlock } from "../../../components/query-state.tsx";
import { ButtonLink } from "../../../components/router-links.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { applyApiError } from "../../../lib/forms.ts";
import type { MessageKey } from "../../../lib/i18n/fr.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { notifySuccess } from "../../../lib/notify.tsx";
import { answerReport, fileTicketFromReport, mergeReport, type Report, schoolOpenTicketsQuery } from "../api/reports-api.ts";
import { catalogueOptions, categoryOptions } from "./report-labels.ts";

export type ReportAction = "ticket" | "merge" | "answer";

const TITLES: Record<ReportAction, MessageKey> = {
  ticket: "reports.action.ticket",
  merge: "reports.action.merge",
  answer: "reports.action.answer",
};

/**
 * The correspondent's three answers to a report, each in its own dialog. The dialog keeps the
 * report it was opened for while it closes, so its content does not vanish mid-animation.
 */
export function ReportActionModal({ action, report, onClose }: { action: ReportAction | null; report: Report | null; onClose: () => void }) {
  const { t } = useI18n();
  const last = useRef<{ action: ReportAction; report: Report } | null>(null);
  if (action && report) last.current = { action, report };
  const shown = last.current;
  return (
    <AppModal opened={action !== null} onClose={onClose} title={shown ? t(TITLES[shown.action]) : ""} size="lg">
      {/* Filing copies the report into the ticket's own fields: no need to quote it above them. */}
      {shown && shown.action !== "ticket" ? <ReportQuote report={shown.report} /> : null}
      {shown?.action === "ticket" ? <FileTicketForm key={shown.report.id} report={shown.report} onClose={onClose} /> : null}
      {shown?.action === "merge" ? <MergeForm key={shown.report.id} report={shown.report} onClose={onClose} /> : null}
      {shown?.action === "answer" ? <AnswerForm key={shown.report.id} report={shown.report} onClose={onClose} /> : null}
    </AppModal>
  );
}

/** The report being handled, as its author wrote it, so the dialog says what it answers. */
function ReportQuote({ report }: { report: Report }) {
  const { t, formatDateTime } = useI18n();
  return (
    <Paper bg="gray.0" p="sm" radius="sm" mb="md" withBorder>
      <Text fw={700} size="sm" style={{ overflowWrap: "anywhere" }}>
        {report.title}
      </Text>
      <Text size="xs" c="dimmed" mb={4}>
        {report.authorName} · {report.schoolName} · {t("reports.sentAt", { date: formatDateTime(report.createdAt) })}
      </Text>
      <Text size="sm" lineClamp={6} style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
        {report.description}
      </Text>
    </Paper>
  );
}

/** Another hand may have handled the report meanwhile: the lists then show what it became. */
function useAfterAction() {
  const queryClient = useQueryClient();
  return {
    done: () => Promise.all([queryClient.invalidateQueries({ queryKey: ["reports"] }), queryClient.invalidateQueries({ queryKey: ["tickets"] })]),
    onConflict: (error: unknown) => {
      if (error instanceof ApiError && error.status === 409) void queryClient.invalidateQueries({ queryKey: ["reports"] });
    },
  };
}

type TicketValues = { kind: string; category: string; urgency: string; impact: string; title: string; description: string };

function FileTicketForm({ report, onClose }: { report: Report; onClose: () => void }) {
  const { t, language } = useI18n();
  const after = useAfterAction();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<TicketValues>({
    initialValues: { kind: "incident", category: "", urgency: "medium", impact: "user", title: report.title, description: report.description },
    validate: {
      category: (v) => (v ? null : t("reports.ticket.categoryRequired")),
      title: (v) => (v.trim().length >= 5 ? null : t("reports.titleTooShort")),
      description: (v) => (v.trim().length >= 10 ? null : t("reports.descriptionTooShort")),
    },
  });
  const file = useMutation({
    mutationFn: (values: TicketValues) => fileTicketFromReport(report.id, { ...values, title: values.title.trim(), description: values.description.trim() }),
    onSuccess: async (created) => {
      notifySuccess(t("reports.ticket.filed", { number: created.ticket.number }));
      await after.done();
    },
    onError: (error) => {
      setFormError(applyApiError(form, error));
      after.onConflict(error);
    },
  });

  if (file.data) {
    const { number } = file.data.ticket;
    return (
      <Stack gap="md">
        <Alert color="green" variant="light" icon={<IconCircleCheck aria-hidden />} title={t("reports.ticket.filedTitle", { number })} role="status">
          {t("reports.ticket.filedText", { author: report.authorName })}
        </Alert>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.close")}
          </Button>
          <ButtonLink to="/tickets/$number" params={{ number }}>
            {t("reports.ticket.open", { number })}
          </ButtonLink>
        </Group>
      </Stack>
    );
  }

  const groups = { infrastructure: t("reports.category.infrastructure"), office: t("reports.category.office"), other: t("reports.category.other") };
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        setFormError(null);
        file.mutate(values);
      })}
    >
      <Stack gap="md">
        <Text size="sm">{t("reports.ticket.hint", { author: report.authorName })}</Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t("reports.ticket.kind")}
            data={catalogueOptions(TICKET_KINDS, language)}
            allowDeselect={false}
            data-autofocus
            {...form.getInputProps("kind")}
          />
          <Select
            label={t("reports.ticket.category")}
            required
            searchable
            data={categoryOptions(language, groups)}
            nothingFoundMessage={t("reports.ticket.noCategory")}
            {...form.getInputProps("category")}
          />
        </SimpleGrid>
        <Radio.Group label={t("reports.ticket.urgency")} {...form.getInputProps("urgency")}>
          <Group mt="xs">
            {catalogueOptions(URGENCIES, language).map((o) => (
              <Radio key={o.value} value={o.value} label={o.label} />
            ))}
          </Group>
        </Radio.Group>
        <Radio.Group label={t("reports.ticket.impact")} {...form.getInputProps("impact")}>
          <Stack mt="xs" gap={6}>
            {catalogueOptions(IMPACTS, language).map((o) => (
              <Radio key={o.value} value={o.value} label={o.label} />
            ))}
          </Stack>
        </Radio.Group>
        <TextInput label={t("reports.field.title")} required maxLength={160} {...form.getInputProps("title")} />
        <Textarea label={t("reports.field.description")} required autosize minRows={3} maxRows={12} maxLength={10000} {...form.getInputProps("description")} />
        <FormError message={formError} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={file.isPending}>
            {t("reports.ticket.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function MergeForm({ report, onClose }: { report: Report; onClose: () => void }) {
  const { t, formatDate } = useI18n();
  const after = useAfterAction();
  const [formError, setFormError] = useState<string | null>(null);
  const tickets = useQuery(schoolOpenTicketsQuery(report.schoolId));
  const form = useForm<{ into: string }>({
    initialValues: { into: "" },
    validate: { into: (v) => (v ? null : t("reports.merge.required")) },
  });
  const merge = useMutation({
    mutationFn: (values: { into: string }) => mergeReport(report.id, values.into),
    onSuccess: async (_, values) => {
      notifySuccess(t("reports.merge.done", { number: values.into }));
      await after.done();
      onClose();
    },
    onError: (error) => {
      setFormError(applyApiError(form, error));
      after.onConflict(error);
    },
  });

  if (tickets.isPending) return <LoadingBlock />;
  if (tickets.isError) return <ErrorAlert error={tickets.error} onRetry={() => void tickets.refetch()} />;
  const options = tickets.data.items.map((ticket) => ({
    value: ticket.number,
    label: t("reports.merge.option", { number: ticket.number, title: ticket.title, date: formatDate(ticket.receivedAt) }),
  }));
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        setFormError(null);
        merge.mutate(values);
      })}
    >
      <Stack gap="md">
        <Text size="sm">{t("reports.merge.hint", { school: report.schoolName })}</Text>
        {options.length === 0 ? (
          <Alert color="gray" variant="light" role="status">
            {t("reports.merge.none")}
          </Alert>
        ) : (
          <Select
            label={t("reports.merge.into")}
            required
            searchable
            data={options}
            nothingFoundMessage={t("reports.merge.noMatch")}
            data-autofocus
            {...form.getInputProps("into")}
          />
        )}
        <FormError message={formError} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={merge.isPending} disabled={options.length === 0}>
            {t("reports.merge.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function AnswerForm({ report, onClose }: { report: Report; onClose: () => void }) {
  const { t } = useI18n();
  const after = useAfterAction();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<{ answer: string }>({
    initialValues: { answer: "" },
    validate: { answer: (v) => (v.trim().length >= 3 ? null : t("reports.answer.tooShort")) },
  });
  const answer = useMutation({
    mutationFn: (values: { answer: string }) => answerReport(report.id, values.answer.trim()),
    onSuccess: async () => {
      notifySuccess(t("reports.answer.done", { author: report.authorName }));
      await after.done();
      onClose();
    },
    onError: (error) => {
      setFormError(applyApiError(form, error));
      after.onConflict(error);
    },
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        setFormError(null);
        answer.mutate(values);
      })}
    >
      <Stack gap="md">
        <Text size="sm">{t("reports.answer.hint", { author: report.authorName })}</Text>
        <Textarea label={t("reports.answer.label")} required autosize minRows={4} maxLength={5000} data-autofocus {...form.getInputProps("answer")} />
        <FormError message={formError} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t("common.cancel")}
          </Button>
          <Button type="submit" loading={answer.isPending}>
            {t("reports.answer.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
