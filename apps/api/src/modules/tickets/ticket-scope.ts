import type { VisibleScopes } from "@relais/shared/permissions";
import { RESTRICTED_TICKET_KINDS } from "@relais/shared/tickets";
import { type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { regions, schools } from "../organisation/organisation.schema.ts";

/**
 * The actor's ticket visibility cut into disjoint, index-friendly pieces (ADR 0006): the list
 * walks each piece in its sort order, and the steering reads each piece's rollups. The pieces
 * come from the same scopes as `visibilityCondition`, which stays the one-line definition.
 */

/** What decides whether an actor sees a ticket: computed once per request from their assignments. */
export type TicketVisibility = {
  personId: string;
  /** Nodes where the actor reads tickets (ticket.read). */
  read: VisibleScopes;
  /** Nodes where the actor also reads security incidents and breaches. */
  readRestricted: VisibleScopes;
};

/** Security incidents and breaches: seen through `ticket.read_security` only. */
export type KindClass = "ordinary" | "restricted";
export const RESTRICTED_KINDS_SQL = sql.raw(RESTRICTED_TICKET_KINDS.map((k) => `'${k}'`).join(", "));

/** Regions: the listed ones, or every region but the listed ones. */
export type RegionSet = { every: boolean; ids: string[] };

/**
 * The nodes where an actor reads one class of tickets. `schools` is a condition on `schools`;
 * `wide` when it takes whole sectors (tens of lycées) rather than a zone's or a lycée's few.
 */
export type ClassNodes = { regions: RegionSet | null; schools: SQL | null; wide: boolean };

const unique = (ids: readonly string[]) => [...new Set(ids)];
export const uuids = (ids: readonly string[]) => sql`${sql.param(unique(ids))}::uuid[]`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Region ids written into the statement's text, where other ids are parameters. A deployment
 * serves a handful of regions, so the statements kept per shape stay a handful more; and
 * PostgreSQL plans them knowing the region, which lets it keep one plan for every request of
 * a region-wide reader (the steering, the desk's lists) instead of planning each (ADR 0006).
 * An actor's schools or person stay parameters: written in, they would make one statement per
 * actor on every connection (a few hundred kilobytes of plans each).
 */
export function regionUuids(ids: readonly string[]): SQL {
  const list = unique(ids);
  for (const id of list) if (!UUID.test(id)) throw new Error(`regionUuids: not a uuid: ${id}`);
  return sql.raw(`'{${list.join(",")}}'::uuid[]`);
}

export function nodesOf(scopes: VisibleScopes): ClassNodes {
  if (scopes.all) return { regions: { every: true, ids: [] }, schools: null, wide: false };
  const parts: SQL[] = [];
  if (scopes.schoolIds.length > 0) parts.push(sql`${schools.id} = any(${uuids(scopes.schoolIds)})`);
  if (scopes.sectorIds.length > 0) parts.push(sql`${schools.sectorId} = any(${uuids(scopes.sectorIds)})`);
  if (scopes.zoneIds.length > 0) parts.push(sql`${schools.zoneId} = any(${uuids(scopes.zoneIds)})`);
  return {
    regions: scopes.regionIds.length > 0 ? { every: false, ids: unique(scopes.regionIds) } : null,
    schools: parts.length > 0 ? sql`(${sql.join(parts, sql` or `)})` : null,
    wide: scopes.sectorIds.length > 0,
  };
}

export function intersectRegions(a: RegionSet | null, b: RegionSet | null): RegionSet | null {
  if (!a || !b) return null;
  if (a.every && b.every) return { every: true, ids: unique([...a.ids, ...b.ids]) };
  if (a.every) return nonEmpty({ every: false, ids: b.ids.filter((id) => !a.ids.includes(id)) });
  if (b.every) return nonEmpty({ every: false, ids: a.ids.filter((id) => !b.ids.includes(id)) });
  return nonEmpty({ every: false, ids: a.ids.filter((id) => b.ids.includes(id)) });
}

export function subtractRegions(a: RegionSet | null, b: RegionSet | null): RegionSet | null {
  if (!a) return null;
  if (!b) return a;
  if (b.every)
    return a.every
      ? nonEmpty({ every: false, ids: b.ids.filter((id) => !a.ids.includes(id)) })
      : nonEmpty({ every: false, ids: a.ids.filter((id) => b.ids.includes(id)) });
  return a.every ? { every: true, ids: unique([...a.ids, ...b.ids]) } : nonEmpty({ every: false, ids: a.ids.filter((id) => !b.ids.includes(id)) });
}

function nonEmpty(set: RegionSet): RegionSet | null {
  return set.every || set.ids.length > 0 ? set : null;
}

/** A row's region is in the set (`column` holds a region id). */
export function inRegions(column: AnyPgColumn | SQL, set: RegionSet | null): SQL {
  if (!set) return sql`false`;
  if (set.every) return set.ids.length > 0 ? sql`${column} <> all(${regionUuids(set.ids)})` : sql`true`;
  return sql`${column} = any(${regionUuids(set.ids)})`;
}

/** The ids of a region set, as a relation (`select … as id`), to anchor a lateral walk. */
export function regionIdsOf(set: RegionSet): SQL {
  if (set.every) return sql`select ${regions.id} as id from ${regions} where ${inRegions(regions.id, set)}`;
  return sql`select unnest(${regionUuids(set.ids)}) as id`;
}

/** A row's school is among the schools matching `condition` (`column` holds a school id). */
export function inSchools(column: AnyPgColumn | SQL, condition: SQL | null): SQL {
  return condition ? sql`${column} in (select ${schools.id} from ${schools} where ${condition})` : sql`false`;
}

export function kindIs(column: AnyPgColumn | SQL, kinds: KindClass): SQL {
  return kinds === "restricted" ? sql`${column} in (${RESTRICTED_KINDS_SQL})` : sql`${column} not in (${RESTRICTED_KINDS_SQL})`;
}
