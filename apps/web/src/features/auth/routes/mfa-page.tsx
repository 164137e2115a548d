import { Anchor, Button, Stack, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { useMutation } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { useState } from "react";
import { FormError } from "../../../components/query-state.tsx";
import { verifySecondFactor } from "../../../lib/auth-api.ts";
import { applyApiError } from "../../../lib/forms.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { AuthLayout } from "../components/auth-layout.tsx";
import { useAfterStage } from "../components/use-after-stage.ts";
import { useCancelLogin } from "../components/use-cancel-login.ts";

const route = getRouteApi("/connexion/code");

/** After the password, people who enrolled a second factor give the code of their app. */
export function MfaPage() {
  const { t } = useI18n();
  const { redirect } = route.useSearch();
  const afterStage = useAfterStage(redirect);
  const cancel = useCancelLogin();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ initialValues: { code: "" }, validate: { code: (v) => (/^\d{6}$/.test(v.trim()) ? null : t("mfa.codeInvalid")) } });
  const mutation = useMutation({
    mutationFn: (code: string) => verifySecondFactor(code),
    onSuccess: ({ stage }) => afterStage(stage),
    onError: (error) => {
      form.setFieldValue("code", "");
      setFormError(applyApiError(form, error));
    },
  });
  return (
    <AuthLayout title={t("mfa.title")} intro={t("mfa.intro")}>
      <form
        noValidate
        onSubmit={form.onSubmit((values) => {
          setFormError(null);
          mutation.mutate(values.code.trim());
        })}
      >
        <Stack gap="md">
          <FormError message={formError} />
          <TextInput
            label={t("mfa.codeLabel")}
            description={t("mfa.codeHelp")}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            required
            autoFocus
            {...form.getInputProps("code")}
          />
          <Button type="submit" loading={mutation.isPending} fullWidth>
            {t("mfa.submit")}
          </Button>
          <Anchor component="button" type="button" size="sm" onClick={cancel} ta="center">
            {t("auth.cancel")}
          </Anchor>
        </Stack>
      </form>
    </AuthLayout>
  );
}
