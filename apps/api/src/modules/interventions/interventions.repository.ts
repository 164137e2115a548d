import { and, asc, eq, gte, inArray, isNotNull, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client.ts";
import { organisations, regions, schools } from "../organisation/organisation.schema.ts";
import { people, roleAssignments } from "../people/people.schema.ts";
import { inRegions, inSchools, nodesOf, type TicketVisibility } from "../tickets/ticket-scope.ts";
import { visibilityCondition } from "../tickets/tickets.repository.ts";
import { tickets } from "../tickets/tickets.schema.ts";
import { calendarFeeds, interventions, schoolEstates, weeklySummaries } from "./interventions.schema.ts";

export type InterventionRow = typeof interventions.$inferSelect;

/**
 * Who sees an intervention: its technician; for a ticket's intervention, whoever sees the
 * ticket (the tickets module's own visibility, security incidents included); for a
 * preventive visit, whoever reads tickets over its school, and its contractor's people.
 */
export function interventionVisibility(v: TicketVisibility): SQL {
  const nodes = nodesOf(v.read);
  const orgIds = [...new Set(v.read.organisationIds)];
  return or(
    eq(interventions.technicianId, v.personId),
    and(isNotNull(interventions.ticketId), sql`${interventions.ticketId} in (select ${tickets.id} from ${tickets} where ${visibilityCondition(v)})`),
    and(
      isNull(interventions.ticketId),
      or(
        inRegions(interventions.regionId, nodes.regions),
        inSchools(interventions.schoolId, nodes.schools),
        orgIds.length > 0 ? inArray(interventions.organisationId, orgIds) : undefined,
      ),
    ),
  ) as SQL;
}

const technician = alias(people, "technician");
const certifier = alias(people, "certifier");

const columns = {
  id: interventions.id,
  regionId: interventions.regionId,
  regionName: regions.name,
  schoolId: interventions.schoolId,
  schoolUai: schools.uai,
  schoolName: schools.name,
  schoolCommune: schools.commune,
  schoolSectorId: schools.sectorId,
  schoolZoneId: schools.zoneId,
  schoolDepartmentCode: schools.departmentCode,
  ticketId: interventions.ticketId,
  ticketNumber: tickets.number,
  ticketTitle: tickets.title,
  kind: interventions.kind,
  status: interventions.status,
  technicianId: interventions.technicianId,
  technicianName: sql<string>`${technician.firstName} || ' ' || ${technician.lastName}`,
  organisationId: interventions.organisationId,
  organisationName: organisations.name,
  startsAt: interventions.startsAt,
  durationMinutes: interventions.durationMinutes,
  report: interventions.report,
  timeSpentMinutes: interventions.timeSpentMinutes,
  doneAt: interventions.doneAt,
  certifiedById: interventions.certifiedById,
  certifiedByName: sql<string | null>`case when ${certifier.id} is null then null else ${certifier.firstName} || ' ' || ${certifier.lastName} end`,
  certifiedAt: interventions.certifiedAt,
  certificationComment: interventions.certificationComment,
  cancelledAt: interventions.cancelledAt,
  cancellationReason: interventions.cancellationReason,
  version: interventions.version,
  createdAt: interventions.createdAt,
  updatedAt: interventions.updatedAt,
};
export type InterventionView = Awaited<ReturnType<typeof findIntervention>> & {};

function baseQuery(db: Db) {
  return db
    .select(columns)
    .from(interventions)
    .innerJoin(schools, eq(schools.id, interventions.schoolId))
    .innerJoin(regions, eq(regions.id, interventions.regionId))
    .innerJoin(technician, eq(technician.id, interventions.technicianId))
    .leftJoin(tickets, eq(tickets.id, interventions.ticketId))
    .leftJoin(certifier, eq(certifier.id, interventions.certifiedById))
    .leftJoin(organisations, eq(organisations.id, interventions.organisationId));
}

export type InterventionFilters = { technicianId?: string; schoolId?: string; ticketId?: string; from?: Date; to?: Date };

/** The agenda: the interventions the actor sees, in time order, over a period. */
export async function findInterventions(db: Db, v: TicketVisibility, filters: InterventionFilters, limit: number) {
  return baseQuery(db)
    .where(
      and(
        interventionVisibility(v),
        filters.technicianId ? eq(interventions.technicianId, filters.technicianId) : undefined,
        filters.schoolId ? eq(interventions.schoolId, filters.schoolId) : undefined,
        filters.ticketId ? eq(interventions.ticketId, filters.ticketId) : undefined,
        filters.from ? gte(interventions.startsAt, filters.from) : undefined,
        filters.to ? lt(interventions.startsAt, filters.to) : undefined,
      ),
    )
    .orderBy(asc(interventions.startsAt), asc(interventions.id))
    .limit(limit);
}

/** One intervention, only if the actor sees it. */
export async function findIntervention(db: Db, v: TicketVisibility, id: string) {
  const [row] = await baseQuery(db)
    .where(and(eq(interventions.id, id), interventionVisibility(v)))
    .limit(1);
  return row ?? null;
}

/** A technician's interventions for their calendar feed (no visibility: the feed is theirs). */
export async function findTechnicianInterventions(db: Db, technicianId: string, from: Date, to: Date) {
  return baseQuery(db)
    .where(and(eq(interventions.technicianId, technicianId), gte(interventions.startsAt, from), lt(interventions.startsAt, to)))
    .orderBy(asc(interventions.startsAt));
}

export async function insertIntervention(db: Db, values: typeof interventions.$inferInsert) {
  const [row] = await db.insert(interventions).values(values).returning();
  return row as InterventionRow;
}

/** Writes changes if the intervention is still at the version the caller read; null when it moved on. */
export async function updateIntervention(db: Db, id: string, version: number, changes: Partial<typeof interventions.$inferInsert>, now: Date) {
  const [row] = await db
    .update(interventions)
    .set({ ...changes, version: sql`${interventions.version} + 1`, updatedAt: now })
    .where(and(eq(interventions.id, id), eq(interventions.version, version)))
    .returning();
  return row ?? null;
}

/** Planned interventions of a technician overlapping a period (double booking). */
export async function findOverlapping(db: Db, technicianId: string, start: Date, end: Date) {
  return db
    .select({ id: interventions.id, startsAt: interventions.startsAt })
    .from(interventions)
    .where(
      and(
        eq(interventions.technicianId, technicianId),
        inArray(interventions.status, ["planned"]),
        lt(interventions.startsAt, end),
        sql`${interventions.startsAt} + make_interval(mins => ${interventions.durationMinutes}) > ${start}`,
      ),
    )
    .limit(1);
}

// ——— Estates ———

export async function findEstates(db: Db, schoolIds: string[]) {
  if (schoolIds.length === 0) return [];
  return db.select().from(schoolEstates).where(inArray(schoolEstates.schoolId, schoolIds));
}

export async function upsertEstate(db: Db, values: { schoolId: string; pcCount: number; updatedById: string; updatedAt: Date }) {
  const [row] = await db
    .insert(schoolEstates)
    .values({ ...values, source: "declared" })
    .onConflictDoUpdate({
      target: schoolEstates.schoolId,
      set: { pcCount: values.pcCount, source: "declared", updatedById: values.updatedById, updatedAt: values.updatedAt },
    })
    .returning();
  return row!;
}

/** The schools of a zone (for planning a zone's preventive visits). */
export async function findZoneSchools(db: Db, zoneId: string) {
  return db
    .select({
      id: schools.id,
      regionId: schools.regionId,
      sectorId: schools.sectorId,
      zoneId: schools.zoneId,
      name: schools.name,
      departmentCode: schools.departmentCode,
    })
    .from(schools)
    .where(eq(schools.zoneId, zoneId))
    .orderBy(asc(schools.name));
}

// ——— Calendar feeds ———

export async function upsertCalendarFeed(db: Db, personId: string, tokenHash: string, now: Date) {
  await db
    .insert(calendarFeeds)
    .values({ personId, tokenHash, createdAt: now })
    .onConflictDoUpdate({ target: calendarFeeds.personId, set: { tokenHash, createdAt: now } });
}

export async function findCalendarFeed(db: Db, tokenHash: string) {
  const [row] = await db
    .select({ personId: calendarFeeds.personId, firstName: people.firstName, lastName: people.lastName })
    .from(calendarFeeds)
    .innerJoin(people, eq(people.id, calendarFeeds.personId))
    .where(eq(calendarFeeds.tokenHash, tokenHash))
    .limit(1);
  return row ?? null;
}

// ——— Weekly summaries ———

/** Role holders active on a Paris day, with their scope. */
export async function findActiveAssignments(db: Db, roles: string[], day: string) {
  return db
    .select({
      personId: roleAssignments.personId,
      role: roleAssignments.role,
      regionId: roleAssignments.regionId,
      organisationId: roleAssignments.organisationId,
      sectorId: roleAssignments.sectorId,
      zoneId: roleAssignments.zoneId,
      schoolId: roleAssignments.schoolId,
      scopeKind: roleAssignments.scopeKind,
    })
    .from(roleAssignments)
    .where(
      and(
        inArray(roleAssignments.role, roles),
        isNull(roleAssignments.endedAt),
        sql`${roleAssignments.validFrom} <= ${day}::date`,
        or(isNull(roleAssignments.validUntil), sql`${roleAssignments.validUntil} >= ${day}::date`),
      ),
    );
}

/** The people holding some roles at one school on a Paris day, with their address. */
export async function findSchoolHolders(db: Db, schoolId: string, roles: string[], day: string) {
  return db
    .selectDistinct({ id: people.id, email: people.email, firstName: people.firstName, lastName: people.lastName, role: roleAssignments.role })
    .from(roleAssignments)
    .innerJoin(people, eq(people.id, roleAssignments.personId))
    .where(
      and(
        eq(roleAssignments.schoolId, schoolId),
        inArray(roleAssignments.role, roles),
        isNull(roleAssignments.endedAt),
        sql`${roleAssignments.validFrom} <= ${day}::date`,
        or(isNull(roleAssignments.validUntil), sql`${roleAssignments.validUntil} >= ${day}::date`),
      ),
    );
}

export async function findPeople(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: people.id, email: people.email, firstName: people.firstName, lastName: people.lastName, regionId: people.regionId })
    .from(people)
    .where(inArray(people.id, ids));
}

