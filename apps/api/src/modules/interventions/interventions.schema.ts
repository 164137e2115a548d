import { sql } from "drizzle-orm";
import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organisations, regions, schools } from "../organisation/organisation.schema.ts";
import { people } from "../people/people.schema.ts";
import { tickets } from "../tickets/tickets.schema.ts";

const instant = (name: string) => timestamp(name, { withTimezone: true });

export type InterventionKind = "on_site" | "remote" | "preventive";
export type InterventionStatus = "planned" | "done" | "certified" | "cancelled";

/**
 * A technician's visit to a school or remote session, for a ticket or preventive: planned,
 * then done (with its report and time spent), then certified by the school's coordinator.
 */
export const interventions = pgTable(
  "interventions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    regionId: uuid("region_id")
      .notNull()
      .references(() => regions.id),
    schoolId: uuid("school_id")
      .notNull()
      .references(() => schools.id),
    ticketId: uuid("ticket_id").references(() => tickets.id),
    kind: text("kind").$type<InterventionKind>().notNull(),
    status: text("status").$type<InterventionStatus>().notNull().default("planned"),
    technicianId: uuid("technician_id")
      .notNull()
      .references(() => people.id),
    organisationId: uuid("organisation_id").references(() => organisations.id),
    startsAt: instant("starts_at").notNull(),
    durationMinutes: integer("duration_minutes").notNull(),
    report: text("report"),
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
