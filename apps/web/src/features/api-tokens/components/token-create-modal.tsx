import { Alert, Button, Checkbox, Code, CopyButton, Group, NativeSelect, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertTriangle, IconCheck, IconCopy } from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { AppModal } from "../../../components/app-modal.tsx";
import { FormError } from "../../../components/query-state.tsx";
import { applyApiError } from "../../../lib/forms.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { createApiToken } from "../api/api-tokens-api.ts";

const EXPIRY_DAYS = ["30", "90", "365", "730", "never"] as const;

/** Creates a token, then shows it once: the API keeps only its hash. */
export function TokenCreateModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const form = useForm({
    initialValues: { name: "", isReadOnly: true, expiry: "365" as (typeof EXPIRY_DAYS)[number] },
    validate: { name: (v) => (v.trim().length >= 2 ? null : t("tokens.nameInvalid")) },
  });
  const mutation = useMutation({
    mutationFn: (values: typeof form.values) =>
      createApiToken({ name: values.name.trim(), isReadOnly: values.isReadOnly, expiresInDays: values.expiry === "never" ? null : Number(values.expiry) }),
    onSuccess: async (token) => {
      setCreated({ name: token.name, token: token.token });
      await queryClient.invalidateQueries({ queryKey: ["api-tokens"] });
    },
    onError: (error) => setFormError(applyApiError(form, error)),
  });
  const close = () => {
    setCreated(null);
    setFormError(null);
    form.reset();
    onClose();
  };

  return (
    <AppModal opened={opened} onClose={close} title={created ? t("tokens.createdTitle") : t("tokens.createTitle")} size="lg" closeOnClickOutside={!created}>
      {created ? (
        <Stack gap="md">
          <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t("tokens.onceTitle")} role="alert">
            {t("tokens.onceText")}
          </Alert>
          <Text size="sm" fw={600} id="new-token-label">
            {t("tokens.valueLabel", { name: created.name })}
          </Text>
          <Code block fz="sm" aria-labelledby="new-token-label" style={{ wordBreak: "break-all", whiteSpace: "pre-wrap" }}>
            {created.token}
          </Code>
          <Group justify="space-between">
            <CopyButton value={created.token}>
              {({ copied, copy }) => (
                <Button
                  variant={copied ? "light" : "filled"}
                  color={copied ? "green" : undefined}
                  onClick={copy}
                  leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
                >
                  {copied ? t("common.copied") : t("tokens.copy")}
                </Button>
              )}
            </CopyButton>
            <Button variant="default" onClick={close}>
              {t("tokens.doneCopying")}
            </Button>
          </Group>
          <Text size="xs" c="dimmed" role="status" aria-live="polite">
            {t("tokens.usage")}
          </Text>
        </Stack>
      ) : (
        <form
          noValidate
          onSubmit={form.onSubmit((values) => {
            setFormError(null);
            mutation.mutate(values);
          })}
        >
          <Stack gap="md">
            <FormError message={formError} />
            <TextInput label={t("tokens.name")} description={t("tokens.nameHint")} required {...form.getInputProps("name")} />
            <NativeSelect
              label={t("tokens.expiry")}
              data={EXPIRY_DAYS.map((d) => ({ value: d, label: d === "never" ? t("tokens.never") : t("tokens.days", { days: d }) }))}
              {...form.getInputProps("expiry")}
            />
            <Checkbox label={t("tokens.readOnly")} description={t("tokens.readOnlyHint")} {...form.getInputProps("isReadOnly", { type: "checkbox" })} />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={close} disabled={mutation.isPending}>
                {t("common.cancel")}
              </Button>
              <Button type="submit" loading={mutation.isPending}>
                {t("tokens.create")}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </AppModal>
  );
}
