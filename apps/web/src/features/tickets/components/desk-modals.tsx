import { Button, Group, Radio, Select, Stack, Text, Textarea } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IMPACTS, TICKET_KINDS, URGENCIES } from "@relais/shared/tickets";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { AppModal } from "../../../components/app-modal.tsx";
import { FormError } from "../../../components/query-state.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { applyApiError } from "../../../lib/forms.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { notifySuccess } from "../../../lib/notify.tsx";
import { assigneesQuery, escalateTicket, reclassifyTicket, remindTicket, type TicketDetail } from "../api/tickets-api.ts";
import { categoryGroups, optionsOf } from "./ticket-labels.ts";

export type DeskAction = "reclassify" | "escalate" | "remind";

/** After a change: the page shows the API's answer at once, lists refresh in the background. */
function useTicketMutation<T>(
  detail: TicketDetail,
  send: (values: T) => Promise<TicketDetail>,
  done: string,
  onDone: () => void,
  form: Parameters<typeof applyApiError>[0],
  setError: (message: string | null) => void,
) {
  const queryClient = useQueryClient();
  const key = ["tickets", "detail", detail.ticket.number];
  return useMutation({
    mutationFn: send,
    onSuccess: async (updated) => {
      queryClient.setQueryData(key, updated);
      await queryClient.invalidateQueries({ queryKey: ["tickets", "list"] });
      notifySuccess(done);
      onDone();
    },
    onError: async (error) => {
      setError(applyApiError(form, error));
      if (error instanceof ApiError && error.code === "conflict.version") await queryClient.invalidateQueries({ queryKey: key });
    },
  });
}

/** The desk's adjustments that are not workflow steps: reclassify, escalate, remind. */
export function DeskModal({ action, detail, onClose }: { action: DeskAction | null; detail: TicketDetail; onClose: () => void }) {
  const { t } = useI18n();
  const titles: Record<DeskAction, string> = { reclassify: t("desk.reclassify"), escalate: t("desk.escalate"), remind: t("desk.remind") };
  return (
    <AppModal opened={action !== null} onClose={onClose} title={action ? `${titles[action]} — ${detail.ticket.number}` : ""} size="lg">
      {action === "reclassify" ? <ReclassifyForm detail={detail} onClose={onClose} /> : null}
      {action === "escalate" ? <EscalateForm detail={detail} onClose={onClose} /> : null}
      {action === "remind" ? <RemindForm detail={detail} onClose={onClose} /> : null}
    </AppModal>
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

function ReclassifyForm({ detail, onClose }: { detail: TicketDetail; onClose: () => void }) {
  const { t, language } = useI18n();
  const { ticket } = detail;
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { kind: ticket.kind, category: ticket.category, urgency: ticket.urgency, impact: ticket.impact, reason: "" },
    validate: { reason: (v) => (v.trim().length >= 3 ? null : t("ticketAction.reasonRequired")) },
  });
  const mutation = useTicketMutation(
    detail,
    (v: typeof form.values) => reclassifyTicket(ticket.id, { ...v, reason: v.reason.trim(), version: ticket.version }),
    t("desk.reclassified"),
    onClose,
    form,
    setError,
  );
  const groups = { infrastructure: t("category.group.infrastructure"), office: t("category.group.office"), other: t("category.group.other") };
  return (
    <form noValidate onSubmit={form.onSubmit((v) => mutation.mutate(v))}>
      <Stack>
        <Text size="sm">{t("desk.reclassifyHint")}</Text>
        <Select label={t("ticket.kind")} data={optionsOf(TICKET_KINDS, language)} allowDeselect={false} {...form.getInputProps("kind")} />
        <Select label={t("ticket.category")} data={categoryGroups(language, groups)} searchable allowDeselect={false} {...form.getInputProps("category")} />
        <Select label={t("ticket.urgency")} data={optionsOf(URGENCIES, language)} allowDeselect={false} {...form.getInputProps("urgency")} />
        <Select label={t("ticket.impact")} data={optionsOf(IMPACTS, language)} allowDeselect={false} {...form.getInputProps("impact")} />
        <Textarea label={t("desk.reason")} required autosize minRows={2} {...form.getInputProps("reason")} />
        <FormError message={error} />
        <Actions onClose={onClose} pending={mutation.isPending} label={t("desk.reclassify")} />
      </Stack>
    </form>
  );
}

function EscalateForm({ detail, onClose }: { detail: TicketDetail; onClose: () => void }) {
  const { t } = useI18n();
  const { ticket } = detail;
  const [error, setError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { to: "chain", organisationId: "", reason: "" },
    validate: {
      reason: (v) => (v.trim().length >= 3 ? null : t("ticketAction.reasonRequired")),
      organisationId: (v, values) => (values.to === "organisation" && !v ? t("desk.organisationRequired") : null),
    },
  });
  const candidates = useQuery({ ...assigneesQuery(ticket.id), enabled: form.values.to === "organisation" });
  const mutation = useTicketMutation(
    detail,
    (v: typeof form.values) =>
      escalateTicket(ticket.id, {
        to: v.to,
        reason: v.reason.trim(),
        version: ticket.version,
        ...(v.to === "organisation" ? { organisationId: v.organisationId } : {}),
      }),
    t("desk.escalated"),
    onClose,
    form,
    setError,
  );
  return (
    <form noValidate onSubmit={form.onSubmit((v) => mutation.mutate(v))}>
      <Stack>
        <Radio.Group label={t("desk.escalateTo")} {...form.getInputProps("to")}>
          <Stack mt="xs" gap={6}>
            <Radio value="chain" label={t("desk.escalateChain")} />
            <Radio value="organisation" label={t("desk.escalateOrganisation")} />
          </Stack>
        </Radio.Group>
        {form.values.to === "organisation" ? (
          <Select
            label={t("desk.organisation")}
            required
            data={(candidates.data?.organisations ?? []).map((o) => ({ value: o.id, label: o.name }))}
            {...form.getInputProps("organisationId")}
          />
        ) : null}
        <Textarea label={t("desk.reason")} required autosize minRows={2} {...form.getInputProps("reason")} />
        <FormError message={error} />
        <Actions onClose={onClose} pending={mutation.isPending} label={t("desk.escalate")} />
      </Stack>
    </form>
  );
}

function RemindForm({ detail, onClose }: { detail: TicketDetail; onClose: () => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({ initialValues: { message: "" } });
  const mutation = useTicketMutation(
    detail,
    (v: typeof form.values) => remindTicket(detail.ticket.id, v.message.trim() || undefined),
    t("desk.reminded"),
    onClose,
    form,
    setError,
  );
  return (
    <form noValidate onSubmit={form.onSubmit((v) => mutation.mutate(v))}>
      <Stack>
        <Text size="sm">{t("desk.remindHint")}</Text>
        <Textarea label={t("desk.remindMessage")} autosize minRows={2} maxLength={2000} {...form.getInputProps("message")} />
        <FormError message={error} />
        <Actions onClose={onClose} pending={mutation.isPending} label={t("desk.remind")} />
      </Stack>
    </form>
  );
}
