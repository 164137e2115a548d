import type { ApplicationStatus, AssetFunding, AssetStatus, AssetType, NetworkDomain, RoomUse } from "@relais/shared/inventory";
import { sql } from "drizzle-orm";
import { bigserial, boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { instant, regionRef, schoolRef } from "../../db/columns.ts";
import { schools } from "../organisation/organisation.schema.ts";
import { people } from "../people/people.schema.ts";
import { tickets } from "../tickets/tickets.schema.ts";

/** Rooms of a school (seed 004: one computer model per room; rooms hold the assets). */
export const rooms = pgTable(
  "rooms",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    regionId: regionRef(),
    schoolId: schoolRef(),
    building: text("building").notNull().default(""),
    floor: text("floor").notNull().default(""),
    name: text("name").notNull(),
    use: text("use").$type<RoomUse>().notNull(),
    createdAt: instant("created_at").notNull(),
  },
  (t) => [uniqueIndex("rooms_school_place").on(t.schoolId, t.building, t.floor, t.name)],
);

/**
 * What the agent found on the machine, kept as sections (os, cpus, memory, storages, drives,
 * networks, bios, hardware) so that a partial inventory replaces only the sections it carries.
 * Only technical fields are kept: nothing about who uses the machine.
 */
export type TechnicalDetails = Record<string, unknown>;

export const assets = pgTable(
  "assets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    regionId: regionRef(),
    schoolId: schoolRef(),
    roomId: uuid("room_id").references(() => rooms.id),
    networkDomain: text("network_domain").$type<NetworkDomain>(),
    type: text("type").$type<AssetType>().notNull(),
    manufacturer: text("manufacturer"),
    model: text("model"),
    /** As reported or entered; `serialKey` is the blacklist-checked form matching uses. */
    serial: text("serial"),
    serialKey: text("serial_key"),
    uuid: text("uuid"),
    name: text("name"),
    /** Lower-case short host name, for matching by name within the school. */
    nameKey: text("name_key"),
    inventoryNumber: text("inventory_number"),
    status: text("status").$type<AssetStatus>().notNull().default("in_service"),
    funding: text("funding").$type<AssetFunding>(),
    isQualifiedByRegion: boolean("is_qualified_by_region").notNull().default(false),
    acquiredOn: date("acquired_on"),
    supplier: text("supplier"),
    warrantyEndsOn: date("warranty_ends_on"),
    /** What the item cost, when known (order line, invoice); the total-cost estimate uses a per-class default otherwise. */
    acquisitionPriceCents: integer("acquisition_price_cents"),
    /** The person individual equipment is lent to (never filled from an agent's report). */
    lentToPersonId: uuid("lent_to_person_id").references(() => people.id),
    technical: jsonb("technical").$type<TechnicalDetails>().notNull().default({}),
    /** Hash of the last reported software list: an unchanged list (most daily reports) skips the software writes. */
    softwareFingerprint: text("software_fingerprint"),
    /** "agent" when an agent's report created it, "manual" when entered or imported. */
    source: text("source").notNull(),
    lastInventoryAt: instant("last_inventory_at"),
    /** The reporting agent's id: kept to show, never used as the matching key (cloned images share it). */
    agentDeviceId: text("agent_device_id"),
    version: integer("version").notNull().default(1),
    createdAt: instant("created_at").notNull(),
    updatedAt: instant("updated_at").notNull(),
  },
  (t) => [
    // The region-wide list pages by (region, name, id) and by school; filters narrow it.
    index("assets_region_name").on(t.regionId, t.name, t.id),
    index("assets_school_name").on(t.schoolId, t.name, t.id),
    // The other sorts the list offers, walked in order for a region (a million assets: no sort of the whole).
    index("assets_region_last_inventory").on(t.regionId, t.lastInventoryAt, t.id),
    index("assets_region_warranty").on(t.regionId, t.warrantyEndsOn, t.id),
    // Type and status together: a filtered list's capped count is read from the index alone.
    index("assets_region_type").on(t.regionId, t.type, t.status),
    index("assets_region_status").on(t.regionId, t.status),
    index("assets_serial_key").on(t.regionId, t.serialKey),
    index("assets_uuid").on(t.regionId, t.uuid),
    index("assets_school_name_key").on(t.schoolId, t.nameKey),
    index("assets_room").on(t.roomId),
    // A person's loans (the list's lentTo filter); few assets are lent, so the index is partial.
    index("assets_lent_to").on(t.lentToPersonId).where(sql`${t.lentToPersonId} is not null`),
    index("assets_search").using(
      "gin",
      sql`(lower(coalesce(${t.name}, '') || ' ' || coalesce(${t.serial}, '') || ' ' || coalesce(${t.inventoryNumber}, ''))) gin_trgm_ops`,
    ),
  ],
);

