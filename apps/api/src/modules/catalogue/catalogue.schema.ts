import type { EquipmentCategory, ResourceKind } from "@relais/shared/catalogue";
import type { LEVELS, TRACKS } from "@relais/shared/schools";
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { instant, regionRef } from "../../db/columns.ts";

/** The Region's equipment catalogue (PPE / PRELP, seed 003): one reference per region. */
export const equipmentItems = pgTable(
  "equipment_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    regionId: regionRef(),
    reference: text("reference").notNull(),
    label: text("label").notNull(),
    category: text("category").$type<EquipmentCategory>().notNull(),
    unitPriceCents: integer("unit_price_cents").notNull(),
    warrantyYears: integer("warranty_years").notNull(),
    supplier: text("supplier").notNull(),
    isMobile: boolean("is_mobile").notNull().default(false),
    isActive: boolean("is_active").notNull().default(true),
    createdAt: instant("created_at").notNull(),
    updatedAt: instant("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("equipment_items_region_reference").on(t.regionId, t.reference),
    check("equipment_items_warranty", sql`${t.warrantyYears} between 3 and 5`),
    check("equipment_items_price", sql`${t.unitPriceCents} > 0`),
    check("equipment_items_no_server", sql`${t.category} <> 'server'`),
  ],
);

/** Textbooks and resources (Ressources.NUM / Correlyce, seed 001): one EAN per region. */
export const resourceItems = pgTable(
  "resource_items",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    regionId: regionRef(),
    kind: text("kind").$type<ResourceKind>().notNull(),
    ean: text("ean").notNull(),
    title: text("title").notNull(),
    publisher: text("publisher").notNull(),
    subject: text("subject").notNull(),
    track: text("track").$type<(typeof TRACKS)[number]>(),
    level: text("level").$type<(typeof LEVELS)[number]>(),
    priceCents: integer("price_cents").notNull(),
    licenceYears: integer("licence_years"),
    isActive: boolean("is_active").notNull().default(true),
    createdAt: instant("created_at").notNull(),
    updatedAt: instant("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("resource_items_region_ean").on(t.regionId, t.ean),
    index("resource_items_region_kind").on(t.regionId, t.kind),
    check("resource_items_price", sql`${t.priceCents} >= 0`),
  ],
);
