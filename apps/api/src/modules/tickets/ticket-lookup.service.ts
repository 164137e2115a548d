import { and, desc, inArray } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { visibilityCondition } from "./tickets.repository.ts";
import { tickets } from "./tickets.schema.ts";
import { visibilityOf } from "./tickets.service.ts";

/**
 * The tickets among `ids` that the actor may see (the same visibility as the ticket list:
 * security incidents only to the restricted chain), newest first. Other modules (the asset
 * page) show tickets through this, never by reading the table themselves.
 */
export async function findVisibleTickets(ctx: Ctx, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return ctx.db
    .select({
      id: tickets.id,
      number: tickets.number,
      title: tickets.title,
      kind: tickets.kind,
      status: tickets.status,
      receivedAt: tickets.receivedAt,
      resolvedAt: tickets.resolvedAt,
      timeSpentMinutes: tickets.timeSpentMinutes,
    })
    .from(tickets)
    .where(and(inArray(tickets.id, [...new Set(ids)]), visibilityCondition(visibilityOf(ctx))))
    .orderBy(desc(tickets.receivedAt), desc(tickets.id));
}
