import type { CampaignCalendar } from "@relais/shared/campaign-windows";
import type { Programme } from "@relais/shared/campaigns";
import type { EnvelopeLineOut } from "@relais/shared/envelopes";
import type { EquipmentFormula } from "@relais/shared/equipment-envelope";
import type { LEVELS, TRACKS } from "@relais/shared/schools";
import type { TextbookRates } from "@relais/shared/textbook-envelope";
import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { instant, regionRef, schoolRef } from "../../db/columns.ts";
import { people } from "../people/people.schema.ts";

/**
 * One campaign per region, programme and period: the equipment plan of a calendar year
 * ("2026"), or the textbooks and resources of a school year ("2026-2027"). Its calendar and
 * its rates (textbooks) or formula (equipment) are its own, edited by the Region.
 */
export const campaigns = pgTable(
  "campaigns",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    regionId: regionRef(),
    programme: text("programme").$type<Programme>().notNull(),
    period: text("period").notNull(),
    label: text("label").notNull(),
    /** The school year whose enrolment the envelopes are computed from (textbooks: the one of May before the campaign). */
    enrolmentSchoolYear: text("enrolment_school_year").notNull(),
    calendar: jsonb("calendar").$type<CampaignCalendar>().notNull(),
    textbookRates: jsonb("textbook_rates").$type<TextbookRates>(),
    equipmentFormula: jsonb("equipment_formula").$type<EquipmentFormula>(),
    version: integer("version").notNull().default(1),
    createdAt: instant("created_at").notNull(),
    updatedAt: instant("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("campaigns_region_programme_period").on(t.regionId, t.programme, t.period),
    check("campaigns_programme", sql`${t.programme} in ('equipment', 'textbooks')`),
    check(
      "campaigns_rules",
      sql`(${t.programme} = 'textbooks' and ${t.textbookRates} is not null) or (${t.programme} = 'equipment' and ${t.equipmentFormula} is not null)`,
    ),
  ],
);

/**
 * A school's envelope in a campaign: the computed amount with its explained lines, the top-ups
 * the Region granted, and what orders have committed. Orders lock this row (FOR UPDATE) to
 * commit money, and the checks below refuse any commitment over the envelope even if a bug
 * let one through. "Main" is the textbooks (or equipment) envelope; consumables are separate.
 */
export const campaignEnvelopes = pgTable(
  "campaign_envelopes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    regionId: regionRef(),
    schoolId: schoolRef(),
    computedCents: integer("computed_cents").notNull(),
    computedConsumablesCents: integer("computed_consumables_cents").notNull().default(0),
    topUpCents: integer("top_up_cents").notNull().default(0),
    topUpConsumablesCents: integer("top_up_consumables_cents").notNull().default(0),
    committedCents: integer("committed_cents").notNull().default(0),
    committedConsumablesCents: integer("committed_consumables_cents").notNull().default(0),
    lines: jsonb("lines").$type<EnvelopeLineOut[]>().notNull(),
    /** Enrolment lines left out of the calculation, and why (e.g. a level the track does not have). */
    warnings: jsonb("warnings").$type<string[]>().notNull().default([]),
    /** The school kind the textbook rates were applied for (digital or paper lycée). */
    schoolKind: text("school_kind"),
    computedAt: instant("computed_at").notNull(),
  },
  (t) => [
    uniqueIndex("campaign_envelopes_campaign_school").on(t.campaignId, t.schoolId),
    index("campaign_envelopes_school").on(t.schoolId),
    check(
      "campaign_envelopes_amounts",
      sql`${t.computedCents} >= 0 and ${t.computedConsumablesCents} >= 0 and ${t.topUpCents} >= 0 and ${t.topUpConsumablesCents} >= 0`,
    ),
    check(
      "campaign_envelopes_ceiling",
      sql`${t.committedCents} >= 0 and ${t.committedConsumablesCents} >= 0 and ${t.committedCents} <= ${t.computedCents} + ${t.topUpCents} and ${t.committedConsumablesCents} <= ${t.computedConsumablesCents} + ${t.topUpConsumablesCents}`,
    ),
  ],
);

export const TOP_UP_STATUSES = ["pending", "approved", "refused"] as const;

/** A school that opens a class asks for more (seed 001: track, level, students); the Region decides. */
export const envelopeTopUps = pgTable(
  "envelope_top_ups",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    envelopeId: uuid("envelope_id")
      .notNull()
      .references(() => campaignEnvelopes.id, { onDelete: "cascade" }),
    regionId: regionRef(),
    schoolId: schoolRef(),
    track: text("track").$type<(typeof TRACKS)[number]>().notNull(),
    level: text("level").$type<(typeof LEVELS)[number]>().notNull(),
    students: integer("students").notNull(),
    reason: text("reason").notNull(),
    /** What the campaign's rule gives for these students, computed when asked. */
    amountCents: integer("amount_cents").notNull(),
    consumablesCents: integer("consumables_cents").notNull(),
    lines: jsonb("lines").$type<EnvelopeLineOut[]>().notNull(),
    status: text("status").$type<(typeof TOP_UP_STATUSES)[number]>().notNull().default("pending"),
    requestedById: uuid("requested_by_id")
      .notNull()
      .references(() => people.id),
    requestedAt: instant("requested_at").notNull(),
    decidedById: uuid("decided_by_id").references(() => people.id),
    decidedAt: instant("decided_at"),
    decisionNote: text("decision_note"),
  },
  (t) => [
    index("envelope_top_ups_campaign_status").on(t.campaignId, t.status),
    index("envelope_top_ups_school").on(t.schoolId),
    check("envelope_top_ups_students", sql`${t.students} > 0`),
  ],
);

/**
 * Window reminders already mailed: one row per campaign, window and kind ("opening" a few days
 * before a window opens, "closing" a few days before it closes), claimed in the transaction
 * that queues the mails, so a rerun of the daily job (or a second process) sends nothing more.
 */
export const campaignWindowReminders = pgTable(
  "campaign_window_reminders",
  {
    campaignId: uuid("campaign_id")
      .notNull()
      .references(() => campaigns.id, { onDelete: "cascade" }),
    /** The window's first day (YYYY-MM-DD): a window is known by it, windows never overlap. */
    windowOpensOn: text("window_opens_on").notNull(),
    kind: text("kind").$type<"opening" | "closing">().notNull(),
    sentAt: instant("sent_at").notNull(),
  },
  (t) => [
    uniqueIndex("campaign_window_reminders_once").on(t.campaignId, t.windowOpensOn, t.kind),
    check("campaign_window_reminders_kind", sql`${t.kind} in ('opening', 'closing')`),
  ],
);
