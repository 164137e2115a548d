import { can, visibleScopes } from "@relais/shared/permissions";
import { and, asc, eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { AppError, forbidden, notFound } from "../../errors.ts";
import { schools } from "../organisation/organisation.schema.ts";
import { schoolTarget } from "../organisation/schools.service.ts";
import { findVisibleTickets } from "../tickets/ticket-lookup.service.ts";
import { readTicket } from "../tickets/tickets.service.ts";
import * as repo from "./assets.repository.ts";
import { assetEvents, assets, assetTickets, rooms } from "./inventory.schema.ts";

const readScopes = (ctx: Ctx) => visibleScopes(ctx.actor.assignments, "asset.read");

/** The tickets about an asset that the actor may see, with when each was linked. */
export async function listAssetTickets(ctx: Ctx, assetId: string) {
  const links = await ctx.db
    .select({ ticketId: assetTickets.ticketId, linkedAt: assetTickets.linkedAt })
    .from(assetTickets)
    .where(eq(assetTickets.assetId, assetId));
  const linkedAt = new Map(links.map((l) => [l.ticketId, l.linkedAt]));
  const visible = await findVisibleTickets(
    ctx,
    links.map((l) => l.ticketId),
  );
  return visible.map((t) => ({ ...t, linkedAt: linkedAt.get(t.id) as Date }));
}

/**
 * The asset and ticket a link joins: both seen by the actor, of the same school, and the actor
 * either works the ticket (desk, technician) or keeps the school's inventory.
 */
async function linkable(ctx: Ctx, assetId: string, ticketRef: string) {
  const asset = await repo.findAsset(ctx.db, readScopes(ctx), assetId);
  if (!asset) throw notFound("Équipement");
  const { ticket, school, worker } = await readTicket(ctx, ticketRef);
  if (ticket.schoolId !== asset.schoolId)
    throw new AppError("validation.failed", "Le ticket et l'équipement doivent être du même établissement.", {
      fieldErrors: [{ field: "ticket", message: "Ticket d'un autre établissement." }],
    });
  if (!worker && !can(ctx.actor.assignments, "asset.write", schoolTarget(school)))
    throw forbidden("Seuls le centre de services, les techniciens et la Région lient un ticket à un équipement.");
  return { asset, ticket };
}

/** Links a ticket to the asset it concerns; the asset's history says so. */
export async function linkAssetTicket(ctx: Ctx, assetId: string, ticketRef: string) {
  const { ticket } = await linkable(ctx, assetId, ticketRef);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(assetTickets)
      .values({ assetId, ticketId: ticket.id, linkedAt: now, linkedById: ctx.actor.personId })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new AppError("conflict.duplicate", `Le ticket ${ticket.number} est déjà lié à cet équipement.`);
    await tx
      .insert(assetEvents)
      .values({ assetId, at: now, kind: "ticket_linked", actorLabel: ctx.actor.displayName, details: { ticketId: ticket.id, number: ticket.number } });
  });
}

/** Removes a link made by mistake; the history keeps both steps. */
export async function unlinkAssetTicket(ctx: Ctx, assetId: string, ticketId: string) {
  const { ticket } = await linkable(ctx, assetId, ticketId);
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .delete(assetTickets)
      .where(and(eq(assetTickets.assetId, assetId), eq(assetTickets.ticketId, ticket.id)))
      .returning();
    if (!row) throw notFound("Lien entre ce ticket et cet équipement");
    await tx
      .insert(assetEvents)
      .values({ assetId, at: now, kind: "ticket_unlinked", actorLabel: ctx.actor.displayName, details: { ticketId: ticket.id, number: ticket.number } });
  });
}

/**
 * The items a ticket the actor sees is about, among those whose inventory the actor reads (a
 * requester without inventory access sees the ticket, not the items).
 */
export async function listTicketAssets(ctx: Ctx, ticketRef: string) {
  const { ticket } = await readTicket(ctx, ticketRef);
  const items = await ctx.db
    .select({
      id: assets.id,
      name: assets.name,
      type: assets.type,
      manufacturer: assets.manufacturer,
      model: assets.model,
      status: assets.status,
      roomId: assets.roomId,
      roomName: rooms.name,
      schoolUai: schools.uai,
      linkedAt: assetTickets.linkedAt,
    })
    .from(assetTickets)
    .innerJoin(assets, eq(assets.id, assetTickets.assetId))
    .innerJoin(schools, eq(schools.id, assets.schoolId))
    .leftJoin(rooms, eq(rooms.id, assets.roomId))
    .where(and(eq(assetTickets.ticketId, ticket.id), repo.assetsScope(readScopes(ctx))))
    .orderBy(asc(assets.name), asc(assets.id));
  return { ticketId: ticket.id, number: ticket.number, items };
}
