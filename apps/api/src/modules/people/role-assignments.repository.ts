import type { VisibleScopes } from "@relais/shared/permissions";
import { and, eq, isNull, type SQL, sql } from "drizzle-orm";
import { type Db, queryRows } from "../../db/client.ts";
import { scopeCondition } from "../../lib/scope-sql.ts";
import { roleAssignments } from "./people.schema.ts";

const today = sql`(now() at time zone 'Europe/Paris')::date`;
export const isActiveSql = sql`(ra.ended_at is null and ra.valid_from <= ${today} and (ra.valid_until is null or ra.valid_until >= ${today}))`;

export type AssignmentFilters = {
  schoolId?: string | undefined;
  personId?: string | undefined;
  organisationId?: string | undefined;
  role?: string | undefined;
  schoolYear?: string | undefined;
  activeOnly?: boolean | undefined;
};

export function assignmentsScope(scopes: VisibleScopes): SQL | undefined {
  return scopeCondition(scopes, {
    regionId: sql`ra.region_id`,
    sectorId: sql`ra.sector_id`,
    zoneId: sql`ra.zone_id`,
    schoolId: sql`ra.school_id`,
    organisationId: sql`ra.organisation_id`,
  });
}

type Row = {
  id: string;
  person_id: string;
  person_name: string;
  person_email: string;
  role: string;
  scope_kind: string;
  region_id: string | null;
  sector_id: string | null;
  zone_id: string | null;
  school_id: string | null;
  organisation_id: string | null;
  scope_name: string;
  school_year: string | null;
  valid_from: string;
  valid_until: string | null;
  ended_at: Date | string | null;
  is_active: boolean;
  designated_by_name: string | null;
};

export async function findAssignments(db: Db, scopes: VisibleScopes, selfId: string, filters: AssignmentFilters, limit: number, offset: number) {
  const conditions: (SQL | undefined)[] = [sql`(${assignmentsScope(scopes) ?? sql`true`} or ra.person_id = ${selfId})`];
  if (filters.schoolId) conditions.push(sql`ra.school_id = ${filters.schoolId}`);
  if (filters.personId) conditions.push(sql`ra.person_id = ${filters.personId}`);
  if (filters.organisationId) conditions.push(sql`ra.organisation_id = ${filters.organisationId}`);
  if (filters.role) conditions.push(sql`ra.role = ${filters.role}`);
  if (filters.schoolYear) conditions.push(sql`ra.school_year = ${filters.schoolYear}`);
  if (filters.activeOnly) conditions.push(isActiveSql);
  const where = sql.join(
    conditions.filter((c): c is SQL => !!c),
    sql` and `,
  );
  const [items, count] = await Promise.all([
    queryRows<Row>(
      db,
      sql`
      select ra.id, ra.person_id, p.first_name || ' ' || p.last_name as person_name, p.email as person_email, ra.role, ra.scope_kind,
        ra.region_id, ra.sector_id, ra.zone_id, ra.school_id, ra.organisation_id,
        coalesce(case ra.scope_kind when 'school' then sc.name when 'zone' then z.name when 'sector' then se.name when 'organisation' then o.name when 'region' then r.name end, 'Plateforme') as scope_name,
        ra.school_year, ra.valid_from::text, ra.valid_until::text, ra.ended_at, ${isActiveSql} as is_active,
        d.first_name || ' ' || d.last_name as designated_by_name
      from role_assignments ra
      join people p on p.id = ra.person_id
      left join people d on d.id = ra.designated_by
      left join schools sc on sc.id = ra.school_id
      left join zones z on z.id = ra.zone_id
      left join sectors se on se.id = ra.sector_id
      left join organisations o on o.id = ra.organisation_id
      left join regions r on r.id = ra.region_id
      where ${where}
      order by ${isActiveSql} desc, ra.school_year desc nulls last, ra.role, p.last_name, ra.id
      limit ${limit} offset ${offset}`,
    ),
    queryRows<{ total: number }>(db, sql`select count(*)::int as total from role_assignments ra where ${where}`),
  ]);
  return {
    items: items.map((r) => ({
      id: r.id,
      personId: r.person_id,
      personName: r.person_name,
      personEmail: r.person_email,
      role: r.role,
      scopeKind: r.scope_kind,
      regionId: r.region_id,
      sectorId: r.sector_id,
      zoneId: r.zone_id,
      schoolId: r.school_id,
      organisationId: r.organisation_id,
      scopeName: r.scope_name,
      schoolYear: r.school_year,
      validFrom: r.valid_from,
      validUntil: r.valid_until,
      endedAt: r.ended_at ? new Date(r.ended_at) : null,
      isActive: r.is_active,
      designatedByName: r.designated_by_name,
    })),
    total: Number(count[0]?.total ?? 0),
  };
}

/** Assignments of one role at one node whose period overlaps [from, until], not ended. */
export async function findOverlapping(
  db: Db,
  where: { role: string; scopeKind: string; nodeId: string | null; personId?: string },
  from: string,
  until: string | null,
) {
  const nodeColumn = { platform: null, region: "region_id", sector: "sector_id", zone: "zone_id", school: "school_id", organisation: "organisation_id" }[
    where.scopeKind
  ];
  const result = await queryRows<{ id: string; person_id: string; valid_from: string; valid_until: string | null; name: string }>(
    db,
    sql`
    select ra.id, ra.person_id, ra.valid_from::text, ra.valid_until::text, p.first_name || ' ' || p.last_name as name
    from role_assignments ra join people p on p.id = ra.person_id
    where ra.role = ${where.role} and ra.scope_kind = ${where.scopeKind} and ra.ended_at is null
      ${nodeColumn ? sql`and ra.${sql.identifier(nodeColumn)} = ${where.nodeId}` : sql``}
      ${where.personId ? sql`and ra.person_id = ${where.personId}` : sql``}
      and ra.valid_from <= coalesce(${until}::date, 'infinity'::date)
      and coalesce(ra.valid_until, 'infinity'::date) >= ${from}::date
    for update of ra`,
  );
  return result;
}

export async function insertAssignment(db: Db, values: typeof roleAssignments.$inferInsert) {
  const [row] = await db.insert(roleAssignments).values(values).returning();
  return row!;
}

export async function findAssignmentById(db: Db, id: string) {
  const [row] = await db.select().from(roleAssignments).where(eq(roleAssignments.id, id)).limit(1);
  return row ?? null;
}

export async function endAssignment(db: Db, id: string, endedOn: string) {
  const [row] = await db
    .update(roleAssignments)
    .set({ endedAt: sql`now()`, validUntil: sql`greatest(${roleAssignments.validFrom}, ${endedOn}::date)` })
    .where(and(eq(roleAssignments.id, id), isNull(roleAssignments.endedAt)))
    .returning();
  return row ?? null;
}
