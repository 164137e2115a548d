import type { VisibleScopes } from "@relais/shared/permissions";
import { OPEN_STATUSES } from "@relais/shared/tickets";
import { type AnyColumn, and, asc, desc, eq, fillPlaceholders, inArray, or, type Query, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { type Db, prepareSql, rowsOf } from "../../db/client.ts";
import { type SessionCheck, sessionCheckSql, sessionCheckValues, settleSessionCheck } from "../auth/actor.ts";
import { organisations, regions, schools } from "../organisation/organisation.schema.ts";
import { people } from "../people/people.schema.ts";
import { listShapeKey, listValues, TICKET_COUNT_CAP, type TicketFilters, ticketListQueries } from "./ticket-list.ts";
import { kindIs, regionUuids, type TicketVisibility } from "./ticket-scope.ts";
import { ticketCounters, ticketEvents, tickets } from "./tickets.schema.ts";

export { TICKET_COUNT_CAP, TICKET_SORT_FIELDS, type TicketFilters } from "./ticket-list.ts";
export type { TicketVisibility } from "./ticket-scope.ts";

/**
 * Tickets over the nodes of a scope, on the ticket's own indexed columns: its region and its
 * school; a sector or a zone through the ids of their schools. No join is needed, so the
 * planner can walk an index in the list's order and stop after one page.
 */
function overNodes(scopes: VisibleScopes): SQL {
  if (scopes.all) return sql`true`;
  const unique = (ids: string[]) => [...new Set(ids)];
  const parts: SQL[] = [];
  if (scopes.regionIds.length > 0) parts.push(sql`${tickets.regionId} = any(${regionUuids(scopes.regionIds)})`);
  if (scopes.schoolIds.length > 0) parts.push(inArray(tickets.schoolId, unique(scopes.schoolIds)));
  const branches = [
    scopes.sectorIds.length > 0 ? inArray(schools.sectorId, unique(scopes.sectorIds)) : undefined,
    scopes.zoneIds.length > 0 ? inArray(schools.zoneId, unique(scopes.zoneIds)) : undefined,
  ].filter((c): c is SQL => c !== undefined);
  if (branches.length > 0) parts.push(sql`${tickets.schoolId} in (select ${schools.id} from ${schools} where ${or(...branches)})`);
  return parts.length > 0 ? (or(...parts) as SQL) : sql`false`;
}

/**
 * A ticket is visible to those who read tickets over its school, to the organisation it is
 * assigned to, to its assignee and to its requester. Security incidents and breaches narrow
 * that to the restricted chain (head, RSSI, DPO), the assignee and the requester (seed 001).
 */
export function visibilityCondition(v: TicketVisibility): SQL {
  const mine = or(eq(tickets.assigneePersonId, v.personId), eq(tickets.requesterId, v.personId));
  return or(mine, nodeVisibility(v)) as SQL;
}

/** Visibility without the actor's own tickets: what their scopes alone grant. */
export function nodeVisibility(v: TicketVisibility): SQL {
  const orgIds = v.read.organisationIds;
  const byOrganisation = orgIds.length > 0 ? inArray(tickets.assigneeOrganisationId, [...new Set(orgIds)]) : undefined;
  return or(
    and(kindIs(tickets.kind, "ordinary"), or(overNodes(v.read), byOrganisation)),
    and(kindIs(tickets.kind, "restricted"), overNodes(v.readRestricted)),
  ) as SQL;
}

const requester = alias(people, "requester");
const assignee = alias(people, "assignee");

const listColumns = {
  id: tickets.id,
  number: tickets.number,
  regionId: tickets.regionId,
  schoolId: tickets.schoolId,
  schoolUai: schools.uai,
  schoolName: schools.name,
  kind: tickets.kind,
  category: tickets.category,
  channel: tickets.channel,
  urgency: tickets.urgency,
  impact: tickets.impact,
  priority: tickets.priority,
  title: tickets.title,
  status: tickets.status,
  requesterId: tickets.requesterId,
  requesterName: sql<string>`${requester.firstName} || ' ' || ${requester.lastName}`,
  assigneePersonId: tickets.assigneePersonId,
  assigneeName: sql<string | null>`case when ${assignee.id} is null then null else ${assignee.firstName} || ' ' || ${assignee.lastName} end`,
  assigneeOrganisationId: tickets.assigneeOrganisationId,
  assigneeOrganisationName: organisations.name,
  receivedAt: tickets.receivedAt,
  takeChargeDueAt: tickets.takeChargeDueAt,
  resolutionDueAt: tickets.resolutionDueAt,
  qualifiedAt: tickets.qualifiedAt,
  resolvedAt: tickets.resolvedAt,
  closedAt: tickets.closedAt,
  version: tickets.version,
};

/**
 * The same columns for a page of the list, names read row by row: for 50 rows, a join's
 * planning costs more than the lookups.
 */
const fullName = (person: typeof people, id: AnyColumn) =>
  sql<string>`(select ${person.firstName} || ' ' || ${person.lastName} from ${person} where ${person.id} = ${id})`;
const pageColumns = {
  ...listColumns,
  schoolUai: sql<string>`(select ${schools.uai} from ${schools} where ${schools.id} = ${tickets.schoolId})`,
  schoolName: sql<string>`(select ${schools.name} from ${schools} where ${schools.id} = ${tickets.schoolId})`,
  requesterName: fullName(people, tickets.requesterId),
  assigneeName: sql<string | null>`${fullName(people, tickets.assigneePersonId)}`,
  assigneeOrganisationName: sql<
    string | null
  >`(select ${organisations.name} from ${organisations} where ${organisations.id} = ${tickets.assigneeOrganisationId})`,
};

function baseQuery(db: Db) {
  return db
    .select(listColumns)
    .from(tickets)
    .innerJoin(schools, eq(schools.id, tickets.schoolId))
    .innerJoin(requester, eq(requester.id, tickets.requesterId))
    .leftJoin(assignee, eq(assignee.id, tickets.assigneePersonId))
    .leftJoin(organisations, eq(organisations.id, tickets.assigneeOrganisationId));
}

/**
 * A page of the tickets the actor sees, and their number up to TICKET_COUNT_CAP (`totalExact`
 * false beyond: the list says "more than"). The SQL is ticket-list.ts's, its values placeholders.
 * `check`: a cached session, checked by the count in the same round trip.
 */
function listStatements(db: Db, v: TicketVisibility, filters: TicketFilters, sort: string, check: SessionCheck | null) {
  const queries = ticketListQueries(v, filters, sort, visibilityCondition(v));
  const placeholder = (name: string) => sql`${sql.placeholder(name)}`;
  return {
    page: db.select(pageColumns).from(tickets).where(sql`${tickets.id} in (${queries.pageIds})`).orderBy(queries.order),
    count: check ? sql`select c.total, ${sessionCheckSql(check, placeholder)} as session_ok from (${queries.count}) c` : queries.count,
  };
}

type ListPage = { sort: string; limit: number; offset: number };
/** A page's row, as Drizzle types the select. */
type TicketRow = Awaited<ReturnType<ReturnType<typeof listStatements>["page"]["execute"]>>[number];
const pageRows = rowsOf<TicketRow>(pageColumns);

/**
 * Both statements compiled once per shape (ticket-list.ts `listShapeKey`) and kept per database
 * handle: a request only fills their values. They run prepared under a name of their text (a
 * few dozen shapes at most): PostgreSQL parses each once per connection, and keeps a plan where
 * one fits every parameter (docs/PERFORMANCE.md): with the regions written into the text
 * (`regionUuids`), the desk's open tickets and the qualification queue keep one plan, twice as
 * fast as one made per request. Not a text search: after five runs PostgreSQL
 * would plan its count once for any pattern (a generic plan), and that plan reads three to four
 * times more than one made for the pattern.
 */
function prepareList(db: Db, v: TicketVisibility, filters: TicketFilters, sort: string, check: SessionCheck | null) {
  const statements = listStatements(db, v, filters, sort, check);
  const named = !filters.q;
  return {
    page: prepareSql(db, statements.page.getSQL(), { named, mapRows: pageRows }) as {
      execute(values: Record<string, unknown>): Promise<TicketRow[]>;
      getQuery(): Query;
    },
    count: prepareSql(db, statements.count, { named }) as {
      execute(values: Record<string, unknown>): Promise<{ rows: { total: number; session_ok?: boolean }[] }>;
      getQuery(): Query;
    },
  };
}

/** Shapes are per actor's visibility and filters set; the bound keeps the cache from growing without end. */
const MAX_SHAPES = 1_000;
const preparedByDb = new WeakMap<Db, Map<string, ReturnType<typeof prepareList>>>();

function preparedFor(db: Db, v: TicketVisibility, filters: TicketFilters, sort: string, check: SessionCheck | null) {
  let byShape = preparedByDb.get(db);
  if (!byShape) {
    byShape = new Map();
    preparedByDb.set(db, byShape);
  }
  const key = `${check ? "checked" : ""}|${listShapeKey(v, filters, sort)}`;
  let prepared = byShape.get(key);
  if (!prepared) {
    if (byShape.size >= MAX_SHAPES) byShape.clear();
    prepared = prepareList(db, v, filters, sort, check);
    byShape.set(key, prepared);
  }
  return prepared;
}

/** The list's two statements as SQL text and parameters: what the benchmark's floor runs. */
export function ticketListSql(db: Db, v: TicketVisibility, filters: TicketFilters, page: ListPage) {
  const prepared = preparedFor(db, v, filters, page.sort, null);
  const values = listValues(filters, page);
  const text = (query: { sql: string; params: unknown[] }) => ({ sql: query.sql, params: fillPlaceholders(query.params, values) });
  return { page: text(prepared.page.getQuery()), count: text(prepared.count.getQuery()) };
}

export async function findTickets(db: Db, v: TicketVisibility, filters: TicketFilters, page: ListPage, check?: SessionCheck | null) {
  const prepared = preparedFor(db, v, filters, page.sort, check ?? null);
  const values = listValues(filters, page);
  if (check) Object.assign(values, sessionCheckValues(check));
  const [items, counted] = await Promise.all([prepared.page.execute(values), prepared.count.execute(values)]);
  const [count] = counted.rows;
  if (check) settleSessionCheck(check, count?.session_ok);
  const total = Number(count?.total ?? 0);
  return { items, total: Math.min(total, TICKET_COUNT_CAP), totalExact: total <= TICKET_COUNT_CAP };
}

/** A ticket by id or number, only if the actor sees it (otherwise null: invisible reads as absent). */
export async function findTicket(db: Db, v: TicketVisibility, idOrNumber: string) {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrNumber);
  const key = isUuid ? eq(tickets.id, idOrNumber) : eq(tickets.number, idOrNumber.toUpperCase());
  const [row] = await baseQuery(db)
    .where(and(key, visibilityCondition(v)))
    .limit(1);
  return row ?? null;
}

