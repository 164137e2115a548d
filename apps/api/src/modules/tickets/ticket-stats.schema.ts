import { sql } from "drizzle-orm";
import { bigint, boolean, date, index, integer, pgTable, text, unique, uuid } from "drizzle-orm/pg-core";

/**
 * What a ticket adds to the steering figures, whatever its status: summed over a bucket, each
 * column is one term of a figure (mean processing time, deadline compliance, reopen rate).
 * Open, overdue and ageing depend on the current time and are read from the open tickets.
 */
const measures = {
  tickets: integer("tickets").notNull().default(0),
  processed: integer("processed").notNull().default(0),
  processingMinutes: bigint("processing_minutes", { mode: "number" }).notNull().default(0),
  takeChargeMeasured: integer("take_charge_measured").notNull().default(0),
  takeChargeMet: integer("take_charge_met").notNull().default(0),
  resolutionMeasured: integer("resolution_measured").notNull().default(0),
  resolutionMet: integer("resolution_met").notNull().default(0),
  reopenBase: integer("reopen_base").notNull().default(0),
  reopened: integer("reopened").notNull().default(0),
};

/**
 * The steering figures of a whole region, by day and by month of receipt, once in total
 * (`none`) and once per school, category and assigned organisation (`key`, '' for none).
 * Kept by triggers on `tickets` (ticket-stats.migration.sql), in the transaction that changes
 * a ticket. Security incidents and breaches apart, since fewer people see them.
 */
export const ticketStatsRegion = pgTable(
  "ticket_stats_region",
  {
    regionId: uuid("region_id").notNull(),
    dimension: text("dimension").$type<"none" | "school" | "category" | "organisation">().notNull(),
    key: text("key").notNull(),
    grain: text("grain").$type<"day" | "month">().notNull(),
    period: date("period", { mode: "string" }).notNull(),
    restricted: boolean("restricted").notNull(),
    ...measures,
  },
  (t) => [unique("ticket_stats_region_key").on(t.regionId, t.dimension, t.grain, t.period, t.restricted, t.key)],
);

/**
 * The same figures by school, category and assigned organisation, by month of receipt: for
 * readers of some schools (a sector, a zone, a lycée) or of one contractor's tickets.
 */
export const ticketStatsSchool = pgTable(
  "ticket_stats_school",
  {
    schoolId: uuid("school_id").notNull(),
    regionId: uuid("region_id").notNull(),
    month: date("month", { mode: "string" }).notNull(),
    restricted: boolean("restricted").notNull(),
    category: text("category").notNull(),
    organisationId: uuid("organisation_id"),
    ...measures,
  },
  (t) => [
    unique("ticket_stats_school_key").on(t.schoolId, t.month, t.restricted, t.category, t.organisationId).nullsNotDistinct(),
    index("ticket_stats_school_organisation").on(t.organisationId, t.month).where(sql`${t.organisationId} is not null`),
  ],
);
