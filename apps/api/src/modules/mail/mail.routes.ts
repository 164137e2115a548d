import { visibleScopes } from "@relais/shared/permissions";
import { and, desc, eq, sql } from "drizzle-orm";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { forbidden, notFound } from "../../errors.ts";
import { scopeCondition } from "../../lib/scope-sql.ts";
import { outboxMessages } from "./mail.schema.ts";

const MessageSchema = z.object({
  id: z.string(),
  regionId: z.string().nullable(),
  template: z.string(),
  toAddress: z.string(),
  subject: z.string(),
  textBody: z.string(),
  status: z.string(),
  attempts: z.number(),
  lastError: z.string().nullable(),
  createdAt: z.date(),
  sentAt: z.date().nullable(),
});

const mailRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ["messages"];
  const scoped = (assignments: Parameters<typeof visibleScopes>[0]) => {
    const scopes = visibleScopes(assignments, "outbox.read");
    if (!scopes.all && scopes.regionIds.length === 0) throw forbidden("Les messages envoyés sont réservés aux administrateurs.");
    return scopeCondition(scopes, { regionId: outboxMessages.regionId });
  };

  app.get(
    "/outbox",
    {
      schema: {
        tags,
        summary: "Messages e-mail (envoyés, en attente, retenus sans SMTP)",
        querystring: z.object({
          status: z.enum(["pending", "sent", "failed", "held"]).optional(),
          to: z.string().trim().max(254).optional(),
          page: z.coerce.number().int().min(1).max(100000).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: z.object({ items: z.array(MessageSchema), total: z.number(), page: z.number(), pageSize: z.number() }) },
      },
    },
    async (request) => {
      const ctx = request.ctx();
      const { page, pageSize, status, to } = request.query;
      const where = and(
        scoped(ctx.actor.assignments),
        status ? eq(outboxMessages.status, status) : undefined,
        to ? sql`lower(${outboxMessages.toAddress}) like ${`%${to.toLowerCase()}%`}` : undefined,
      );
      const [items, [count]] = await Promise.all([
        ctx.db
          .select()
          .from(outboxMessages)
          .where(where)
          // The id breaks ties between messages queued in one transaction, so pages never overlap.
          .orderBy(desc(outboxMessages.createdAt), desc(outboxMessages.id))
          .limit(pageSize)
          .offset((page - 1) * pageSize),
        ctx.db.select({ total: sql<number>`count(*)::int` }).from(outboxMessages).where(where),
      ]);
      return { items, total: count?.total ?? 0, page, pageSize };
    },
  );

  app.get(
    "/outbox/:id",
    { schema: { tags, summary: "Un message", params: z.object({ id: z.uuid("Identifiant invalide.") }), response: { 200: MessageSchema } } },
    async (request) => {
      const ctx = request.ctx();
      const [row] = await ctx.db
        .select()
        .from(outboxMessages)
        .where(and(eq(outboxMessages.id, request.params.id), scoped(ctx.actor.assignments)))
        .limit(1);
      if (!row) throw notFound("Message");
      return row;
    },
  );
};

export default mailRoutes;
