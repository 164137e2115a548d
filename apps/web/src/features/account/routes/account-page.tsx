import { Alert, Badge, Button, Grid, Group, List, Stack, Text } from "@mantine/core";
import { roleLabel } from "@relais/shared/roles";
import { IconShieldCheck, IconShieldOff } from "@tabler/icons-react";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { LanguageSwitch } from "../../../components/language-switch.tsx";
import { MfaEnrolment } from "../../../components/mfa-enrolment.tsx";
import { PageHeader } from "../../../components/page-header.tsx";
import { Panel } from "../../../components/panel.tsx";
import { PasswordChangeForm } from "../../../components/password-change-form.tsx";
import { AnchorLink } from "../../../components/router-links.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { notifySuccess } from "../../../lib/notify.tsx";
import { useMe } from "../../../lib/session.ts";

/** My account: who I am, my roles, my second factor, my password, my language. */
export function AccountPage() {
  const { t, language, formatDate, formatDateTime } = useI18n();
  const me = useMe();
  const queryClient = useQueryClient();
  const [enrolling, setEnrolling] = useState(false);

  return (
    <>
      <PageHeader title={t("account.title")} subtitle={`${me.firstName} ${me.lastName} · ${me.email}`} />
      <Grid gap="md">
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack gap="md">
            <Panel gap="md" title={t("account.profile")}>
              <Stack gap="xs" component="dl" m={0}>
                {(
                  [
                    [t("person.firstName"), me.firstName],
                    [t("person.lastName"), me.lastName],
                    [t("person.email"), me.email],
                    [t("account.passwordChangedAt"), me.passwordChangedAt ? formatDateTime(me.passwordChangedAt) : "—"],
                  ] as const
                ).map(([label, value]) => (
                  <Group key={label} gap="xs" wrap="nowrap" align="baseline">
                    <Text component="dt" size="sm" c="dimmed" fw={600} w={200}>
                      {label}
                    </Text>
                    <Text component="dd" m={0}>
                      {value}
                    </Text>
                  </Group>
                ))}
              </Stack>
              <Text size="xs" c="dimmed" mt="sm">
                {t("account.profileHint")}
              </Text>
            </Panel>
            <Panel gap="md" title={t("account.roles")}>
              {me.assignments.length === 0 ? (
                <Text c="dimmed">{t("account.noRoles")}</Text>
              ) : (
                <List spacing="xs">
                  {me.assignments.map((a) => (
                    <List.Item key={a.id}>
                      <Text span fw={600}>
                        {roleLabel(a.role, language)}
                      </Text>{" "}
                      — {a.scopeName}
                      <Text size="xs" c="dimmed">
                        {a.validUntil
                          ? t("holders.periodValue", { from: formatDate(a.validFrom), to: formatDate(a.validUntil) })
                          : t("person.since", { from: formatDate(a.validFrom) })}
                      </Text>
                    </List.Item>
                  ))}
                </List>
              )}
            </Panel>
            <Panel gap="md" title={t("account.language")}>
              <Stack gap="xs" align="flex-start">
                <Text size="sm">{t("account.languageHint")}</Text>
                <LanguageSwitch size="sm" />
              </Stack>
            </Panel>
            <Panel gap="md" title={t("account.tokens")}>
              <Text size="sm">
                {t("account.tokensHint")} <AnchorLink to="/jetons">{t("nav.tokens")}</AnchorLink>
              </Text>
            </Panel>
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6 }}>
          <Stack gap="md">
            <Panel gap="md" title={t("account.mfa")}>
              {me.totpEnabled ? (
                <Group gap="sm">
                  <IconShieldCheck size={22} color="var(--mantine-color-green-8)" aria-hidden />
                  <Badge color="green" size="lg">
                    {t("account.mfaOn")}
                  </Badge>
                  <Text size="sm">{t("account.mfaOnHint")}</Text>
                </Group>
              ) : enrolling ? (
                <MfaEnrolment
                  onDone={async () => {
                    setEnrolling(false);
                    notifySuccess(t("account.mfaEnabled"));
                    await queryClient.invalidateQueries({ queryKey: ["me"] });
                  }}
                />
              ) : (
                <Stack gap="sm" align="flex-start">
                  <Group gap="sm">
                    <IconShieldOff size={22} color="var(--mantine-color-orange-8)" aria-hidden />
                    <Badge color="orange" size="lg">
                      {t("account.mfaOff")}
                    </Badge>
                  </Group>
                  <Text size="sm">{t("account.mfaOffHint")}</Text>
                  <Button onClick={() => setEnrolling(true)}>{t("account.mfaEnable")}</Button>
                </Stack>
              )}
            </Panel>
            <Panel gap="md" title={t("account.password")}>
              <PasswordChangeForm
                onDone={async () => {
                  notifySuccess(t("account.passwordChanged"));
                  await queryClient.invalidateQueries({ queryKey: ["me"] });
                }}
              />
              <Alert variant="light" color="blue" mt="md">
                {t("account.passwordHint")}
              </Alert>
            </Panel>
          </Stack>
        </Grid.Col>
      </Grid>
    </>
  );
}
