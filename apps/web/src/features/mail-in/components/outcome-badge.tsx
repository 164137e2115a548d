import { Badge } from "@mantine/core";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import type { InboundOutcome } from "../api/mail-in-api.ts";

/** Green when the mail reached a ticket, grey when set aside on purpose, orange/red when refused. */
const COLORS: Record<InboundOutcome, string> = {
  ticket_opened: "green",
  comment_added: "blue",
  sender_refused: "orange",
  ignored: "gray",
  rejected: "red",
};

export function OutcomeBadge({ outcome }: { outcome: InboundOutcome }) {
  const { t } = useI18n();
  return (
    <Badge color={COLORS[outcome] ?? "gray"} variant="light" style={{ whiteSpace: "nowrap" }}>
      {t(`inbound.outcome.${outcome}`)}
    </Badge>
  );
}
