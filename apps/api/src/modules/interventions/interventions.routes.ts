import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { calendarFeed, rotateCalendarFeed } from "./calendar-feed.service.ts";
import { interventionReportPdf } from "./intervention-report.ts";
import {
  CancelSchema,
  CertificationSchema,
  DoneSchema,
  EstateSchema,
  InterventionSchema,
  ListQuery,
  PlanInterventionSchema,
  PreventivePlanResultSchema,
  PreventivePlanSchema,
} from "./interventions.contract.ts";
import * as service from "./interventions.service.ts";
import { declareSchoolEstate, preventivePlan } from "./preventive.service.ts";

const Params = z.object({ intervention: z.uuid("Identifiant d'intervention invalide.") });

const interventionRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ["interventions"];

  app.get(
    "/interventions",
    {
      schema: {
        tags,
        summary: "Agenda : interventions visibles (technicien, établissement, ticket, période)",
        querystring: ListQuery,
        response: { 200: z.object({ items: z.array(InterventionSchema) }) },
      },
    },
    async (request) => ({ items: await service.listInterventions(request.ctx(), request.query) }),
  );

  app.post(
    "/interventions",
    {
      schema: {
        tags,
        summary: "Planifier une intervention (sur site, à distance, préventive)",
        body: PlanInterventionSchema,
        response: { 201: InterventionSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await service.planIntervention(request.ctx(), request.body)),
  );

  app.get(
    "/interventions/:intervention",
    { schema: { tags, summary: "Une intervention", params: Params, response: { 200: InterventionSchema } } },
    async (request) => service.getIntervention(request.ctx(), request.params.intervention),
  );

  app.post(
    "/interventions/:intervention/done",
    {
      schema: {
        tags,
        summary: "Déclarer l'intervention réalisée (compte rendu, temps passé)",
        params: Params,
        body: DoneSchema,
        response: { 200: InterventionSchema },
      },
    },
    async (request) => service.markInterventionDone(request.ctx(), request.params.intervention, request.body),
  );

  app.post(
    "/interventions/:intervention/certification",
    {
      schema: {
        tags,
        summary: "Attester le service fait, ou le contester (coordonnateur, chef d'établissement)",
        params: Params,
        body: CertificationSchema,
        response: { 200: InterventionSchema },
      },
    },
    async (request) => service.certifyIntervention(request.ctx(), request.params.intervention, request.body),
  );

  app.post(
    "/interventions/:intervention/cancellation",
    { schema: { tags, summary: "Annuler une intervention planifiée", params: Params, body: CancelSchema, response: { 200: InterventionSchema } } },
    async (request) => service.cancelIntervention(request.ctx(), request.params.intervention, request.body),
  );

  app.get("/interventions/:intervention/report.pdf", { schema: { tags, summary: "Rapport d'intervention (PDF)", params: Params } }, async (request, reply) => {
    const ctx = request.ctx();
    const intervention = await service.readIntervention(ctx, request.params.intervention);
    const pdf = await interventionReportPdf(intervention, ctx.clock.now());
    const name = `rapport-intervention-${intervention.ticketNumber ?? intervention.schoolUai}-${intervention.startsAt.toISOString().slice(0, 10)}.pdf`;
    return reply.header("content-type", "application/pdf").header("content-disposition", `attachment; filename="${name}"`).send(Buffer.from(pdf));
  });

  app.post(
    "/preventive-plans/preview",
    {
      schema: {
        tags,
        summary: "Visites préventives d'un mois (établissement ou zone) : aperçu",
        body: PreventivePlanSchema,
        response: { 200: PreventivePlanResultSchema },
      },
    },
    async (request) => preventivePlan(request.ctx(), request.body, false),
  );

  app.post(
    "/preventive-plans",
    {
      schema: {
        tags,
        summary: "Visites préventives d'un mois (établissement ou zone) : planifier",
        body: PreventivePlanSchema,
        response: { 201: PreventivePlanResultSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await preventivePlan(request.ctx(), request.body, true)),
  );

  app.put(
    "/school-estates/:school",
    {
      schema: {
        tags,
        summary: "Déclarer le nombre de postes d'un établissement (base des visites préventives)",
        params: z.object({ school: z.string().trim().min(1).max(64) }),
        body: EstateSchema,
        response: { 200: z.object({ schoolId: z.string(), pcCount: z.number(), source: z.string(), updatedAt: z.date() }) },
      },
    },
    async (request) => declareSchoolEstate(request.ctx(), request.params.school, request.body.pcCount),
  );

  app.post(
    "/calendar-feed",
    {
      schema: {
        tags,
        summary: "Créer ou renouveler l'adresse secrète de son agenda (ICS) : l'ancienne cesse de fonctionner",
        response: { 201: z.object({ url: z.string() }) },
      },
    },
    async (request, reply) => reply.status(201).send(await rotateCalendarFeed(request.ctx())),
  );

  // Public: Outlook subscribes without a session; the secret in the address is the credential.
  app.get(
    "/calendar/:token.ics",
    {
      config: { isPublic: true },
      schema: { tags, summary: "Agenda d'un technicien (ICS, RFC 5545)", security: [], params: z.object({ token: z.string().max(200) }) },
    },
    async (request, reply) => {
      const text = await calendarFeed(app.database.db, request.params.token, app.clock.now(), app.config.publicUrl);
      return reply.header("content-type", "text/calendar; charset=utf-8").header("cache-control", "private, max-age=300").send(text);
    },
  );
};

export default interventionRoutes;
