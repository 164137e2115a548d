import { parseSort } from "@relais/shared/lists";
import type { VisibleScopes } from "@relais/shared/permissions";
import type { DIGITAL_MODES, EnrolmentLine, SCHOOL_TYPES } from "@relais/shared/schools";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import { type Db, prepareSql, rowsOf } from "../../db/client.ts";
import { type Bind, keptStatements, limitOffset, placeholders } from "../../db/kept-statements.ts";
import { scopeCondition } from "../../lib/scope-sql.ts";
import { SESSION_PLACEHOLDERS, type SessionCheck, sessionCheckSql, sessionCheckValues, settleSessionCheck } from "../auth/actor.ts";
import { schoolEnrolments, schools, sectors, zones } from "./organisation.schema.ts";

export type SchoolFilters = {
  q?: string | undefined;
  regionId?: string | undefined;
  sectorId?: string | undefined;
  zoneId?: string | undefined;
  type?: (typeof SCHOOL_TYPES)[number] | undefined;
  academie?: string | undefined;
  departmentCode?: string | undefined;
  digitalMode?: (typeof DIGITAL_MODES)[number] | undefined;
};

const columns = {
  id: schools.id,
  regionId: schools.regionId,
  uai: schools.uai,
  name: schools.name,
  type: schools.type,
  isPublic: schools.isPublic,
  academie: schools.academie,
  departmentCode: schools.departmentCode,
  commune: schools.commune,
  sectorId: schools.sectorId,
  sectorName: sectors.name,
  zoneId: schools.zoneId,
  zoneName: zones.name,
  digitalMode: schools.digitalMode,
  hasRemoteSupport: schools.hasRemoteSupport,
  bandwidthMbps: schools.bandwidthMbps,
  wifiStatus: schools.wifiStatus,
  studentCount: schools.studentCount,
  version: schools.version,
};

const SORTS: Record<string, AnyPgColumn> = {
  name: schools.name,
  uai: schools.uai,
  commune: schools.commune,
  academie: schools.academie,
  studentCount: schools.studentCount,
  type: schools.type,
};
export const SCHOOL_SORT_FIELDS = ["name", "uai", "commune", "academie", "studentCount", "type"] as const;

const SCOPE_COLUMNS = { regionId: schools.regionId, sectorId: schools.sectorId, zoneId: schools.zoneId, schoolId: schools.id };

export function schoolsScope(scopes: VisibleScopes) {
  return scopeCondition(scopes, SCOPE_COLUMNS);
}

