import type { VisibleScopes } from "@relais/shared/permissions";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { scopeCondition } from "../../lib/scope-sql.ts";
import { schoolEnrolments, schools } from "../organisation/organisation.schema.ts";
import { campaignEnvelopes, campaigns, envelopeTopUps } from "./campaigns.schema.ts";

export type Campaign = typeof campaigns.$inferSelect;
export type Envelope = typeof campaignEnvelopes.$inferSelect;
export type TopUp = typeof envelopeTopUps.$inferSelect;

export async function findCampaigns(db: Db, regionIds: string[] | "all") {
  return db
    .select()
    .from(campaigns)
    .where(regionIds === "all" ? undefined : regionIds.length ? inArray(campaigns.regionId, regionIds) : sql`false`)
    .orderBy(desc(campaigns.period), asc(campaigns.programme));
}

export async function findCampaign(db: Db, id: string) {
  const [row] = await db.select().from(campaigns).where(eq(campaigns.id, id));
  return row ?? null;
}

export async function insertCampaign(db: Db, values: typeof campaigns.$inferInsert) {
  const [row] = await db.insert(campaigns).values(values).onConflictDoNothing().returning();
  return row ?? null;
}

export async function updateCampaign(db: Db, id: string, version: number, changes: Partial<typeof campaigns.$inferInsert>) {
  const [row] = await db
    .update(campaigns)
    .set({ ...changes, version: sql`${campaigns.version} + 1` })
    .where(and(eq(campaigns.id, id), eq(campaigns.version, version)))
    .returning();
  return row ?? null;
}

/** The schools that receive an envelope: the region's public lycées (or one of them), with their enrolment of a school year. */
export async function findSchoolsWithEnrolment(db: Db, regionId: string, schoolYear: string, schoolId?: string) {
  const rows = await db
    .select({
      id: schools.id,
      digitalMode: schools.digitalMode,
      track: schoolEnrolments.track,
      level: schoolEnrolments.level,
      students: schoolEnrolments.students,
    })
    .from(schools)
    .leftJoin(schoolEnrolments, and(eq(schoolEnrolments.schoolId, schools.id), eq(schoolEnrolments.schoolYear, schoolYear)))
    .where(and(eq(schools.regionId, regionId), eq(schools.isPublic, true), schoolId ? eq(schools.id, schoolId) : undefined))
    .orderBy(asc(schools.id), asc(schoolEnrolments.track), asc(schoolEnrolments.level));
  const bySchool = new Map<string, { id: string; digitalMode: "digital" | "paper"; enrolment: { track: string; level: string; students: number }[] }>();
  for (const row of rows) {
    const school = bySchool.get(row.id) ?? { id: row.id, digitalMode: row.digitalMode, enrolment: [] };
    if (row.track && row.level && row.students !== null) school.enrolment.push({ track: row.track, level: row.level, students: row.students });
    bySchool.set(row.id, school);
  }
  return [...bySchool.values()];
}

/** Envelopes the actor may read, with their school's name and UAI. */
export async function findEnvelopes(db: Db, scopes: VisibleScopes, campaignId: string, schoolId?: string) {
  return db
    .select({ envelope: campaignEnvelopes, schoolName: schools.name, uai: schools.uai })
    .from(campaignEnvelopes)
    .innerJoin(schools, eq(schools.id, campaignEnvelopes.schoolId))
    .where(
      and(
        eq(campaignEnvelopes.campaignId, campaignId),
        schoolId ? eq(campaignEnvelopes.schoolId, schoolId) : undefined,
        scopeCondition(scopes, {
          regionId: campaignEnvelopes.regionId,
          sectorId: schools.sectorId,
          zoneId: schools.zoneId,
          schoolId: campaignEnvelopes.schoolId,
        }),
      ),
    )
    .orderBy(asc(schools.name));
}

export async function findEnvelopeBySchool(db: Db, campaignId: string, schoolId: string) {
  const [row] = await db
    .select()
    .from(campaignEnvelopes)
    .where(and(eq(campaignEnvelopes.campaignId, campaignId), eq(campaignEnvelopes.schoolId, schoolId)));
  return row ?? null;
}

/** The envelope row, locked until the transaction ends: what commits money goes through here. */
export async function lockEnvelope(db: Db, id: string) {
  const [row] = await db.select().from(campaignEnvelopes).where(eq(campaignEnvelopes.id, id)).for("update");
  return row ?? null;
}

