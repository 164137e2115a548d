import { visibleScopes } from "@relais/shared/permissions";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import * as repo from "./regions.repository.ts";

const regionRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ["régions"];
  app.get(
    "/regions",
    { schema: { tags, summary: "Régions visibles", response: { 200: z.object({ items: z.array(z.object({ id: z.string(), code: z.string(), name: z.string(), operatingModel: z.string() })) }) } } },
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
            items: z.array(z.object({ id: z.string(), code: z.string(), name: z.string(), regionId: z.string(), zones: z.array(z.object({ id: z.string(), code: z.string(), name: z.string(), schoolCount: z.number() })) })),
          }),
        },
      },
    },
    async (request) => {
      const ctx = request.ctx();
      return { items: await repo.findSectorsWithZones(ctx.db, visibleScopes(ctx.actor.assignments, "region.read"), request.query.regionId) };
    },
  );
};

export default regionRoutes;
