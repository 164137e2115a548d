import { Alert, Button, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { FormError } from "../../../components/query-state.tsx";
import { AnchorLink } from "../../../components/router-links.tsx";
import { requestPasswordReset } from "../../../lib/auth-api.ts";
import { applyApiError } from "../../../lib/forms.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { AuthLayout } from "../components/auth-layout.tsx";

export function ForgotPasswordPage() {
  const { t } = useI18n();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ initialValues: { email: "" }, validate: { email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : t("login.emailInvalid")) } });
  const mutation = useMutation({
    mutationFn: (email: string) => requestPasswordReset(email),
    onError: (error) => setFormError(applyApiError(form, error)),
  });
  return (
    <AuthLayout title={t("forgot.title")} intro={t("forgot.intro")}>
      {mutation.isSuccess ? (
        <Stack gap="md">
          <Alert color="green" variant="light" role="status">
            {mutation.data.message}
          </Alert>
          <AnchorLink to="/connexion" search={{}}>
            {t("forgot.back")}
          </AnchorLink>
        </Stack>
      ) : (
        <form
          noValidate
          onSubmit={form.onSubmit((values) => {
            setFormError(null);
            mutation.mutate(values.email.trim());
          })}
        >
          <Stack gap="md">
            <FormError message={formError} />
            <TextInput label={t("login.email")} type="email" autoComplete="username" required autoFocus {...form.getInputProps("email")} />
            <Button type="submit" loading={mutation.isPending} fullWidth>
              {t("forgot.submit")}
            </Button>
            <AnchorLink to="/connexion" search={{}} size="sm" ta="center">
              {t("forgot.back")}
            </AnchorLink>
          </Stack>
        </form>
      )}
    </AuthLayout>
  );
}