/**
 * Who worked during a week, and where: interventions done in it or planned for the next, and
 * tickets resolved in it, by person and school. Whoever appears has a summary to send, zone
 * technician or not (a sector or region technician, a contractor's technician).
 */
export async function findWeekActivity(db: Db, start: Date, end: Date, nextEnd: Date) {
  const worked = db
    .selectDistinct({ personId: interventions.technicianId, schoolId: interventions.schoolId })
    .from(interventions)
    .where(
      or(
        and(inArray(interventions.status, ["done", "certified", "disputed"]), gte(interventions.doneAt, start), lt(interventions.doneAt, end)),
        and(eq(interventions.status, "planned"), gte(interventions.startsAt, end), lt(interventions.startsAt, nextEnd)),
      ),
    );
  const resolved = db
    .selectDistinct({ personId: sql<string>`${tickets.assigneePersonId}`, schoolId: tickets.schoolId })
    .from(tickets)
    .where(and(isNotNull(tickets.assigneePersonId), gte(tickets.resolvedAt, start), lt(tickets.resolvedAt, end)));
  const [a, b] = await Promise.all([worked, resolved]);
  return [...a, ...b];
}

export async function findSchools(db: Db, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ id: schools.id, name: schools.name, uai: schools.uai, zoneId: schools.zoneId, sectorId: schools.sectorId, regionId: schools.regionId })
    .from(schools)
    .where(inArray(schools.id, ids));
}

