import { ApplicationStatusSchema, AssetFundingSchema, AssetStatusSchema, AssetTypeSchema, NetworkDomainSchema, RoomUseSchema } from "@relais/shared/inventory";
import { listQuerySchema } from "@relais/shared/lists";
import { CentsSchema } from "@relais/shared/money";
import { z } from "zod";
import { ASSET_SORT_FIELDS } from "./assets.repository.ts";

const text = (max: number) => z.string().trim().min(1, "Ne peut pas être vide.").max(max, `Au plus ${max} caractères.`);
const day = z.iso.date({ error: "Date au format AAAA-MM-JJ." });

export const AssetListQuery = listQuerySchema(ASSET_SORT_FIELDS).extend({
  school: z.uuid({ error: "Identifiant d'établissement invalide." }).optional(),
  room: z.uuid({ error: "Identifiant de salle invalide." }).optional(),
  type: AssetTypeSchema.optional(),
  status: AssetStatusSchema.optional(),
  lentTo: z.uuid({ error: "Identifiant de l'emprunteur invalide." }).optional().describe("Les équipements individuels prêtés à cette personne"),
});

const assetFields = {
  type: AssetTypeSchema,
  name: text(255).nullable().optional(),
  manufacturer: text(255).nullable().optional(),
  model: text(255).nullable().optional(),
  serial: text(255).nullable().optional(),
  uuid: text(64).nullable().optional(),
  inventoryNumber: text(100).nullable().optional(),
  status: AssetStatusSchema.optional(),
  funding: AssetFundingSchema.nullable().optional(),
  isQualifiedByRegion: z.boolean().optional(),
  acquiredOn: day.nullable().optional(),
  supplier: text(255).nullable().optional(),
  warrantyEndsOn: day.nullable().optional(),
  acquisitionPriceCents: CentsSchema.nullable().optional().describe("Prix d'achat en centimes, s'il est connu"),
  networkDomain: NetworkDomainSchema.nullable().optional(),
  roomId: z.uuid().nullable().optional(),
  lentToPersonId: z
    .uuid({ error: "Identifiant de l'emprunteur invalide." })
    .nullable()
    .optional()
    .describe("La personne à qui l'équipement individuel est prêté ; null pour son retour"),
};

export const AssetInputSchema = z
  .object({ school: text(64).describe("Identifiant ou UAI de l'établissement"), ...assetFields })
  .refine((a) => !a.acquiredOn || !a.warrantyEndsOn || a.warrantyEndsOn >= a.acquiredOn, {
    message: "La garantie ne peut finir avant l'achat.",
    path: ["warrantyEndsOn"],
  });
export type AssetInput = z.infer<typeof AssetInputSchema>;

export const AssetUpdateSchema = z
  .object({ version: z.number().int().min(1), school: text(64).optional(), ...assetFields, type: AssetTypeSchema.optional() })
  .refine((a) => !a.acquiredOn || !a.warrantyEndsOn || a.warrantyEndsOn >= a.acquiredOn, {
    message: "La garantie ne peut finir avant l'achat.",
    path: ["warrantyEndsOn"],
  });
export type AssetUpdate = z.infer<typeof AssetUpdateSchema>;

