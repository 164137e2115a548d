import { can, visibleScopes } from "@relais/shared/permissions";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError, forbidden } from "../../errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import * as repo from "./regions.repository.ts";

const CodeSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "Code invalide : lettres sans accent, chiffres et tirets (40 caractères au plus).");
const NameSchema = z.string().trim().min(2, "Le nom compte au moins 2 caractères.").max(120, "Le nom compte au plus 120 caractères.");
const NodeSchema = z.object({ id: z.string(), regionId: z.string(), code: z.string(), name: z.string() });
const ZoneSchema = NodeSchema.extend({ sectorId: z.string() });

const regionRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ["régions"];
  app.get(
    "/regions",
    {
      schema: {
        tags,
        summary: "Régions visibles",
        response: { 200: z.object({ items: z.array(z.object({ id: z.string(), code: z.string(), name: z.string(), operatingModel: z.string() })) }) },
      },
    },
    async (request) => {
      const ctx = request.ctx();
      return { items: await repo.findRegions(ctx.db, visibleScopes(ctx.actor.assignments, "region.read")) };
    },
  );

  app.get(
    "/sectors",
    {
      schema: {
        tags,
        summary: "Secteurs et zones visibles (organisation territoriale)",
        querystring: z.object({ regionId: z.uuid("Région invalide.").optional() }),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                code: z.string(),
                name: z.string(),
                regionId: z.string(),
                zones: z.array(z.object({ id: z.string(), code: z.string(), name: z.string(), schoolCount: z.number() })),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const ctx = request.ctx();
      return { items: await repo.findSectorsWithZones(ctx.db, visibleScopes(ctx.actor.assignments, "region.read"), request.query.regionId) };
    },
  );

  app.post(
    "/sectors",
    {
      schema: {
        tags,
        summary: "Créer un secteur (Région)",
        body: z.object({ regionId: z.uuid("Région invalide."), code: CodeSchema, name: NameSchema }),
        response: { 201: NodeSchema },
      },
    },
    async (request, reply) => {
      const ctx = request.ctx();
      const { regionId, code, name } = request.body;
      if (!can(ctx.actor.assignments, "region.write", { regionId })) throw forbidden("Seule la Région organise ses secteurs et ses zones.");
      const created = await ctx.db.transaction(async (tx) => {
        if (!(await repo.findRegion(tx, regionId)))
          throw new AppError("validation.failed", "Région inconnue.", { fieldErrors: [{ field: "body.regionId", message: "Région inconnue." }] });
        const row = await repo.insertSector(tx, { regionId, code, name });
        if (!row) throw new AppError("conflict.duplicate", `La région a déjà un secteur de code « ${code} ».`);
        await recordAudit({ ...ctx, db: tx }, { action: "sector.created", entityType: "sector", entityId: row.id, regionId, after: { code, name } });
        return row;
      });
      return reply.status(201).send({ id: created.id, regionId: created.regionId, code: created.code, name: created.name });
    },
  );

  app.post(
    "/zones",
    {
      schema: {
        tags,
        summary: "Créer une zone dans un secteur (Région)",
        body: z.object({ sectorId: z.uuid("Secteur invalide."), code: CodeSchema, name: NameSchema }),
        response: { 201: ZoneSchema },
      },
    },
    async (request, reply) => {
      const ctx = request.ctx();
      const { sectorId, code, name } = request.body;
      const created = await ctx.db.transaction(async (tx) => {
        const sector = await repo.findSector(tx, sectorId);
        // A sector the actor may not organise reads as absent: its existence is not disclosed.
        if (!sector || !can(ctx.actor.assignments, "region.read", { regionId: sector.regionId, sectorId })) {
          throw new AppError("validation.failed", "Secteur inconnu.", { fieldErrors: [{ field: "body.sectorId", message: "Secteur inconnu." }] });
        }
        if (!can(ctx.actor.assignments, "region.write", { regionId: sector.regionId, sectorId }))
          throw forbidden("Seule la Région organise ses secteurs et ses zones.");
        const row = await repo.insertZone(tx, { regionId: sector.regionId, sectorId, code, name });
        if (!row) throw new AppError("conflict.duplicate", `La région a déjà une zone de code « ${code} ».`);
        await recordAudit(
          { ...ctx, db: tx },
          { action: "zone.created", entityType: "zone", entityId: row.id, regionId: sector.regionId, after: { sector: sector.name, code, name } },
        );
        return row;
      });
      return reply.status(201).send({ id: created.id, regionId: created.regionId, sectorId: created.sectorId, code: created.code, name: created.name });
    },
  );
};

export default regionRoutes;
