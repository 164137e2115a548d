import type { AssetStatus, AssetType } from "@relais/shared/inventory";
import type { VisibleScopes } from "@relais/shared/permissions";
import { and, asc, type Column, desc, eq, fillPlaceholders, inArray, or, type Query, type SQL, sql } from "drizzle-orm";
import { type Db, prepareSql, rowsOf } from "../../db/client.ts";
import { asParam, type Bind, keptStatements, limitOffset, oneOf, placeholders } from "../../db/kept-statements.ts";
import { SESSION_PLACEHOLDERS, type SessionCheck, sessionCheckSql, sessionCheckValues, settleSessionCheck } from "../auth/actor.ts";
import { schools } from "../organisation/organisation.schema.ts";
import { assetCountsRegion, assetCountsSchool, assetEvents, assetInstallations, assets, rooms, software, softwareVersions } from "./inventory.schema.ts";

export type AssetFilters = { schoolId?: string; type?: AssetType; status?: AssetStatus; q?: string; roomId?: string; lentToPersonId?: string };

/** A table whose rows belong to a region and a lycée: the assets, and their counts by lycée. */
type Located = { regionId: Column; schoolId: Column };

/**
 * Assets the actor may see, in the WHERE itself: whole regions by the asset's own column,
 * sectors and zones through the ids of their schools (a few dozen), single schools directly.
 * The same condition selects the rows of the counts by lycée (`table`).
 */
export function assetsScope(scopes: VisibleScopes, bind: Bind = asParam, table: Located = assets): SQL | undefined {
  if (scopes.all) return undefined;
  const parts: SQL[] = [];
  if (scopes.regionIds.length > 0) parts.push(oneOf(table.regionId, scopes.regionIds, "region", bind));
  if (scopes.schoolIds.length > 0) parts.push(oneOf(table.schoolId, scopes.schoolIds, "scopeSchool", bind));
  if (scopes.sectorIds.length > 0)
    parts.push(
      sql`${table.schoolId} in (select ${schools.id} from ${schools} where ${schools.sectorId} = any(${bind("sectors", [...new Set(scopes.sectorIds)])}::uuid[]))`,
    );
  if (scopes.zoneIds.length > 0)
    parts.push(
      sql`${table.schoolId} in (select ${schools.id} from ${schools} where ${schools.zoneId} = any(${bind("zones", [...new Set(scopes.zoneIds)])}::uuid[]))`,
    );
  return parts.length > 0 ? or(...parts) : sql`false`;
}

