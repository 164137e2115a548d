import { Alert, Button, Group, NumberInput, PasswordInput, SimpleGrid, Stack, Switch, Text, TextInput } from "@mantine/core";
import { useForm } from "@mantine/form";
import { IconAlertTriangle, IconInfoCircle } from "@tabler/icons-react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { Panel } from "../../../components/panel.tsx";
import { toggleProps } from "../../../components/password-change-form.tsx";
import { ErrorAlert, FormError, LoadingBlock } from "../../../components/query-state.tsx";
import { AnchorLink } from "../../../components/router-links.tsx";
import { applyApiError } from "../../../lib/forms.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { notifySuccess } from "../../../lib/notify.tsx";
import { type MailboxAnswer, type MailboxInput, mailboxQuery, saveMailbox } from "../api/mail-in-api.ts";
import { PollNowButton } from "./poll-now-button.tsx";

type Values = { enabled: boolean; host: string; port: number | string; tls: boolean; user: string; password: string; folder: string; address: string };

/** The form starts from the stored account, or the usual IMAPS defaults for a first one; never with a password. */
function toValues(answer: MailboxAnswer): Values {
  const m = answer.mailbox;
  return {
    enabled: m?.enabled ?? true,
    host: m?.host ?? "",
    port: m?.port ?? 993,
    tls: m?.tls ?? true,
    user: m?.user ?? "",
    password: "",
    folder: m?.folder ?? "INBOX",
    address: m?.address ?? "",
  };
}

/** What the API takes: an empty password keeps the current one, an empty address falls back to the user name. */
function toInput(values: Values): MailboxInput {
  const address = values.address.trim();
  return {
    enabled: values.enabled,
    host: values.host.trim(),
    port: Number(values.port),
    tls: values.tls,
    user: values.user.trim(),
    folder: values.folder.trim(),
    ...(values.password ? { password: values.password } : {}),
    ...(address ? { address } : {}),
  };
}

/** The region's desk mailbox (the IMAP account Relais reads), for its administrators; its own form and save. */
export function MailboxSection({ regionId }: { regionId: string }) {
  const { t } = useI18n();
  const mailbox = useQuery(mailboxQuery(regionId));
  return (
    <Panel title={t("mailbox.title")} gap={4}>
      <Text size="sm" c="dimmed" mb="sm">
        {t("mailbox.intro")}
      </Text>
      {mailbox.isPending ? (
        <LoadingBlock />
      ) : mailbox.isError ? (
        <ErrorAlert error={mailbox.error} onRetry={() => void mailbox.refetch()} />
      ) : (
        <MailboxForm regionId={regionId} answer={mailbox.data} />
      )}
    </Panel>
  );
}

function MailboxForm({ regionId, answer }: { regionId: string; answer: MailboxAnswer }) {
  const { t, formatDateTime } = useI18n();
  const queryClient = useQueryClient();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<Values>({ initialValues: toValues(answer) });
  const hasPassword = answer.mailbox?.hasPassword ?? false;
  // A fresh answer (after a save or a refetch) becomes the new starting point.
  // biome-ignore lint/correctness/useExhaustiveDependencies: form is stable; only a new answer resets it.
  useEffect(() => {
    form.setValues(toValues(answer));
    form.resetDirty(toValues(answer));
  }, [answer]);

  const save = useMutation({
    mutationFn: (values: Values) => saveMailbox(regionId, toInput(values)),
    onMutate: () => {
      setFormError(null);
      form.clearErrors();
    },
    onSuccess: (saved) => {
      queryClient.setQueryData(mailboxQuery(regionId).queryKey, saved);
      notifySuccess(t("mailbox.saved"));
    },
    onError: (error) => setFormError(applyApiError(form, error)),
  });

  return (
    <form onSubmit={form.onSubmit((values) => save.mutate(values))} noValidate>
      <Stack>
        {answer.mailbox ? (
          <Group justify="space-between" align="flex-start">
            <Text size="sm" role="status">
              {answer.lastPolledAt ? t("mailbox.lastPolledAt", { date: formatDateTime(answer.lastPolledAt) }) : t("mailbox.neverPolled")}
            </Text>
            {answer.mailbox.enabled ? <PollNowButton regionId={regionId} /> : null}
          </Group>
        ) : (
          <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden />}>
            {t("mailbox.none")}
          </Alert>
        )}
        {answer.lastError ? (
          <Alert
            color="red"
            variant="light"
            icon={<IconAlertTriangle aria-hidden />}
            title={t("mailbox.lastErrorTitle", { date: formatDateTime(answer.lastErrorAt) })}
          >
            <Text size="sm" style={{ overflowWrap: "anywhere" }}>
              {answer.lastError}
            </Text>
          </Alert>
        ) : null}
        <Switch label={t("mailbox.enabled")} description={t("mailbox.enabledHint")} {...form.getInputProps("enabled", { type: "checkbox" })} />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label={t("mailbox.host")}
            placeholder={t("mailbox.hostPlaceholder")}
            required
            autoComplete="off"
            spellCheck={false}
            {...form.getInputProps("host")}
          />
          <NumberInput label={t("mailbox.port")} required min={1} max={65535} allowDecimal={false} allowNegative={false} {...form.getInputProps("port")} />
          <TextInput label={t("mailbox.folder")} required spellCheck={false} {...form.getInputProps("folder")} />
        </SimpleGrid>
        <Switch label={t("mailbox.tls")} description={t("mailbox.tlsHint")} {...form.getInputProps("tls", { type: "checkbox" })} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput label={t("mailbox.user")} required autoComplete="off" spellCheck={false} {...form.getInputProps("user")} />
          <PasswordInput
            label={t("mailbox.password")}
            description={hasPassword ? t("mailbox.passwordKeep") : t("mailbox.passwordFirst")}
            required={!hasPassword}
            autoComplete="new-password"
            {...toggleProps(t)}
            {...form.getInputProps("password")}
          />
          <TextInput
            label={t("mailbox.address")}
            description={t("mailbox.addressHint")}
            placeholder={t("mailbox.addressPlaceholder")}
            type="email"
            autoComplete="off"
            spellCheck={false}
            {...form.getInputProps("address")}
          />
        </SimpleGrid>
        <FormError message={formError} />
        <Group justify="space-between">
          <AnchorLink to="/courriels-recus" size="sm">
            {t("mailbox.seeInbound")}
          </AnchorLink>
          <Group>
            <Button variant="default" onClick={() => form.setValues(toValues(answer))} disabled={!form.isDirty()}>
              {t("deskSettings.reset")}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t("mailbox.save")}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
}
