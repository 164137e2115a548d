import { APPLICATION_STATUSES, ASSET_FUNDINGS, ASSET_STATUSES, ASSET_TYPES } from "@relais/shared/inventory";
import { pageSchema } from "@relais/shared/lists";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { CSV_MAX_ROWS, offsetOf, sendTable } from "../../lib/lists.ts";
import { uploadedContent, uploadFields } from "../../lib/table-file.ts";
import { withSessionCheck } from "../../plugins/auth.ts";
import {
  ApplicationListQuery,
  ApplicationSchema,
  AssetDetailSchema,
  AssetInputSchema,
  AssetListQuery,
  AssetSummarySchema,
  AssetUpdateSchema,
  DecisionInputSchema,
  EstateReportSchema,
  RoomInputSchema,
  RoomSchema,
} from "./assets.contract.ts";
import * as service from "./assets.service.ts";
import { importAssets } from "./assets-import.ts";
import inventoryReportsRoutes from "./inventory-reports.routes.ts";
import { schoolEstateReport } from "./inventory-reports.service.ts";
import { createRoom, listRooms } from "./rooms.service.ts";

const label = (catalogue: Record<string, { fr: string }>, code: string | null) => (code ? (catalogue[code]?.fr ?? code) : null);
const AssetParams = z.object({ id: z.uuid({ error: "Identifiant d'équipement invalide." }) });

const assetRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ["inventaire"];
  await app.register(inventoryReportsRoutes);

  app.get(
    "/inventory/assets",
    {
      config: { checksSession: true },
      schema: {
        tags,
        summary: "Équipements visibles (filtres, recherche sur nom, numéro de série et d'inventaire ; export CSV)",
        querystring: AssetListQuery,
        response: { 200: pageSchema(AssetSummarySchema).extend({ totalExact: z.boolean() }) },
      },
    },
    async (request, reply) => {
      const { page, pageSize, sort, format, school, room, type, status, q, lentTo } = request.query;
      const filters = {
        ...(school ? { schoolId: school } : {}),
        ...(room ? { roomId: room } : {}),
        ...(type ? { type } : {}),
        ...(status ? { status } : {}),
        ...(q ? { q } : {}),
        ...(lentTo ? { lentToPersonId: lentTo } : {}),
      };
      if (format !== "json") {
        const { items } = await withSessionCheck(request, (ctx) => service.listAssets(ctx, filters, { sort, limit: CSV_MAX_ROWS, offset: 0 }));
        return sendTable(
          reply,
          "equipements",
          items,
          [
            { header: "UAI", value: (a) => a.schoolUai },
            { header: "Établissement", value: (a) => a.schoolName },
            { header: "Salle", value: (a) => a.roomName },
            { header: "Type", value: (a) => label(ASSET_TYPES, a.type) },
            { header: "Nom", value: (a) => a.name },
            { header: "Fabricant", value: (a) => a.manufacturer },
            { header: "Modèle", value: (a) => a.model },
            { header: "Numéro de série", value: (a) => a.serial },
            { header: "Numéro d'inventaire", value: (a) => a.inventoryNumber },
            { header: "Statut", value: (a) => label(ASSET_STATUSES, a.status) },
            { header: "Financement", value: (a) => label(ASSET_FUNDINGS, a.funding) },
            { header: "Pris en charge", value: (a) => (a.isSupported ? "oui" : "non") },
            { header: "Fin de garantie", value: (a) => a.warrantyEndsOn },
            { header: "Dernier inventaire", value: (a) => a.lastInventoryAt },
          ],
          format,
        );
      }
      const result = await withSessionCheck(request, (ctx) =>
        service.listAssets(ctx, filters, { sort, limit: pageSize, offset: offsetOf({ page, pageSize }) }),
      );
      return { ...result, page, pageSize };
    },
  );

  app.get(
    "/inventory/assets/:id",
    {
      schema: { tags, summary: "Fiche d'un équipement : détails techniques, logiciels, historique", params: AssetParams, response: { 200: AssetDetailSchema } },
    },
    async (request) => service.getAsset(request.ctx(), request.params.id),
  );

  app.post(
    "/inventory/assets",
    {
      schema: {
        tags,
        summary: "Saisir un équipement sans agent (réseau, vidéoprojecteur, ENI, onduleur…)",
        body: AssetInputSchema,
        response: { 201: AssetDetailSchema },
      },
    },
    async (request, reply) => {
      const ctx = request.ctx();
      const id = await service.createAsset(ctx, request.body);
      return reply.status(201).send(await service.getAsset(ctx, id));
    },
  );

  app.patch(
    "/inventory/assets/:id",
    {
      schema: {
        tags,
        summary: "Modifier un équipement (statut, salle, financement, garantie…)",
        params: AssetParams,
        body: AssetUpdateSchema,
        response: { 200: AssetDetailSchema },
      },
    },
    async (request) => {
      const ctx = request.ctx();
      await service.updateAsset(ctx, request.params.id, request.body);
      return service.getAsset(ctx, request.params.id);
    },
  );

  app.get(
    "/inventory/applications",
    {
      schema: {
        tags,
        summary: `Annuaire des applications de la Région (${Object.keys(APPLICATION_STATUSES).join(", ")})`,
        querystring: ApplicationListQuery,
        response: { 200: pageSchema(ApplicationSchema) },
      },
    },
    async (request) => {
      const { page, pageSize, ...filters } = request.query;
      const result = await service.listApplications(request.ctx(), filters, { limit: pageSize, offset: offsetOf({ page, pageSize }) });
      return { ...result, page, pageSize };
    },
  );

  app.post(
    "/inventory/applications/:id/decision",
    {
      schema: {
        tags,
        summary: "Évaluer (technicien) ou qualifier / refuser (Région) une application",
        params: z.object({ id: z.uuid({ error: "Identifiant d'application invalide." }) }),
        body: DecisionInputSchema,
        response: {
          200: z.object({
            regionId: z.uuid(),
            softwareId: z.uuid(),
            status: z.string(),
            evaluatedAt: z.date().nullable(),
            decidedAt: z.date().nullable(),
            note: z.string().nullable(),
          }),
        },
      },
    },
    async (request) => service.decideApplication(request.ctx(), request.params.id, request.body),
  );

  app.get(
    "/inventory/rooms",
    {
      schema: {
        tags,
        summary: "Salles d'un établissement",
        querystring: z.object({ school: z.string().trim().min(1).max(64).describe("Identifiant ou UAI de l'établissement") }),
        response: { 200: z.object({ items: z.array(RoomSchema) }) },
      },
    },
    async (request) => ({ items: await listRooms(request.ctx(), request.query.school) }),
  );

  app.post(
    "/inventory/rooms",
    { schema: { tags, summary: "Créer une salle (bâtiment, étage, nom, usage)", body: RoomInputSchema, response: { 201: RoomSchema } } },
    async (request, reply) => reply.status(201).send(await createRoom(request.ctx(), request.body)),
  );

  app.get(
    "/inventory/reports/estate",
    {
      schema: {
        tags,
        summary: "Parc d'un établissement : effectifs par type, statut et financement, salles hétérogènes, garanties échues ou proches",
        querystring: z.object({
          school: z.string().trim().min(1).max(64),
          withinDays: z.coerce.number().int().min(0).max(3650).default(90),
        }),
        response: { 200: EstateReportSchema },
      },
    },
    async (request) => schoolEstateReport(request.ctx(), request.query.school, request.query.withinDays),
  );

  app.post(
    "/inventory/imports/assets",
    {
      schema: {
        tags,
        summary: "Importer des équipements depuis un CSV (séparateur « ; ») ou un classeur XLSX : aperçu ligne à ligne, puis tout ou rien",
        body: z.object({ ...uploadFields, dryRun: z.boolean().default(true) }),
        response: {
          200: z.object({
            lines: z.number(),
            created: z.number(),
            issues: z.array(z.object({ line: z.number(), column: z.string().nullable(), message: z.string() })),
          }),
        },
      },
    },
    async (request) => importAssets(request.ctx(), uploadedContent(request.body), { dryRun: request.body.dryRun }),
  );
};

export default assetRoutes;
