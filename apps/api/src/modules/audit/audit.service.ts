import type { AuditAction, AuditEntityType } from "@relais/shared/audit-actions";
import type { Ctx } from "../../context.ts";
import { auditEvents } from "./audit.schema.ts";

export type AuditCategory = "change" | "security";

export type AuditEntry = {
  category?: AuditCategory;
  action: AuditAction;
  entityType: AuditEntityType;
  entityId?: string | null;
  regionId?: string | null;
  schoolId?: string | null;
  before?: unknown;
  after?: unknown;
};

/**
 * Records who did what, with the state before and after. Call it with the transaction that
 * makes the change (ctx.db inside `transaction`), so the change and its trace commit together.
 */
export async function recordAudit(ctx: Pick<Ctx, "db" | "actor" | "requestId" | "ip">, entry: AuditEntry): Promise<void> {
  const isSystem = ctx.actor.via === "system";
  await ctx.db.insert(auditEvents).values({
    category: entry.category ?? "change",
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId ?? null,
    regionId: entry.regionId ?? null,
    schoolId: entry.schoolId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
    actorId: isSystem ? null : ctx.actor.personId,
    actorLabel: isSystem ? ctx.actor.displayName : `${ctx.actor.displayName} <${ctx.actor.email}>${ctx.actor.via === "token" ? " (jeton d'API)" : ""}`,
    requestId: ctx.requestId,
    ip: ctx.ip,
  });
}

/** Only the fields that changed, for a readable before/after. */
export function diffFields<T extends Record<string, unknown>>(before: T, after: Partial<T>): { before: Partial<T>; after: Partial<T> } {
  const changedBefore: Partial<T> = {};
  const changedAfter: Partial<T> = {};
  for (const key of Object.keys(after) as (keyof T)[]) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) {
      changedBefore[key] = before[key];
      changedAfter[key] = after[key] as T[keyof T];
    }
  }
  return { before: changedBefore, after: changedAfter };
}
