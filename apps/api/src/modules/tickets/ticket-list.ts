import { parseSort } from "@relais/shared/lists";
import { isRestrictedKind, TICKET_STATUSES, type TicketKind, type TicketStatus } from "@relais/shared/tickets";
import { type AnyColumn, type SQL, sql } from "drizzle-orm";
import { schools } from "../organisation/organisation.schema.ts";
import {
  inRegions,
  inSchools,
  intersectRegions,
  type KindClass,
  kindIs,
  nodesOf,
  type RegionSet,
  regionIdsOf,
  subtractRegions,
  type TicketVisibility,
  uuids,
} from "./ticket-scope.ts";
import { tickets } from "./tickets.schema.ts";

/**
 * The ticket list's SQL (ADR 0006). Visibility is an OR of several grounds (the actor's
 * regions, schools, organisation, own tickets); as one condition it keeps PostgreSQL from
 * walking any index in the list's order, so a page of the newest tickets would read all of
 * them. Here each ground is a branch of a UNION ALL, disjoint from the branches before it,
 * that walks its own index (region, school, requester…) in the sort order and stops after a
 * page; the page then joins names for its rows only. The count stops at a cap.
 */

export type TicketFilters = {
  status?: TicketStatus[];
  schoolId?: string;
  category?: string;
  kind?: TicketKind;
  assignedToMe?: boolean;
  q?: string;
};

/** Beyond this many tickets the list says "more than": counting a region's history costs too much per page. */
export const TICKET_COUNT_CAP = 10_000;

export const TICKET_SORT_FIELDS = ["receivedAt", "number", "priority", "resolutionDueAt", "status"] as const;
type SortField = (typeof TICKET_SORT_FIELDS)[number];

/**
 * The list's order: the field, then ties by receipt and id, all in the field's direction, so
 * that one index (tickets.schema.ts) serves both directions of each sort.
 */
const ORDER: Record<SortField, AnyColumn[]> = {
  receivedAt: [tickets.receivedAt, tickets.id],
  number: [tickets.number, tickets.id],
  priority: [tickets.priority, tickets.receivedAt, tickets.id],
  resolutionDueAt: [tickets.resolutionDueAt, tickets.id],
  status: [tickets.status, tickets.receivedAt, tickets.id],
};

export function orderOf(sort: string): { columns: AnyColumn[]; descending: boolean; field: SortField } {
  const parsed = parseSort(sort);
  const field = (TICKET_SORT_FIELDS as readonly string[]).includes(parsed.field) ? (parsed.field as SortField) : "receivedAt";
  return { columns: ORDER[field], descending: parsed.descending, field };
}

/**
 * One ground of visibility: tickets whose `anchor` column holds one of some ids (listed, or
 * selected by a query) and that match `where`; or tickets matching `where` alone.
 */
type Anchor = { column: AnyColumn; ids: string[] } | { column: AnyColumn; query: SQL };
type Branch = {
  anchor?: Anchor;
  where: SQL[];
  kinds?: KindClass;
  /** For a page, walk this anchor's index instead, with these extra conditions. */
  walk?: { anchor: Anchor; where: SQL[] };
};

function regionAnchor(set: RegionSet): Anchor {
  return set.every ? { column: tickets.regionId, query: regionIdsOf(set) } : { column: tickets.regionId, ids: set.ids };
}

/**
 * The disjoint branches of what the actor sees. Each branch excludes what earlier ones cover,
 * and the biggest come first so that their conditions stay plain index walks.
 */
