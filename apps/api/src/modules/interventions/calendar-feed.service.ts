import { INTERVENTION_KINDS, INTERVENTION_STATUSES } from "@relais/shared/interventions";
import type { Ctx } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { forbidden, notFound } from "../../errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { randomToken, sha256 } from "../auth/secrets.ts";
import { writeCalendar } from "./ics.ts";
import * as repo from "./interventions.repository.ts";
import { formatMinutes, mayHaveAgenda } from "./interventions.service.ts";

const DAY_MS = 86_400_000;
/** What a subscribed calendar holds: the last two months and the year ahead. */
const FEED_PAST_DAYS = 62;
const FEED_FUTURE_DAYS = 366;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{20,128}$/;

/**
 * Creates or renews the actor's calendar feed address. The secret is returned once and only
 * its hash is kept: a new one replaces the old, whose address stops working at once.
 */
export async function rotateCalendarFeed(ctx: Ctx) {
  if (!mayHaveAgenda(ctx)) throw forbidden("L'agenda des interventions est réservé aux techniciens et au centre de services.");
  const token = randomToken(32);
  await ctx.db.transaction(async (tx) => {
    await repo.upsertCalendarFeed(tx, ctx.actor.personId, sha256(token), ctx.clock.now());
    await recordAudit(
      { ...ctx, db: tx },
      { category: "security", action: "calendar_feed.rotated", entityType: "person", entityId: ctx.actor.personId, regionId: ctx.actor.regionId },
    );
  });
  return { url: `${ctx.config.publicUrl}/api/v1/calendar/${token}.ics` };
}

/** The ICS text of a feed, for whoever holds its secret address; an unknown one is not found. */
export async function calendarFeed(db: Db, token: string, now: Date, publicUrl: string): Promise<string> {
  if (!TOKEN_SHAPE.test(token)) throw notFound("Agenda");
  const feed = await repo.findCalendarFeed(db, sha256(token));
  if (!feed) throw notFound("Agenda");
  const rows = await repo.findTechnicianInterventions(
    db,
    feed.personId,
    new Date(now.getTime() - FEED_PAST_DAYS * DAY_MS),
    new Date(now.getTime() + FEED_FUTURE_DAYS * DAY_MS),
  );
  return writeCalendar({
    name: `Relais — interventions de ${feed.firstName} ${feed.lastName}`,
    events: rows.map((row) => {
      const kind = INTERVENTION_KINDS[row.kind as keyof typeof INTERVENTION_KINDS]?.fr ?? row.kind;
      const status = INTERVENTION_STATUSES[row.status as keyof typeof INTERVENTION_STATUSES]?.fr ?? row.status;
      const link = row.ticketNumber ? `${publicUrl}/tickets/${row.ticketNumber}` : `${publicUrl}/agenda`;
      return {
        uid: `intervention-${row.id}@relais`,
        stamp: row.updatedAt,
        sequence: row.version - 1,
        start: row.startsAt,
        end: new Date(row.startsAt.getTime() + row.durationMinutes * 60_000),
        summary: `${kind} — ${row.schoolName}${row.ticketNumber ? ` (${row.ticketNumber})` : ""}`,
        location: `${row.schoolName}, ${row.schoolCommune} (UAI ${row.schoolUai})`,
        description: [
          row.ticketNumber ? `Ticket ${row.ticketNumber} : ${row.ticketTitle}` : "Visite de maintenance préventive",
          `Durée prévue : ${formatMinutes(row.durationMinutes)}`,
          `Statut : ${status}`,
          row.cancellationReason ? `Motif d'annulation : ${row.cancellationReason}` : null,
          link,
        ]
          .filter(Boolean)
          .join("\n"),
        url: link,
        cancelled: row.status === "cancelled",
      };
    }),
  });
}
