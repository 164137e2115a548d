import { businessMinutesBetween } from "@relais/shared/business-calendar";
import { and, eq, inArray, isNotNull, lt } from "drizzle-orm";
import { type Ctx, systemActor } from "../../context.ts";
import type { JobDefinition } from "../../plugins/jobs.ts";
import { regions, schools } from "../organisation/organisation.schema.ts";
import { assigneeContacts, nextLevel } from "./ticket-chain.ts";
import { mailTicketStep, notifyTicketStep } from "./ticket-notifications.ts";
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
        await repo.insertTicketEvent(tx, {
          ticketId: ticket.id,
          actorId: null,
          actorLabel: actor.displayName,
          type: "close",
          body: detail,
          data: { from: "resolved", to: "closed", automatic: true },
        });
        await notifyTicketStep({ ...ctx, db: tx, actor }, updated, "close", detail, schoolName);
        closed++;
      });
    }
  }
  return closed;
}

/**
 * Escalation (issue 3): at 75 % of the resolution time (the region may change both shares), in business time from dispatch, the
 * assignee is reminded; at 100 %, the next level of the region's chain is told: in-house (PACA)
 * the sector head, else the unit head, else the service head; outsourced (IDF) the contractor's
 * manager and the RTN over the school. Each level is sent once (the level is stored with the
 * version checked), so a rerun or a second API process sends nothing twice.
 */
export async function escalateOverdueTickets(ctx: Ctx): Promise<number> {
  const now = ctx.clock.now();
  const actor = systemActor("Relais (escalade)");
  const candidates = await ctx.db
    .select({ ticket: tickets, school: schools, operatingModel: regions.operatingModel })
    .from(tickets)
    .innerJoin(schools, eq(schools.id, tickets.schoolId))
    .innerJoin(regions, eq(regions.id, tickets.regionId))
    .where(
      and(
        inArray(tickets.status, ["assigned", "in_progress"]),
        isNotNull(tickets.dispatchedAt),
        isNotNull(tickets.resolutionDueAt),
        lt(tickets.escalationLevel, 2),
      ),
    )
    .limit(BATCH * 10);
  let sent = 0;
  const settingsOf = new Map<string, Awaited<ReturnType<typeof regionTicketSettings>>>();
  for (const { ticket, school, operatingModel } of candidates) {
    const settings = settingsOf.get(ticket.regionId) ?? (await regionTicketSettings(ctx.db, ticket.regionId));
    settingsOf.set(ticket.regionId, settings);
    const calendar = settings.sla.calendar;
    const allowed = businessMinutesBetween(ticket.dispatchedAt as Date, ticket.resolutionDueAt as Date, calendar, school.departmentCode);
    const spent = businessMinutesBetween(ticket.dispatchedAt as Date, now, calendar, school.departmentCode) - ticket.waitedMinutes;
    const level = settings.escalationShares.filter((share) => allowed > 0 && spent >= share * allowed).length;
    if (level <= ticket.escalationLevel) continue;
    await ctx.db.transaction(async (tx) => {
      const updated = await repo.updateTicket(tx, ticket.id, ticket.version, { escalationLevel: level });
      if (!updated) return;
      const recipients = level === 1 ? await assigneeContacts(tx, ticket) : await nextLevel(tx, ticket, school, operatingModel);
      const detail =
        level === 1 ? "Les trois quarts du délai de résolution sont écoulés." : "Le délai de résolution est dépassé : le niveau suivant est prévenu.";
      await repo.insertTicketEvent(tx, {
        ticketId: ticket.id,
        actorId: null,
        actorLabel: actor.displayName,
        type: "escalation",
        visibility: "internal",
        body: detail,
        data: { level, recipients },
      });
      await mailTicketStep({ ...ctx, db: tx, actor }, updated, recipients, "escalation", detail, school.name);
      sent++;
    });
  }
  return sent;
}

export function ticketJobs(ctx: Ctx): JobDefinition[] {
  return [
    { name: "tickets.auto-close", cron: "7 * * * *", run: async () => void (await autoCloseResolvedTickets(ctx)) },
    { name: "tickets.escalate", cron: "*/10 * * * *", run: async () => void (await escalateOverdueTickets(ctx)) },
  ];
}
