import { Anchor, Badge, Box, Group, List, Text, Title } from "@mantine/core";
import { IconPaperclip } from "@tabler/icons-react";
import { useQuery } from "@tanstack/react-query";
import { ErrorAlert } from "../../../components/query-state.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { attachmentDownloadUrl, ticketAttachmentsQuery } from "../api/attachments-api.ts";

/** A size in the viewer's words: "512 octets", "35 ko", "1,2 Mo" (units of 1 024, as the limits are stated). */
export function formatFileSize(bytes: number, locale: string, language: "fr" | "en"): string {
  const units = language === "fr" ? ["octets", "ko", "Mo"] : ["bytes", "KB", "MB"];
  const format = (value: number, digits: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
  if (bytes < 1024) return `${format(bytes, 0)} ${units[0]}`;
  if (bytes < 1024 * 1024) return `${format(bytes / 1024, 0)} ${units[1]}`;
  return `${format(bytes / (1024 * 1024), 1)} ${units[2]}`;
}

/** The ticket's files the viewer may see (internal ones for the desk), each a download link with its size. */
export function TicketAttachments({ ticketId }: { ticketId: string }) {
  const { t, language, locale, formatDateTime } = useI18n();
  const files = useQuery(ticketAttachmentsQuery(ticketId));
  if (files.isError) return <ErrorAlert error={files.error} onRetry={() => void files.refetch()} title={t("attachments.loadError")} />;
  const items = files.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <Box component="section" mt="lg" aria-labelledby="attachments-title">
      <Title order={3} size="h5" id="attachments-title" mb="xs">
        {t("attachments.title", { count: items.length })}
      </Title>
      <List spacing={4} size="sm" icon={<IconPaperclip size={14} aria-hidden />} center>
        {items.map((file) => (
          <List.Item key={file.id}>
            <Group gap="xs" wrap="wrap">
              <Anchor href={attachmentDownloadUrl(file.id)} download={file.fileName} size="sm">
                {file.fileName}
              </Anchor>
              <Text size="xs" c="dimmed" component="span">
                {formatFileSize(file.sizeBytes, locale, language)} · {file.uploadedByName ?? t("attachments.byMail")} · {formatDateTime(file.uploadedAt)}
              </Text>
              {file.visibility === "internal" ? (
                <Badge size="xs" color="yellow" variant="light">
                  {t("event.internal")}
                </Badge>
              ) : null}
            </Group>
          </List.Item>
        ))}
      </List>
    </Box>
  );
}
