import { Badge } from "@mantine/core";
import { useI18n } from "../../../lib/i18n/i18n.tsx";

export function PersonStatus({ isActive, hasAccount }: { isActive: boolean; hasAccount: boolean }) {
  const { t } = useI18n();
  if (!isActive) return <Badge color="gray">{t("person.inactive")}</Badge>;
  return hasAccount ? <Badge color="green">{t("person.hasAccount")}</Badge> : <Badge color="yellow">{t("person.noAccount")}</Badge>;
}
