import { ASSET_FUNDINGS, ASSET_STATUSES, ASSET_TYPES, ROOM_USES } from "@relais/shared/inventory";
import { RENEWAL_REASONS, StoredInventorySettingsSchema } from "@relais/shared/inventory-reports";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { linkAssetTicket, listTicketAssets, unlinkAssetTicket } from "./asset-tickets.service.ts";
import { AssetDetailSchema } from "./assets.contract.ts";
import { getAsset } from "./assets.service.ts";
import {
  CountsQuery,
  CountsSchema,
  HomogeneityQuery,
  HomogeneitySchema,
  InventorySettingsAnswer,
  LinkTicketInput,
  PagedReportQuery,
  ProjectorRoomsSchema,
  RenewalCandidatesSchema,
  RoomViewSchema,
  TotalCostQuery,
  TotalCostSchema,
  WarrantiesQuery,
  WarrantiesSchema,
} from "./inventory-reports.contract.ts";
import * as reports from "./inventory-reports.service.ts";
import { getInventorySettings, updateInventorySettings } from "./inventory-settings.service.ts";
import { reportRoute } from "./report-route.ts";

const label = (catalogue: Record<string, { fr: string }>, code: string | null) => (code ? (catalogue[code]?.fr ?? code) : null);
const euros = (cents: number) => (cents / 100).toFixed(2);
type CountRow = z.output<typeof CountsSchema>["items"][number];

type ListedAsset = {
  schoolUai: string;
  schoolName: string;
  roomName: string | null;
  type: string;
  name: string | null;
  manufacturer: string | null;
  model: string | null;
  status: string;
  funding: string | null;
  acquiredOn: string | null;
  warrantyEndsOn: string | null;
};
const assetColumns = [
  { header: "UAI", value: (a: ListedAsset) => a.schoolUai },
  { header: "Établissement", value: (a: ListedAsset) => a.schoolName },
  { header: "Salle", value: (a: ListedAsset) => a.roomName },
  { header: "Type", value: (a: ListedAsset) => label(ASSET_TYPES, a.type) },
  { header: "Nom", value: (a: ListedAsset) => a.name },
  { header: "Fabricant", value: (a: ListedAsset) => a.manufacturer },
  { header: "Modèle", value: (a: ListedAsset) => a.model },
  { header: "Statut", value: (a: ListedAsset) => label(ASSET_STATUSES, a.status) },
  { header: "Financement", value: (a: ListedAsset) => label(ASSET_FUNDINGS, a.funding) },
  { header: "Date d'achat", value: (a: ListedAsset) => a.acquiredOn },
  { header: "Fin de garantie", value: (a: ListedAsset) => a.warrantyEndsOn },
];

