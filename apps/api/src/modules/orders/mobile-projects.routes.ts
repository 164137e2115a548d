import { MobileProjectDecisionSchema, MobileProjectInputSchema, MobileProjectSchema } from "@relais/shared/mobile-projects";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import * as projects from "./mobile-projects.service.ts";

const CampaignParams = z.object({ id: z.uuid("Identifiant de campagne invalide.") });
const ProjectParams = z.object({ id: z.uuid("Identifiant de projet invalide.") });
const DecisionBody = MobileProjectDecisionSchema.and(z.object({ version: z.number({ error: "Version attendue." }).int().min(1) }));

/** Mobile equipment projects (seed 003): filed by the school, the académie's opinion, the Region's decision. */
const mobileProjectRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ["commandes"];

  app.get(
    "/campaigns/:id/mobile-projects",
    {
      schema: {
        tags,
        summary: "Projets pédagogiques d'équipement mobile de la campagne que je peux voir",
        params: CampaignParams,
        response: { 200: z.object({ items: z.array(MobileProjectSchema) }) },
      },
    },
    async (request) => ({ items: await projects.listMobileProjects(request.ctx(), request.params.id) }),
  );

  app.post(
    "/campaigns/:id/mobile-projects",
    {
      schema: {
        tags,
        summary: "Déposer le projet pédagogique d'équipement mobile de l'établissement (chef d'établissement)",
        params: CampaignParams,
        body: MobileProjectInputSchema,
        response: { 201: MobileProjectSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await projects.fileMobileProject(request.ctx(), request.params.id, request.body)),
  );

  app.post(
    "/mobile-projects/:id/academie-decision",
    {
      schema: {
        tags,
        summary: "Avis de l'académie sur un projet d'équipement mobile (conseiller académique)",
        params: ProjectParams,
        body: DecisionBody,
        response: { 200: MobileProjectSchema },
      },
    },
    async (request) => projects.decideMobileProject(request.ctx(), request.params.id, "academie", request.body),
  );

  app.post(
    "/mobile-projects/:id/region-decision",
    {
      schema: {
        tags,
        summary: "Décision de la Région sur un projet d'équipement mobile, après l'avis de l'académie",
        params: ProjectParams,
        body: DecisionBody,
        response: { 200: MobileProjectSchema },
      },
    },
    async (request) => projects.decideMobileProject(request.ctx(), request.params.id, "region", request.body),
  );
};

export default mobileProjectRoutes;
