import { Anchor, Stack } from "@mantine/core";
import { getRouteApi } from "@tanstack/react-router";
import { MfaEnrolment } from "../../../components/mfa-enrolment.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { AuthLayout } from "../components/auth-layout.tsx";
import { useAfterStage } from "../components/use-after-stage.ts";
import { useCancelLogin } from "../components/use-cancel-login.ts";

const route = getRouteApi("/connexion/double-authentification");

/** Administrator roles must enrol a second factor before going further (seed 001, "Sécurité"). */
export function MfaEnrolmentPage() {
  const { t } = useI18n();
  const { redirect } = route.useSearch();
  const afterStage = useAfterStage(redirect);
  const cancel = useCancelLogin();
  return (
    <AuthLayout title={t("mfa.enrol.title")} intro={t("mfa.enrol.intro")} width={560}>
      <Stack gap="md">
        <MfaEnrolment onDone={afterStage} />
        <Anchor component="button" type="button" size="sm" onClick={cancel}>
          {t("auth.cancel")}
        </Anchor>
      </Stack>
    </AuthLayout>
  );
}