/** The inventory reports (seed 004 §7.5.4), the room view, the region's report settings, and tickets linked to assets. */
const inventoryReportsRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ["inventaire"];

  reportRoute(app, "/inventory/reports/counts", {
    summary: "Effectifs du parc par type, statut, financement ou établissement (Région ou établissement ; export CSV ou XLSX)",
    querystring: CountsQuery,
    response: CountsSchema,
    load: (ctx, scope, q) => reports.countAssets(ctx, scope, q.by),
    filename: (q) => `effectifs-${q.by}`,
    columns: (q) => {
      const catalogue = { type: ASSET_TYPES, status: ASSET_STATUSES, funding: ASSET_FUNDINGS, school: null }[q.by];
      return [
        ...(q.by === "school" ? [{ header: "UAI", value: (r: CountRow) => r.uai }] : []),
        {
          header: { type: "Type", status: "Statut", funding: "Financement", school: "Établissement" }[q.by],
          value: (r: CountRow) => (catalogue ? (label(catalogue, r.key) ?? "Non renseigné") : r.name),
        },
        { header: "Nombre", value: (r: CountRow) => r.count },
      ];
    },
  });

  reportRoute(app, "/inventory/reports/renewal-candidates", {
    summary: "Équipements à renouveler, avec chaque motif : hors garantie, âge de renouvellement atteint, incidents fréquents (12 mois)",
    querystring: PagedReportQuery,
    response: RenewalCandidatesSchema,
    load: (ctx, scope, _q, page) => reports.listRenewalCandidates(ctx, scope, page),
    filename: "renouvellement",
    columns: [
      ...assetColumns,
      { header: "Âge (ans)", value: (a) => a.ageYears },
      { header: "Incidents (12 mois)", value: (a) => a.recentIncidents },
      { header: "Motifs", value: (a) => a.reasons.map((r) => RENEWAL_REASONS[r].fr).join(", ") },
    ],
  });

  reportRoute(app, "/inventory/reports/warranties", {
    summary: "Garanties qui finissent dans les N jours (équipements détenus ; export CSV ou XLSX)",
    querystring: WarrantiesQuery,
    response: WarrantiesSchema,
    load: (ctx, scope, q, page) => reports.listWarrantiesEnding(ctx, scope, q.withinDays, page),
    filename: "garanties",
    columns: [...assetColumns, { header: "Jours restants", value: (a) => a.daysLeft }],
  });

  reportRoute(app, "/inventory/reports/projector-ages", {
    summary: "Âge des vidéoprojecteurs par salle, les plus anciens d'abord (plan ENI ; export CSV ou XLSX)",
    querystring: PagedReportQuery,
    response: ProjectorRoomsSchema,
    load: (ctx, scope, _q, page) => reports.listProjectorRooms(ctx, scope, page),
    filename: "videoprojecteurs-par-salle",
    columns: [
      { header: "UAI", value: (r) => r.schoolUai },
      { header: "Établissement", value: (r) => r.schoolName },
      { header: "Bâtiment", value: (r) => r.building },
      { header: "Salle", value: (r) => r.roomName ?? "Sans salle" },
      { header: "Vidéoprojecteurs", value: (r) => r.projectors },
      { header: "Plus ancien achat", value: (r) => r.oldestAcquiredOn },
      { header: "Âge du plus ancien (ans)", value: (r) => r.oldestAgeYears },
      { header: "Âge moyen (ans)", value: (r) => r.meanAgeYears },
      { header: "Sans date d'achat", value: (r) => r.undated },
      { header: "ENI dans la salle", value: (r) => r.interactiveDisplays },
    ],
  });

  reportRoute(app, "/inventory/reports/room-homogeneity", {
    summary: "Homogénéité des salles : modèles d'ordinateurs par salle (règle : un modèle par salle ; export CSV ou XLSX)",
    querystring: HomogeneityQuery,
    response: HomogeneitySchema,
    load: (ctx, scope, q, page) => reports.listRoomHomogeneity(ctx, scope, q.mixedOnly, page),
    filename: "homogeneite-des-salles",
    columns: [
      { header: "UAI", value: (r) => r.schoolUai },
      { header: "Établissement", value: (r) => r.schoolName },
      { header: "Bâtiment", value: (r) => r.building },
      { header: "Salle", value: (r) => r.roomName },
      { header: "Usage", value: (r) => label(ROOM_USES, r.use) },
      { header: "Ordinateurs", value: (r) => r.computers },
      { header: "Modèles", value: (r) => r.modelCount },
      { header: "Homogène", value: (r) => (r.isHomogeneous ? "oui" : "non") },
      { header: "Détail", value: (r) => r.models.map((m) => `${m.model} (${m.count})`).join(", ") },
    ],
  });

  reportRoute(app, "/inventory/reports/total-cost", {
    summary: "Coût global de possession par classe d'équipements : acquisition, déploiement, support, recyclage (formule et paramètres ; export CSV ou XLSX)",
    querystring: TotalCostQuery,
    response: TotalCostSchema,
    load: (ctx, scope) => reports.estimateTotalCost(ctx, scope),
    filename: "cout-global",
    columns: [
      { header: "Classe", value: (r) => label(ASSET_TYPES, r.type) },
      { header: "Équipements", value: (r) => r.count },
      { header: "Prix connus", value: (r) => r.pricedCount },
      { header: "Acquisition (€)", value: (r) => euros(r.acquisitionCents) },
      { header: "Déploiement (€)", value: (r) => euros(r.deploymentCents) },
      { header: "Support (minutes)", value: (r) => r.supportMinutes },
      { header: "Support (€)", value: (r) => euros(r.supportCents) },
      { header: "Recyclage (€)", value: (r) => euros(r.recyclingCents) },
      { header: "Total (€)", value: (r) => euros(r.totalCents) },
      { header: "Par équipement (€)", value: (r) => euros(r.perItemCents) },
    ],
  });

  app.get(
    "/inventory/rooms/:id",
    {
      schema: {
        tags,
        summary: "Une salle : ses équipements, ses modèles d'ordinateurs (homogénéité), l'âge de ses vidéoprojecteurs",
        params: z.object({ id: z.uuid({ error: "Identifiant de salle invalide." }) }),
        response: { 200: RoomViewSchema },
      },
    },
    async (request) => reports.getRoomView(request.ctx(), request.params.id),
  );

  const RegionParams = z.object({ region: z.uuid({ error: "Région invalide." }) });
  app.get(
    "/regions/:region/inventory-settings",
    {
      schema: {
        tags,
        summary: "Paramètres des rapports d'inventaire d'une région (âge de renouvellement, seuil d'incidents, coûts par classe)",
        params: RegionParams,
        response: { 200: InventorySettingsAnswer },
      },
    },
    async (request) => getInventorySettings(request.ctx(), request.params.region),
  );

  app.put(
    "/regions/:region/inventory-settings",
    {
      schema: {
        tags,
        summary: "Régler les rapports d'inventaire d'une région (administration régionale)",
        params: RegionParams,
        body: StoredInventorySettingsSchema.strict(),
        response: { 200: InventorySettingsAnswer },
      },
    },
    async (request) => updateInventorySettings(request.ctx(), request.params.region, request.body),
  );

  const AssetParams = z.object({ id: z.uuid({ error: "Identifiant d'équipement invalide." }) });
  app.post(
    "/inventory/assets/:id/tickets",
    {
      schema: {
        tags,
        summary: "Lier un ticket du support à l'équipement qu'il concerne (centre de services, techniciens, Région)",
        params: AssetParams,
        body: LinkTicketInput,
        response: { 201: AssetDetailSchema },
      },
    },
    async (request, reply) => {
      const ctx = request.ctx();
      await linkAssetTicket(ctx, request.params.id, request.body.ticket);
      return reply.status(201).send(await getAsset(ctx, request.params.id));
    },
  );

  app.get(
    "/inventory/tickets/:ticket/assets",
    {
      schema: {
        tags,
        summary: "Équipements concernés par un ticket (ceux dont le lecteur consulte l'inventaire)",
        params: z.object({ ticket: z.string().trim().min(1).max(64).describe("Identifiant ou numéro du ticket") }),
        response: {
          200: z.object({
            ticketId: z.uuid(),
            number: z.string(),
            items: z.array(
              z.object({
                id: z.uuid(),
                name: z.string().nullable(),
                type: z.string(),
                manufacturer: z.string().nullable(),
                model: z.string().nullable(),
                status: z.string(),
                roomId: z.uuid().nullable(),
                roomName: z.string().nullable(),
                schoolUai: z.string(),
                linkedAt: z.date(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => listTicketAssets(request.ctx(), request.params.ticket),
  );

  app.delete(
    "/inventory/assets/:id/tickets/:ticketId",
    {
      schema: {
        tags,
        summary: "Retirer le lien entre un ticket et un équipement",
        params: AssetParams.extend({ ticketId: z.uuid({ error: "Identifiant de ticket invalide." }) }),
        response: { 200: AssetDetailSchema },
      },
    },
    async (request) => {
      const ctx = request.ctx();
      await unlinkAssetTicket(ctx, request.params.id, request.params.ticketId);
      return getAsset(ctx, request.params.id);
    },
  );
};

export default inventoryReportsRoutes;
