import { Button, List, PasswordInput, Stack, Text } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { changePassword } from "../lib/auth-api.ts";
import { applyApiError } from "../lib/forms.ts";
import { useI18n } from "../lib/i18n/i18n.tsx";
import type { SessionStage } from "../lib/session.ts";
import { FormError } from "./query-state.tsx";

/** The password rules the API enforces (apps/api/src/modules/auth/secrets.ts), checked here first. */
export function passwordProblem(password: string, t: ReturnType<typeof useI18n>["t"]): string | null {
  if (password.length < 12) return t("password.rule.length");
  const kinds = [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/].filter((re) => re.test(password)).length;
  if (kinds < 3) return t("password.rule.kinds");
  return null;
}

export function PasswordRules() {
  const { t } = useI18n();
  return (
    <div>
      <Text size="sm" fw={600} id="password-rules">
        {t("password.rules.title")}
      </Text>
      <List size="sm" c="dimmed">
        <List.Item>{t("password.rule.length")}</List.Item>
        <List.Item>{t("password.rule.kinds")}</List.Item>
        <List.Item>{t("password.rule.email")}</List.Item>
      </List>
    </div>
  );
}

/** Current password, new password twice. Used by the login step and by "My account". */
export function PasswordChangeForm({ onDone, submitLabel }: { onDone: (stage: SessionStage) => void; submitLabel?: string }) {
  const { t } = useI18n();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { currentPassword: "", newPassword: "", confirmation: "" },
    validate: {
      currentPassword: (v) => (v ? null : t("password.currentRequired")),
      newPassword: (v) => passwordProblem(v, t),
      confirmation: (v, values) => (v === values.newPassword ? null : t("password.mismatch")),
    },
  });
  const mutation = useMutation({
    mutationFn: (values: typeof form.values) => changePassword({ currentPassword: values.currentPassword, newPassword: values.newPassword }),
    onSuccess: (result) => {
      form.reset();
      onDone(result.stage);
    },
    onError: (error) => setFormError(applyApiError(form, error)),
  });
  return (
    <form
      noValidate
      onSubmit={form.onSubmit((values) => {
        setFormError(null);
        mutation.mutate(values);
      })}
    >
      <Stack gap="md">
        <FormError message={formError} />
        <PasswordInput label={t("password.current")} autoComplete="current-password" required {...toggleProps(t)} {...form.getInputProps("currentPassword")} />
        <PasswordRules />
        <PasswordInput
          label={t("password.new")}
          autoComplete="new-password"
          required
          aria-describedby="password-rules"
          {...toggleProps(t)}
          {...form.getInputProps("newPassword")}
        />
        <PasswordInput label={t("password.confirm")} autoComplete="new-password" required {...toggleProps(t)} {...form.getInputProps("confirmation")} />
        <Button type="submit" loading={mutation.isPending} style={{ alignSelf: "flex-start" }}>
          {submitLabel ?? t("password.submit")}
        </Button>
      </Stack>
    </form>
  );
}

/** The show/hide toggle is reachable by keyboard and named without repeating the field's label. */
export function toggleProps(t: ReturnType<typeof useI18n>["t"]) {
  return { visibilityToggleButtonProps: { "aria-label": t("password.toggle"), tabIndex: 0 } } as const;
}
