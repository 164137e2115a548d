import { and, asc, eq } from "drizzle-orm";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError, notFound } from "../../errors.ts";
import { savedTicketFilters } from "./tickets.schema.ts";

const FilterSchema = z.object({ id: z.string(), name: z.string(), query: z.string(), createdAt: z.date() });
const MAX_FILTERS = 30;

/** Each person's named ticket-list filters: theirs alone, nobody else reads or deletes them. */
const savedFilterRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ["tickets"];

  app.get(
    "/me/ticket-filters",
    { schema: { tags, summary: "Mes filtres de tickets enregistrés", response: { 200: z.object({ items: z.array(FilterSchema) }) } } },
    async (request) => {
      const ctx = request.ctx();
      const items = await ctx.db
        .select()
        .from(savedTicketFilters)
        .where(eq(savedTicketFilters.personId, ctx.actor.personId))
        .orderBy(asc(savedTicketFilters.name));
      return { items };
    },
  );

  app.post(
    "/me/ticket-filters",
    {
      schema: {
        tags,
        summary: "Enregistrer un filtre de tickets",
        body: z.object({
          name: z.string().trim().min(1, "Nommez le filtre.").max(60, "Le nom compte au plus 60 caractères."),
          // The list's own query string (status=…&category=…): replayed as is by the web app.
          query: z
            .string()
            .trim()
            .max(1_000, "Filtre trop long.")
            .regex(/^[\w.,:%+=&-]*$/, "Filtre invalide."),
        }),
        response: { 201: FilterSchema },
      },
    },
    async (request, reply) => {
      const ctx = request.ctx();
      const created = await ctx.db.transaction(async (tx) => {
        const existing = await tx.select({ id: savedTicketFilters.id }).from(savedTicketFilters).where(eq(savedTicketFilters.personId, ctx.actor.personId));
        if (existing.length >= MAX_FILTERS) throw new AppError("conflict", `Vous avez déjà ${MAX_FILTERS} filtres enregistrés : supprimez-en un d'abord.`);
        const [row] = await tx
          .insert(savedTicketFilters)
          .values({ personId: ctx.actor.personId, ...request.body })
          .onConflictDoNothing()
          .returning();
        if (!row) throw new AppError("conflict.duplicate", `Vous avez déjà un filtre nommé « ${request.body.name} ».`);
        return row;
      });
      return reply.status(201).send(created);
    },
  );

  app.delete(
    "/me/ticket-filters/:id",
    { schema: { tags, summary: "Supprimer un de mes filtres", params: z.object({ id: z.uuid("Filtre invalide.") }), response: { 204: z.null() } } },
    async (request, reply) => {
      const ctx = request.ctx();
      const deleted = await ctx.db
        .delete(savedTicketFilters)
        .where(and(eq(savedTicketFilters.id, request.params.id), eq(savedTicketFilters.personId, ctx.actor.personId)))
        .returning({ id: savedTicketFilters.id });
      if (deleted.length === 0) throw notFound("Filtre");
      return reply.status(204).send(null);
    },
  );
};

export default savedFilterRoutes;
