import { sql } from "drizzle-orm";
import { check, date, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { instant, regionRef, schoolRef } from "../../db/columns.ts";
import { organisations, schools } from "../organisation/organisation.schema.ts";
import { people } from "../people/people.schema.ts";
import { tickets } from "../tickets/tickets.schema.ts";

export type InterventionKind = "on_site" | "remote" | "preventive";
/** "disputed": the school says the service was not delivered as reported; the technician completes it and marks it done again. */
export type InterventionStatus = "planned" | "done" | "certified" | "disputed" | "cancelled";

/**
 * A technician's visit to a school or remote session, for a ticket or preventive: planned,
 * then done (with its report and time spent), then certified by the school's coordinator.
 */
export const interventions = pgTable(
  "interventions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    regionId: regionRef(),
    schoolId: schoolRef(),
    ticketId: uuid("ticket_id").references(() => tickets.id),
    kind: text("kind").$type<InterventionKind>().notNull(),
    status: text("status").$type<InterventionStatus>().notNull().default("planned"),
    technicianId: uuid("technician_id")
      .notNull()
      .references(() => people.id),
    organisationId: uuid("organisation_id").references(() => organisations.id),
    startsAt: instant("starts_at").notNull(),
    /** Planned length of the visit or session. */
    durationMinutes: integer("duration_minutes").notNull(),
    report: text("report"),
    /** Time actually spent, entered when the intervention is marked done. */
    timeSpentMinutes: integer("time_spent_minutes"),
    cancelledAt: instant("cancelled_at"),
    cancellationReason: text("cancellation_reason"),
    doneAt: instant("done_at"),
    certifiedById: uuid("certified_by_id").references(() => people.id),
    certifiedAt: instant("certified_at"),
    certificationComment: text("certification_comment"),
    createdById: uuid("created_by_id").references(() => people.id),
    version: integer("version").notNull().default(1),
    createdAt: instant("created_at").notNull().defaultNow(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("interventions_technician_starts").on(t.technicianId, t.startsAt),
    index("interventions_school_starts").on(t.schoolId, t.startsAt),
    index("interventions_ticket").on(t.ticketId).where(sql`${t.ticketId} is not null`),
    check("interventions_duration_positive", sql`${t.durationMinutes} > 0`),
  ],
);

/** The secret in a technician's calendar feed address: Outlook subscribes without a session. */
export const calendarFeeds = pgTable(
  "calendar_feeds",
  {
    personId: uuid("person_id")
      .primaryKey()
      .references(() => people.id),
    tokenHash: text("token_hash").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("calendar_feeds_token").on(t.tokenHash)],
);

/**
 * A school's estate size as the preventive rule reads it (seed 003: 0.25 day per fortnight per
 * 100 PCs), as declared by the Region's staff. Once the school's PCs are in the inventory
 * (modules/inventory), the plan counts them there instead; `source` "inventory" is kept for an
 * import that copies the count here.
 */
export const schoolEstates = pgTable(
  "school_estates",
  {
    schoolId: uuid("school_id")
      .primaryKey()
      .references(() => schools.id),
    pcCount: integer("pc_count").notNull(),
    source: text("source").$type<"declared" | "inventory">().notNull().default("declared"),
    updatedById: uuid("updated_by_id").references(() => people.id),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [check("school_estates_pc_count", sql`${t.pcCount} >= 0`)],
);

/**
 * One row per technician and Paris week whose activity summary was queued: the Friday job
 * mails each week once, even when it runs twice or on several processes.
 */
export const weeklySummaries = pgTable(
  "intervention_weekly_summaries",
  {
    technicianId: uuid("technician_id")
      .notNull()
      .references(() => people.id),
    weekStart: date("week_start").notNull(),
    recipients: integer("recipients").notNull(),
    sentAt: instant("sent_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.technicianId, t.weekStart] })],
);
