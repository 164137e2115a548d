import { can, visibleScopes } from "@relais/shared/permissions";
import { OPEN_STATUSES, type TicketStatus } from "@relais/shared/tickets";
import { and, desc, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { AppError, forbidden, notFound } from "../../errors.ts";
import { schools } from "../organisation/organisation.schema.ts";
import { getSchool, schoolTarget } from "../organisation/schools.service.ts";
import { people } from "../people/people.schema.ts";
import type { FileTicketInput } from "./tickets.contract.ts";
import * as repo from "./tickets.repository.ts";
import { ticketReports } from "./tickets.schema.ts";
import { fileTicket, visibilityOf } from "./tickets.service.ts";

type Report = typeof ticketReports.$inferSelect;

/**
 * Reports the actor sees: their own, and those of the schools where they hold the
 * correspondent's permission (ticket.close: correspondents, deputies, the Region's administrators).
 */
function reportScope(ctx: Ctx): SQL | undefined {
  const files = visibleScopes(ctx.actor.assignments, "ticket.close");
  if (files.all) return undefined;
  const bySchool = [
    files.regionIds.length ? inArray(ticketReports.regionId, files.regionIds) : undefined,
    files.schoolIds.length ? inArray(ticketReports.schoolId, files.schoolIds) : undefined,
    files.sectorIds.length || files.zoneIds.length
      ? sql`${ticketReports.schoolId} in (select ${schools.id} from ${schools} where ${or(
          files.sectorIds.length ? inArray(schools.sectorId, files.sectorIds) : undefined,
          files.zoneIds.length ? inArray(schools.zoneId, files.zoneIds) : undefined,
        )})`
      : undefined,
  ];
  return or(eq(ticketReports.authorId, ctx.actor.personId), ...bySchool);
}

export async function listReports(ctx: Ctx, status: Report["status"] | undefined) {
  return ctx.db
    .select({ report: ticketReports, authorName: sql<string>`${people.firstName} || ' ' || ${people.lastName}`, schoolName: schools.name })
    .from(ticketReports)
    .innerJoin(people, eq(people.id, ticketReports.authorId))
    .innerJoin(schools, eq(schools.id, ticketReports.schoolId))
    .where(and(reportScope(ctx), status ? eq(ticketReports.status, status) : undefined))
    .orderBy(desc(ticketReports.createdAt), desc(ticketReports.id))
    .limit(200);
}

export async function sendReport(ctx: Ctx, input: { school: string; title: string; description: string }) {
  const school = await getSchool(ctx, input.school).catch(() => {
    throw new AppError("validation.failed", "Établissement inconnu ou hors de votre périmètre.", {
      fieldErrors: [{ field: "body.school", message: "Établissement inconnu." }],
    });
  });
  if (!can(ctx.actor.assignments, "ticket.report", schoolTarget(school))) throw forbidden("Vous ne pouvez pas envoyer de signalement pour cet établissement.");
  const [row] = await ctx.db
    .insert(ticketReports)
    .values({ regionId: school.regionId, schoolId: school.id, authorId: ctx.actor.personId, title: input.title, description: input.description })
    .returning();
  return row as Report;
}

/** An open report the actor may handle: they are its school's correspondent. */
async function handleableReport(ctx: Ctx, id: string): Promise<Report> {
  const [report] = await ctx.db
    .select()
    .from(ticketReports)
    .where(and(eq(ticketReports.id, id), reportScope(ctx)));
  if (!report) throw notFound("Signalement");
  const school = await getSchool(ctx, report.schoolId);
  if (!can(ctx.actor.assignments, "ticket.close", schoolTarget(school))) throw forbidden("Seul le correspondant de l'établissement traite les signalements.");
  if (report.status !== "open") throw new AppError("conflict", "Ce signalement a déjà été traité.");
  return report;
}

async function markHandled(ctx: Ctx, report: Report, changes: Partial<Report>) {
  const [row] = await ctx.db
    .update(ticketReports)
    .set({ ...changes, handledById: ctx.actor.personId, handledAt: ctx.clock.now() })
    .where(and(eq(ticketReports.id, report.id), eq(ticketReports.status, "open")))
    .returning();
  if (!row) throw new AppError("conflict", "Ce signalement a déjà été traité.");
  return row;
}

/**
 * The correspondent files the ticket; the report's author is its requester, so they follow it.
 * One transaction: if another hand handled the report meanwhile, no ticket is left behind.
 */
export async function fileFromReport(ctx: Ctx, id: string, input: Omit<FileTicketInput, "school" | "requesterId">) {
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const report = await handleableReport(txCtx, id);
    const ticket = await fileTicket(txCtx, { ...input, school: report.schoolId }, { requesterId: report.authorId });
    await markHandled(txCtx, report, { status: "filed", ticketId: ticket.id });
    return ticket;
  });
}

export async function mergeReport(ctx: Ctx, id: string, into: string) {
  const report = await handleableReport(ctx, id);
  const ticket = await repo.findTicket(ctx.db, visibilityOf(ctx), into);
  if (!ticket || ticket.schoolId !== report.schoolId || !OPEN_STATUSES.includes(ticket.status as TicketStatus)) {
    throw new AppError("validation.failed", "Rattachez le signalement à un ticket ouvert du même établissement.", {
      fieldErrors: [{ field: "body.into", message: "Ticket non rattachable." }],
    });
  }
  await ctx.db.transaction(async (tx) => {
    await repo.insertTicketEvent(tx, {
      ticketId: ticket.id,
      actorId: ctx.actor.personId,
      actorLabel: ctx.actor.displayName,
      type: "comment",
      body: `Signalement rattaché : « ${report.title} » — ${report.description}`,
    });
    await markHandled({ ...ctx, db: tx }, report, { status: "merged", ticketId: ticket.id });
  });
}

export async function answerReport(ctx: Ctx, id: string, answer: string) {
  const report = await handleableReport(ctx, id);
  return markHandled(ctx, report, { status: "answered", answer });
}
