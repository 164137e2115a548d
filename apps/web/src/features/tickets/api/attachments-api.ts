import { queryOptions } from "@tanstack/react-query";
import { API_BASE, api } from "../../../lib/api-client.ts";

/** Mirrors the API's attachment (apps/api/src/modules/attachments/attachments.routes.ts), dates as ISO strings. */
export type TicketAttachment = {
  id: string;
  ticketId: string;
  eventId: number | null;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  visibility: "public" | "internal";
  uploadedAt: string;
  uploadedByName: string | null;
};

export const ticketAttachmentsQuery = (ticketId: string) =>
  queryOptions({
    queryKey: ["tickets", "attachments", ticketId],
    queryFn: ({ signal }) => api.get<{ items: TicketAttachment[] }>(`/tickets/${ticketId}/attachments`, undefined, signal),
  });

/** Where the browser downloads a file: the API always serves it as an attachment, never inline. */
export const attachmentDownloadUrl = (id: string) => `${API_BASE}/attachments/${id}/content`;

/** Files with an optional comment: one entry in the timeline, internal for the desk's notes. */
export function uploadAttachments(ticketId: string, input: { files: File[]; comment?: string; internal: boolean }) {
  const form = new FormData();
  if (input.comment) form.append("comment", input.comment);
  form.append("visibility", input.internal ? "internal" : "public");
  for (const file of input.files) form.append("files", file, file.name);
  return api.postForm<{ items: TicketAttachment[] }>(`/tickets/${ticketId}/attachments`, form);
}
