import { formatParisDay, parisDateOf } from "@relais/shared/campaign-windows";
import {
  CampaignInputSchema,
  CampaignSchema,
  CampaignUpdateSchema,
  EnvelopeSchema,
  TopUpDecisionSchema,
  TopUpInputSchema,
  TopUpSchema,
} from "@relais/shared/campaigns";
import { listFormatSchema } from "@relais/shared/lists";
import { LEVEL_LABELS, TRACK_LABELS } from "@relais/shared/schools";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendTable } from "../../lib/lists.ts";
import * as campaigns from "./campaigns.service.ts";

const TOP_UP_STATUS_LABELS = { pending: "En attente", approved: "Accordée", refused: "Refusée" } as const;
const Params = z.object({ id: z.uuid("Identifiant de campagne invalide.") });
const SchoolParams = Params.extend({ school: z.string().trim().min(1).max(64).describe("Identifiant ou UAI de l'établissement") });
const FiguresSchema = z.object({
  totalCents: z.number(),
  committedCents: z.number(),
  unspentCents: z.number(),
  totalConsumablesCents: z.number(),
  committedConsumablesCents: z.number(),
  unspentConsumablesCents: z.number(),
});
const SummarySchema = z.object({
  isClosed: z.boolean(),
  region: FiguresSchema,
  academies: z.array(FiguresSchema.extend({ academie: z.string() })),
  schools: z.array(FiguresSchema.extend({ schoolId: z.string(), uai: z.string(), schoolName: z.string(), academie: z.string() })),
});
const ComputeReportSchema = z.object({ computed: z.number(), skipped: z.array(z.object({ schoolId: z.string(), reason: z.string() })) });

