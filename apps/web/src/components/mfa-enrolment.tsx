import { Alert, Button, Code, CopyButton, Group, List, Paper, Stack, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconCheck, IconCopy } from "@tabler/icons-react";
import { useMutation, useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { beginMfaEnrolment, confirmMfaEnrolment } from "../lib/auth-api.ts";
import { applyApiError } from "../lib/forms.ts";
import { useI18n } from "../lib/i18n/i18n.tsx";
import type { SessionStage } from "../lib/session.ts";
import { ErrorAlert, FormError, LoadingBlock } from "./query-state.tsx";

/**
 * TOTP enrolment: the API makes a secret and its QR code (POST /auth/mfa/setup), the person
 * scans it, then proves it works with a first code (POST /auth/mfa/confirm).
 */
export function MfaEnrolment({ onDone }: { onDone: (stage: SessionStage) => void }) {
  const { t } = useI18n();
  // A query (not an effect) so that React's double mount in development asks for one secret only.
  const setup = useQuery({
    queryKey: ["mfa-setup"],
    queryFn: beginMfaEnrolment,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    retry: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
  });
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ initialValues: { code: "" }, validate: { code: (v) => (/^\d{6}$/.test(v.trim()) ? null : t("mfa.codeInvalid")) } });
  const confirm = useMutation({
    mutationFn: (code: string) => confirmMfaEnrolment(code),
    onSuccess: (result) => onDone(result.stage),
    onError: (error) => setFormError(applyApiError(form, error)),
  });

  if (setup.isPending) return <LoadingBlock label={t("mfa.preparing")} />;
  if (setup.isError) return <ErrorAlert error={setup.error} onRetry={() => void setup.refetch()} />;
  const grouped = setup.data.secret.replace(/(.{4})/g, "$1 ").trim();

  return (
    <Stack gap="lg">
      <List type="ordered" spacing="md">
        <List.Item>{t("mfa.enrol.step1")}</List.Item>
        <List.Item>
          <Stack gap="sm">
            <Text>{t("mfa.enrol.step2")}</Text>
            <Paper withBorder p="sm" w="fit-content" bg="white">
              {/* As an image (not inline markup): the SVG cannot run anything, and it gets a real alt text. */}
              <img
                src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.data.qrCodeSvg)}`}
                alt={t("mfa.enrol.qrAlt")}
                width={200}
                height={200}
                style={{ display: "block" }}
              />
            </Paper>
            <Text size="sm">{t("mfa.enrol.manual")}</Text>
            <Group gap="xs">
              <Text size="sm" fw={600} component="span">
                {t("mfa.enrol.secretLabel")}
              </Text>
              <Code fz="md">{grouped}</Code>
              <CopyButton value={setup.data.secret}>
                {({ copied, copy }) => (
                  <Button
                    size="xs"
                    variant="light"
                    onClick={copy}
                    leftSection={copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
                  >
                    {copied ? t("common.copied") : t("mfa.enrol.copySecret")}
                  </Button>
                )}
              </CopyButton>
            </Group>
          </Stack>
        </List.Item>
        <List.Item>{t("mfa.enrol.step3")}</List.Item>
      </List>
      <form
        noValidate
        onSubmit={form.onSubmit((values) => {
          setFormError(null);
          confirm.mutate(values.code.trim());
        })}
      >
        <Stack gap="md" maw={360}>
          <FormError message={formError} />
          <TextInput
            label={t("mfa.codeLabel")}
            description={t("mfa.codeHelp")}
            inputMode="numeric"
            autoComplete="one-time-code"
            maxLength={6}
            required
            {...form.getInputProps("code")}
          />
          <Button type="submit" loading={confirm.isPending} style={{ alignSelf: "flex-start" }}>
            {t("mfa.enrol.submit")}
          </Button>
        </Stack>
      </form>
      <Alert variant="light" color="blue">
        {t("mfa.enrol.keep")}
      </Alert>
    </Stack>
  );
}