export async function findTicketRow(db: Db, id: string) {
  const [row] = await db.select().from(tickets).where(eq(tickets.id, id)).limit(1);
  return row ?? null;
}

/** The next number of a region for a year, taken inside the filing transaction. */
export async function takeTicketNumber(db: Db, regionId: string, year: number): Promise<string> {
  const [counter] = await db
    .insert(ticketCounters)
    .values({ regionId, year, last: 1 })
    .onConflictDoUpdate({ target: [ticketCounters.regionId, ticketCounters.year], set: { last: sql`${ticketCounters.last} + 1` } })
    .returning({ last: ticketCounters.last });
  const [region] = await db.select({ code: regions.code }).from(regions).where(eq(regions.id, regionId));
  return `${(region?.code ?? "R").toUpperCase()}-${year}-${String(counter?.last ?? 1).padStart(6, "0")}`;
}

export async function insertTicket(db: Db, values: typeof tickets.$inferInsert) {
  const [row] = await db.insert(tickets).values(values).returning();
  return row as typeof tickets.$inferSelect;
}

/** Writes changes if the ticket is still at the version the caller read; null when it moved on. */
export async function updateTicket(db: Db, id: string, version: number, changes: Partial<typeof tickets.$inferInsert>) {
  const [row] = await db
    .update(tickets)
    .set({ ...changes, version: sql`${tickets.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(tickets.id, id), eq(tickets.version, version)))
    .returning();
  return row ?? null;
}

/** Returns the entry's id, for what comes with it (files joined to a comment). */
export async function insertTicketEvent(db: Db, values: typeof ticketEvents.$inferInsert): Promise<number> {
  const [row] = await db.insert(ticketEvents).values(values).returning({ id: ticketEvents.id });
  return row!.id;
}

export async function findTicketEvents(db: Db, ticketId: string, includeInternal: boolean) {
  return db
    .select()
    .from(ticketEvents)
    .where(and(eq(ticketEvents.ticketId, ticketId), includeInternal ? undefined : eq(ticketEvents.visibility, "public")))
    .orderBy(asc(ticketEvents.id));
}

/** Open tickets of a school in a category: shown before filing, "one incident, one ticket". */
export async function findOpenTicketsLike(db: Db, v: TicketVisibility, schoolId: string, category: string) {
  return baseQuery(db)
    .where(and(visibilityCondition(v), eq(tickets.schoolId, schoolId), eq(tickets.category, category), inArray(tickets.status, [...OPEN_STATUSES])))
    .orderBy(desc(tickets.receivedAt))
    .limit(10);
}
