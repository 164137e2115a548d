import type { VisibleScopes } from "@relais/shared/permissions";
import { type AnyColumn, inArray, or, type SQL, sql } from "drizzle-orm";
import { type Bind, oneOf } from "../db/kept-statements.ts";

/** The columns through which a table's rows hang in the tree (those it has). */
export type ScopeColumns = {
  regionId?: AnyColumn | SQL;
  sectorId?: AnyColumn | SQL;
  zoneId?: AnyColumn | SQL;
  schoolId?: AnyColumn | SQL;
  organisationId?: AnyColumn | SQL;
};

/**
 * The WHERE condition that keeps only rows inside what the actor may see: reads are scoped
 * in the query itself, never filtered afterwards. With `bind`, the ids are a kept statement's
 * placeholders (`oneOf`), named after their kind.
 */
export function scopeCondition(scopes: VisibleScopes, columns: ScopeColumns, bind?: Bind): SQL | undefined {
  if (scopes.all) return undefined;
  const pairs: [string, AnyColumn | SQL | undefined, string[]][] = [
    ["region", columns.regionId, scopes.regionIds],
    ["sector", columns.sectorId, scopes.sectorIds],
    ["zone", columns.zoneId, scopes.zoneIds],
    ["scopeSchool", columns.schoolId, scopes.schoolIds],
    ["organisation", columns.organisationId, scopes.organisationIds],
  ];
  const conditions = pairs
    .filter(([, column, ids]) => column && ids.length > 0)
    .map(([name, column, ids]) => (bind ? oneOf(column as AnyColumn, ids, name, bind) : inArray(column as AnyColumn, [...new Set(ids)])));
  return conditions.length > 0 ? or(...conditions) : sql`false`;
}