function whereOf(scopes: VisibleScopes, filters: AssetFilters, bind: Bind) {
  const conditions = [assetsScope(scopes, bind)];
  if (filters.schoolId) conditions.push(sql`${assets.schoolId} = ${bind("school", filters.schoolId)}`);
  if (filters.type) conditions.push(sql`${assets.type} = ${bind("type", filters.type)}`);
  if (filters.status) conditions.push(sql`${assets.status} = ${bind("status", filters.status)}`);
  if (filters.roomId) conditions.push(sql`${assets.roomId} = ${bind("room", filters.roomId)}`);
  if (filters.lentToPersonId) conditions.push(sql`${assets.lentToPersonId} = ${bind("lentTo", filters.lentToPersonId)}`);
  if (filters.q) {
    const pattern = `%${filters.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // The same expression as the trigram index assets_search.
    conditions.push(
      sql`lower(coalesce(${assets.name}, '') || ' ' || coalesce(${assets.serial}, '') || ' ' || coalesce(${assets.inventoryNumber}, '')) like ${bind("q", pattern)}`,
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

/**
 * A count from the assets themselves (a text search, a room, a borrower) stops here: past it the
 * list says "more than" (a region holds up to a million items). Other totals are exact (`countOf`).
 */
export const COUNT_CAP = 10_000;

type ListPage = { sort: string; limit: number; offset: number };

/**
 * The list's shape and the values it binds: the shape (scope kinds, filters, sort, and the
 * page's limit and offset when written in: `limitOffset`) names the statement kept for it, the
 * values fill its placeholders. The scope `all` binds nothing, as an empty scope does
 * (`false`): it is told apart by its own mark.
 */
function listShape(scopes: VisibleScopes, filters: AssetFilters, page: ListPage) {
  const { bind, values } = placeholders();
  const where = whereOf(scopes, filters, bind);
  const count = countOf(scopes, filters, where, bind);
  const pageClause = limitOffset(page, bind);
  const key = `${page.sort}|${scopes.all ? "all" : ""}|${pageClause.key}|${Object.keys(values).join(",")}`;
  return { key, sort: page.sort, where, count, pageClause: pageClause.sql, values };
}

type Shape = ReturnType<typeof listShape>;

/**
 * The list's total. Filtered by lycée, type and status at most, it is summed from the kept
 * counts (migration 0011): exact, and a few dozen rows read whatever the estate's size — the
 * region's rows when the actor reads whole regions, the lycées' otherwise. Any other filter (a
 * text, a room, a borrower) is counted from the assets, from an index alone, up to COUNT_CAP.
 */
function countOf(scopes: VisibleScopes, filters: AssetFilters, where: SQL | undefined, bind: Bind): { sql: SQL; exact: boolean } {
  if (filters.q || filters.roomId || filters.lentToPersonId) {
    return { exact: false, sql: sql`select count(*)::int as n from (select 1 from ${assets} where ${where ?? sql`true`} limit ${COUNT_CAP + 1}) capped` };
  }
  const byRegion = !filters.schoolId && scopes.schoolIds.length === 0 && scopes.sectorIds.length === 0 && scopes.zoneIds.length === 0;
  const table = byRegion ? assetCountsRegion : assetCountsSchool;
  const scope = !byRegion
    ? assetsScope(scopes, bind, assetCountsSchool)
    : scopes.all
      ? undefined
      : scopes.regionIds.length > 0
        ? oneOf(assetCountsRegion.regionId, scopes.regionIds, "region", bind)
        : sql`false`;
  const conditions = and(
    scope,
    filters.schoolId ? sql`${assetCountsSchool.schoolId} = ${bind("school", filters.schoolId)}` : undefined,
    filters.type ? sql`${table.type} = ${bind("type", filters.type)}` : undefined,
    filters.status ? sql`${table.status} = ${bind("status", filters.status)}` : undefined,
  );
  return { exact: true, sql: sql`select coalesce(sum(${table.assets}), 0)::int as n from ${table} where ${conditions ?? sql`true`}` };
}

/** The assets with their lycée's and room's names: the list's rows. */
const pageSelect = (db: Db) =>
  db.select(assetColumns).from(assets).innerJoin(schools, eq(schools.id, assets.schoolId)).leftJoin(rooms, eq(rooms.id, assets.roomId));

/**
 * The list's two statements for one shape: a page walked in the sort's order (an index on
 * (region or lycée, sort column, id) for each sort the web offers), and its total (`countOf`).
 * Every value is a placeholder, the limit and offset too unless written in (`listShape`).
 */
function listStatements(db: Db, shape: Shape, checked: boolean) {
  const descending = shape.sort.startsWith("-");
  const column = SORTS[shape.sort.replace(/^-/, "") as keyof typeof SORTS] ?? assets.name;
  const page = pageSelect(db)
    .where(shape.where)
    .orderBy(descending ? sql`${column} desc nulls last` : sql`${column} asc nulls last`, asc(assets.id));
  return {
    page: sql`${page.getSQL()} ${shape.pageClause}`,
    count: withSessionCheck(shape.count.sql, checked),
  };
}

/** The count, and whether the cached session it runs for still holds (the values are placeholders too). */
function withSessionCheck(count: SQL, checked: boolean): SQL {
  if (!checked) return count;
  const check = sessionCheckSql(SESSION_PLACEHOLDERS, (name) => sql`${sql.placeholder(name)}`);
  return sql`select c.n, ${check} as session_ok from (${count}) c`;
}

type Prepared = ReturnType<typeof prepareStatements>;

/**
 * Both statements compiled once per shape and kept (per database handle): a request only fills
 * their values. They run prepared under a name of their text, so that PostgreSQL parses each
 * once per connection and keeps a plan that fits every parameter, as for the ticket list
 * (docs/PERFORMANCE.md) — except a text search: a plan made once for any pattern (a generic
 * plan) may read far more than one made for the pattern, as the ticket list's count did.
 */
function prepareStatements(db: Db, shape: Shape, named: boolean, checked: boolean) {
  const statements = listStatements(db, shape, checked);
  return {
    exactCount: shape.count.exact,
    page: prepareSql(db, statements.page, { named, mapRows: pageRows }) as {
      execute(values: Record<string, unknown>): Promise<AssetRow[]>;
      getQuery(): Query;
    },
    count: prepareSql(db, statements.count, { named }),
  };
}

/** A page's row, as Drizzle types the select. */
type AssetRow = Awaited<ReturnType<typeof pageSelect>>[number];
const pageRows = rowsOf<AssetRow>(assetColumns);

const keptLists = keptStatements<Prepared>(500);

function preparedFor(db: Db, scopes: VisibleScopes, filters: AssetFilters, page: ListPage, check: SessionCheck | null = null) {
  const shape = listShape(scopes, filters, page);
  if (check) Object.assign(shape.values, sessionCheckValues(check));
  const prepared = keptLists(db, `${check ? "checked" : ""}|${shape.key}`, () => prepareStatements(db, shape, !filters.q, check !== null));
  return { prepared, values: shape.values };
}

/** The list's two statements as SQL text and parameters: what the benchmark's floor runs. */
export function assetListSql(db: Db, scopes: VisibleScopes, filters: AssetFilters, page: ListPage) {
  const { prepared, values } = preparedFor(db, scopes, filters, page);
  const text = (query: { sql: string; params: unknown[] }) => ({ sql: query.sql, params: fillPlaceholders(query.params, values) });
  return { page: text(prepared.page.getQuery()), count: text(prepared.count.getQuery()), exactCount: prepared.exactCount };
}

/** `check`: a cached session, checked by the count in the same round trip. */
export async function findAssets(db: Db, scopes: VisibleScopes, filters: AssetFilters, page: ListPage, check?: SessionCheck | null) {
  const { prepared, values } = preparedFor(db, scopes, filters, page, check ?? null);
  const [items, counted] = await Promise.all([
    prepared.page.execute(values),
    prepared.count.execute(values) as Promise<{ rows: { n: number; session_ok?: boolean }[] }>,
  ]);
  if (check) settleSessionCheck(check, counted.rows[0]?.session_ok);
  const total = counted.rows[0]?.n ?? 0;
  if (prepared.exactCount) return { items, total, totalExact: true };
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

/** The asset's installed versions, read by their primary key from its one row of ids (ADR 0010). */
export async function findInstalledSoftware(db: Db, assetId: string) {
  return db
    .select({ softwareId: software.id, name: software.name, publisher: software.publisher, version: softwareVersions.version, arch: softwareVersions.arch })
    .from(softwareVersions)
    .innerJoin(software, eq(software.id, softwareVersions.softwareId))
    .where(
      // The cast makes it ANY over the row's array, not ANY over the subquery's rows.
      sql`${softwareVersions.id} = any((select ${assetInstallations.versionIds} from ${assetInstallations} where ${assetInstallations.assetId} = ${assetId})::uuid[])`,
    )
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
