import { and, eq, lt } from "drizzle-orm";
import { type Ctx, systemActor } from "../../context.ts";
import type { JobDefinition } from "../../plugins/jobs.ts";
import { schools } from "../organisation/organisation.schema.ts";
import { notifyTicketStep } from "./ticket-notifications.ts";
import { regionTicketSettings } from "./ticket-settings.ts";
import * as repo from "./tickets.repository.ts";
import { tickets } from "./tickets.schema.ts";

const DAY_MS = 86_400_000;
const BATCH = 500;

/**
 * Resolved tickets the school's correspondent neither closes nor reopens are closed after the
 * region's delay (10 days by default: seed 003's administrative closure "within 10 days").
 * Each ticket closes in its own transaction, with its version checked: a correspondent acting
 * at the same moment wins, and a rerun after a crash closes only what is left.
 */
export async function autoCloseResolvedTickets(ctx: Ctx): Promise<number> {
  const now = ctx.clock.now();
  const actor = systemActor("Relais (clôture automatique)");
  const regionIds = await ctx.db.selectDistinct({ regionId: tickets.regionId }).from(tickets).where(eq(tickets.status, "resolved"));
  let closed = 0;
  for (const { regionId } of regionIds) {
    const settings = await regionTicketSettings(ctx.db, regionId);
    const cutoff = new Date(now.getTime() - settings.autoCloseDays * DAY_MS);
    const due = await ctx.db
      .select({ ticket: tickets, schoolName: schools.name })
      .from(tickets)
      .innerJoin(schools, eq(schools.id, tickets.schoolId))
      .where(and(eq(tickets.regionId, regionId), eq(tickets.status, "resolved"), lt(tickets.resolvedAt, cutoff)))
      .limit(BATCH);
    for (const { ticket, schoolName } of due) {
      await ctx.db.transaction(async (tx) => {
        const updated = await repo.updateTicket(tx, ticket.id, ticket.version, { status: "closed", closedAt: now });
        if (!updated) return;
        const detail = `Sans retour de l'établissement ${settings.autoCloseDays} jours après la résolution, le ticket est clos.`;
        await repo.insertTicketEvent(tx, { ticketId: ticket.id, actorId: null, actorLabel: actor.displayName, type: "close", body: detail, data: { from: "resolved", to: "closed", automatic: true } });
        await notifyTicketStep({ ...ctx, db: tx, actor }, updated, "close", detail, schoolName);
        closed++;
      });
    }
  }
  return closed;
}

export function ticketJobs(ctx: Ctx): JobDefinition[] {
  return [{ name: "tickets.auto-close", cron: "7 * * * *", run: async () => void (await autoCloseResolvedTickets(ctx)) }];
}
