import { Alert, Button, PasswordInput, Stack } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { useState } from "react";
import { PasswordRules, passwordProblem, toggleProps } from "../../../components/password-change-form.tsx";
import { FormError } from "../../../components/query-state.tsx";
import { AnchorLink, ButtonLink } from "../../../components/router-links.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { confirmPasswordReset } from "../../../lib/auth-api.ts";
import { applyApiError } from "../../../lib/forms.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { AuthLayout } from "../components/auth-layout.tsx";

const route = getRouteApi("/reinitialiser-mot-de-passe");

/** The page the reset e-mail links to: /reinitialiser-mot-de-passe?jeton=… */
export function ResetPasswordPage() {
  const { t } = useI18n();
  const { jeton } = route.useSearch();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { newPassword: "", confirmation: "" },
    validate: {
      newPassword: (v) => passwordProblem(v, t),
      confirmation: (v, values) => (v === values.newPassword ? null : t("password.mismatch")),
    },
  });
  const mutation = useMutation({
    mutationFn: (newPassword: string) => confirmPasswordReset({ token: jeton ?? "", newPassword }),
    onError: (error) => setFormError(applyApiError(form, error)),
  });

  if (!jeton) {
    return (
      <AuthLayout title={t("reset.title")}>
        <Alert color="red" variant="light" role="alert">
          {t("reset.missingToken")}
        </Alert>
        <AnchorLink to="/mot-de-passe-oublie">{t("reset.askAgain")}</AnchorLink>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout title={t("reset.title")} intro={mutation.isSuccess ? undefined : t("reset.intro")}>
      {mutation.isSuccess ? (
        <Stack gap="md">
          <Alert color="green" variant="light" role="status">
            {t("reset.done")}
          </Alert>
          <ButtonLink to="/connexion" search={{}}>
            {t("reset.goToLogin")}
          </ButtonLink>
        </Stack>
      ) : (
        <form
          noValidate
          onSubmit={form.onSubmit((values) => {
            setFormError(null);
            mutation.mutate(values.newPassword);
          })}
        >
          <Stack gap="md">
            <FormError message={formError} />
            <PasswordRules />
            <PasswordInput
              label={t("password.new")}
              autoComplete="new-password"
              required
              autoFocus
              aria-describedby="password-rules"
              {...toggleProps(t)}
              {...form.getInputProps("newPassword")}
            />
            <PasswordInput label={t("password.confirm")} autoComplete="new-password" required {...toggleProps(t)} {...form.getInputProps("confirmation")} />
            <Button type="submit" loading={mutation.isPending} fullWidth>
              {t("reset.submit")}
            </Button>
            {mutation.error instanceof ApiError && mutation.error.code === "auth.reset_token_invalid" ? (
              <AnchorLink to="/mot-de-passe-oublie" size="sm">
                {t("reset.askAgain")}
              </AnchorLink>
            ) : null}
          </Stack>
        </form>
      )}
    </AuthLayout>
  );
}
