import { Button, PasswordInput, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { getRouteApi, useNavigate } from "@tanstack/react-router";
import { useState } from "react";
import { toggleProps } from "../../../components/password-change-form.tsx";
import { FormError } from "../../../components/query-state.tsx";
import { AnchorLink } from "../../../components/router-links.tsx";
import { logIn } from "../../../lib/auth-api.ts";
import { applyApiError } from "../../../lib/forms.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { STAGE_PATHS } from "../../../lib/session.ts";
import { AuthLayout } from "../components/auth-layout.tsx";

const route = getRouteApi("/connexion");

export function LoginPage() {
  const { t } = useI18n();
  const { redirect } = route.useSearch();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { email: "", password: "" },
    validate: {
      email: (v) => (/^\S+@\S+\.\S+$/.test(v.trim()) ? null : t("login.emailInvalid")),
      password: (v) => (v ? null : t("login.passwordRequired")),
    },
  });
  const mutation = useMutation({
    mutationFn: (values: typeof form.values) => logIn({ email: values.email.trim(), password: values.password }),
    onSuccess: async ({ stage }) => {
      queryClient.removeQueries({ queryKey: ["me"] });
      if (stage === "active") await navigate({ href: redirect ?? "/", replace: true });
      else await navigate({ to: STAGE_PATHS[stage], search: redirect ? { redirect } : {}, replace: true });
    },
    onError: (error) => {
      form.setFieldValue("password", "");
      setFormError(applyApiError(form, error));
    },
  });

  return (
    <AuthLayout title={t("login.title")} intro={t("login.intro")}>
      <form
        noValidate
        onSubmit={form.onSubmit((values) => {
          setFormError(null);
          mutation.mutate(values);
        })}
      >
        <Stack gap="md">
          <FormError message={formError} />
          <TextInput label={t("login.email")} type="email" autoComplete="username" required autoFocus {...form.getInputProps("email")} />
          <PasswordInput label={t("login.password")} autoComplete="current-password" required {...toggleProps(t)} {...form.getInputProps("password")} />
          <Button type="submit" loading={mutation.isPending} fullWidth>
            {t("login.submit")}
          </Button>
          <AnchorLink to="/mot-de-passe-oublie" size="sm" ta="center">
            {t("login.forgot")}
          </AnchorLink>
        </Stack>
      </form>
    </AuthLayout>
  );
}
