import type { VisibleScopes } from "@relais/shared/permissions";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { scopeCondition } from "../../lib/scope-sql.ts";
import { schools } from "../organisation/organisation.schema.ts";
import { garUsage, mobileProjects, orderLines, orders, teacherLicenceRequests } from "./orders.schema.ts";

export type Order = typeof orders.$inferSelect;
export type OrderLine = typeof orderLines.$inferSelect;

export async function insertOrder(db: Db, values: typeof orders.$inferInsert) {
  const [row] = await db.insert(orders).values(values).returning();
  return row!;
}

export async function findOrder(db: Db, id: string, options: { lock?: boolean } = {}) {
  const query = db.select().from(orders).where(eq(orders.id, id));
  const [row] = options.lock ? await query.for("update") : await query;
  return row ?? null;
}

export async function findLines(db: Db, orderIds: string[]) {
  return orderIds.length ? db.select().from(orderLines).where(inArray(orderLines.orderId, orderIds)).orderBy(asc(orderLines.label), asc(orderLines.id)) : [];
}

export async function replaceLines(db: Db, orderId: string, lines: Omit<typeof orderLines.$inferInsert, "orderId">[]) {
  await db.delete(orderLines).where(eq(orderLines.orderId, orderId));
  if (lines.length) await db.insert(orderLines).values(lines.map((l) => ({ ...l, orderId })));
}

export async function updateLine(db: Db, id: string, changes: Partial<OrderLine>) {
  await db.update(orderLines).set(changes).where(eq(orderLines.id, id));
}

/** Moves an order on if it is still at the version (and status) the caller read; null otherwise. */
export async function updateOrder(db: Db, id: string, version: number, changes: Partial<typeof orders.$inferInsert>) {
  const [row] = await db
    .update(orders)
    .set({ ...changes, version: sql`${orders.version} + 1` })
    .where(and(eq(orders.id, id), eq(orders.version, version)))
    .returning();
  return row ?? null;
}

export async function findOrders(db: Db, scopes: VisibleScopes, campaignId: string, status?: Order["status"]) {
  return db
    .select({ order: orders })
    .from(orders)
    .innerJoin(schools, eq(schools.id, orders.schoolId))
    .where(
      and(
        eq(orders.campaignId, campaignId),
        status ? eq(orders.status, status) : undefined,
        scopeCondition(scopes, { regionId: orders.regionId, sectorId: schools.sectorId, zoneId: schools.zoneId, schoolId: orders.schoolId }),
      ),
    )
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(2000);
}

/** Approved lines of a campaign with their school, for the suppliers' summary. */
export async function findApprovedLines(db: Db, campaignId: string) {
  return db
    .select({ line: orderLines, uai: schools.uai, schoolName: schools.name })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .innerJoin(schools, eq(schools.id, orders.schoolId))
    .where(and(eq(orders.campaignId, campaignId), eq(orders.status, "approved")))
    .orderBy(asc(orderLines.supplier), asc(schools.uai), asc(orderLines.reference));
}

/** The school's project approved by the académie and the Region, which lets it order mobile items (seed 003). */
export async function findMobileProject(db: Db, campaignId: string, schoolId: string) {
  const [row] = await db
    .select()
    .from(mobileProjects)
    .where(and(eq(mobileProjects.campaignId, campaignId), eq(mobileProjects.schoolId, schoolId), eq(mobileProjects.status, "approved")));
  return row ?? null;
}

export type TeacherLicenceRequest = typeof teacherLicenceRequests.$inferSelect;

export async function insertTeacherLicenceRequest(db: Db, values: typeof teacherLicenceRequests.$inferInsert) {
  const [row] = await db.insert(teacherLicenceRequests).values(values).returning();
  return row!;
}

export async function findTeacherLicenceRequests(db: Db, scopes: VisibleScopes, campaignId: string) {
  return db
    .select({ request: teacherLicenceRequests })
    .from(teacherLicenceRequests)
    .innerJoin(schools, eq(schools.id, teacherLicenceRequests.schoolId))
    .where(
      and(
        eq(teacherLicenceRequests.campaignId, campaignId),
        scopeCondition(scopes, {
          regionId: teacherLicenceRequests.regionId,
          sectorId: schools.sectorId,
          zoneId: schools.zoneId,
          schoolId: teacherLicenceRequests.schoolId,
        }),
      ),
    )
    .orderBy(desc(teacherLicenceRequests.requestedAt));
}

export async function findTeacherLicenceRequest(db: Db, id: string) {
  const [row] = await db.select().from(teacherLicenceRequests).where(eq(teacherLicenceRequests.id, id));
  return row ?? null;
}

/** Answers a pending request; null when someone answered it meanwhile. */
export async function answerTeacherLicenceRequest(db: Db, id: string, changes: Pick<TeacherLicenceRequest, "answer" | "answeredById" | "answeredAt">) {
  const [row] = await db
    .update(teacherLicenceRequests)
    .set({ ...changes, status: "answered" })
    .where(and(eq(teacherLicenceRequests.id, id), eq(teacherLicenceRequests.status, "pending")))
    .returning();
  return row ?? null;
}

/** Replaces a campaign's GAR usage with a new export (the export is a snapshot, not a delta). */
export async function replaceGarUsage(db: Db, campaignId: string, rows: (typeof garUsage.$inferInsert)[]) {
  await db.delete(garUsage).where(eq(garUsage.campaignId, campaignId));
  for (let i = 0; i < rows.length; i += 500) await db.insert(garUsage).values(rows.slice(i, i + 500));
}

export async function findGarUsage(db: Db, campaignId: string, schoolIds: string[] | "all") {
  return db
    .select()
    .from(garUsage)
    .where(and(eq(garUsage.campaignId, campaignId), schoolIds === "all" ? undefined : schoolIds.length ? inArray(garUsage.schoolId, schoolIds) : sql`false`));
}

/** Licence lines of a campaign's validated orders, with their school. */
export async function findValidatedLicenceLines(db: Db, campaignId: string) {
  return db
    .select({ schoolId: orders.schoolId, reference: orderLines.reference, label: orderLines.label, quantity: orderLines.quantity })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .where(and(eq(orders.campaignId, campaignId), inArray(orders.status, ["submitted", "approved"]), eq(orderLines.isLicence, true)));
}
