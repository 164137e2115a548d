import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { API_VERSION } from "../../version.ts";

const HealthSchema = z.object({
  status: z.enum(["ok", "degraded"]),
  database: z.enum(["pglite", "postgresql"]),
  version: z.string(),
});

const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/health",
    { config: { isPublic: true }, schema: { tags: ["santé"], summary: "État du service", security: [], response: { 200: HealthSchema, 503: HealthSchema } } },
    async (_request, reply) => {
      const database = app.database.engine;
      try {
        await app.database.execute("select 1");
        return { status: "ok" as const, database, version: API_VERSION };
      } catch {
        return reply.status(503).send({ status: "degraded" as const, database, version: API_VERSION });
      }
    },
  );
};

export default healthRoutes;
