import type { DIGITAL_MODES, LEVELS, SCHOOL_TYPES, TRACKS, WIFI_STATUSES } from "@relais/shared/schools";
import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();

/** A Region is a tenant: one deployment may host several. */
export const regions = pgTable("regions", {
  id: uuid("id").primaryKey().defaultRandom(),
  code: text("code").notNull().unique(),
  name: text("name").notNull(),
  /** "outsourced" (IDF: helpdesk + contractors) or "in_house" (PACA: technicians by sector and zone). */
  operatingModel: text("operating_model").notNull(),
  settings: jsonb("settings").notNull().default({}),
  createdAt: createdAt(),
});

export const sectors = pgTable(
  "sectors",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    regionId: uuid("region_id")
      .notNull()
      .references(() => regions.id),
    code: text("code").notNull(),
    name: text("name").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("sectors_region_code").on(t.regionId, t.code)],
);

export const zones = pgTable(
  "zones",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    regionId: uuid("region_id")
      .notNull()
      .references(() => regions.id),
    sectorId: uuid("sector_id")
      .notNull()
      .references(() => sectors.id),
    code: text("code").notNull(),
    name: text("name").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("zones_region_code").on(t.regionId, t.code), index("zones_sector").on(t.sectorId)],
);

export const schools = pgTable(
  "schools",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    regionId: uuid("region_id")
      .notNull()
      .references(() => regions.id),
    sectorId: uuid("sector_id").references(() => sectors.id),
    zoneId: uuid("zone_id").references(() => zones.id),
    uai: text("uai").notNull().unique(),
    name: text("name").notNull(),
    type: text("type").$type<(typeof SCHOOL_TYPES)[number]>().notNull(),
    isPublic: boolean("is_public").notNull().default(true),
    academie: text("academie").notNull(),
    departmentCode: text("department_code").notNull(),
    commune: text("commune").notNull(),
    digitalMode: text("digital_mode").$type<(typeof DIGITAL_MODES)[number]>().notNull().default("digital"),
    hasRemoteSupport: boolean("has_remote_support").notNull().default(false),
    bandwidthMbps: integer("bandwidth_mbps"),
    wifiStatus: text("wifi_status").$type<(typeof WIFI_STATUSES)[number]>().notNull().default("none"),
    /** Kept in step with school_enrolments of the current school year, for fast lists. */
    studentCount: integer("student_count").notNull().default(0),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("schools_region_name").on(t.regionId, t.name),
    index("schools_sector").on(t.sectorId),
    index("schools_zone").on(t.zoneId),
    index("schools_search").using("gin", sql`(lower(${t.name} || ' ' || ${t.uai} || ' ' || ${t.commune})) gin_trgm_ops`),
  ],
);

export const schoolEnrolments = pgTable(
  "school_enrolments",
  {
    schoolId: uuid("school_id")
      .notNull()
      .references(() => schools.id, { onDelete: "cascade" }),
    schoolYear: text("school_year").notNull(),
    track: text("track").$type<(typeof TRACKS)[number]>().notNull(),
    level: text("level").$type<(typeof LEVELS)[number]>().notNull(),
    students: integer("students").notNull(),
  },
  (t) => [primaryKey({ columns: [t.schoolId, t.schoolYear, t.track, t.level] }), check("students_not_negative", sql`${t.students} >= 0`)],
);

/** Contractors and suppliers (SCC, SPIE, ATOS, Unowhy, La Poste…), each with its own people. */
export const organisations = pgTable(
  "organisations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    regionId: uuid("region_id")
      .notNull()
      .references(() => regions.id),
    name: text("name").notNull(),
    kind: text("kind").notNull(),
    email: text("email"),
    phone: text("phone"),
    contractEndsOn: date("contract_ends_on"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("organisations_region_name").on(t.regionId, t.name)],
);
