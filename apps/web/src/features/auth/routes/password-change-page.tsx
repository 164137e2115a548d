import { Anchor, Stack } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { PasswordChangeForm } from "../../../components/password-change-form.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { AuthLayout } from "../components/auth-layout.tsx";
import { useAfterStage } from "../components/use-after-stage.ts";
import { useCancelLogin } from "../components/use-cancel-login.ts";

const route = getRouteApi("/connexion/nouveau-mot-de-passe");

/** Administrators renew a password older than 6 months before going further. */
export function PasswordChangePage() {
  const { t } = useI18n();
  const { redirect } = route.useSearch();
  const afterStage = useAfterStage(redirect);
  const cancel = useCancelLogin();
  return (
    <AuthLayout title={t("passwordChange.title")} intro={t("passwordChange.intro")}>
      <Stack gap="md">
        <PasswordChangeForm onDone={afterStage} submitLabel={t("passwordChange.submit")} />
        <Anchor component="button" type="button" size="sm" onClick={cancel}>
          {t("auth.cancel")}
        </Anchor>
      </Stack>
    </AuthLayout>
  );
}
