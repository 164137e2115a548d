import { can, visibleScopes } from "@relais/shared/permissions";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError, forbidden } from "../../errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import * as repo from "./organisations.repository.ts";

export const ORGANISATION_KINDS = ["contractor", "supplier", "academie", "other"] as const;

const OrganisationSchema = z.object({
  id: z.string(),
  regionId: z.string(),
  name: z.string(),
  kind: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  contractEndsOn: z.string().nullable(),
  memberCount: z.number(),
});

const organisationRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ["organisations"];
  app.get(
    "/organisations",
    {
      schema: {
        tags,
        summary: "Prestataires et fournisseurs visibles",
        querystring: z.object({ q: z.string().trim().max(100).optional() }),
        response: { 200: z.object({ items: z.array(OrganisationSchema) }) },
      },
    },
    async (request) => {
      const ctx = request.ctx();
      return { items: await repo.findOrganisations(ctx.db, visibleScopes(ctx.actor.assignments, "organisation.read"), request.query.q) };
    },
  );

  app.post(
    "/organisations",
    {
      schema: {
        tags,
        summary: "Ajouter un prestataire ou fournisseur (Région)",
        body: z.object({
          regionId: z.uuid("Région invalide."),
          name: z.string().trim().min(2, "Le nom compte au moins 2 caractères.").max(120),
          kind: z.enum(ORGANISATION_KINDS, { error: "Type d'organisation inconnu." }),
          email: z.email("Adresse e-mail invalide.").nullable().default(null),
          phone: z.string().trim().max(25).nullable().default(null),
          contractEndsOn: z.iso.date("Date invalide (AAAA-MM-JJ).").nullable().default(null),
        }),
        response: { 201: OrganisationSchema },
      },
    },
    async (request, reply) => {
      const ctx = request.ctx();
      if (!can(ctx.actor.assignments, "organisation.write", { regionId: request.body.regionId }))
        throw forbidden("Seule la Région peut ajouter une organisation.");
      const created = await ctx.db.transaction(async (tx) => {
        const row = await repo.insertOrganisation(tx, request.body);
        if (!row) throw new AppError("conflict.duplicate", `L'organisation « ${request.body.name} » existe déjà dans cette région.`);
        await recordAudit(
          { ...ctx, db: tx },
          { action: "organisation.created", entityType: "organisation", entityId: row.id, regionId: row.regionId, after: request.body },
        );
        return row;
      });
      return reply.status(201).send({ ...created, memberCount: 0 });
    },
  );
};

export default organisationRoutes;
