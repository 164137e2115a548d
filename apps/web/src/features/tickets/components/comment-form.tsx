import { Button, Checkbox, Group, Stack, Textarea } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { FormError } from "../../../components/query-state.tsx";
import { applyApiError } from "../../../lib/forms.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { notifySuccess } from "../../../lib/notify.tsx";
import { commentTicket, type TicketDetail } from "../api/tickets-api.ts";

/** A public comment (mailed to the school and the assignee) or, for the desk, an internal note (mailed to nobody). */
export function CommentForm({ detail }: { detail: TicketDetail }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const form = useForm({ initialValues: { body: "", internal: false }, validate: { body: (v) => (v.trim() ? null : t("comment.empty")) } });
  const mutation = useMutation({
    mutationFn: (values: { body: string; internal: boolean }) => commentTicket(detail.ticket.id, { body: values.body.trim(), internal: values.internal }),
    onSuccess: (updated, values) => {
      queryClient.setQueryData(["tickets", "detail", detail.ticket.number], updated);
      notifySuccess(values.internal ? t("comment.noteAdded") : t("comment.added"));
      form.reset();
      setError(null);
    },
    onError: (e) => setError(applyApiError(form, e)),
  });
  return (
    <form noValidate onSubmit={form.onSubmit((values) => mutation.mutate(values))} aria-label={t("comment.formLabel")}>
      <Stack gap="xs">
        <Textarea
          label={form.values.internal ? t("comment.noteLabel") : t("comment.label")}
          autosize
          minRows={3}
          maxLength={10000}
          {...form.getInputProps("body")}
        />
        <FormError message={error} />
        <Group justify="space-between">
          {detail.can.internalNote ? <Checkbox label={t("comment.internal")} {...form.getInputProps("internal", { type: "checkbox" })} /> : <span />}
          <Button type="submit" loading={mutation.isPending} variant={form.values.internal ? "light" : "filled"}>
            {form.values.internal ? t("comment.addNote") : t("comment.add")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