export async function lockEnvelopesOfCampaign(db: Db, campaignId: string, schoolIds: string[]) {
  if (schoolIds.length === 0) return [];
  return db
    .select()
    .from(campaignEnvelopes)
    .where(and(eq(campaignEnvelopes.campaignId, campaignId), inArray(campaignEnvelopes.schoolId, schoolIds)))
    .for("update");
}

export async function upsertEnvelope(db: Db, values: typeof campaignEnvelopes.$inferInsert) {
  await db
    .insert(campaignEnvelopes)
    .values(values)
    .onConflictDoUpdate({
      target: [campaignEnvelopes.campaignId, campaignEnvelopes.schoolId],
      set: {
        computedCents: values.computedCents,
        computedConsumablesCents: values.computedConsumablesCents ?? 0,
        lines: values.lines,
        warnings: values.warnings ?? [],
        schoolKind: values.schoolKind ?? null,
        computedAt: values.computedAt,
      },
    });
}

export async function addToEnvelope(
  db: Db,
  id: string,
  amounts: { topUpCents?: number; topUpConsumablesCents?: number; committedCents?: number; committedConsumablesCents?: number },
) {
  await db
    .update(campaignEnvelopes)
    .set({
      topUpCents: sql`${campaignEnvelopes.topUpCents} + ${amounts.topUpCents ?? 0}`,
      topUpConsumablesCents: sql`${campaignEnvelopes.topUpConsumablesCents} + ${amounts.topUpConsumablesCents ?? 0}`,
      committedCents: sql`${campaignEnvelopes.committedCents} + ${amounts.committedCents ?? 0}`,
      committedConsumablesCents: sql`${campaignEnvelopes.committedConsumablesCents} + ${amounts.committedConsumablesCents ?? 0}`,
    })
    .where(eq(campaignEnvelopes.id, id));
}

export async function insertTopUp(db: Db, values: typeof envelopeTopUps.$inferInsert) {
  const [row] = await db.insert(envelopeTopUps).values(values).returning();
  return row!;
}

export async function findTopUps(db: Db, scopes: VisibleScopes, campaignId: string, status?: TopUp["status"]) {
  return db
    .select({ topUp: envelopeTopUps, schoolName: schools.name, uai: schools.uai })
    .from(envelopeTopUps)
    .innerJoin(schools, eq(schools.id, envelopeTopUps.schoolId))
    .where(
      and(
        eq(envelopeTopUps.campaignId, campaignId),
        status ? eq(envelopeTopUps.status, status) : undefined,
        scopeCondition(scopes, { regionId: envelopeTopUps.regionId, sectorId: schools.sectorId, zoneId: schools.zoneId, schoolId: envelopeTopUps.schoolId }),
      ),
    )
    .orderBy(desc(envelopeTopUps.requestedAt));
}

export async function findTopUp(db: Db, id: string) {
  const [row] = await db.select().from(envelopeTopUps).where(eq(envelopeTopUps.id, id));
  return row ?? null;
}

/** Decides a pending top-up; null when someone decided it meanwhile. */
export async function decideTopUp(db: Db, id: string, changes: Pick<TopUp, "status" | "decidedById" | "decidedAt" | "decisionNote">) {
  const [row] = await db
    .update(envelopeTopUps)
    .set(changes)
    .where(and(eq(envelopeTopUps.id, id), eq(envelopeTopUps.status, "pending")))
    .returning();
  return row ?? null;
}

/** Every envelope of a campaign with its school's académie, for the Region's steering and the close report. */
export async function findEnvelopeFigures(db: Db, campaignId: string) {
  return db
    .select({
      schoolId: campaignEnvelopes.schoolId,
      uai: schools.uai,
      schoolName: schools.name,
      academie: schools.academie,
      totalCents: sql<number>`${campaignEnvelopes.computedCents} + ${campaignEnvelopes.topUpCents}`.mapWith(Number),
      totalConsumablesCents: sql<number>`${campaignEnvelopes.computedConsumablesCents} + ${campaignEnvelopes.topUpConsumablesCents}`.mapWith(Number),
      committedCents: campaignEnvelopes.committedCents,
      committedConsumablesCents: campaignEnvelopes.committedConsumablesCents,
    })
    .from(campaignEnvelopes)
    .innerJoin(schools, eq(schools.id, campaignEnvelopes.schoolId))
    .where(eq(campaignEnvelopes.campaignId, campaignId))
    .orderBy(asc(schools.academie), asc(schools.name));
}