export function visibleBranches(v: TicketVisibility): Branch[] {
  const ordinary = nodesOf(v.read);
  const restricted = nodesOf(v.readRestricted);
  const branches: Branch[] = [];
  const covered: SQL[] = [];

  const regionParts: [RegionSet | null, KindClass | undefined][] = [
    [intersectRegions(ordinary.regions, restricted.regions), undefined],
    [subtractRegions(ordinary.regions, restricted.regions), "ordinary"],
    [subtractRegions(restricted.regions, ordinary.regions), "restricted"],
  ];
  for (const [set, kinds] of regionParts) {
    if (!set) continue;
    branches.push({
      anchor: regionAnchor(set),
      where: kinds ? [kindIs(tickets.kind, kinds)] : [],
      ...(kinds ? { kinds } : {}),
    });
  }
  // Tickets of a class whose region is read whole are in the branches above.
  const regionCovered = sql`((${kindIs(tickets.kind, "ordinary")} and ${inRegions(tickets.regionId, ordinary.regions)}) or (${kindIs(tickets.kind, "restricted")} and ${inRegions(tickets.regionId, restricted.regions)}))`;
  if (ordinary.regions || restricted.regions) covered.push(regionCovered);

  const schoolParts: [SQL | null, KindClass | undefined][] = [
    [ordinary.schools && restricted.schools ? sql`(${ordinary.schools}) and (${restricted.schools})` : null, undefined],
    [ordinary.schools ? (restricted.schools ? sql`(${ordinary.schools}) and not (${restricted.schools})` : ordinary.schools) : null, "ordinary"],
    [restricted.schools ? (ordinary.schools ? sql`(${restricted.schools}) and not (${ordinary.schools})` : restricted.schools) : null, "restricted"],
  ];
  for (const [condition, kinds] of schoolParts) {
    if (!condition) continue;
    branches.push({
      anchor: { column: tickets.schoolId, query: sql`select ${schools.id} as id from ${schools} where ${condition}` },
      where: [...(kinds ? [kindIs(tickets.kind, kinds)] : []), ...notCovered(covered)],
      ...(kinds ? { kinds } : {}),
      // A sector's thirty-odd lycées hold a few percent of their region's tickets: for a sort
      // other than receipt (which each lycée's index gives), walking the region in the sort's
      // order finds a page sooner than sorting each lycée's history.
      ...(ordinary.wide || restricted.wide
        ? {
            walk: {
              anchor: { column: tickets.regionId, query: sql`select distinct ${schools.regionId} as id from ${schools} where ${condition}` },
              where: [inSchools(tickets.schoolId, condition)],
            },
          }
        : {}),
    });
  }
  if (ordinary.schools || restricted.schools) {
    covered.push(
      sql`((${kindIs(tickets.kind, "ordinary")} and ${inSchools(tickets.schoolId, ordinary.schools)}) or (${kindIs(tickets.kind, "restricted")} and ${inSchools(tickets.schoolId, restricted.schools)}))`,
    );
  }

  const organisationIds = v.read.organisationIds;
  if (organisationIds.length > 0) {
    branches.push({
      anchor: { column: tickets.assigneeOrganisationId, ids: organisationIds },
      where: [kindIs(tickets.kind, "ordinary"), ...notCovered(covered)],
      kinds: "ordinary",
    });
    covered.push(sql`(${kindIs(tickets.kind, "ordinary")} and ${tickets.assigneeOrganisationId} = any(${uuids(organisationIds)}))`);
  }

  // The actor's own tickets, requested or assigned, whatever else they read.
  branches.push({ where: [sql`${tickets.requesterId} = ${v.personId}`, ...notCovered(covered)] });
  branches.push({ where: [sql`${tickets.assigneePersonId} = ${v.personId}`, sql`${tickets.requesterId} <> ${v.personId}`, ...notCovered(covered)] });
  return branches;
}

function notCovered(covered: SQL[]): SQL[] {
  return covered.length > 0 ? [sql`(${sql.join(covered, sql` or `)}) is not true`] : [];
}

const STATUS_CODES = new Set(Object.keys(TICKET_STATUSES));

/**
 * The filters as conditions. Statuses are written as literals: a partial index applies only if
 * the planner sees them. The school, the category and the searched text are placeholders
 * (`listValues` fills them): the statement is compiled once for every value (`listShapeKey`).
 */
function filterConditions(v: TicketVisibility, filters: TicketFilters): SQL[] {
  const conditions: SQL[] = [];
  const statuses = listedStatuses(filters);
  if (filters.status?.length)
    conditions.push(statuses.length > 0 ? sql`${tickets.status} in (${sql.raw(statuses.map((s) => `'${s}'`).join(", "))})` : sql`false`);
  if (filters.schoolId) conditions.push(sql`${tickets.schoolId} = ${sql.placeholder("school")}::uuid`);
  if (filters.category) conditions.push(sql`${tickets.category} = ${sql.placeholder("category")}`);
  if (filters.kind) conditions.push(sql`${tickets.kind} = ${filters.kind}`);
  if (filters.assignedToMe) conditions.push(sql`${tickets.assigneePersonId} = ${v.personId}`);
  if (filters.q) conditions.push(sql`lower(${tickets.number} || ' ' || ${tickets.title}) like ${sql.placeholder("q")}`);
  return conditions;
}

const listedStatuses = (filters: TicketFilters) => (filters.status ?? []).filter((s) => STATUS_CODES.has(s));

/**
 * What the list's SQL text depends on: the actor's visibility (its ids decide the branches),
 * which filters are set, the statuses and the kind (written in), the sort. Everything else is a
 * placeholder, so two requests with the same key run the same statement with their own values.
 */
