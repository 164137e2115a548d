import { ClassCostSchema, StoredInventorySettingsSchema } from "@relais/shared/inventory-reports";
import { listFormatSchema, MAX_PAGE_SIZE } from "@relais/shared/lists";
import { z } from "zod";

/** Every report covers one school or a region (the actor's by default), paged, with a CSV or XLSX export of the whole. */
export const ReportScopeQuery = z.object({
  region: z.uuid({ error: "Identifiant de Région invalide." }).optional(),
  school: z.string().trim().min(1).max(64).optional().describe("Identifiant ou UAI de l'établissement"),
});
const paged = {
  page: z.coerce.number().int().min(1, "Page 1 au moins.").max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE, `Au plus ${MAX_PAGE_SIZE} lignes par page.`).default(50),
  format: listFormatSchema,
};
export const PagedReportQuery = ReportScopeQuery.extend(paged);

export const CountsQuery = ReportScopeQuery.extend({
  by: z.enum(["type", "status", "funding", "school"], { error: "Regroupement : type, status, funding ou school." }),
  format: paged.format,
});
export const WarrantiesQuery = PagedReportQuery.extend({
  withinDays: z.coerce.number().int().min(0, "0 jour au moins.").max(3650, "Au plus 3 650 jours.").default(90),
});
export const HomogeneityQuery = PagedReportQuery.extend({
  mixedOnly: z
    .enum(["true", "false"], { error: "mixedOnly : true ou false." })
    .default("false")
    .transform((v) => v === "true"),
});
export const TotalCostQuery = ReportScopeQuery.extend({ format: paged.format });

const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number(), totalExact: z.boolean(), page: z.number(), pageSize: z.number() });

export const CountsSchema = z.object({
  regionId: z.uuid(),
  schoolId: z.uuid().nullable(),
  by: z.string(),
  items: z.array(z.object({ key: z.string().nullable(), uai: z.string().nullable(), name: z.string().nullable(), count: z.number() })),
});

const listedAsset = {
  id: z.uuid(),
  schoolId: z.uuid(),
  schoolUai: z.string(),
  schoolName: z.string(),
  roomId: z.uuid().nullable(),
  roomName: z.string().nullable(),
  type: z.string(),
  name: z.string().nullable(),
  manufacturer: z.string().nullable(),
  model: z.string().nullable(),
  status: z.string(),
  funding: z.string().nullable(),
  acquiredOn: z.string().nullable(),
  warrantyEndsOn: z.string().nullable(),
};

export const RenewalCandidatesSchema = pageOf(
  z.object({
    ...listedAsset,
    ageYears: z.number().nullable(),
    recentIncidents: z.number(),
    reasons: z.array(z.enum(["out_of_warranty", "too_old", "frequent_incidents"])),
  }),
).extend({
  rule: z.object({ today: z.string(), renewalAgeYears: z.number(), frequentIncidentTickets: z.number(), incidentWindowMonths: z.number() }),
});

export const WarrantiesSchema = pageOf(z.object({ ...listedAsset, daysLeft: z.number() })).extend({ from: z.string(), to: z.string() });

export const ProjectorRoomsSchema = pageOf(
  z.object({
    roomId: z.uuid().nullable(),
    roomName: z.string().nullable(),
    building: z.string().nullable(),
    schoolId: z.uuid(),
    schoolUai: z.string(),
    schoolName: z.string(),
    projectors: z.number(),
    dated: z.number(),
    undated: z.number(),
    oldestAcquiredOn: z.string().nullable(),
    oldestAgeYears: z.number().nullable(),
    meanAgeDays: z.number().nullable(),
    meanAgeYears: z.number().nullable(),
    interactiveDisplays: z.number(),
  }),
).extend({ distribution: z.array(z.object({ ageYears: z.number().nullable(), count: z.number() })), today: z.string() });

const modelCount = z.object({ model: z.string(), count: z.number() });
export const HomogeneitySchema = pageOf(
  z.object({
    roomId: z.uuid(),
    roomName: z.string(),
    building: z.string(),
    use: z.string(),
    schoolId: z.uuid(),
    schoolUai: z.string(),
    schoolName: z.string(),
    computers: z.number(),
    modelCount: z.number(),
    models: z.array(modelCount),
    isHomogeneous: z.boolean(),
  }),
);

export const TotalCostSchema = z.object({
  regionId: z.uuid(),
  schoolId: z.uuid().nullable(),
  items: z.array(
    z.object({
      type: z.string(),
      count: z.number(),
      pricedCount: z.number(),
      knownPriceCents: z.number(),
      supportMinutes: z.number(),
      acquisitionCents: z.number(),
      deploymentCents: z.number(),
      supportCents: z.number(),
      recyclingCents: z.number(),
      totalCents: z.number(),
      perItemCents: z.number(),
      parameters: ClassCostSchema,
    }),
  ),
  supportHourCents: z.number(),
  formula: z.string(),
  totalCents: z.number(),
});

export const RoomViewSchema = z.object({
  room: z.object({
    id: z.uuid(),
    regionId: z.uuid(),
    schoolId: z.uuid(),
    schoolUai: z.string(),
    schoolName: z.string(),
    building: z.string(),
    floor: z.string(),
    name: z.string(),
    use: z.string(),
  }),
  assets: z.array(z.object({ ...listedAsset, serial: z.string().nullable(), inventoryNumber: z.string().nullable(), ageYears: z.number().nullable() })),
  computerModels: z.array(modelCount),
  isHomogeneous: z.boolean(),
  computerTypes: z.array(z.string()),
  canEdit: z.boolean(),
});

export const InventorySettingsAnswer = z.object({
  stored: StoredInventorySettingsSchema,
  effective: z.object({
    renewalAgeYears: z.number(),
    frequentIncidentTickets: z.number(),
    supportHourCents: z.number(),
    classCosts: z.record(z.string(), ClassCostSchema),
  }),
});

export const LinkTicketInput = z.object({
  ticket: z.string().trim().min(1, "Précisez le ticket (identifiant ou numéro).").max(64, "Au plus 64 caractères."),
});