export const AssetSummarySchema = z.object({
  id: z.uuid(),
  regionId: z.uuid(),
  schoolId: z.uuid(),
  schoolUai: z.string(),
  schoolName: z.string(),
  roomId: z.uuid().nullable(),
  roomName: z.string().nullable(),
  networkDomain: z.string().nullable(),
  type: z.string(),
  manufacturer: z.string().nullable(),
  model: z.string().nullable(),
  serial: z.string().nullable(),
  uuid: z.string().nullable(),
  name: z.string().nullable(),
  inventoryNumber: z.string().nullable(),
  status: z.string(),
  funding: z.string().nullable(),
  isQualifiedByRegion: z.boolean(),
  isSupported: z.boolean(),
  acquiredOn: z.string().nullable(),
  supplier: z.string().nullable(),
  warrantyEndsOn: z.string().nullable(),
  acquisitionPriceCents: z.number().nullable(),
  lentToPersonId: z.uuid().nullable(),
  source: z.string(),
  lastInventoryAt: z.date().nullable(),
  agentDeviceId: z.string().nullable(),
  version: z.number(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export const AssetDetailSchema = z.object({
  asset: AssetSummarySchema.extend({ technical: z.record(z.string(), z.unknown()) }),
  software: z.array(
    z.object({
      softwareId: z.uuid(),
      name: z.string(),
      publisher: z.string().nullable(),
      version: z.string(),
      arch: z.string(),
      applicationStatus: z.string().nullable(),
    }),
  ),
  /** The borrower of individual equipment, shown to whoever reads the asset. */
  loan: z.object({ personId: z.uuid(), name: z.string(), since: z.date().nullable() }).nullable(),
  history: z.array(z.object({ id: z.number(), at: z.date(), kind: z.string(), actorLabel: z.string(), details: z.record(z.string(), z.unknown()) })),
  tickets: z.array(
    z.object({
      id: z.uuid(),
      number: z.string(),
      title: z.string(),
      kind: z.string(),
      status: z.string(),
      receivedAt: z.date(),
      resolvedAt: z.date().nullable(),
      timeSpentMinutes: z.number().nullable(),
      linkedAt: z.date(),
    }),
  ),
  canEdit: z.boolean(),
});

export const ApplicationListQuery = z.object({
  region: z.uuid().optional(),
  status: ApplicationStatusSchema.optional(),
  q: z.string().trim().max(200).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const ApplicationSchema = z.object({
  softwareId: z.uuid(),
  name: z.string(),
  publisher: z.string().nullable(),
  status: z.string(),
  firstSeenSchoolId: z.uuid().nullable(),
  firstSeenAt: z.date(),
  evaluatedAt: z.date().nullable(),
  decidedAt: z.date().nullable(),
  note: z.string().nullable(),
});

export const DecisionInputSchema = z.object({
  status: z.enum(["under_evaluation", "qualified", "refused"], { error: "Décision : under_evaluation, qualified ou refused." }),
  note: z.string().trim().max(2000).optional(),
  regionId: z.uuid().optional(),
});
export type DecisionInput = z.infer<typeof DecisionInputSchema>;

export const RoomInputSchema = z.object({
  school: text(64).describe("Identifiant ou UAI de l'établissement"),
  building: z.string().trim().max(100).optional(),
  floor: z.string().trim().max(30).optional(),
  name: text(100),
  use: RoomUseSchema,
});
export type RoomInput = z.infer<typeof RoomInputSchema>;

export const RoomSchema = z.object({
  id: z.uuid(),
  regionId: z.uuid(),
  schoolId: z.uuid(),
  building: z.string(),
  floor: z.string(),
  name: z.string(),
  use: z.string(),
  createdAt: z.date(),
});

export const EstateReportSchema = z.object({
  schoolId: z.uuid(),
  // Its place in the tree, so that the web app offers entry only to those who keep this school's inventory.
  school: z.object({
    id: z.uuid(),
    uai: z.string(),
    name: z.string(),
    commune: z.string(),
    regionId: z.uuid(),
    sectorId: z.uuid().nullable(),
    zoneId: z.uuid().nullable(),
  }),
  rooms: z.array(z.object({ id: z.uuid(), building: z.string(), floor: z.string(), name: z.string(), use: z.string(), assetCount: z.number() })),
  byType: z.array(z.object({ key: z.string().nullable(), count: z.number() })),
  byStatus: z.array(z.object({ key: z.string().nullable(), count: z.number() })),
  byFunding: z.array(z.object({ key: z.string().nullable(), count: z.number() })),
  mixedRooms: z.array(
    z.object({ roomId: z.uuid(), room: z.string(), building: z.string(), models: z.array(z.object({ model: z.string(), count: z.number() })) }),
  ),
  computerTypes: z.array(z.string()),
  warranties: z.array(
    z.object({
      id: z.uuid(),
      name: z.string().nullable(),
      type: z.string(),
      model: z.string().nullable(),
      warrantyEndsOn: z.string().nullable(),
      isEnded: z.boolean(),
    }),
  ),
});
