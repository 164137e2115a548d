import type { Programme } from "@relais/shared/campaigns";
import type { MobileProjectStatus } from "@relais/shared/mobile-projects";
import type { OrderStatus } from "@relais/shared/orders";
import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { instant, regionRef, schoolRef } from "../../db/columns.ts";
import { campaignEnvelopes, campaigns } from "../campaigns/campaigns.schema.ts";
import { assets } from "../inventory/inventory.schema.ts";
import { people } from "../people/people.schema.ts";

/**
 * A school's cart, then its order: built by CRRE prescribers and validators (textbooks) or the
 * head (equipment), submitted (validated for the Region), reviewed and approved by the Region.
 * Submitting commits its totals on the envelope, under the envelope's row lock.
 */
export const orders = pgTable(
  "orders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    envelopeId: uuid("envelope_id")
      .notNull()
      .references(() => campaignEnvelopes.id),
    regionId: regionRef(),
    schoolId: schoolRef(),
    programme: text("programme").$type<Programme>().notNull(),
    status: text("status").$type<OrderStatus>().notNull().default("cart"),
    totalCents: integer("total_cents").notNull().default(0),
    consumablesCents: integer("consumables_cents").notNull().default(0),
    createdById: uuid("created_by_id")
      .notNull()
      .references(() => people.id),
    createdAt: instant("created_at").notNull(),
    submittedById: uuid("submitted_by_id").references(() => people.id),
    submittedAt: instant("submitted_at"),
    reviewedById: uuid("reviewed_by_id").references(() => people.id),
    reviewedAt: instant("reviewed_at"),
    reviewNote: text("review_note"),
    /** Equipment delivered: its items entered the inventory, with the order as their origin. */
    deliveredById: uuid("delivered_by_id").references(() => people.id),
    deliveredAt: instant("delivered_at"),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    index("orders_campaign_status").on(t.campaignId, t.status),
    index("orders_school").on(t.schoolId),
    check("orders_amounts", sql`${t.totalCents} >= 0 and ${t.consumablesCents} >= 0`),
  ],
);

export const orderLines = pgTable(
  "order_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    /** The catalogue item (equipment_items or resource_items, by the order's programme). */
    itemId: uuid("item_id").notNull(),
    label: text("label").notNull(),
    reference: text("reference").notNull(),
    /** Equipment supplier or publisher: approved orders are grouped by it. */
    supplier: text("supplier").notNull(),
    kind: text("kind").notNull(),
    /** Which envelope pays: the main one, or consumables (textbook campaigns). */
    envelope: text("envelope").$type<"main" | "consumables">().notNull(),
    unitPriceCents: integer("unit_price_cents").notNull(),
    /** Units, or student licences. */
    quantity: integer("quantity").notNull(),
    /** Free with student licences (seed 001): never bought alone. */
    teacherLicences: integer("teacher_licences").notNull().default(0),
    isLicence: boolean("is_licence").notNull().default(false),
    isMobile: boolean("is_mobile").notNull().default(false),
    amountCents: integer("amount_cents").notNull(),
    adjustmentReason: text("adjustment_reason"),
    /** What the school validated, kept when the Region adjusts the line (quantity, price or removal), so both sides see the change. */
    requestedQuantity: integer("requested_quantity"),
    requestedUnitPriceCents: integer("requested_unit_price_cents"),
    /** Paper items sent back before the calendar's return deadline (seed 001): no longer in quantity nor amount. */
    returnedQuantity: integer("returned_quantity").notNull().default(0),
  },
  (t) => [
    index("order_lines_order").on(t.orderId),
    check(
      "order_lines_quantity",
      // A line at zero is one the Region removed at review (with its reason) or one fully returned.
      sql`${t.quantity} >= 0 and ${t.returnedQuantity} >= 0 and (${t.quantity} + ${t.returnedQuantity} > 0 or ${t.adjustmentReason} is not null) and ${t.teacherLicences} >= 0`,
    ),
    check("order_lines_teacher_licences", sql`${t.teacherLicences} = 0 or ${t.isLicence}`),
    check("order_lines_amount", sql`${t.amountCents} = ${t.unitPriceCents} * ${t.quantity}`),
  ],
);

/**
 * Mobile equipment needs a pedagogical project validated by the académie and the Region (seed
 * 003): the school files it, the académie gives its opinion, the Region decides. One live
 * project per school and campaign (a refused one may be filed again).
 */