export function listShapeKey(v: TicketVisibility, filters: TicketFilters, sort: string): string {
  return JSON.stringify([
    v,
    filters.status ? listedStatuses(filters) : null,
    !!filters.schoolId,
    !!filters.category,
    filters.kind ?? null,
    !!filters.assignedToMe,
    !!filters.q,
    sort,
  ]);
}

/** The values of the list's placeholders. */
export function listValues(filters: TicketFilters, page: { limit: number; offset: number }): Record<string, unknown> {
  return {
    limit: page.limit,
    offset: page.offset,
    perBranch: page.offset + page.limit,
    ...(filters.schoolId ? { school: filters.schoolId } : {}),
    ...(filters.category ? { category: filters.category } : {}),
    ...(filters.q ? { q: `%${filters.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%` } : {}),
  };
}

/**
 * The branches a filtered list reads. A list of one school, or of the tickets assigned to the
 * actor, is small whatever the actor's scope: one branch on its own index, with the plain
 * visibility condition. A kind drops the branches of the other class.
 */
function listBranches(v: TicketVisibility, filters: TicketFilters, visibility: SQL): Branch[] {
  if (filters.assignedToMe) return [{ where: [] }]; // Assigned to the actor: always visible.
  if (filters.schoolId) return [{ where: [visibility] }];
  const branches = visibleBranches(v);
  if (!filters.kind) return branches;
  const kinds: KindClass = isRestrictedKind(filters.kind) ? "restricted" : "ordinary";
  return branches.filter((b) => !b.kinds || b.kinds === kinds);
}

function orderBy(columns: SQL[], descending: boolean): SQL {
  return sql.join(
    columns.map((c) => (descending ? sql`${c} desc` : sql`${c} asc`)),
    sql`, `,
  );
}

/**
 * One branch as a SELECT of `columns`, ordered and limited by `tail`: per anchor id (a lateral
 * walk of the anchor's index for each), or directly when there is one id.
 */
function branchSelect(branch: Branch, filters: SQL[], columns: SQL, tail: SQL, walk = false): SQL {
  const where = [...branch.where, ...(walk && branch.walk ? branch.walk.where : []), ...filters];
  const condition = where.length > 0 ? sql.join(where, sql` and `) : sql`true`;
  const anchor = walk && branch.walk ? branch.walk.anchor : branch.anchor;
  if (!anchor) return sql`(select ${columns} from ${tickets} where ${condition} ${tail})`;
  if ("ids" in anchor && anchor.ids.length === 1)
    return sql`(select ${columns} from ${tickets} where ${anchor.column} = ${anchor.ids[0]} and ${condition} ${tail})`;
  const ids = "ids" in anchor ? sql`select unnest(${uuids(anchor.ids)}) as id` : anchor.query;
  return sql`(select x.* from (${ids}) a cross join lateral (select ${columns} from ${tickets} where ${anchor.column} = a.id and ${condition} ${tail}) x)`;
}

export type TicketListQueries = {
  /** The ids of the page's tickets, in order: the route joins their names. */
  pageIds: SQL;
  order: SQL;
  /** `total`: the count, stopped at TICKET_COUNT_CAP + 1. */
  count: SQL;
};

/** The list's statements for one shape (`listShapeKey`); limit and offset are placeholders too. */
export function ticketListQueries(v: TicketVisibility, filters: TicketFilters, sort: string, visibility: SQL): TicketListQueries {
  const { columns, descending, field } = orderOf(sort);
  const branches = listBranches(v, filters, visibility);
  const conditions = filterConditions(v, filters);
  const keys = columns.map((_, i) => sql.raw(`k${i}`));
  const keyed = sql.join([sql`${tickets.id} as id`, ...columns.map((c, i) => sql`${c} as ${keys[i]}`)], sql`, `);
  const perBranch = sql.placeholder("perBranch");
  const inner = sql.join(
    branches.map((b) =>
      branchSelect(
        b,
        conditions,
        keyed,
        sql`order by ${orderBy(
          columns.map((c) => sql`${c}`),
          descending,
        )} limit ${perBranch}`,
        field !== "receivedAt",
      ),
    ),
    sql` union all `,
  );
  const pageIds = sql`select id from (${inner}) u order by ${orderBy(keys, descending)} limit ${sql.placeholder("limit")} offset ${sql.placeholder("offset")}`;
  const cap = TICKET_COUNT_CAP + 1;
  const counted = sql.join(
    branches.map((b) => branchSelect(b, conditions, sql`1 as one`, sql`limit ${cap}`)),
    sql` union all `,
  );
  const count = sql`select count(*)::int as total from (select 1 from (${counted}) u limit ${cap}) c`;
  return {
    pageIds,
    order: orderBy(
      columns.map((c) => sql`${c}`),
      descending,
    ),
    count,
  };
}
