import type { AssetStatus, AssetType } from "@relais/shared/inventory";
import type { VisibleScopes } from "@relais/shared/permissions";
import { and, asc, desc, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { schools } from "../organisation/organisation.schema.ts";
import { assetEvents, assets, rooms, software, softwareInstallations, softwareVersions } from "./inventory.schema.ts";
import { rowsOf } from "./software.repository.ts";

export type AssetFilters = { schoolId?: string; type?: AssetType; status?: AssetStatus; q?: string; roomId?: string };

const uuids = (ids: readonly string[]) => sql`${sql.param([...new Set(ids)])}::uuid[]`;

/**
 * One id as an equality, several as `= any`: with an equality the planner knows the column is
 * constant and walks an index on (region, name, id) in the list's order, where `= any` of a
 * one-element array makes it read the region's million assets and sort them.
 */
function oneOf(column: typeof assets.regionId | typeof assets.schoolId, ids: readonly string[]): SQL {
  const distinct = [...new Set(ids)];
  return distinct.length === 1 ? sql`${column} = ${distinct[0]}::uuid` : sql`${column} = any(${uuids(distinct)})`;
}

/**
 * Assets the actor may see, in the WHERE itself: whole regions by the asset's own column,
 * sectors and zones through the ids of their schools (a few dozen), single schools directly.
 */
export function assetsScope(scopes: VisibleScopes): SQL | undefined {
  if (scopes.all) return undefined;
  const parts: SQL[] = [];
  if (scopes.regionIds.length > 0) parts.push(oneOf(assets.regionId, scopes.regionIds));
  if (scopes.schoolIds.length > 0) parts.push(oneOf(assets.schoolId, scopes.schoolIds));
  if (scopes.sectorIds.length > 0)
    parts.push(sql`${assets.schoolId} in (select ${schools.id} from ${schools} where ${schools.sectorId} = any(${uuids(scopes.sectorIds)}))`);
  if (scopes.zoneIds.length > 0)
    parts.push(sql`${assets.schoolId} in (select ${schools.id} from ${schools} where ${schools.zoneId} = any(${uuids(scopes.zoneIds)}))`);
  return parts.length > 0 ? or(...parts) : sql`false`;
}

function whereOf(scopes: VisibleScopes, filters: AssetFilters) {
  const conditions = [assetsScope(scopes)];
  if (filters.schoolId) conditions.push(eq(assets.schoolId, filters.schoolId));
  if (filters.type) conditions.push(eq(assets.type, filters.type));
  if (filters.status) conditions.push(eq(assets.status, filters.status));
  if (filters.roomId) conditions.push(eq(assets.roomId, filters.roomId));
  if (filters.q) {
    const pattern = `%${filters.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // The same expression as the trigram index assets_search.
    conditions.push(
      sql`lower(coalesce(${assets.name}, '') || ' ' || coalesce(${assets.serial}, '') || ' ' || coalesce(${assets.inventoryNumber}, '')) like ${pattern}`,
    );
  }
  return and(...conditions);
}

export const ASSET_SORT_FIELDS = ["name", "type", "status", "lastInventoryAt", "warrantyEndsOn"] as const;
const SORTS = { name: assets.name, type: assets.type, status: assets.status, lastInventoryAt: assets.lastInventoryAt, warrantyEndsOn: assets.warrantyEndsOn };

export const assetColumns = {
  id: assets.id,
  regionId: assets.regionId,
  schoolId: assets.schoolId,
  schoolUai: schools.uai,
  schoolName: schools.name,
  roomId: assets.roomId,
  roomName: rooms.name,
  networkDomain: assets.networkDomain,
  type: assets.type,
  manufacturer: assets.manufacturer,
  model: assets.model,
  serial: assets.serial,
  uuid: assets.uuid,
  name: assets.name,
  inventoryNumber: assets.inventoryNumber,
  status: assets.status,
  funding: assets.funding,
  isQualifiedByRegion: assets.isQualifiedByRegion,
  acquiredOn: assets.acquiredOn,
  supplier: assets.supplier,
  warrantyEndsOn: assets.warrantyEndsOn,
  acquisitionPriceCents: assets.acquisitionPriceCents,
  lentToPersonId: assets.lentToPersonId,
  source: assets.source,
  lastInventoryAt: assets.lastInventoryAt,
  agentDeviceId: assets.agentDeviceId,
  version: assets.version,
  createdAt: assets.createdAt,
  updatedAt: assets.updatedAt,
};

/** Counting stops here: past it the list says "more than" (a region holds up to a million items). */
export const COUNT_CAP = 10_000;

/**
 * The list's two statements, built apart so that the benchmark's floor runs exactly this SQL:
 * a page walked in the sort's order (an index on (region or lycée, sort column, id) for each
 * sort the web offers), and a count that stops at COUNT_CAP, read from an index alone.
 */
export function assetListSql(db: Db, scopes: VisibleScopes, filters: AssetFilters, page: { sort: string; limit: number; offset: number }) {
  const descending = page.sort.startsWith("-");
  const field = page.sort.replace(/^-/, "") as keyof typeof SORTS;
  const column = SORTS[field] ?? assets.name;
  const where = whereOf(scopes, filters);
  return {
    page: db
      .select(assetColumns)
      .from(assets)
      .innerJoin(schools, eq(schools.id, assets.schoolId))
      .leftJoin(rooms, eq(rooms.id, assets.roomId))
      .where(where)
      .orderBy(descending ? sql`${column} desc nulls last` : sql`${column} asc nulls last`, asc(assets.id))
      .limit(page.limit)
      .offset(page.offset),
    count: sql`select count(*)::int as n from (select 1 from ${assets} where ${where ?? sql`true`} limit ${COUNT_CAP + 1}) capped`,
  };
}

export async function findAssets(db: Db, scopes: VisibleScopes, filters: AssetFilters, page: { sort: string; limit: number; offset: number }) {
  const queries = assetListSql(db, scopes, filters, page);
  const [items, counted] = await Promise.all([queries.page, db.execute(queries.count)]);
  const total = rowsOf<{ n: number }>(counted)[0]?.n ?? 0;
  return { items, total: Math.min(total, COUNT_CAP), totalExact: total <= COUNT_CAP };
}

export async function findAsset(db: Db, scopes: VisibleScopes, id: string) {
  const [row] = await db
    .select({ ...assetColumns, technical: assets.technical })
    .from(assets)
    .innerJoin(schools, eq(schools.id, assets.schoolId))
    .leftJoin(rooms, eq(rooms.id, assets.roomId))
    .where(and(eq(assets.id, id), assetsScope(scopes)));
  return row ?? null;
}

export async function findInstalledSoftware(db: Db, assetId: string) {
  return db
    .select({ softwareId: software.id, name: software.name, publisher: software.publisher, version: softwareVersions.version, arch: softwareVersions.arch })
    .from(softwareInstallations)
    .innerJoin(softwareVersions, eq(softwareVersions.id, softwareInstallations.versionId))
    .innerJoin(software, eq(software.id, softwareVersions.softwareId))
    .where(eq(softwareInstallations.assetId, assetId))
    .orderBy(asc(software.nameKey), asc(softwareVersions.version));
}

export async function findAssetEvents(db: Db, assetId: string) {
  return db
    .select({ id: assetEvents.id, at: assetEvents.at, kind: assetEvents.kind, actorLabel: assetEvents.actorLabel, details: assetEvents.details })
    .from(assetEvents)
    .where(eq(assetEvents.assetId, assetId))
    .orderBy(desc(assetEvents.at), desc(assetEvents.id));
}

export async function findRooms(db: Db, schoolId: string) {
  return db.select().from(rooms).where(eq(rooms.schoolId, schoolId)).orderBy(asc(rooms.building), asc(rooms.floor), asc(rooms.name));
}

export async function findRoomsByIds(db: Db, ids: string[]) {
  return ids.length === 0 ? [] : db.select().from(rooms).where(inArray(rooms.id, ids));
}
