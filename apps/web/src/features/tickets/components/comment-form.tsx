import { Button, Checkbox, Group, Stack, Textarea } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { FormError } from "../../../components/query-state.tsx";
import { applyApiError } from "../../../lib/forms.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { notifySuccess } from "../../../lib/notify.tsx";
import { uploadAttachments } from "../api/attachments-api.ts";
import { commentTicket, type TicketDetail } from "../api/tickets-api.ts";
import { AttachmentInput, attachmentLimitError } from "./attachment-input.tsx";

type Values = { body: string; internal: boolean; files: File[] };

/**
 * A public comment (mailed to the school and the assignee) or, for the desk, an internal note
 * (mailed to nobody), with files if any: sent together they make one entry in the timeline.
 * The limits are checked here to spare a long upload; the server checks them again, and the
 * type from the bytes, and its refusal is shown as it says it.
 */
export function CommentForm({ detail }: { detail: TicketDetail }) {
  const { t, tn } = useI18n();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const form = useForm<Values>({
    initialValues: { body: "", internal: false, files: [] },
    validate: {
      body: (v, values) => (v.trim() || values.files.length > 0 ? null : t("comment.empty")),
      files: (files) => attachmentLimitError(files, t),
    },
  });
  const mutation = useMutation({
    mutationFn: async (values: Values) => {
      const body = values.body.trim();
      if (values.files.length === 0) return { kind: "comment" as const, detail: await commentTicket(detail.ticket.id, { body, internal: values.internal }) };
      const uploaded = await uploadAttachments(detail.ticket.id, { files: values.files, ...(body ? { comment: body } : {}), internal: values.internal });
      return { kind: "files" as const, count: uploaded.items.length };
    },
    onSuccess: async (result, values) => {
      if (result.kind === "comment") queryClient.setQueryData(["tickets", "detail", detail.ticket.number], result.detail);
      else
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: ["tickets", "detail", detail.ticket.number] }),
          queryClient.invalidateQueries({ queryKey: ["tickets", "attachments", detail.ticket.id] }),
        ]);
      notifySuccess(result.kind === "files" ? tn("attachments.added", result.count) : values.internal ? t("comment.noteAdded") : t("comment.added"));
      form.reset();
      setError(null);
    },
    onError: (e) => setError(applyApiError(form, e)),
  });
  const onlyFiles = form.values.files.length > 0 && !form.values.body.trim();
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
        <AttachmentInput value={form.values.files} onChange={(files) => form.setFieldValue("files", files)} error={form.errors.files} />
        <FormError message={error} />
        <Group justify="space-between">
          {detail.can.internalNote ? <Checkbox label={t("comment.internal")} {...form.getInputProps("internal", { type: "checkbox" })} /> : <span />}
          <Button type="submit" loading={mutation.isPending} variant={form.values.internal ? "light" : "filled"}>
            {onlyFiles ? t("attachments.send") : form.values.internal ? t("comment.addNote") : t("comment.add")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
