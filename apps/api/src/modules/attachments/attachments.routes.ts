import multipart from "@fastify/multipart";
import { ACCEPTED_TYPES_LABEL, MAX_FILES_PER_UPLOAD } from "@relais/shared/attachments";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { MULTIPART_LIMITS, readAttachmentForm } from "./attachments.multipart.ts";
import * as service from "./attachments.service.ts";

const TicketParams = z.object({ ticket: z.string().trim().min(1).max(64).describe("Identifiant ou numéro du ticket (IDF-2026-000123)") });
const AttachmentParams = z.object({ id: z.uuid("Identifiant de pièce jointe invalide.") });

const AttachmentSchema = z.object({
  id: z.string(),
  ticketId: z.string(),
  /** The timeline entry the file came with. */
  eventId: z.number().nullable(),
  fileName: z.string(),
  mediaType: z.string(),
  sizeBytes: z.number(),
  sha256: z.string(),
  visibility: z.string(),
  uploadedAt: z.date(),
  uploadedByName: z.string().nullable(),
});
const AttachmentListSchema = z.object({ items: z.array(AttachmentSchema) });

/** RFC 6266 / RFC 5987: an ASCII fallback for old clients, the exact UTF-8 name for the others. */
function contentDisposition(fileName: string): string {
  const fallback = fileName
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^\x20-\x7e]|["\\%]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

const attachmentRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ["tickets"];
  // Scoped to these routes: the rest of the API takes JSON only. Busboy stops reading a file at
  // 10 MiB and a form at its parts; the reader turns each cut into a French 413.
  await app.register(multipart, { limits: MULTIPART_LIMITS, throwFileSizeLimit: true });

  app.post(
    "/tickets/:ticket/attachments",
    {
      schema: {
        tags,
        summary: `Joindre des fichiers à un ticket (multipart/form-data : « files », jusqu'à ${MAX_FILES_PER_UPLOAD} fichiers de 10 Mo ; « comment » et « visibility » = public | internal facultatifs). Types acceptés : ${ACCEPTED_TYPES_LABEL}`,
        params: TicketParams,
        consumes: ["multipart/form-data"],
        response: { 201: AttachmentListSchema },
      },
    },
    async (request, reply) => {
      const items = await service.attachFiles(request.ctx(), request.params.ticket, () => readAttachmentForm(request));
      return reply.status(201).send({ items });
    },
  );

  app.get(
    "/tickets/:ticket/attachments",
    { schema: { tags, summary: "Pièces jointes d'un ticket (sans leur contenu)", params: TicketParams, response: { 200: AttachmentListSchema } } },
    async (request) => ({ items: await service.listTicketAttachments(request.ctx(), request.params.ticket) }),
  );

  app.get(
    "/attachments/:id/content",
    { schema: { tags, summary: "Télécharger une pièce jointe (toujours en téléchargement, jamais affichée par le navigateur)", params: AttachmentParams } },
    async (request, reply) => {
      const { attachment, content } = await service.readAttachment(request.ctx(), request.params.id);
      const etag = `"${attachment.sha256}"`;
      // The permission check above runs on every request: the browser keeps the file for this
      // person only and asks again each time, and the unchanged bytes cost a 304.
      reply
        .header("cache-control", "private, no-cache")
        .header("etag", etag)
        .header("x-content-type-options", "nosniff")
        .header("content-security-policy", "sandbox; default-src 'none'")
        .header("cross-origin-resource-policy", "same-origin")
        .header("referrer-policy", "no-referrer");
      if (request.headers["if-none-match"] === etag) return reply.status(304).send();
      return reply.header("content-type", attachment.mediaType).header("content-disposition", contentDisposition(attachment.fileName)).send(content);
    },
  );
};

export default attachmentRoutes;
