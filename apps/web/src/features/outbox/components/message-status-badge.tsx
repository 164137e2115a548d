import { Badge } from "@mantine/core";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { MESSAGE_STATUSES, type MessageStatus } from "../api/outbox-api.ts";

const COLORS: Record<MessageStatus, string> = { pending: "yellow", sent: "green", failed: "red", held: "gray" };

export function MessageStatusBadge({ status }: { status: string }) {
  const { t } = useI18n();
  const known = (MESSAGE_STATUSES as readonly string[]).includes(status) ? (status as MessageStatus) : null;
  return <Badge color={known ? COLORS[known] : "gray"}>{known ? t(`outbox.status.${known}`) : status}</Badge>;
}
