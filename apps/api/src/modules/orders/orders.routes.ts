import { EanSchema } from "@relais/shared/catalogue";
import { listFormatSchema } from "@relais/shared/lists";
import { CartLinesInputSchema, ORDER_STATUSES, OrderLineSchema, OrderReviewSchema, OrderSchema } from "@relais/shared/orders";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendTable } from "../../lib/lists.ts";
import { uploadedContent, uploadFields } from "../../lib/table-file.ts";
import * as orders from "./orders.service.ts";

const CampaignParams = z.object({ id: z.uuid("Identifiant de campagne invalide.") });
const OrderParams = z.object({ id: z.uuid("Identifiant de commande invalide.") });
const Version = z.number().int().min(1);
const SupplierRowSchema = z.object({
  supplier: z.string(),
  uai: z.string(),
  schoolName: z.string(),
  reference: z.string(),
  label: z.string(),
  quantity: z.number(),
  teacherLicences: z.number(),
  unitPriceCents: z.number(),
  amountCents: z.number(),
});

/** Carts and orders of a campaign: built and validated by the school, reviewed by the Region. */
const orderRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ["commandes"];

  app.get(
    "/campaigns/:id/orders",
    {
      schema: {
        tags,
        summary: "Paniers et commandes de la campagne que je peux voir",
        params: CampaignParams,
        querystring: z.object({ status: z.enum(ORDER_STATUSES, { error: "Statut inconnu." }).optional() }),
        response: {
          200: z.object({
            items: z.array(
              OrderSchema.omit({ remainingCents: true, remainingConsumablesCents: true, licenceWarning: true }).extend({ lines: z.array(OrderLineSchema) }),
            ),
          }),
        },
      },
    },
    async (request) => ({ items: await orders.listOrders(request.ctx(), request.params.id, request.query.status) }),
  );

  app.post(
    "/campaigns/:id/carts",
    {
      schema: {
        tags,
        summary: "Créer un panier pour un établissement (dans une fenêtre de commande)",
        params: CampaignParams,
        body: z.object({ school: z.string().trim().min(1, "Indiquez l'établissement.").max(64) }),
        response: { 201: OrderSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await orders.createCart(request.ctx(), request.params.id, request.body.school)),
  );

  app.get(
    "/orders/:id",
    { schema: { tags, summary: "Un panier ou une commande, avec ce qu'il reste de l'enveloppe", params: OrderParams, response: { 200: OrderSchema } } },
    async (request) => orders.getOrder(request.ctx(), request.params.id),
  );

  app.put(
    "/orders/:id/lines",
    { schema: { tags, summary: "Remplacer les lignes d'un panier", params: OrderParams, body: CartLinesInputSchema, response: { 200: OrderSchema } } },
    async (request) => orders.setCartLines(request.ctx(), request.params.id, request.body),
  );

  app.post(
    "/orders/:id/submit",
    {
      schema: {
        tags,
        summary: "Valider la commande de l'établissement pour la Région (engage l'enveloppe)",
        params: OrderParams,
        body: z.object({ version: Version, acknowledgeNoCancellation: z.boolean().optional() }),
        response: { 200: OrderSchema },
      },
    },
    async (request) => orders.submitOrder(request.ctx(), request.params.id, request.body),
  );

  app.post(
    "/orders/:id/review",
    {
      schema: {
        tags,
        summary: "Examiner une commande (Région) : ajuster avec motif, approuver ou refuser",
        params: OrderParams,
        body: OrderReviewSchema,
        response: { 200: OrderSchema },
      },
    },
    async (request) => orders.reviewOrder(request.ctx(), request.params.id, request.body),
  );

  app.post(
    "/orders/:id/delivery",
    {
      schema: {
        tags,
        summary: "Enregistrer la livraison d'une commande d'équipement approuvée : les articles entrent à l'inventaire (Région)",
        params: OrderParams,
        body: z.object({ version: Version }),
        response: { 200: z.object({ order: OrderSchema, assetIds: z.array(z.string()) }) },
      },
    },
    async (request) => orders.deliverOrder(request.ctx(), request.params.id, request.body),
  );

  app.post(
    "/orders/:id/returns",
    {
      schema: {
        tags,
        summary: "Retourner des articles papier avant l'échéance de retour",
        params: OrderParams,
        body: z.object({
          lineId: z.uuid("Ligne invalide."),
          quantity: z
            .number({ error: "La quantité est un nombre." })
            .int("La quantité est un nombre entier.")
            .min(1, "Retournez au moins un exemplaire.")
            .max(100_000),
        }),
        response: { 200: OrderSchema },
      },
    },
    async (request) => orders.returnItems(request.ctx(), request.params.id, request.body),
  );

  app.get(
    "/campaigns/:id/gar-checklist/:school",
    {
      schema: {
        tags,
        summary: "Liste d'affectation GAR d'un établissement : licences achetées, à réaffecter après le 15 août",
        params: CampaignParams.extend({ school: z.string().trim().min(1).max(64).describe("Identifiant ou UAI de l'établissement") }),
        response: {
          200: z.object({
            schoolId: z.string(),
            resetOn: z.string(),
            notice: z.string(),
            items: z.array(
              z.object({
                orderId: z.string(),
                reference: z.string(),
                label: z.string(),
                publisher: z.string(),
                studentLicences: z.number(),
                teacherLicences: z.number(),
                validatedAt: z.date(),
                expectedFrom: z.date(),
                expectedBy: z.date(),
                isExpectedInGar: z.boolean(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => orders.garChecklist(request.ctx(), request.params.id, request.params.school),
  );

  const TeacherLicenceRequestSchema = z.object({
    id: z.string(),
    campaignId: z.string(),
    schoolId: z.string(),
    publisher: z.string(),
    lines: z.array(z.object({ ean: z.string(), title: z.string(), teacherLicences: z.number(), studentLicencesBought: z.number() })),
    status: z.enum(["pending", "answered"]),
    answer: z.string().nullable(),
    requestedAt: z.date(),
    answeredAt: z.date().nullable(),
  });

  app.get(
    "/campaigns/:id/teacher-licence-requests",
    {
      schema: {
        tags,
        summary: "Demandes de licences enseignant",
        params: CampaignParams,
        response: { 200: z.object({ items: z.array(TeacherLicenceRequestSchema) }) },
      },
    },
    async (request) => ({ items: await orders.listTeacherLicenceRequests(request.ctx(), request.params.id) }),
  );

  app.post(
    "/campaigns/:id/teacher-licence-requests",
    {
      schema: {
        tags,
        summary: "Demander des licences enseignant (une demande par éditeur, pour des licences élève achetées)",
        params: CampaignParams,
        body: z.object({
          school: z.string().trim().min(1, "Indiquez l'établissement.").max(64),
          publisher: z.string().trim().min(2, "Indiquez l'éditeur.").max(120),
          lines: z
            .array(
              z.object({
                ean: EanSchema,
                teacherLicences: z.number({ error: "Nombre de licences attendu." }).int("Nombre entier attendu.").min(1, "Au moins une licence.").max(10_000),
              }),
            )
            .min(1, "Indiquez au moins une référence.")
            .max(100),
        }),
        response: { 201: TeacherLicenceRequestSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await orders.requestTeacherLicences(request.ctx(), request.params.id, request.body)),
  );

  app.post(
    "/teacher-licence-requests/:id/answer",
    {
      schema: {
        tags,
        summary: "Répondre à une demande de licences enseignant (Région)",
        params: z.object({ id: z.uuid("Identifiant de demande invalide.") }),
        body: z.object({ answer: z.string().trim().min(5, "La réponse compte au moins 5 caractères.").max(2_000) }),
        response: { 200: TeacherLicenceRequestSchema },
      },
    },
    async (request) => orders.answerTeacherLicenceRequest(request.ctx(), request.params.id, request.body.answer),
  );

  app.post(
    "/campaigns/:id/gar-usage/import",
    {
      schema: {
        tags,
        summary: "Importer l'export des affectations du GAR, en CSV ou XLSX (Région, tout ou rien)",
        params: CampaignParams,
        body: z.object(uploadFields),
        response: { 200: z.object({ lines: z.number(), schools: z.number() }) },
      },
    },
    async (request) => orders.importGarUsage(request.ctx(), request.params.id, uploadedContent(request.body)),
  );

  app.get(
    "/campaigns/:id/gar-usage",
    {
      schema: {
        tags,
        summary: "Achats et usages GAR par établissement et référence",
        params: CampaignParams,
        response: {
          200: z.object({
            notice: z.string(),
            items: z.array(
              z.object({
                schoolId: z.string(),
                reference: z.string(),
                label: z.string(),
                studentLicencesBought: z.number(),
                studentAssignments: z.number(),
                teacherAssignments: z.number(),
                unassignedLicences: z.number(),
              }),
            ),
            unmatched: z.array(z.object({ schoolId: z.string(), resourceId: z.string(), studentAssignments: z.number(), teacherAssignments: z.number() })),
          }),
        },
      },
    },
    async (request) => orders.garUsageReport(request.ctx(), request.params.id),
  );

  app.get(
    "/campaigns/:id/orders/by-supplier",
    {
      schema: {
        tags,
        summary: "Commandes approuvées par fournisseur (Région), en JSON, CSV ou XLSX",
        params: CampaignParams,
        querystring: z.object({ format: listFormatSchema }),
        response: { 200: z.object({ items: z.array(SupplierRowSchema) }) },
      },
    },
    async (request, reply) => {
      const rows = await orders.supplierSummary(request.ctx(), request.params.id);
      if (request.query.format !== "json") {
        return sendTable(
          reply,
          "commandes-par-fournisseur",
          rows,
          [
            { header: "Fournisseur", value: (r) => r.supplier },
            { header: "UAI", value: (r) => r.uai },
            { header: "Établissement", value: (r) => r.schoolName },
            { header: "Référence", value: (r) => r.reference },
            { header: "Libellé", value: (r) => r.label },
            { header: "Quantité", value: (r) => r.quantity },
            { header: "Licences enseignant", value: (r) => r.teacherLicences },
            { header: "Prix unitaire (€)", value: (r) => (r.unitPriceCents / 100).toFixed(2).replace(".", ",") },
            { header: "Montant (€)", value: (r) => (r.amountCents / 100).toFixed(2).replace(".", ",") },
          ],
          request.query.format,
        );
      }
      return { items: rows };
    },
  );
};

export default orderRoutes;
