import {
  EQUIPMENT_CATEGORIES,
  EquipmentItemInputSchema,
  EquipmentItemSchema,
  RESOURCE_KINDS,
  ResourceItemInputSchema,
  ResourceItemSchema,
} from "@relais/shared/catalogue";
import { LEVELS, TRACKS } from "@relais/shared/schools";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { uploadedContent, uploadFields } from "../../lib/table-file.ts";
import * as catalogue from "./catalogue.service.ts";

const RegionQuery = z.object({ regionId: z.uuid("Région invalide.").optional(), q: z.string().trim().max(100).optional() });
const IssueSchema = z.object({ line: z.number(), column: z.string().nullable(), message: z.string() });

/** The Region's equipment and textbook catalogues: browsed by everyone of the region, kept by the Region. */
const catalogueRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ["catalogues"];

  app.get(
    "/catalogue/equipment",
    {
      schema: {
        tags,
        summary: "Catalogue d'équipement de la Région (sans serveurs : demande d'évolution)",
        querystring: RegionQuery.extend({ category: z.enum(EQUIPMENT_CATEGORIES, { error: "Catégorie inconnue." }).optional() }),
        response: { 200: z.object({ items: z.array(EquipmentItemSchema) }) },
      },
    },
    async (request) => ({ items: await catalogue.listEquipmentItems(request.ctx(), request.query) }),
  );

  app.post(
    "/catalogue/equipment",
    {
      schema: {
        tags,
        summary: "Ajouter ou mettre à jour un article d'équipement (Région)",
        body: EquipmentItemInputSchema.extend({ regionId: z.uuid("Région invalide.") }),
        response: { 200: EquipmentItemSchema },
      },
    },
    async (request) => {
      const { regionId, ...item } = request.body;
      return catalogue.saveEquipmentItem(request.ctx(), regionId, item);
    },
  );

  app.get(
    "/catalogue/resources",
    {
      schema: {
        tags,
        summary: "Catalogue des manuels et ressources (filtres par type, voie, niveau, discipline)",
        querystring: RegionQuery.extend({
          kind: z.enum(RESOURCE_KINDS, { error: "Type de ressource inconnu." }).optional(),
          track: z.enum(TRACKS, { error: "Voie inconnue." }).optional(),
          level: z.enum(LEVELS, { error: "Niveau inconnu." }).optional(),
          subject: z.string().trim().max(80).optional(),
        }),
        response: { 200: z.object({ items: z.array(ResourceItemSchema) }) },
      },
    },
    async (request) => ({ items: await catalogue.listResourceItems(request.ctx(), request.query) }),
  );

  app.post(
    "/catalogue/resources",
    {
      schema: {
        tags,
        summary: "Ajouter ou mettre à jour un manuel ou une ressource (Région)",
        // The item's own checks (price, licence) live in a refinement: the region id is checked apart.
        body: z.object({ regionId: z.uuid("Région invalide."), item: ResourceItemInputSchema }),
        response: { 200: ResourceItemSchema },
      },
    },
    async (request) => catalogue.saveResourceItem(request.ctx(), request.body.regionId, request.body.item),
  );

  app.post(
    "/catalogue/import",
    {
      schema: {
        tags,
        summary: "Importer un catalogue CSV ou XLSX (tout ou rien, rapport ligne à ligne)",
        body: z.object({
          regionId: z.uuid("Région invalide."),
          catalogue: z.enum(["equipment", "resources"], { error: "Catalogue attendu : equipment ou resources." }),
          ...uploadFields,
          dryRun: z.boolean().default(false),
        }),
        response: {
          200: z.object({
            catalogue: z.string(),
            lines: z.number(),
            created: z.number(),
            updated: z.number(),
            written: z.boolean(),
            issues: z.array(IssueSchema),
          }),
        },
      },
    },
    async (request) => {
      const { regionId, catalogue: kind, dryRun } = request.body;
      return catalogue.importCatalogue(request.ctx(), { regionId, catalogue: kind, dryRun, content: uploadedContent(request.body) });
    },
  );
};

export default catalogueRoutes;