/** Campaigns, their envelopes per school and the top-up requests (DOMAIN §3, §4; seeds 001, 003). */
const campaignRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ["campagnes"];

  app.get(
    "/campaigns",
    {
      schema: {
        tags,
        summary: "Campagnes des régions où j'interviens, avec l'état des commandes",
        response: { 200: z.object({ items: z.array(CampaignSchema) }) },
      },
    },
    async (request) => ({ items: await campaigns.listCampaigns(request.ctx()) }),
  );

  app.post(
    "/campaigns",
    {
      schema: {
        tags,
        summary: "Créer une campagne (Région) et calculer les enveloppes de ses lycées publics",
        body: CampaignInputSchema,
        response: { 201: CampaignSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await campaigns.createCampaign(request.ctx(), request.body)),
  );

  app.get(
    "/campaigns/:id",
    { schema: { tags, summary: "Une campagne : calendrier, barème, état des commandes", params: Params, response: { 200: CampaignSchema } } },
    async (request) => campaigns.getCampaign(request.ctx(), request.params.id),
  );

  app.patch(
    "/campaigns/:id",
    { schema: { tags, summary: "Modifier une campagne (Région)", params: Params, body: CampaignUpdateSchema, response: { 200: CampaignSchema } } },
    async (request) => campaigns.updateCampaign(request.ctx(), request.params.id, request.body),
  );

  app.post(
    "/campaigns/:id/envelopes/compute",
    {
      schema: {
        tags,
        summary: "Recalculer les enveloppes à partir des effectifs (Région)",
        params: Params,
        body: z.object({ school: z.string().trim().min(1).max(64).optional() }).default({}),
        response: { 200: ComputeReportSchema },
      },
    },
    async (request) => campaigns.computeEnvelopes(request.ctx(), request.params.id, request.body.school),
  );

  app.get(
    "/campaigns/:id/envelopes",
    { schema: { tags, summary: "Enveloppes des établissements que je suis", params: Params, response: { 200: z.object({ items: z.array(EnvelopeSchema) }) } } },
    async (request) => ({ items: await campaigns.listEnvelopes(request.ctx(), request.params.id) }),
  );

  app.get(
    "/campaigns/:id/summary",
    {
      schema: {
        tags,
        summary: "Enveloppes, engagements et reliquats par établissement, académie et région (Région), en JSON, CSV ou XLSX",
        params: Params,
        querystring: z.object({ format: listFormatSchema }),
        response: { 200: SummarySchema },
      },
    },
    async (request, reply) => {
      const summary = await campaigns.campaignSummary(request.ctx(), request.params.id);
      if (request.query.format !== "json") {
        const euros = (cents: number) => (cents / 100).toFixed(2).replace(".", ",");
        return sendTable(
          reply,
          "enveloppes-et-reliquats",
          summary.schools,
          [
            { header: "UAI", value: (r) => r.uai },
            { header: "Établissement", value: (r) => r.schoolName },
            { header: "Académie", value: (r) => r.academie },
            { header: "Enveloppe (€)", value: (r) => euros(r.totalCents) },
            { header: "Engagé (€)", value: (r) => euros(r.committedCents) },
            { header: summary.isClosed ? "Non consommé, perdu (€)" : "Reste (€)", value: (r) => euros(r.unspentCents) },
            { header: "Enveloppe consommables (€)", value: (r) => euros(r.totalConsumablesCents) },
            { header: "Consommables engagés (€)", value: (r) => euros(r.committedConsumablesCents) },
            { header: summary.isClosed ? "Consommables non consommés (€)" : "Reste consommables (€)", value: (r) => euros(r.unspentConsumablesCents) },
          ],
          request.query.format,
        );
      }
      return summary;
    },
  );

  app.get(
    "/campaigns/:id/envelopes/:school",
    { schema: { tags, summary: "L'enveloppe d'un établissement et son calcul ligne à ligne", params: SchoolParams, response: { 200: EnvelopeSchema } } },
    async (request) => campaigns.getEnvelope(request.ctx(), request.params.id, request.params.school),
  );

  app.get(
    "/campaigns/:id/top-ups",
    {
      schema: {
        tags,
        summary: "Demandes de dotation complémentaire, en JSON, CSV ou XLSX (pour les services financiers)",
        params: Params,
        querystring: z.object({ status: z.enum(["pending", "approved", "refused"], { error: "Statut inconnu." }).optional(), format: listFormatSchema }),
        response: { 200: z.object({ items: z.array(TopUpSchema) }) },
      },
    },
    async (request, reply) => {
      const items = await campaigns.listTopUps(request.ctx(), request.params.id, request.query.status);
      if (request.query.format !== "json") {
        const euros = (cents: number) => (cents / 100).toFixed(2).replace(".", ",");
        const day = (instant: Date | null) => (instant ? formatParisDay(parisDateOf(instant)) : "");
        return sendTable(
          reply,
          "dotations-complementaires",
          items,
          [
            { header: "UAI", value: (r) => r.uai },
            { header: "Établissement", value: (r) => r.schoolName },
            { header: "Voie", value: (r) => TRACK_LABELS[r.track] },
            { header: "Niveau", value: (r) => LEVEL_LABELS[r.level] },
            { header: "Élèves", value: (r) => r.students },
            { header: "Motif", value: (r) => r.reason },
            { header: "Montant (€)", value: (r) => euros(r.amountCents) },
            { header: "Consommables (€)", value: (r) => euros(r.consumablesCents) },
            { header: "État", value: (r) => TOP_UP_STATUS_LABELS[r.status] },
            { header: "Demandée le", value: (r) => day(r.requestedAt) },
            { header: "Décidée le", value: (r) => day(r.decidedAt) },
            { header: "Motif de la décision", value: (r) => r.decisionNote ?? "" },
          ],
          request.query.format,
        );
      }
      return { items };
    },
  );

  app.post(
    "/campaigns/:id/top-ups",
    {
      schema: {
        tags,
        summary: "Demander une dotation complémentaire (ouverture de classe)",
        params: Params,
        body: TopUpInputSchema,
        response: { 201: TopUpSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await campaigns.requestTopUp(request.ctx(), request.params.id, request.body)),
  );

  app.post(
    "/top-ups/:id/decision",
    {
      schema: {
        tags,
        summary: "Accorder ou refuser une dotation complémentaire (Région)",
        params: z.object({ id: z.uuid("Identifiant de demande invalide.") }),
        body: TopUpDecisionSchema,
        response: { 200: TopUpSchema },
      },
    },
    async (request) => campaigns.decideTopUp(request.ctx(), request.params.id, request.body),
  );
};

export default campaignRoutes;
