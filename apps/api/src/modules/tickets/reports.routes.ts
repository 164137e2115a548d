import { ImpactSchema, TicketCategoryCodeSchema, TicketKindSchema, UrgencySchema } from "@relais/shared/tickets";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import * as reports from "./reports.service.ts";
import { TicketDetailSchema } from "./tickets.contract.ts";
import { getTicket } from "./tickets.service.ts";

const ReportSchema = z.object({
  id: z.string(),
  schoolId: z.string(),
  schoolName: z.string(),
  authorId: z.string(),
  authorName: z.string(),
  title: z.string(),
  description: z.string(),
  status: z.string(),
  ticketId: z.string().nullable(),
  answer: z.string().nullable(),
  createdAt: z.date(),
  handledAt: z.date().nullable(),
});
const Params = z.object({ id: z.uuid("Identifiant de signalement invalide.") });

/** Teachers' and staff's reports to their correspondent, and the correspondent's inbox. */
const reportRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ["signalements"];

  app.get(
    "/reports",
    {
      schema: {
        tags,
        summary: "Signalements : les miens, et ceux des établissements dont je suis correspondant",
        querystring: z.object({ status: z.enum(["open", "filed", "merged", "answered"], { error: "Statut de signalement inconnu." }).optional() }),
        response: { 200: z.object({ items: z.array(ReportSchema) }) },
      },
    },
    async (request) => ({
      items: (await reports.listReports(request.ctx(), request.query.status)).map(({ report, authorName, schoolName }) => ({
        ...report,
        authorName,
        schoolName,
      })),
    }),
  );

  app.post(
    "/reports",
    {
      schema: {
        tags,
        summary: "Signaler un problème au correspondant de l'établissement",
        body: z.object({
          school: z.string().trim().min(1, "Indiquez l'établissement.").max(40),
          title: z.string().trim().min(5, "Le titre compte au moins 5 caractères.").max(160),
          description: z.string().trim().min(10, "Décrivez le problème en quelques mots (10 caractères au moins).").max(10_000),
        }),
        response: { 201: z.object({ id: z.string(), status: z.string() }) },
      },
    },
    async (request, reply) => {
      const report = await reports.sendReport(request.ctx(), request.body);
      return reply.status(201).send({ id: report.id, status: report.status });
    },
  );

  app.post(
    "/reports/:id/ticket",
    {
      schema: {
        tags,
        summary: "Ouvrir un ticket à partir d'un signalement (correspondant)",
        params: Params,
        body: z.object({
          kind: TicketKindSchema.default("incident"),
          category: TicketCategoryCodeSchema,
          urgency: UrgencySchema,
          impact: ImpactSchema,
          title: z.string().trim().min(5).max(160),
          description: z.string().trim().min(10).max(10_000),
        }),
        response: { 201: TicketDetailSchema },
      },
    },
    async (request, reply) => {
      const ctx = request.ctx();
      const ticket = await reports.fileFromReport(ctx, request.params.id, { ...request.body, channel: "web" });
      return reply.status(201).send(await getTicket(ctx, ticket.id));
    },
  );

  app.post(
    "/reports/:id/merge",
    {
      schema: {
        tags,
        summary: "Rattacher un signalement à un ticket ouvert",
        params: Params,
        body: z.object({ into: z.string().trim().min(1, "Indiquez le ticket.").max(64) }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await reports.mergeReport(request.ctx(), request.params.id, request.body.into);
      return reply.status(204).send(null);
    },
  );

  app.post(
    "/reports/:id/answer",
    {
      schema: {
        tags,
        summary: "Répondre à un signalement sans ouvrir de ticket",
        params: Params,
        body: z.object({ answer: z.string().trim().min(3, "La réponse compte au moins 3 caractères.").max(5_000) }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await reports.answerReport(request.ctx(), request.params.id, request.body.answer);
      return reply.status(204).send(null);
    },
  );
};

export default reportRoutes;
