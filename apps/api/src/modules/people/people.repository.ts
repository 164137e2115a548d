import { parseSort } from "@relais/shared/lists";
import type { VisibleScopes } from "@relais/shared/permissions";
import { and, asc, desc, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { scopeCondition } from "../../lib/scope-sql.ts";
import { organisations } from "../organisation/organisation.schema.ts";
import { credentials, people, roleAssignments } from "./people.schema.ts";

export const PERSON_SORT_FIELDS = ["lastName", "firstName", "email"] as const;

const columns = {
  id: people.id,
  email: people.email,
  firstName: people.firstName,
  lastName: people.lastName,
  phone: people.phone,
  regionId: people.regionId,
  organisationId: people.organisationId,
  organisationName: organisations.name,
  isActive: people.isActive,
  hasAccount: sql<boolean>`(${credentials.passwordHash} is not null)`,
  version: people.version,
};

/**
 * A person is visible to whoever may read where they hold a role (now or in the past), to
 * readers of their organisation, and to region-wide readers of their region; and to themself.
 */
export function peopleScope(scopes: VisibleScopes, selfId: string): SQL | undefined {
  if (scopes.all) return undefined;
  // Region-wide readers see the whole region; narrower ones see role holders of their nodes.
  const tree = { ...scopes, regionIds: [] };
  const narrowRoleHeld = scopeCondition(tree, {
    sectorId: roleAssignments.sectorId,
    zoneId: roleAssignments.zoneId,
    schoolId: roleAssignments.schoolId,
    organisationId: roleAssignments.organisationId,
  });
  return or(
    eq(people.id, selfId),
    scopes.regionIds.length ? inArray(people.regionId, scopes.regionIds) : undefined,
    scopes.organisationIds.length ? inArray(people.organisationId, scopes.organisationIds) : undefined,
    sql`exists (select 1 from role_assignments where role_assignments.person_id = ${people.id} and ${narrowRoleHeld})`,
  );
}

export type PersonFilters = { q?: string | undefined; schoolId?: string | undefined; organisationId?: string | undefined; role?: string | undefined };

export async function findPeople(db: Db, scopes: VisibleScopes, selfId: string, filters: PersonFilters, page: { sort: string; limit: number; offset: number }) {
  const conditions = [peopleScope(scopes, selfId)];
  if (filters.q) {
    const pattern = `%${filters.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(sql`lower(${people.firstName} || ' ' || ${people.lastName} || ' ' || ${people.email}) like ${pattern}`);
  }
  if (filters.organisationId) conditions.push(eq(people.organisationId, filters.organisationId));
  if (filters.schoolId || filters.role) {
    conditions.push(
      sql`exists (select 1 from role_assignments ra where ra.person_id = ${people.id} and ra.ended_at is null
        ${filters.schoolId ? sql`and ra.school_id = ${filters.schoolId}` : sql``} ${filters.role ? sql`and ra.role = ${filters.role}` : sql``})`,
    );
  }
  const where = and(...conditions);
  const { field, descending } = parseSort(page.sort);
  const sortColumn = field === "email" ? people.email : field === "firstName" ? people.firstName : people.lastName;
  const [items, [count]] = await Promise.all([
    db
      .select(columns)
      .from(people)
      .leftJoin(organisations, eq(organisations.id, people.organisationId))
      .leftJoin(credentials, eq(credentials.personId, people.id))
      .where(where)
      .orderBy(descending ? desc(sortColumn) : asc(sortColumn), asc(people.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ total: sql<number>`count(*)::int` }).from(people).where(where),
  ]);
  return { items, total: count?.total ?? 0 };
}

export async function findPerson(db: Db, scopes: VisibleScopes, selfId: string, id: string) {
  const [row] = await db
    .select(columns)
    .from(people)
    .leftJoin(organisations, eq(organisations.id, people.organisationId))
    .leftJoin(credentials, eq(credentials.personId, people.id))
    .where(and(eq(people.id, id), peopleScope(scopes, selfId)))
    .limit(1);
  return row ?? null;
}

export async function findPersonByEmail(db: Db, email: string) {
  const [row] = await db
    .select()
    .from(people)
    .where(eq(sql`lower(${people.email})`, email.toLowerCase()))
    .limit(1);
  return row ?? null;
}

export async function findPersonById(db: Db, id: string) {
  const [row] = await db.select().from(people).where(eq(people.id, id)).limit(1);
  return row ?? null;
}

export async function insertPerson(db: Db, values: typeof people.$inferInsert) {
  const [row] = await db.insert(people).values(values).onConflictDoNothing().returning();
  return row ?? null;
}

export async function updatePerson(db: Db, id: string, version: number, values: Partial<typeof people.$inferInsert>) {
  const [row] = await db
    .update(people)
    .set({ ...values, version: sql`${people.version} + 1` })
    .where(and(eq(people.id, id), eq(people.version, version)))
    .returning({ id: people.id });
  return row ?? null;
}
