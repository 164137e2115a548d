import { listFormatSchema, pageSchema } from "@relais/shared/lists";
import { TICKET_CATEGORIES, TICKET_KINDS, TICKET_STATUSES, URGENCIES } from "@relais/shared/tickets";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { CSV_MAX_ROWS, offsetOf, sendTable } from "../../lib/lists.ts";
import { withSessionCheck } from "../../plugins/auth.ts";
import { escalateTicket, reclassifyTicket } from "./ticket-adjustments.service.ts";
import { STAT_DIMENSIONS, ticketStatsWithTotals } from "./ticket-stats.ts";
import {
  AssigneeCandidatesSchema,
  CommentSchema,
  DeadlinesQuery,
  EscalateSchema,
  FileTicketSchema,
  ReclassifySchema,
  TicketDetailSchema,
  TicketListQuery,
  TicketSummarySchema,
  TransitionSchema,
} from "./tickets.contract.ts";
import * as service from "./tickets.service.ts";

const TicketParams = z.object({ ticket: z.string().trim().min(1).max(64).describe("Identifiant ou numéro du ticket (IDF-2026-000123)") });
const label = <T extends Record<string, { fr: string }>>(catalogue: T, code: string) => (catalogue as Record<string, { fr: string }>)[code]?.fr ?? code;

const ticketRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ["tickets"];

  app.get(
    "/tickets",
    {
      config: { checksSession: true },
      schema: {
        tags,
        summary: "Tickets visibles (filtres, tri, pagination, export CSV)",
        querystring: TicketListQuery,
        // totalExact false: more than `total` tickets match (counting stops there, ADR 0006).
        response: { 200: pageSchema(TicketSummarySchema).extend({ totalExact: z.boolean() }) },
      },
    },
    async (request, reply) => {
      const { page, pageSize, sort, format, school, mine, ...rest } = request.query;
      const filters = { ...rest, ...(school ? { schoolId: school } : {}), assignedToMe: mine === "true" };
      if (format !== "json") {
        const { items } = await withSessionCheck(request, (ctx) => service.listTickets(ctx, filters, { sort, limit: CSV_MAX_ROWS, offset: 0 }));
        return sendTable(
          reply,
          "tickets",
          items,
          [
            { header: "Numéro", value: (t) => t.number },
            { header: "UAI", value: (t) => t.schoolUai },
            { header: "Établissement", value: (t) => t.schoolName },
            { header: "Nature", value: (t) => label(TICKET_KINDS, t.kind) },
            { header: "Catégorie", value: (t) => label(TICKET_CATEGORIES, t.category) },
            { header: "Urgence", value: (t) => label(URGENCIES, t.urgency) },
            { header: "Priorité", value: (t) => t.priority },
            { header: "Titre", value: (t) => t.title },
            { header: "Statut", value: (t) => label(TICKET_STATUSES, t.status) },
            { header: "Demandeur", value: (t) => t.requesterName },
            { header: "Attribué à", value: (t) => t.assigneeName ?? t.assigneeOrganisationName },
            { header: "Reçu le", value: (t) => t.receivedAt },
            { header: "Échéance de prise en charge", value: (t) => t.takeChargeDueAt },
            { header: "Échéance de résolution", value: (t) => t.resolutionDueAt },
          ],
          format,
        );
      }
      const result = await withSessionCheck(request, (ctx) =>
        service.listTickets(ctx, filters, { sort, limit: pageSize, offset: offsetOf({ page, pageSize }) }),
      );
      return { ...result, page, pageSize };
    },
  );

  const StatsRow = z.object({
    key: z.string().nullable(),
    label: z.string().nullable(),
    total: z.number(),
    open: z.number(),
    overdue: z.number(),
    ageing: z.array(z.number()),
    meanProcessingMinutes: z.number().nullable(),
    takeChargeCompliance: z.number().nullable(),
    resolutionCompliance: z.number().nullable(),
    reopenRate: z.number().nullable(),
  });
  app.get(
    "/tickets/stats",
    {
      config: { checksSession: true },
      schema: {
        tags,
        summary: "Pilotage : délai moyen de traitement (heures ouvrées), respect des délais, stock et ancienneté, taux de réouverture",
        querystring: z.object({
          groupBy: z.enum(STAT_DIMENSIONS, { error: `Regroupement inconnu (${STAT_DIMENSIONS.join(", ")}).` }).default("none"),
          from: z.iso.date("Date de début attendue au format AAAA-MM-JJ.").optional(),
          to: z.iso.date("Date de fin attendue au format AAAA-MM-JJ.").optional(),
          format: listFormatSchema,
        }),
        response: { 200: z.object({ totals: StatsRow, groups: z.array(StatsRow) }) },
      },
    },
    async (request, reply) => {
      const { groupBy, from, to, format } = request.query;
      const period = { from: from ? new Date(`${from}T00:00:00Z`) : undefined, to: to ? new Date(`${to}T00:00:00Z`) : undefined };
      const { totals, groups } = await withSessionCheck(request, (ctx) =>
        ticketStatsWithTotals(ctx.db, service.visibilityOf(ctx), groupBy, period, ctx.clock.now(), ctx.sessionCheck),
      );
      if (format !== "json") {
        const percent = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);
        return sendTable(
          reply,
          "pilotage-tickets",
          groupBy === "none" ? [totals] : groups,
          [
            { header: "Regroupement", value: (g) => (groupBy === "category" ? label(TICKET_CATEGORIES, g.label ?? "") : (g.label ?? "Total")) },
            { header: "Tickets", value: (g) => g.total },
            { header: "Ouverts", value: (g) => g.open },
            { header: "En retard", value: (g) => g.overdue },
            { header: "Délai moyen de traitement (minutes ouvrées)", value: (g) => g.meanProcessingMinutes },
            { header: "Prise en charge dans les délais (%)", value: (g) => percent(g.takeChargeCompliance) },
            { header: "Résolution dans les délais (%)", value: (g) => percent(g.resolutionCompliance) },
            { header: "Taux de réouverture (%)", value: (g) => percent(g.reopenRate) },
          ],
          format,
        );
      }
      return { totals, groups };
    },
  );

  app.get(
    "/sla/deadlines",
    {
      schema: {
        tags,
        summary: "Échéances qu'aurait un ticket (aperçu avant envoi), pour tout instant de départ",
        querystring: DeadlinesQuery,
        response: { 200: z.object({ takeChargeDueAt: z.date(), resolutionDueAt: z.date().nullable() }) },
      },
    },
    async (request) => {
      const { takeChargeDueAt, resolutionDueAt } = await service.previewDeadlines(request.ctx(), request.query);
      return { takeChargeDueAt, resolutionDueAt };
    },
  );

  app.post(
    "/tickets",
    {
      schema: { tags, summary: "Ouvrir un ticket (numéro donné aussitôt, échéances calculées)", body: FileTicketSchema, response: { 201: TicketDetailSchema } },
    },
    async (request, reply) => {
      const ctx = request.ctx();
      const ticket = await service.fileTicket(ctx, request.body);
      return reply.status(201).send(await service.getTicket(ctx, ticket.id));
    },
  );

  app.get(
    "/tickets/:ticket",
    { schema: { tags, summary: "Un ticket, son historique et les actions permises", params: TicketParams, response: { 200: TicketDetailSchema } } },
    async (request) => service.getTicket(request.ctx(), request.params.ticket),
  );

  app.post(
    "/tickets/:ticket/transitions",
    {
      schema: {
        tags,
        summary: "Faire avancer un ticket (qualifier, attribuer, résoudre, clore…)",
        params: TicketParams,
        body: TransitionSchema,
        response: { 200: TicketDetailSchema },
      },
    },
    async (request) => {
      const ctx = request.ctx();
      const updated = await service.transitionTicket(ctx, request.params.ticket, request.body);
      return service.getTicket(ctx, updated.id);
    },
  );

  app.get(
    "/tickets/:ticket/assignees",
    {
      schema: {
        tags,
        summary: "À qui attribuer ce ticket : personnels sur l'établissement et organisations de la région",
        params: TicketParams,
        response: { 200: AssigneeCandidatesSchema },
      },
    },
    async (request) => service.listAssigneeCandidates(request.ctx(), request.params.ticket),
  );

  app.post(
    "/tickets/:ticket/reclassification",
    {
      schema: {
        tags,
        summary: "Requalifier un ticket ouvert (urgence, impact, catégorie, nature) avec un motif ; échéances recalculées",
        params: TicketParams,
        body: ReclassifySchema,
        response: { 200: TicketDetailSchema },
      },
    },
    async (request) => {
      const ctx = request.ctx();
      const updated = await reclassifyTicket(ctx, request.params.ticket, request.body);
      return service.getTicket(ctx, updated.id);
    },
  );

  app.post(
    "/tickets/:ticket/escalations",
    {
      schema: {
        tags,
        summary: "Escalader un ticket : vers le niveau supérieur ou vers un prestataire (SAV)",
        params: TicketParams,
        body: EscalateSchema,
        response: { 201: TicketDetailSchema },
      },
    },
    async (request, reply) => {
      const ctx = request.ctx();
      const updated = await escalateTicket(ctx, request.params.ticket, request.body);
      return reply.status(201).send(await service.getTicket(ctx, updated.id));
    },
  );

  app.post(
    "/tickets/:ticket/comments",
    { schema: { tags, summary: "Commenter un ticket (ou note interne)", params: TicketParams, body: CommentSchema, response: { 201: TicketDetailSchema } } },
    async (request, reply) => {
      const ctx = request.ctx();
      await service.commentTicket(ctx, request.params.ticket, request.body);
      return reply.status(201).send(await service.getTicket(ctx, request.params.ticket));
    },
  );

  app.post(
    "/tickets/:ticket/reminders",
    {
      schema: {
        tags,
        summary: "Relancer un ticket ouvert (demandeur, correspondant)",
        params: TicketParams,
        body: z.object({ message: z.string().trim().max(2_000, "Le message compte au plus 2 000 caractères.").optional() }).default({}),
        response: { 201: TicketDetailSchema },
      },
    },
    async (request, reply) => {
      const ctx = request.ctx();
      await service.remindTicket(ctx, request.params.ticket, request.body.message);
      return reply.status(201).send(await service.getTicket(ctx, request.params.ticket));
    },
  );
};

export default ticketRoutes;