export const mobileProjects = pgTable(
  "mobile_projects",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    regionId: regionRef(),
    schoolId: schoolRef(),
    /** The project's title. */
    reference: text("reference").notNull(),
    description: text("description").notNull().default(""),
    devices: integer("devices").notNull().default(1),
    /** The school's Wi-Fi when filed, the seed's criterion, kept as the validators saw it. */
    wifiStatus: text("wifi_status").$type<"none" | "partial" | "full">().notNull().default("none"),
    status: text("status").$type<MobileProjectStatus>().notNull().default("submitted"),
    filedById: uuid("filed_by_id").references(() => people.id),
    filedAt: instant("filed_at").notNull(),
    academieDecidedById: uuid("academie_decided_by_id").references(() => people.id),
    academieDecidedAt: instant("academie_decided_at"),
    academieNote: text("academie_note"),
    /** The Region's decision; approved, the project lets the school order mobile items. */
    validatedById: uuid("validated_by_id").references(() => people.id),
    validatedAt: instant("validated_at"),
    regionNote: text("region_note"),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    index("mobile_projects_campaign_school").on(t.campaignId, t.schoolId),
    uniqueIndex("mobile_projects_one_live").on(t.campaignId, t.schoolId).where(sql`${t.status} <> 'rejected'`),
    check("mobile_projects_status", sql`${t.status} in ('submitted', 'academie_approved', 'approved', 'rejected')`),
    check("mobile_projects_devices", sql`${t.devices} > 0`),
  ],
);

/** What a delivery put in the inventory, line by line: the asset's origin is the order (issue 5). */
export const deliveredAssets = pgTable(
  "delivered_assets",
  {
    orderLineId: uuid("order_line_id")
      .notNull()
      .references(() => orderLines.id, { onDelete: "cascade" }),
    assetId: uuid("asset_id")
      .notNull()
      .references(() => assets.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.orderLineId, t.assetId] }), uniqueIndex("delivered_assets_asset").on(t.assetId)],
);

export type TeacherLicenceLine = { ean: string; title: string; teacherLicences: number; studentLicencesBought: number };

/**
 * A school short of teacher licences asks for more (seed 001): per publisher, the references,
 * the teacher licences needed and the student licences bought, which Relais reads from the
 * school's validated orders rather than asking for them. The Region answers.
 */
export const teacherLicenceRequests = pgTable(
  "teacher_licence_requests",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    regionId: regionRef(),
    schoolId: schoolRef(),
    publisher: text("publisher").notNull(),
    lines: jsonb("lines").$type<TeacherLicenceLine[]>().notNull(),
    status: text("status").$type<"pending" | "answered">().notNull().default("pending"),
    answer: text("answer"),
    requestedById: uuid("requested_by_id")
      .notNull()
      .references(() => people.id),
    requestedAt: instant("requested_at").notNull(),
    answeredById: uuid("answered_by_id").references(() => people.id),
    answeredAt: instant("answered_at"),
  },
  (t) => [index("teacher_licence_requests_campaign").on(t.campaignId, t.status), index("teacher_licence_requests_school").on(t.schoolId)],
);

/** The GAR allocations export of a campaign, imported by the Region: purchase against use (seed 001). */
export const garUsage = pgTable(
  "gar_usage",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    regionId: regionRef(),
    schoolId: schoolRef(),
    resourceId: text("resource_id").notNull(),
    /** The EAN found in the resource id, to set against the licences bought. */
    ean: text("ean"),
    studentAssignments: integer("student_assignments").notNull(),
    teacherAssignments: integer("teacher_assignments").notNull(),
    importedAt: instant("imported_at").notNull(),
  },
  (t) => [index("gar_usage_campaign_school").on(t.campaignId, t.schoolId)],
);

/**
 * A school told of a GAR reset (seed 001: each 15 August every resource-to-user link is cleared):
 * claimed in the transaction that queues its checklist mails, so a school hears once a year even
 * if the daily job runs twice.
 */
export const garResetNotices = pgTable(
  "gar_reset_notices",
  {
    schoolId: schoolRef(),
    /** The reset day (YYYY-MM-DD, a 15 August). */
    resetOn: text("reset_on").notNull(),
    sentAt: instant("sent_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.schoolId, t.resetOn] })],
);
