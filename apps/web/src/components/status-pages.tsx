import { Paper, Stack, Text } from "@mantine/core";
import { useI18n } from "../lib/i18n/i18n.tsx";
import { PageHeader } from "./page-header.tsx";
import { ErrorAlert } from "./query-state.tsx";
import { AnchorLink, ButtonLink } from "./router-links.tsx";

export function NotFoundPage() {
  const { t } = useI18n();
  return (
    <Stack p="lg" maw={720} mx="auto" component="main" id="main-content">
      <AnchorLink to="/" fw={800} fz={22} c="blue.9" underline="never">
        Relais
      </AnchorLink>
      <PageHeader title={t("notFound.title")} />
      <Paper withBorder p="lg" radius="md" bg="white">
        <Text mb="md">{t("notFound.text")}</Text>
        <ButtonLink to="/">{t("notFound.home")}</ButtonLink>
      </Paper>
    </Stack>
  );
}

/** Shown when the navigation would not have offered the page (a link shared by someone else). */
export function ForbiddenPage() {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t("forbidden.title")} />
      <Paper withBorder p="lg" radius="md" bg="white">
        <Text mb="md">{t("forbidden.text")}</Text>
        <ButtonLink to="/">{t("notFound.home")}</ButtonLink>
      </Paper>
    </>
  );
}

/** A page that could not load (the API is down, an unexpected error). */
export function ErrorPage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <Stack p="lg" maw={720} mx="auto">
      <PageHeader title={t("error.title")} />
      <ErrorAlert error={error} {...(onRetry ? { onRetry } : {})} />
    </Stack>
  );
}
