import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";
import type { Me } from "../../../lib/session.ts";
import type { InboundSearch } from "../routes/inbound-messages.search.ts";

/** Mirrors OUTCOMES in apps/api/src/modules/mail-in/mail-in.routes.ts. */
export const INBOUND_OUTCOMES = ["ticket_opened", "comment_added", "sender_refused", "ignored", "rejected"] as const;
export type InboundOutcome = (typeof INBOUND_OUTCOMES)[number];

/** Mirrors InboundMessageSchema (apps/api/src/modules/mail-in/mail-in.routes.ts). */
export type InboundMessage = {
  id: string;
  regionId: string;
  messageId: string;
  fromAddress: string;
  subject: string;
  outcome: InboundOutcome;
  detail: string | null;
  ticketId: string | null;
  ticketNumber: string | null;
  receivedAt: string | null;
  processedAt: string;
};

/** Mirrors MailboxAnswer: the IMAP account without its password, and the last poll. */
export type MailboxAnswer = {
  mailbox: {
    enabled: boolean;
    host: string;
    port: number;
    tls: boolean;
    user: string;
    folder: string;
    address: string | null;
    hasPassword: boolean;
  } | null;
  lastPolledAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
};

/** Mirrors MailboxSettingsInputSchema: a PUT without `password` keeps the current one. */
export type MailboxInput = {
  enabled: boolean;
  host: string;
  port: number;
  tls: boolean;
  user: string;
  password?: string;
  folder: string;
  address?: string;
};

/**
 * Who reads the desk's incoming mail, as the API decides it (mail-in.policy.ts,
 * inboundReadableRegions): the platform's administrators, and a region's administrators and
 * helpdesk operators. No permission names this group, so the navigation asks for the roles.
 */
export function readsInboundMail(me: Pick<Me, "assignments">): boolean {
  return me.assignments.some(
    (a) => a.role === "platform_admin" || (a.scopeKind === "region" && a.regionId !== null && (a.role === "region_admin" || a.role === "helpdesk_operator")),
  );
}

export const inboundMessagesQuery = (search: InboundSearch) =>
  queryOptions({
    queryKey: ["inbound-messages", search],
    queryFn: ({ signal }) => api.get<{ items: InboundMessage[]; total: number; page: number; pageSize: number }>("/inbound-messages", { ...search }, signal),
    placeholderData: keepPreviousData,
    refetchInterval: 30_000,
  });

export const mailboxQuery = (regionId: string) =>
  queryOptions({ queryKey: ["mailbox", regionId], queryFn: () => api.get<MailboxAnswer>(`/regions/${regionId}/mailbox`) });

export const saveMailbox = (regionId: string, input: MailboxInput) => api.put<MailboxAnswer>(`/regions/${regionId}/mailbox`, input);

/** Mirrors PollAnswer (POST /regions/:region/mailbox/poll): what one poll did. */
export type PollAnswer = {
  fetched: number;
  outcomes: Partial<Record<InboundOutcome, number>>;
  duplicates: number;
  failed: number;
  polledAt: string;
};

/** "Relever maintenant": one poll at once, under the scheduled poll's lease (409 while that one runs). */
export const pollMailboxNow = (regionId: string) => api.post<PollAnswer>(`/regions/${regionId}/mailbox/poll`, {});

/** The regions whose mailbox the person may poll now: those where they read the incoming mail. */
export function pollableRegionIds(me: Pick<Me, "assignments">): string[] {
  return [
    ...new Set(
      me.assignments
        .filter((a) => a.scopeKind === "region" && a.regionId !== null && (a.role === "region_admin" || a.role === "helpdesk_operator"))
        .map((a) => a.regionId as string),
    ),
  ];
}