function whereOf(scopes: VisibleScopes, filters: SchoolFilters, bind: Bind) {
  const conditions = [scopeCondition(scopes, SCOPE_COLUMNS, bind)];
  if (filters.q) {
    const pattern = `%${filters.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // Matches the trigram index on the same expression.
    conditions.push(sql`lower(${schools.name} || ' ' || ${schools.uai} || ' ' || ${schools.commune}) like ${bind("q", pattern)}`);
  }
  const equal = (column: AnyPgColumn, name: string, value: unknown) => sql`${column} = ${bind(name, value)}`;
  if (filters.regionId) conditions.push(equal(schools.regionId, "regionFilter", filters.regionId));
  if (filters.sectorId) conditions.push(equal(schools.sectorId, "sectorFilter", filters.sectorId));
  if (filters.zoneId) conditions.push(equal(schools.zoneId, "zoneFilter", filters.zoneId));
  if (filters.type) conditions.push(equal(schools.type, "type", filters.type));
  if (filters.academie) conditions.push(equal(schools.academie, "academie", filters.academie));
  if (filters.departmentCode) conditions.push(equal(schools.departmentCode, "departmentCode", filters.departmentCode));
  if (filters.digitalMode) conditions.push(equal(schools.digitalMode, "digitalMode", filters.digitalMode));
  return and(...conditions);
}

type SchoolRow = Awaited<ReturnType<typeof pageSelect>>[number];
type PreparedList = {
  page: { execute(values: Record<string, unknown>): Promise<SchoolRow[]> };
  count: { execute(values: Record<string, unknown>): Promise<{ rows: { total: number; session_ok?: boolean }[] }> };
};

const pageSelect = (db: Db) =>
  db.select(columns).from(schools).leftJoin(sectors, eq(sectors.id, schools.sectorId)).leftJoin(zones, eq(zones.id, schools.zoneId));
const pageRows = rowsOf<SchoolRow>(columns);
const keptLists = keptStatements<PreparedList>(500);

/**
 * The directory's page and total, compiled once per shape (scope kinds, filters, sort, page
 * clause) and kept (db/kept-statements.ts): a request fills the kept statements' placeholders.
 * A text search runs unnamed, planned for its pattern, as the other lists' do.
 * `check`: a cached session, checked by the count in the same round trip (ADR 0009).
 */
export async function findSchools(
  db: Db,
  scopes: VisibleScopes,
  filters: SchoolFilters,
  page: { sort: string; limit: number; offset: number },
  check?: SessionCheck | null,
) {
  const { bind, values } = placeholders();
  const where = whereOf(scopes, filters, bind);
  const pageClause = limitOffset(page, bind);
  if (check) Object.assign(values, sessionCheckValues(check));
  const key = `${page.sort}|${scopes.all ? "all" : ""}|${check ? "checked" : ""}|${pageClause.key}|${Object.keys(values).join(",")}`;
  const prepared = keptLists(db, key, () => {
    const { field, descending } = parseSort(page.sort);
    const sortColumn = SORTS[field] ?? schools.name;
    const ordered = pageSelect(db)
      .where(where)
      .orderBy(descending ? desc(sortColumn) : asc(sortColumn), asc(schools.id));
    const sessionOk = check ? sql`, ${sessionCheckSql(SESSION_PLACEHOLDERS, (name) => sql`${sql.placeholder(name)}`)} as session_ok` : sql``;
    const named = !filters.q;
    return {
      page: prepareSql(db, sql`${ordered.getSQL()} ${pageClause.sql}`, { named, mapRows: pageRows }),
      count: prepareSql(db, sql`select count(*)::int as total${sessionOk} from ${schools} where ${where ?? sql`true`}`, { named }),
    } as PreparedList;
  });
  const [items, counted] = await Promise.all([prepared.page.execute(values), prepared.count.execute(values)]);
  if (check) settleSessionCheck(check, counted.rows[0]?.session_ok);
  return { items, total: counted.rows[0]?.total ?? 0 };
}

/** A school by id or UAI, only if the actor may see it (otherwise null: out of scope reads as absent). */
export async function findSchool(db: Db, scopes: VisibleScopes, idOrUai: string) {
  const key = /^[0-9a-f-]{36}$/i.test(idOrUai) ? eq(schools.id, idOrUai) : eq(schools.uai, idOrUai.toUpperCase());
  const [row] = await db
    .select(columns)
    .from(schools)
    .leftJoin(sectors, eq(sectors.id, schools.sectorId))
    .leftJoin(zones, eq(zones.id, schools.zoneId))
    .where(and(key, schoolsScope(scopes)))
    .limit(1);
  return row ?? null;
}

export async function insertSchool(db: Db, values: typeof schools.$inferInsert) {
  const [row] = await db.insert(schools).values(values).onConflictDoNothing({ target: schools.uai }).returning({ id: schools.id });
  return row ?? null;
}

/** Schools holding these UAIs, in any region (an import must not take over another region's school). */
export async function findSchoolsByUai(db: Db, uais: string[]) {
  if (uais.length === 0) return [];
  return db
    .select({
      id: schools.id,
      uai: schools.uai,
      regionId: schools.regionId,
      name: schools.name,
      type: schools.type,
      academie: schools.academie,
      departmentCode: schools.departmentCode,
      commune: schools.commune,
      sectorId: schools.sectorId,
      zoneId: schools.zoneId,
      digitalMode: schools.digitalMode,
      wifiStatus: schools.wifiStatus,
      bandwidthMbps: schools.bandwidthMbps,
      hasRemoteSupport: schools.hasRemoteSupport,
    })
    .from(schools)
    .where(inArray(schools.uai, uais));
}

export async function insertSchools(db: Db, values: (typeof schools.$inferInsert)[]) {
  if (values.length > 0) await db.insert(schools).values(values);
}

/** Updates without a version check (the CSV import), still bumping the version so an open editor sees the change. */
export async function overwriteSchool(db: Db, id: string, values: Partial<typeof schools.$inferInsert>) {
  await db
    .update(schools)
    .set({ ...values, version: sql`${schools.version} + 1`, updatedAt: sql`now()` })
    .where(eq(schools.id, id));
}

/** Updates only if the version still matches (optimistic concurrency); returns null otherwise. */
export async function updateSchool(db: Db, id: string, version: number, values: Partial<typeof schools.$inferInsert>) {
  const [row] = await db
    .update(schools)
    .set({ ...values, version: sql`${schools.version} + 1`, updatedAt: sql`now()` })
    .where(and(eq(schools.id, id), eq(schools.version, version)))
    .returning({ id: schools.id });
  return row ?? null;
}

export async function findEnrolment(db: Db, schoolId: string, schoolYear: string) {
  return db
    .select({ track: schoolEnrolments.track, level: schoolEnrolments.level, students: schoolEnrolments.students })
    .from(schoolEnrolments)
    .where(and(eq(schoolEnrolments.schoolId, schoolId), eq(schoolEnrolments.schoolYear, schoolYear)))
    .orderBy(asc(schoolEnrolments.track), asc(schoolEnrolments.level));
}

export async function replaceEnrolment(db: Db, schoolId: string, schoolYear: string, lines: EnrolmentLine[]) {
  await db.delete(schoolEnrolments).where(and(eq(schoolEnrolments.schoolId, schoolId), eq(schoolEnrolments.schoolYear, schoolYear)));
  if (lines.length > 0) await db.insert(schoolEnrolments).values(lines.map((line) => ({ ...line, schoolId, schoolYear })));
}

export async function setStudentCount(db: Db, schoolId: string, studentCount: number) {
  await db.update(schools).set({ studentCount }).where(eq(schools.id, schoolId));
}

export async function findSchoolAcademies(db: Db, scopes: VisibleScopes) {
  const rows = await db.selectDistinct({ academie: schools.academie }).from(schools).where(schoolsScope(scopes)).orderBy(asc(schools.academie));
  return rows.map((r) => r.academie);
}
