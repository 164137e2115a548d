import type { EvolutionDecision, RerouteDestination, TicketChannel, TicketKind, TicketStatus } from "@relais/shared/tickets";
import { sql } from "drizzle-orm";
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organisations, regions, schools } from "../organisation/organisation.schema.ts";
import { people } from "../people/people.schema.ts";

const instant = (name: string) => timestamp(name, { withTimezone: true });

/**
 * The next ticket number of each region and year: one row, incremented in the transaction
 * that files the ticket, so numbers are given at once, never twice, with no gap on rollback.
 */
export const ticketCounters = pgTable(
  "ticket_counters",
  {
    regionId: uuid("region_id")
      .notNull()
      .references(() => regions.id),
    year: integer("year").notNull(),
    last: integer("last").notNull(),
  },
  (t) => [uniqueIndex("ticket_counters_region_year").on(t.regionId, t.year)],
);

export const tickets = pgTable(
  "tickets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    regionId: uuid("region_id")
      .notNull()
      .references(() => regions.id),
    schoolId: uuid("school_id")
      .notNull()
      .references(() => schools.id),
    /** Readable and unique per region: IDF-2026-000123. */
    number: text("number").notNull(),
    kind: text("kind").$type<TicketKind>().notNull(),
    category: text("category").notNull(),
    channel: text("channel").$type<TicketChannel>().notNull(),
    urgency: text("urgency").notNull(),
    impact: text("impact").notNull(),
    priority: integer("priority").notNull(),
    title: text("title").notNull(),
    description: text("description").notNull(),
    status: text("status").$type<TicketStatus>().notNull().default("new"),
    requesterId: uuid("requester_id")
      .notNull()
      .references(() => people.id),
    filedById: uuid("filed_by_id")
      .notNull()
      .references(() => people.id),
    assigneePersonId: uuid("assignee_person_id").references(() => people.id),
    assigneeOrganisationId: uuid("assignee_organisation_id").references(() => organisations.id),
    receivedAt: instant("received_at").notNull().defaultNow(),
    /** First assignment: the resolution clock starts here. */
    dispatchedAt: instant("dispatched_at"),
    takeChargeDueAt: instant("take_charge_due_at").notNull(),
    resolutionDueAt: instant("resolution_due_at"),
    qualifiedAt: instant("qualified_at"),
    waitingSince: instant("waiting_since"),
    /** Business minutes spent waiting so far: added back to the deadlines. */
    waitedMinutes: integer("waited_minutes").notNull().default(0),
    resolvedAt: instant("resolved_at"),
    closedAt: instant("closed_at"),
    resolution: text("resolution"),
    /** Business minutes from receipt to technical closure, waiting excluded: the steering's processing time. */
    processingMinutes: integer("processing_minutes"),
    /** Escalations already sent: 0 none, 1 at 75 % of the resolution time, 2 at 100 %. */
    escalationLevel: integer("escalation_level").notNull().default(0),
    timeSpentMinutes: integer("time_spent_minutes"),
    reroutedTo: text("rerouted_to").$type<RerouteDestination>(),
    /** An evolution request's decision after study: accepted (works) or refused. */
    decision: text("decision").$type<EvolutionDecision>(),
    /** The ticket a duplicate was merged into. */
    mergedIntoId: uuid("merged_into_id"),
    reopenCount: integer("reopen_count").notNull().default(0),
    /** Optimistic concurrency: a write names the version it read. */
    version: integer("version").notNull().default(1),
    createdAt: instant("created_at").notNull().defaultNow(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("tickets_region_number").on(t.regionId, t.number),
    index("tickets_region_status_received").on(t.regionId, t.status, t.receivedAt),
    index("tickets_school_status").on(t.schoolId, t.status),
    index("tickets_requester").on(t.requesterId),
    // The desk's backlog, newest first: the open tickets are a few percent of a region's history.
    index("tickets_open_region_received")
      .on(t.regionId, t.receivedAt.desc().nullsFirst(), t.id.desc().nullsFirst())
      .where(sql`${t.status} in ('new', 'qualified', 'assigned', 'in_progress', 'waiting')`),
    index("tickets_assignee_person").on(t.assigneePersonId).where(sql`${t.assigneePersonId} is not null`),
    index("tickets_assignee_organisation").on(t.assigneeOrganisationId).where(sql`${t.assigneeOrganisationId} is not null`),
  ],
);

/**
 * The ticket's timeline: every step, comment and internal note, in order. "internal" entries
 * are the desk's and technicians' notes, never shown to the school.
 */
export const ticketEvents = pgTable(
  "ticket_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id),
    occurredAt: instant("occurred_at").notNull().defaultNow(),
    actorId: uuid("actor_id").references(() => people.id),
    actorLabel: text("actor_label").notNull(),
    type: text("type").notNull(),
    visibility: text("visibility").$type<"public" | "internal">().notNull().default("public"),
    body: text("body"),
    data: jsonb("data"),
  },
  (t) => [index("ticket_events_ticket").on(t.ticketId, t.id)],
);

/**
 * A report from a teacher or other staff member to the school's correspondent, who turns it
 * into a ticket, folds it into an open one, or answers it (seed 003: only correspondents file).
 */
export const ticketReports = pgTable(
  "ticket_reports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    regionId: uuid("region_id")
      .notNull()
      .references(() => regions.id),
    schoolId: uuid("school_id")
      .notNull()
      .references(() => schools.id),
    authorId: uuid("author_id")
      .notNull()
      .references(() => people.id),
    title: text("title").notNull(),
    description: text("description").notNull(),
    status: text("status").$type<"open" | "filed" | "merged" | "answered">().notNull().default("open"),
    ticketId: uuid("ticket_id").references(() => tickets.id),
    answer: text("answer"),
    handledById: uuid("handled_by_id").references(() => people.id),
    handledAt: instant("handled_at"),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [index("ticket_reports_school_status").on(t.schoolId, t.status)],
);
