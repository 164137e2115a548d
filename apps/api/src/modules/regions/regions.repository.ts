import type { VisibleScopes } from "@relais/shared/permissions";
import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { scopeCondition } from "../../lib/scope-sql.ts";
import { regions, schools, sectors, zones } from "../organisation/organisation.schema.ts";

export async function findSector(db: Db, id: string) {
  const [row] = await db.select().from(sectors).where(eq(sectors.id, id)).limit(1);
  return row ?? null;
}

export async function findZone(db: Db, id: string) {
  const [row] = await db.select().from(zones).where(eq(zones.id, id)).limit(1);
  return row ?? null;
}

export async function findRegion(db: Db, id: string) {
  const [row] = await db.select().from(regions).where(eq(regions.id, id)).limit(1);
  return row ?? null;
}

/**
 * Writes one key of a region's settings document in place, so that two administrators saving
 * different sections at once (desk settings, desk mailbox…) do not overwrite each other.
 */
export async function writeRegionSetting(db: Db, regionId: string, key: string, value: unknown) {
  await db
    .update(regions)
    .set({ settings: sql`jsonb_set(${regions.settings}, ${`{${key}}`}::text[], ${JSON.stringify(value)}::jsonb, true)` })
    .where(eq(regions.id, regionId));
}

export async function insertRegion(db: Db, values: typeof regions.$inferInsert) {
  const [row] = await db.insert(regions).values(values).onConflictDoNothing({ target: regions.code }).returning();
  return row ?? null;
}

/** A region by its short code (the CLI names regions by code: `--region paca`). */
export async function findRegionByCode(db: Db, code: string) {
  const [row] = await db.select().from(regions).where(eq(regions.code, code.trim().toLowerCase())).limit(1);
  return row ?? null;
}

/** Regions the actor works in: those of any node they may read. */
export async function findRegions(db: Db, scopes: VisibleScopes) {
  const visibleSchoolRegions = db
    .selectDistinct({ regionId: schools.regionId })
    .from(schools)
    .where(scopeCondition(scopes, { regionId: schools.regionId, sectorId: schools.sectorId, zoneId: schools.zoneId, schoolId: schools.id }));
  return db
    .select({ id: regions.id, code: regions.code, name: regions.name, operatingModel: regions.operatingModel })
    .from(regions)
    .where(scopes.all ? undefined : or(inArray(regions.id, visibleSchoolRegions), scopes.regionIds.length ? inArray(regions.id, scopes.regionIds) : undefined))
    .orderBy(asc(regions.name));
}

/** A school's people see the sector and zone their school sits in. */
function treeScope(scopes: VisibleScopes) {
  if (scopes.all) return undefined;
  const byTree = scopeCondition({ ...scopes, schoolIds: [] }, { regionId: sectors.regionId, sectorId: sectors.id, zoneId: zones.id });
  if (scopes.schoolIds.length === 0) return byTree;
  return or(byTree, inArray(zones.id, zonesOfSchools(scopes.schoolIds)));
}

function zonesOfSchools(schoolIds: string[]) {
  return sql`(select s.zone_id from schools s where s.id in (${sql.join(
    schoolIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  )}))`;
}

/** Sectors with their zones and school counts, limited to the actor's part of the tree. */
export async function findSectorsWithZones(db: Db, scopes: VisibleScopes, regionId: string | undefined) {
  const zoneRows = await db
    .select({
      zoneId: zones.id,
      zoneCode: zones.code,
      zoneName: zones.name,
      sectorId: sectors.id,
      sectorCode: sectors.code,
      sectorName: sectors.name,
      regionId: sectors.regionId,
      schoolCount: sql<number>`(select count(*)::int from schools s where s.zone_id = ${zones.id})`,
    })
    .from(sectors)
    .leftJoin(zones, eq(zones.sectorId, sectors.id))
    .where(and(regionId ? eq(sectors.regionId, regionId) : undefined, treeScope(scopes)))
    .orderBy(asc(sectors.code), asc(zones.code));
  const bySector = new Map<
    string,
    { id: string; code: string; name: string; regionId: string; zones: { id: string; code: string; name: string; schoolCount: number }[] }
  >();
  for (const row of zoneRows) {
    let sector = bySector.get(row.sectorId);
    if (!sector) {
      sector = { id: row.sectorId, code: row.sectorCode, name: row.sectorName, regionId: row.regionId, zones: [] };
      bySector.set(row.sectorId, sector);
    }
    if (row.zoneId) sector.zones.push({ id: row.zoneId, code: row.zoneCode as string, name: row.zoneName as string, schoolCount: row.schoolCount });
  }
  return [...bySector.values()];
}

/** A new sector; null when the region already has one with this code. */
export async function insertSector(db: Db, values: typeof sectors.$inferInsert) {
  const [row] = await db
    .insert(sectors)
    .values(values)
    .onConflictDoNothing({ target: [sectors.regionId, sectors.code] })
    .returning();
  return row ?? null;
}

/** A new zone; null when the region already has one with this code. */
export async function insertZone(db: Db, values: typeof zones.$inferInsert) {
  const [row] = await db
    .insert(zones)
    .values(values)
    .onConflictDoNothing({ target: [zones.regionId, zones.code] })
    .returning();
  return row ?? null;
}