export async function findSchoolsOfZones(db: Db, zoneIds: string[]) {
  if (zoneIds.length === 0) return [];
  return db
    .select({ id: schools.id, name: schools.name, uai: schools.uai, zoneId: schools.zoneId, sectorId: schools.sectorId, regionId: schools.regionId })
    .from(schools)
    .where(inArray(schools.zoneId, zoneIds));
}

/**
 * Tickets a technician resolved in a period, read from the tickets' own columns: the summary
 * counts the desk's work as well as the interventions.
 */
export async function findResolvedTickets(db: Db, technicianId: string, from: Date, to: Date) {
  return db
    .select({ number: tickets.number, title: tickets.title, timeSpentMinutes: tickets.timeSpentMinutes })
    .from(tickets)
    .where(and(eq(tickets.assigneePersonId, technicianId), gte(tickets.resolvedAt, from), lt(tickets.resolvedAt, to)))
    .orderBy(asc(tickets.resolvedAt));
}

/** Claims a technician's week: true the first time only (the job's idempotency). */
export async function claimWeeklySummary(db: Db, technicianId: string, weekStart: string, recipients: number, now: Date): Promise<boolean> {
  const rows = await db
    .insert(weeklySummaries)
    .values({ technicianId, weekStart, recipients, sentAt: now })
    .onConflictDoNothing()
    .returning({ technicianId: weeklySummaries.technicianId });
  return rows.length > 0;
}
