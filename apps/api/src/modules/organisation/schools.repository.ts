import { parseSort } from "@relais/shared/lists";
import type { VisibleScopes } from "@relais/shared/permissions";
import type { DIGITAL_MODES, EnrolmentLine, SCHOOL_TYPES } from "@relais/shared/schools";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client.ts";
import { scopeCondition } from "../../lib/scope-sql.ts";
import { type SessionCheck, sessionCheckSql, settleSessionCheck } from "../auth/actor.ts";
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

export function schoolsScope(scopes: VisibleScopes) {
  return scopeCondition(scopes, { regionId: schools.regionId, sectorId: schools.sectorId, zoneId: schools.zoneId, schoolId: schools.id });
}

function whereOf(scopes: VisibleScopes, filters: SchoolFilters) {
  const conditions = [schoolsScope(scopes)];
  if (filters.q) {
    const pattern = `%${filters.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    // Matches the trigram index on the same expression.
    conditions.push(sql`lower(${schools.name} || ' ' || ${schools.uai} || ' ' || ${schools.commune}) like ${pattern}`);
  }
  if (filters.regionId) conditions.push(eq(schools.regionId, filters.regionId));
  if (filters.sectorId) conditions.push(eq(schools.sectorId, filters.sectorId));
  if (filters.zoneId) conditions.push(eq(schools.zoneId, filters.zoneId));
  if (filters.type) conditions.push(eq(schools.type, filters.type));
  if (filters.academie) conditions.push(eq(schools.academie, filters.academie));
  if (filters.departmentCode) conditions.push(eq(schools.departmentCode, filters.departmentCode));
  if (filters.digitalMode) conditions.push(eq(schools.digitalMode, filters.digitalMode));
  return and(...conditions);
}

/** `check`: a cached session, checked by the count in the same round trip (ADR 0009). */
export async function findSchools(
  db: Db,
  scopes: VisibleScopes,
  filters: SchoolFilters,
  page: { sort: string; limit: number; offset: number },
  check?: SessionCheck | null,
) {
  const { field, descending } = parseSort(page.sort);
  const sortColumn = SORTS[field] ?? schools.name;
  const where = whereOf(scopes, filters);
  const [items, [count]] = await Promise.all([
    db
      .select(columns)
      .from(schools)
      .leftJoin(sectors, eq(sectors.id, schools.sectorId))
      .leftJoin(zones, eq(zones.id, schools.zoneId))
      .where(where)
      .orderBy(descending ? desc(sortColumn) : asc(sortColumn), asc(schools.id))
      .limit(page.limit)
      .offset(page.offset),
    db
      .select({ total: sql<number>`count(*)::int`, ...(check ? { sessionOk: sql<boolean>`${sessionCheckSql(check)}` } : {}) })
      .from(schools)
      .where(where),
  ]);
  if (check) settleSessionCheck(check, count?.sessionOk);
  return { items, total: count?.total ?? 0 };
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