/**
 * How many assets each lycée holds of each type in each status, and each region (its lycées'
 * sum), kept by triggers on `assets` in the transaction that changes one (migration 0011,
 * ADR 0012): the asset list's total for a scope, a lycée, a type or a status is summed from a
 * few of these rows instead of counted from up to a million assets, and is exact.
 */
export const assetCountsSchool = pgTable(
  "asset_counts_school",
  {
    schoolId: uuid("school_id").notNull(),
    regionId: uuid("region_id").notNull(),
    type: text("type").$type<AssetType>().notNull(),
    status: text("status").$type<AssetStatus>().notNull(),
    assets: integer("assets").notNull(),
  },
  (t) => [primaryKey({ columns: [t.schoolId, t.type, t.status] }), index("asset_counts_school_region").on(t.regionId)],
);

export const assetCountsRegion = pgTable(
  "asset_counts_region",
  {
    regionId: uuid("region_id").notNull(),
    type: text("type").$type<AssetType>().notNull(),
    status: text("status").$type<AssetStatus>().notNull(),
    assets: integer("assets").notNull(),
  },
  (t) => [primaryKey({ columns: [t.regionId, t.type, t.status] })],
);

/** The asset's history: creation, inventories, moves, status changes, edits. */
export const assetEvents = pgTable(
  "asset_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    assetId: uuid("asset_id")
      .notNull()
      .references(() => assets.id),
    at: instant("at").notNull(),
    kind: text("kind").notNull(),
    actorLabel: text("actor_label").notNull(),
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
  },
  (t) => [index("asset_events_asset").on(t.assetId, t.at)],
);

/**
 * The support desk's tickets about an asset (one ticket may concern several items, an item
 * many tickets): the asset's history, the renewal rule's "frequent incidents" and the support
 * time of the total-cost estimate all read it.
 */
export const assetTickets = pgTable(
  "asset_tickets",
  {
    assetId: uuid("asset_id")
      .notNull()
      .references(() => assets.id),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id),
    linkedAt: instant("linked_at").notNull(),
    linkedById: uuid("linked_by_id").references(() => people.id),
  },
  (t) => [primaryKey({ columns: [t.assetId, t.ticketId] }), index("asset_tickets_ticket").on(t.ticketId)],
);

/** One application of the normalised catalogue: name + publisher, shared by every region. */
export const software = pgTable(
  "software",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    nameKey: text("name_key").notNull(),
    publisherKey: text("publisher_key").notNull(),
    name: text("name").notNull(),
    publisher: text("publisher"),
  },
  (t) => [uniqueIndex("software_key").on(t.nameKey, t.publisherKey)],
);

export const softwareVersions = pgTable(
  "software_versions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    softwareId: uuid("software_id")
      .notNull()
      .references(() => software.id),
    version: text("version").notNull(),
    arch: text("arch").notNull(),
  },
  (t) => [uniqueIndex("software_versions_key").on(t.softwareId, t.version, t.arch)],
);

/**
 * What an agent last found installed on an asset: one row per asset, the catalogue's version ids
 * in an array (ADR 0010). A first report writes one row rather than one per package (850 rows,
 * their index entries and foreign-key checks); an update rewrites the row, diffed in SQL. The GIN
 * index answers "which assets have this version" (`version_ids @> array[$1]`) and "this
 * application" (`&&` its versions). Arrays cannot carry foreign keys: the ids come out of the
 * catalogue in the statement that writes them, and the catalogue never deletes a version.
 */
export const assetInstallations = pgTable(
  "asset_installations",
  {
    assetId: uuid("asset_id")
      .primaryKey()
      .references(() => assets.id, { onDelete: "cascade" }),
    versionIds: uuid("version_ids").array().notNull(),
  },
  (t) => [
    index("asset_installations_versions").using("gin", t.versionIds),
    // What the old table's NOT NULL said of each installation.
    check("asset_installations_no_null", sql`array_position(${t.versionIds}, null) is null`),
  ],
);

/**
 * The Region's directory of applications: seen first → to evaluate; the technician evaluates,
 * the Region qualifies or refuses, and the decision holds for every school of the region.
 */
export const regionApplications = pgTable(
  "region_applications",
  {
    regionId: regionRef(),
    softwareId: uuid("software_id")
      .notNull()
      .references(() => software.id),
    status: text("status").$type<ApplicationStatus>().notNull(),
    firstSeenSchoolId: uuid("first_seen_school_id").references(() => schools.id),
    firstSeenAt: instant("first_seen_at").notNull(),
    evaluatedById: uuid("evaluated_by_id").references(() => people.id),
    evaluatedAt: instant("evaluated_at"),
    decidedById: uuid("decided_by_id").references(() => people.id),
    decidedAt: instant("decided_at"),
    note: text("note"),
  },
  (t) => [primaryKey({ columns: [t.regionId, t.softwareId] }), index("region_applications_status").on(t.regionId, t.status)],
);
