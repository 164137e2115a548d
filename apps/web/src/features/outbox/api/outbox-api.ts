import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";
import type { OutboxSearch } from "../routes/outbox.search.ts";

export const MESSAGE_STATUSES = ["pending", "sent", "failed", "held"] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** Mirrors MessageSchema (apps/api/src/modules/mail/mail.routes.ts). */
export type OutboxMessage = {
  id: string;
  regionId: string | null;
  template: string;
  toAddress: string;
  subject: string;
  textBody: string;
  status: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
};

export const outboxQuery = (search: OutboxSearch) =>
  queryOptions({
    queryKey: ["outbox", search],
    queryFn: ({ signal }) => api.get<{ items: OutboxMessage[]; total: number; page: number; pageSize: number }>("/outbox", { ...search }, signal),
    placeholderData: keepPreviousData,
    refetchInterval: 15_000,
  });

export const messageQuery = (id: string) => queryOptions({ queryKey: ["outbox", "one", id], queryFn: () => api.get<OutboxMessage>(`/outbox/${id}`) });
