import { listFormatSchema } from "@relais/shared/lists";
import { visibleScopes } from "@relais/shared/permissions";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { forbidden } from "../../errors.ts";
import { sendTable } from "../../lib/lists.ts";
import { findAuditEvents } from "./audit.repository.ts";

const AuditEventSchema = z.object({
  id: z.number(),
  occurredAt: z.date(),
  regionId: z.string().nullable(),
  schoolId: z.string().nullable(),
  actorId: z.string().nullable(),
  actorLabel: z.string(),
  category: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
});

const Query = z.object({
  category: z.enum(["change", "security"], { error: "Catégorie : change ou security." }).optional(),
  action: z.string().trim().max(60).optional(),
  entityType: z.string().trim().max(40).optional(),
  entityId: z.string().trim().max(64).optional(),
  actorId: z.uuid("Identifiant invalide.").optional(),
  schoolId: z.uuid("Établissement invalide.").optional(),
  from: z.iso.datetime({ offset: true, error: "Date de début invalide (ISO 8601)." }).optional(),
  to: z.iso.datetime({ offset: true, error: "Date de fin invalide (ISO 8601)." }).optional(),
  page: z.coerce.number().int().min(1).max(100000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
  format: listFormatSchema,
});

const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/audit-events",
    {
      schema: {
        tags: ["journal"],
        summary: "Journal d'audit (qui, quand, quoi, avant/après)",
        querystring: Query,
        response: { 200: z.object({ items: z.array(AuditEventSchema), total: z.number(), page: z.number(), pageSize: z.number() }) },
      },
    },
    async (request, reply) => {
      const ctx = request.ctx();
      const scopes = visibleScopes(ctx.actor.assignments, "audit.read");
      if (!scopes.all && scopes.regionIds.length + scopes.schoolIds.length + scopes.sectorIds.length + scopes.zoneIds.length === 0)
        throw forbidden("Le journal d'audit est réservé aux administrateurs.");
      const { page, pageSize, format, ...filters } = request.query;
      if (format !== "json") {
        const { items } = await findAuditEvents(ctx.db, scopes, filters, 100_000, 0);
        return sendTable(
          reply,
          "journal",
          items,
          [
            { header: "Date", value: (e) => e.occurredAt },
            { header: "Auteur", value: (e) => e.actorLabel },
            { header: "Catégorie", value: (e) => e.category },
            { header: "Action", value: (e) => e.action },
            { header: "Objet", value: (e) => `${e.entityType} ${e.entityId ?? ""}` },
            { header: "Avant", value: (e) => JSON.stringify(e.before) },
            { header: "Après", value: (e) => JSON.stringify(e.after) },
          ],
          format,
        );
      }
      const result = await findAuditEvents(ctx.db, scopes, filters, pageSize, (page - 1) * pageSize);
      return { ...result, page, pageSize };
    },
  );
};

export default auditRoutes;
