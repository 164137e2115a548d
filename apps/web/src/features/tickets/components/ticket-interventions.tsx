import { Anchor, Badge, Button, Group, NumberInput, Paper, Select, Stack, Text, Textarea, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { INTERVENTION_KINDS, INTERVENTION_STATUSES, type InterventionJson } from "@relais/shared/interventions";
import { IconCalendarPlus, IconFileTypePdf } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { AppModal } from "../../../components/app-modal.tsx";
import { Panel } from "../../../components/panel.tsx";
import { ErrorAlert, FormError } from "../../../components/query-state.tsx";
import { applyApiError } from "../../../lib/forms.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { notifySuccess } from "../../../lib/notify.tsx";
import { useMe } from "../../../lib/session.ts";
import {
  cancelIntervention,
  certifyIntervention,
  interventionReportUrl,
  markInterventionDone,
  planIntervention,
  ticketInterventionsQuery,
} from "../api/interventions-api.ts";
import { assigneesQuery, type TicketDetail } from "../api/tickets-api.ts";

const STATUS_COLORS: Record<string, string> = { planned: "blue", done: "teal", certified: "green", disputed: "orange", cancelled: "gray" };
type Step = { kind: "plan" } | { kind: "done" | "certify" | "dispute" | "cancel"; intervention: InterventionJson };

/** The ticket's visits and remote sessions: plan one, report it done, certify it (the school), its PDF report. */
export function TicketInterventions({ detail }: { detail: TicketDetail }) {
  const { t, language, formatDateTime } = useI18n();
  const list = useQuery(ticketInterventionsQuery(detail.ticket.number));
  const [step, setStep] = useState<Step | null>(null);
  // Planning is for those who work the ticket while it is open (the API checks it again).
  const mayPlan = detail.can.reclassify;
  const items = list.data?.items ?? [];
  if (!mayPlan && list.isSuccess && items.length === 0) return null;

  return (
    <Panel
      title={t("interventions.title")}
      actions={
        mayPlan ? (
          <Button size="xs" variant="light" leftSection={<IconCalendarPlus size={16} aria-hidden />} onClick={() => setStep({ kind: "plan" })}>
            {t("interventions.plan")}
          </Button>
        ) : null
      }
    >
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.isSuccess && items.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("interventions.none")}
        </Text>
      ) : null}
      <Stack gap="sm">
        {items.map((i) => (
          <Paper key={i.id} withBorder radius="sm" p="sm">
            <Group justify="space-between" align="flex-start" wrap="wrap">
              <Stack gap={2}>
                <Group gap="xs">
                  <Text fw={600} size="sm">
                    {INTERVENTION_KINDS[i.kind][language]}
                  </Text>
                  <Badge size="sm" variant="light" color={STATUS_COLORS[i.status] ?? "gray"}>
                    {INTERVENTION_STATUSES[i.status][language]}
                  </Badge>
                </Group>
                <Text size="sm">{t("interventions.when", { date: formatDateTime(i.startsAt), minutes: i.durationMinutes, technician: i.technicianName })}</Text>
                {i.report ? (
                  <Text size="sm" style={{ whiteSpace: "pre-wrap" }}>
                    {i.report}
                  </Text>
                ) : null}
                {i.timeSpentMinutes !== null ? (
                  <Text size="xs" c="dimmed">
                    {t("interventions.timeSpent", { minutes: i.timeSpentMinutes })}
                  </Text>
                ) : null}
                {i.certifiedAt && i.certifiedByName ? (
                  <Text size="xs" c={i.status === "disputed" ? "orange.8" : "green.8"}>
                    {t(i.status === "disputed" ? "interventions.disputedBy" : "interventions.certifiedBy", {
                      name: i.certifiedByName,
                      date: formatDateTime(i.certifiedAt),
                    })}
                    {i.certificationComment ? ` — « ${i.certificationComment} »` : ""}
                  </Text>
                ) : null}
                {i.cancellationReason ? (
                  <Text size="xs" c="dimmed">
                    {t("interventions.cancelledBecause", { reason: i.cancellationReason })}
                  </Text>
                ) : null}
              </Stack>
              <Group gap="xs">
                {i.can.markDone ? (
                  <Button size="xs" onClick={() => setStep({ kind: "done", intervention: i })}>
                    {t("interventions.markDone")}
                  </Button>
                ) : null}
                {i.can.certify ? (
                  <>
                    <Button size="xs" color="green" onClick={() => setStep({ kind: "certify", intervention: i })}>
                      {t("interventions.certify")}
                    </Button>
                    <Button size="xs" variant="default" onClick={() => setStep({ kind: "dispute", intervention: i })}>
                      {t("interventions.dispute")}
                    </Button>
                  </>
                ) : null}
                {i.can.cancel ? (
                  <Button size="xs" variant="subtle" color="red" onClick={() => setStep({ kind: "cancel", intervention: i })}>
                    {t("interventions.cancel")}
                  </Button>
                ) : null}
                <Anchor size="xs" href={interventionReportUrl(i.id)} download>
                  <Group gap={4} component="span">
                    <IconFileTypePdf size={14} aria-hidden />
                    {t("interventions.report")}
                  </Group>
                </Anchor>
              </Group>
            </Group>
          </Paper>
        ))}
      </Stack>
      <AppModal opened={step !== null} onClose={() => setStep(null)} title={step ? t(`interventions.step.${step.kind}`) : ""} size="lg">
        {step?.kind === "plan" ? <PlanForm detail={detail} onClose={() => setStep(null)} /> : null}
        {step && step.kind !== "plan" ? <StepForm step={step} ticketNumber={detail.ticket.number} onClose={() => setStep(null)} /> : null}
      </AppModal>
    </Panel>
  );
}

