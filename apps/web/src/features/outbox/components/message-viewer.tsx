import { Alert, Anchor, Divider, Group, Paper, SimpleGrid, Stack, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Fragment } from "react";
import { AppModal } from "../../../components/app-modal.tsx";
import { ErrorAlert, LoadingBlock } from "../../../components/query-state.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { messageQuery } from "../api/outbox-api.ts";
import { MessageStatusBadge } from "./message-status-badge.tsx";

/** Links in a plain-text body become real links (the demo's reset links are clicked from here). */
function Linkified({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s]+)/g);
  // The parts of one immutable text: their position is their identity.
  return (
    <>
      {parts.map((part, i) =>
        /^https?:\/\//.test(part) ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: static split of an immutable text
          <Anchor key={i} href={part} style={{ wordBreak: "break-all" }}>
            {part}
          </Anchor>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: static split of an immutable text
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}

export function MessageViewer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t, formatDateTime } = useI18n();
  const message = useQuery({ ...messageQuery(id ?? ""), enabled: id !== null });
  return (
    <AppModal opened={id !== null} onClose={onClose} title={message.data?.subject ?? t("outbox.message")} size="xl">
      {message.isPending ? (
        <LoadingBlock />
      ) : message.isError ? (
        <ErrorAlert error={message.error} />
      ) : (
        <Stack gap="md">
          <SimpleGrid component="dl" cols={{ base: 1, sm: 2 }} spacing="xs" m={0}>
            {(
              [
                [t("outbox.to"), message.data.toAddress],
                [t("outbox.template"), message.data.template],
                [t("outbox.createdAt"), formatDateTime(message.data.createdAt)],
                [t("outbox.sentAt"), message.data.sentAt ? formatDateTime(message.data.sentAt) : "—"],
                [t("outbox.attempts"), String(message.data.attempts)],
              ] as const
            ).map(([label, value]) => (
              <div key={label}>
                <Text component="dt" size="xs" c="dimmed" fw={700} tt="uppercase">
                  {label}
                </Text>
                <Text component="dd" m={0}>
                  {value}
                </Text>
              </div>
            ))}
            <div>
              <Text component="dt" size="xs" c="dimmed" fw={700} tt="uppercase">
                {t("outbox.status")}
              </Text>
              <Group component="dd" m={0}>
                <MessageStatusBadge status={message.data.status} />
              </Group>
            </div>
          </SimpleGrid>
          {message.data.lastError ? (
            <Alert color="red" variant="light" title={t("outbox.lastError")}>
              {message.data.lastError}
            </Alert>
          ) : null}
          <Divider />
          <Paper withBorder p="md" bg="gray.0" className="pre-wrap" fz="sm" style={{ fontFamily: "inherit" }}>
            <Linkified text={message.data.textBody} />
          </Paper>
        </Stack>
      )}
    </AppModal>
  );
}
