import type { VisibleScopes } from "@relais/shared/permissions";
import { type AnyColumn, inArray, or, type SQL, sql } from "drizzle-orm";

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
 * in the query itself, never filtered afterwards.
 */
export function scopeCondition(scopes: VisibleScopes, columns: ScopeColumns): SQL | undefined {
  if (scopes.all) return undefined;
  const pairs: [AnyColumn | SQL | undefined, string[]][] = [
    [columns.regionId, scopes.regionIds],
    [columns.sectorId, scopes.sectorIds],
    [columns.zoneId, scopes.zoneIds],
    [columns.schoolId, scopes.schoolIds],
    [columns.organisationId, scopes.organisationIds],
  ];
  const conditions = pairs.filter(([column, ids]) => column && ids.length > 0).map(([column, ids]) => inArray(column as AnyColumn, [...new Set(ids)]));
  return conditions.length > 0 ? or(...conditions) : sql`false`;
}