function useRefresh(ticketNumber: string) {
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: ["interventions"] });
    // The ticket's timeline records each step.
    await queryClient.invalidateQueries({ queryKey: ["tickets", "detail", ticketNumber] });
  };
}

/** "2026-12-04T09:00" in the browser's time (the Region's staff work in Paris). */
function defaultStart(): string {
  const d = new Date(Date.now() + 86_400_000);
  d.setHours(9, 0, 0, 0);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T09:00`;
}

function PlanForm({ detail, onClose }: { detail: TicketDetail; onClose: () => void }) {
  const { t, language } = useI18n();
  const me = useMe();
  const candidates = useQuery(assigneesQuery(detail.ticket.id));
  const refresh = useRefresh(detail.ticket.number);
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { kind: "on_site", technicianId: detail.ticket.assigneePersonId ?? me.id, startsAt: defaultStart(), durationMinutes: 60 as number | string },
    validate: {
      startsAt: (v) => (v && !Number.isNaN(new Date(v).getTime()) ? null : t("interventions.startsAtRequired")),
      durationMinutes: (v) => (Number(v) >= 5 ? null : t("interventions.durationRequired")),
    },
  });
  const people = [
    { value: me.id, label: `${me.firstName} ${me.lastName}` },
    ...(candidates.data?.people ?? []).filter((p) => p.id !== me.id).map((p) => ({ value: p.id, label: p.name })),
  ];
  const mutation = useMutation({
    mutationFn: (v: typeof form.values) =>
      planIntervention({
        kind: v.kind,
        ticket: detail.ticket.id,
        technicianId: v.technicianId,
        startsAt: new Date(v.startsAt).toISOString(),
        durationMinutes: Number(v.durationMinutes),
      }),
    onSuccess: async () => {
      await refresh();
      notifySuccess(t("interventions.planned"));
      onClose();
    },
    onError: (e) => setError(applyApiError(form, e)),
  });
  return (
    <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate>
      <Stack>
        <FormError message={error} />
        <Select
          label={t("interventions.kind")}
          data={(["on_site", "remote"] as const).map((k) => ({ value: k, label: INTERVENTION_KINDS[k][language] }))}
          allowDeselect={false}
          {...form.getInputProps("kind")}
        />
        <Select label={t("interventions.technician")} data={people} searchable allowDeselect={false} {...form.getInputProps("technicianId")} />
        <TextInput type="datetime-local" label={t("interventions.startsAt")} required {...form.getInputProps("startsAt")} />
        <NumberInput label={t("interventions.duration")} min={5} max={7200} step={15} required {...form.getInputProps("durationMinutes")} />
        <Actions onClose={onClose} pending={mutation.isPending} label={t("interventions.plan")} />
      </Stack>
    </form>
  );
}

function StepForm({ step, ticketNumber, onClose }: { step: Exclude<Step, { kind: "plan" }>; ticketNumber: string; onClose: () => void }) {
  const { t } = useI18n();
  const refresh = useRefresh(ticketNumber);
  const [error, setError] = useState<string | null>(null);
  const { intervention } = step;
  const form = useForm({
    initialValues: {
      report: intervention.report ?? "",
      timeSpentMinutes: (intervention.timeSpentMinutes ?? intervention.durationMinutes) as number | string,
      text: "",
    },
    validate: {
      report: (v) => (step.kind !== "done" || v.trim().length >= 3 ? null : t("interventions.reportRequired")),
      text: (v) => ((step.kind !== "dispute" && step.kind !== "cancel") || v.trim().length >= 3 ? null : t("interventions.commentRequired")),
    },
  });
  const send = (v: typeof form.values) => {
    const version = intervention.version;
    switch (step.kind) {
      case "done":
        return markInterventionDone(intervention.id, { version, report: v.report.trim(), timeSpentMinutes: Number(v.timeSpentMinutes) });
      case "certify":
        return certifyIntervention(intervention.id, { version, decision: "certified", ...(v.text.trim() ? { comment: v.text.trim() } : {}) });
      case "dispute":
        return certifyIntervention(intervention.id, { version, decision: "disputed", comment: v.text.trim() });
      case "cancel":
        return cancelIntervention(intervention.id, { version, reason: v.text.trim() });
    }
  };
  const mutation = useMutation({
    mutationFn: send,
    onSuccess: async () => {
      await refresh();
      notifySuccess(t(`interventions.stepDone.${step.kind}`));
      onClose();
    },
    onError: (e) => setError(applyApiError(form, e, { comment: "text", reason: "text" })),
  });
  return (
    <form onSubmit={form.onSubmit((v) => mutation.mutate(v))} noValidate>
      <Stack>
        <FormError message={error} />
        {step.kind === "done" ? (
          <>
            <Textarea label={t("interventions.reportField")} autosize minRows={4} required {...form.getInputProps("report")} />
            <NumberInput label={t("interventions.timeSpentField")} min={5} max={7200} step={5} required {...form.getInputProps("timeSpentMinutes")} />
          </>
        ) : (
          <>
            {step.kind === "certify" ? <Text size="sm">{t("interventions.certifyText")}</Text> : null}
            <Textarea
              label={t(step.kind === "cancel" ? "interventions.reasonField" : "interventions.commentField")}
              autosize
              minRows={3}
              required={step.kind !== "certify"}
              {...form.getInputProps("text")}
            />
          </>
        )}
        <Actions onClose={onClose} pending={mutation.isPending} label={t(`interventions.step.${step.kind}`)} />
      </Stack>
    </form>
  );
}

function Actions({ onClose, pending, label }: { onClose: () => void; pending: boolean; label: string }) {
  const { t } = useI18n();
  return (
    <Group justify="flex-end">
      <Button variant="default" onClick={onClose}>
        {t("common.cancel")}
      </Button>
      <Button type="submit" loading={pending}>
        {label}
      </Button>
    </Group>
  );
}
