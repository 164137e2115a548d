import { pageSchema } from "@relais/shared/lists";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { offsetOf } from "../../lib/lists.ts";
import * as service from "./inventory-agent.service.ts";

const Credential = z.object({
  id: z.uuid(),
  regionId: z.uuid(),
  login: z.string(),
  label: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});
const RegionQuery = z.object({ region: z.uuid().optional().describe("Région (pour un administrateur de la plateforme)") });
const IdParams = z.object({ id: z.uuid() });
const PendingReport = z.object({
  id: z.uuid(),
  regionId: z.uuid(),
  tag: z.string().nullable(),
  deviceId: z.string().nullable(),
  name: z.string().nullable(),
  serial: z.string().nullable(),
  receivedAt: z.date(),
  status: z.enum(["pending", "attached"]),
  processedAt: z.date().nullable(),
  schoolId: z.uuid().nullable(),
  assetId: z.uuid().nullable(),
});

/** Region administrators issue agent credentials and clear the queue of reports with an unknown tag. */
const inventoryAgentAdminRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ["inventaire"];

  app.get(
    "/inventory/agent-credentials",
    {
      schema: {
        tags,
        summary: "Identifiants des agents d'inventaire de la Région",
        querystring: RegionQuery,
        response: { 200: z.object({ items: z.array(Credential) }) },
      },
    },
    async (request) => ({ items: await service.listAgentCredentials(request.ctx(), request.query.region) }),
  );

  app.post(
    "/inventory/agent-credentials",
    {
      schema: {
        tags,
        summary: "Créer des identifiants d'agent (le mot de passe n'est montré qu'une fois)",
        body: z.object({ label: z.string().trim().min(1).max(120), regionId: z.uuid().optional() }),
        response: { 201: Credential.extend({ password: z.string() }) },
      },
    },
    async (request, reply) => reply.status(201).send(await service.createAgentCredential(request.ctx(), request.body)),
  );

  app.post(
    "/inventory/agent-credentials/:id/revoke",
    { schema: { tags, summary: "Révoquer des identifiants d'agent", params: IdParams, response: { 200: Credential } } },
    async (request) => service.revokeAgentCredential(request.ctx(), request.params.id),
  );

  app.get(
    "/inventory/pending-reports",
    {
      schema: {
        tags,
        summary: "Rapports d'agents à l'étiquette inconnue",
        querystring: RegionQuery.extend({
          status: z.enum(["pending", "attached"]).default("pending"),
          page: z.coerce.number().int().min(1).max(100_000).default(1),
          pageSize: z.coerce.number().int().min(1).max(200).default(50),
        }),
        response: { 200: pageSchema(PendingReport) },
      },
    },
    async (request) => {
      const { page, pageSize, region, status } = request.query;
      const result = await service.listPendingReports(request.ctx(), { region, status }, { limit: pageSize, offset: offsetOf({ page, pageSize }) });
      return { ...result, page, pageSize };
    },
  );

  app.post(
    "/inventory/pending-reports/:id/attach",
    {
      schema: {
        tags,
        summary: "Rattacher un rapport en attente à un établissement",
        params: IdParams,
        body: z.object({ school: z.string().trim().min(1).max(64).describe("Identifiant ou UAI de l'établissement") }),
        response: { 200: PendingReport },
      },
    },
    async (request) => service.attachPendingReport(request.ctx(), request.params.id, request.body.school),
  );
};

export default inventoryAgentAdminRoutes;
