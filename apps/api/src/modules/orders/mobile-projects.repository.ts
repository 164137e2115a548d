import type { VisibleScopes } from "@relais/shared/permissions";
import { and, asc, desc, eq, ne, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { scopeCondition } from "../../lib/scope-sql.ts";
import { schools } from "../organisation/organisation.schema.ts";
import { mobileProjects } from "./orders.schema.ts";

export type MobileProjectRow = typeof mobileProjects.$inferSelect;

const withSchool = {
  project: mobileProjects,
  schoolName: schools.name,
  uai: schools.uai,
  academie: schools.academie,
};

export async function insertMobileProject(db: Db, values: typeof mobileProjects.$inferInsert) {
  const [row] = await db.insert(mobileProjects).values(values).returning();
  return row!;
}

export async function findMobileProjectById(db: Db, id: string) {
  const [row] = await db.select().from(mobileProjects).where(eq(mobileProjects.id, id));
  return row ?? null;
}

/** The school's project still under way or approved (a refused one leaves room for another). */
export async function findLiveMobileProject(db: Db, campaignId: string, schoolId: string) {
  const [row] = await db
    .select()
    .from(mobileProjects)
    .where(and(eq(mobileProjects.campaignId, campaignId), eq(mobileProjects.schoolId, schoolId), ne(mobileProjects.status, "rejected")));
  return row ?? null;
}

/** A campaign's projects the actor may see, those waiting first, with their school. */
export async function findMobileProjects(db: Db, scopes: VisibleScopes, campaignId: string) {
  return db
    .select(withSchool)
    .from(mobileProjects)
    .innerJoin(schools, eq(schools.id, mobileProjects.schoolId))
    .where(
      and(
        eq(mobileProjects.campaignId, campaignId),
        scopeCondition(scopes, { regionId: mobileProjects.regionId, sectorId: schools.sectorId, zoneId: schools.zoneId, schoolId: mobileProjects.schoolId }),
      ),
    )
    .orderBy(
      sql`case ${mobileProjects.status} when 'submitted' then 0 when 'academie_approved' then 1 else 2 end`,
      desc(mobileProjects.filedAt),
      asc(schools.name),
    )
    .limit(2000);
}

export async function findMobileProjectWithSchool(db: Db, id: string) {
  const [row] = await db.select(withSchool).from(mobileProjects).innerJoin(schools, eq(schools.id, mobileProjects.schoolId)).where(eq(mobileProjects.id, id));
  return row ?? null;
}

/** Moves a project on if it is still at the version the caller read; null otherwise. */
export async function updateMobileProject(db: Db, id: string, version: number, changes: Partial<typeof mobileProjects.$inferInsert>) {
  const [row] = await db
    .update(mobileProjects)
    .set({ ...changes, version: sql`${mobileProjects.version} + 1` })
    .where(and(eq(mobileProjects.id, id), eq(mobileProjects.version, version)))
    .returning();
  return row ?? null;
}
