import type { VisibleScopes } from "@relais/shared/permissions";
import { and, desc, eq, gte, lt, lte, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { scopeCondition } from "../../lib/scope-sql.ts";
import { auditEvents } from "./audit.schema.ts";

export type AuditFilters = {
  category?: string | undefined;
  action?: string | undefined;
  entityType?: string | undefined;
  entityId?: string | undefined;
  actorId?: string | undefined;
  schoolId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
};

export async function findAuditEvents(db: Db, scopes: VisibleScopes, filters: AuditFilters, limit: number, offset: number) {
  const where = and(
    scopeCondition(scopes, { regionId: auditEvents.regionId, schoolId: auditEvents.schoolId }),
    filters.category ? eq(auditEvents.category, filters.category) : undefined,
    filters.action ? sql`${auditEvents.action} like ${`${filters.action.replace(/[\\%_]/g, "\\$&")}%`}` : undefined,
    filters.entityType ? eq(auditEvents.entityType, filters.entityType) : undefined,
    filters.entityId ? eq(auditEvents.entityId, filters.entityId) : undefined,
    filters.actorId ? eq(auditEvents.actorId, filters.actorId) : undefined,
    filters.schoolId ? eq(auditEvents.schoolId, filters.schoolId) : undefined,
    filters.from ? gte(auditEvents.occurredAt, new Date(filters.from)) : undefined,
    filters.to ? lte(auditEvents.occurredAt, new Date(filters.to)) : undefined,
  );
  const [items, [count]] = await Promise.all([
    db.select().from(auditEvents).where(where).orderBy(desc(auditEvents.occurredAt), desc(auditEvents.id)).limit(limit).offset(offset),
    db.select({ total: sql<number>`count(*)::int` }).from(auditEvents).where(where),
  ]);
  return { items, total: count?.total ?? 0 };
}

/** Deletes security events older than the cutoff and returns how many went. */
export async function deleteSecurityEventsBefore(db: Db, cutoff: Date): Promise<number> {
  const deleted = await db
    .delete(auditEvents)
    .where(and(eq(auditEvents.category, "security"), lt(auditEvents.occurredAt, cutoff)))
    .returning({ id: auditEvents.id });
  return deleted.length;
}
