import type { EvolutionDecision, RerouteDestination, TicketChannel, TicketKind, TicketStatus } from "@relais/shared/tickets";
import { sql } from "drizzle-orm";
import { type AnyPgColumn, bigserial, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { instant, regionRef, schoolRef } from "../../db/columns.ts";
import { organisations } from "../organisation/organisation.schema.ts";
import { people } from "../people/people.schema.ts";

/**
 * The next ticket number of each region and year: one row, incremented in the transaction
 * that files the ticket, so numbers are given at once, never twice, with no gap on rollback.
 */
export const ticketCounters = pgTable(
  "ticket_counters",
  {
    regionId: regionRef(),
    year: integer("year").notNull(),
    last: integer("last").notNull(),
  },
  (t) => [uniqueIndex("ticket_counters_region_year").on(t.regionId, t.year)],
);

/** Open, or resolved and awaiting the school's closure: what the desk still works on. */
export const ACTIVE_TICKET_STATUSES = ["new", "qualified", "assigned", "in_progress", "waiting", "resolved"] as const;

type TicketColumns = {
  receivedAt: AnyPgColumn;
  priority: AnyPgColumn;
  resolutionDueAt: AnyPgColumn;
  status: AnyPgColumn;
  number: AnyPgColumn;
  id: AnyPgColumn;
  kind: AnyPgColumn;
};
const ACTIVE_SORTS: [string, (t: TicketColumns) => [AnyPgColumn, ...AnyPgColumn[]]][] = [
  ["received", (t) => [t.receivedAt, t.id]],
  ["priority", (t) => [t.priority, t.receivedAt, t.id]],
  ["due", (t) => [t.resolutionDueAt, t.id]],
  ["status", (t) => [t.status, t.receivedAt, t.id, t.kind]],
  ["number", (t) => [t.number, t.id]],
];
const activeTicket = (t: { status: AnyPgColumn }) => sql`${t.status} in (${sql.raw(ACTIVE_TICKET_STATUSES.map((s) => `'${s}'`).join(", "))})`;

export const tickets = pgTable(
  "tickets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    regionId: regionRef(),
    schoolId: schoolRef(),
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
    // The list walks one of these in its sort order and stops after a page (ticket-list.ts):
    // a region's whole history by each sortable column, then the other anchors of visibility.
    // A kind after the unique id changes no order, and lets the count skip the table.
    index("tickets_region_received").on(t.regionId, t.receivedAt, t.id, t.kind),
    index("tickets_region_priority").on(t.regionId, t.priority, t.receivedAt, t.id),
    index("tickets_region_due").on(t.regionId, t.resolutionDueAt, t.id),
    index("tickets_region_status_received").on(t.regionId, t.status, t.receivedAt, t.id, t.kind),
    index("tickets_school_received").on(t.schoolId, t.receivedAt, t.id, t.kind, t.category, t.status),
    index("tickets_school_status").on(t.schoolId, t.status),
    index("tickets_requester").on(t.requesterId, t.receivedAt, t.id),
    index("tickets_assignee_person").on(t.assigneePersonId, t.receivedAt, t.id).where(sql`${t.assigneePersonId} is not null`),
    index("tickets_assignee_organisation").on(t.assigneeOrganisationId, t.receivedAt, t.id).where(sql`${t.assigneeOrganisationId} is not null`),
    // The desk's active tickets (open or awaiting closure) are a few thousand of a region's
    // million: small indexes that give every sort of the backlog without touching history.
    ...ACTIVE_SORTS.map(([name, columns]) =>
      index(`tickets_active_${name}`)
        .on(t.regionId, ...columns(t))
        .where(activeTicket(t)),
    ),
    // The list's search (`q`): a substring of the number or the title, through trigrams.
    index("tickets_search").using("gin", sql`lower(${t.number} || ' ' || ${t.title}) gin_trgm_ops`),
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
    regionId: regionRef(),
    schoolId: schoolRef(),
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

/** A person's named ticket-list filters (the list's query string), to come back to in one click. */
export const savedTicketFilters = pgTable(
  "saved_ticket_filters",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id),
    name: text("name").notNull(),
    query: text("query").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("saved_ticket_filters_person_name").on(t.personId, t.name)],
);
