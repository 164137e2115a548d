import { OPEN_STATUSES, type TicketKind, type TicketStatus } from "@relais/shared/tickets";
import { eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { AppError, forbidden } from "../../errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { regions } from "../organisation/organisation.schema.ts";
import { findOrganisation } from "../organisation/organisations.repository.ts";
import { nextLevel } from "./ticket-chain.ts";
import { ticketDeadlines } from "./ticket-deadlines.ts";
import { mailTicketStep, notifyTicketStep } from "./ticket-notifications.ts";
import { regionTicketSettings } from "./ticket-settings.ts";
import type { EscalateInput, ReclassifyInput } from "./tickets.contract.ts";
import * as repo from "./tickets.repository.ts";
import { readTicket } from "./tickets.service.ts";

const versionConflict = (number: string) =>
  new AppError("conflict.version", `Le ticket ${number} a été modifié entre-temps : rechargez-le avant de continuer.`);

/**
 * The desk adjusts what the school chose (urgency, impact, category, kind) with a reason, at any
 * point while the ticket is open; the deadlines are recomputed from the same start (issue 3).
 */
export async function reclassifyTicket(ctx: Ctx, idOrNumber: string, input: ReclassifyInput) {
  const { ticket, school, worker } = await readTicket(ctx, idOrNumber);
  if (!worker) throw forbidden("Seuls le centre de services et les techniciens requalifient un ticket.");
  if (!OPEN_STATUSES.includes(ticket.status as TicketStatus))
    throw new AppError("conflict", `Le ticket ${ticket.number} n'est plus ouvert : il ne se requalifie plus.`);
  const settings = await regionTicketSettings(ctx.db, ticket.regionId);
  if (input.category && !settings.categories.includes(input.category)) {
    throw new AppError("validation.failed", `Catégorie inconnue dans cette région : « ${input.category} ».`, {
      fieldErrors: [{ field: "body.category", message: "Catégorie inconnue." }],
    });
  }
  const row = (await repo.findTicketRow(ctx.db, ticket.id)) as NonNullable<Awaited<ReturnType<typeof repo.findTicketRow>>>;
  const before = { kind: row.kind, category: row.category, urgency: row.urgency, impact: row.impact };
  const after = {
    kind: input.kind ?? row.kind,
    category: input.category ?? row.category,
    urgency: input.urgency ?? row.urgency,
    impact: input.impact ?? row.impact,
  };
  if (Object.entries(after).every(([key, value]) => before[key as keyof typeof before] === value)) {
    throw new AppError("validation.failed", "Rien ne change : indiquez une nouvelle urgence, un nouvel impact, une nouvelle catégorie ou une nouvelle nature.");
  }
  const deadlines = ticketDeadlines({
    ...after,
    kind: after.kind as TicketKind,
    receivedAt: row.receivedAt,
    dispatchedAt: row.dispatchedAt,
    waitedMinutes: row.waitedMinutes,
    departmentCode: school.departmentCode,
    settings,
  });
  return ctx.db.transaction(async (tx) => {
    const updated = await repo.updateTicket(tx, ticket.id, input.version, {
      ...after,
      kind: after.kind as TicketKind,
      priority: deadlines.priority,
      takeChargeDueAt: deadlines.takeChargeDueAt,
      resolutionDueAt: deadlines.resolutionDueAt,
    });
    if (!updated) throw versionConflict(ticket.number);
    await repo.insertTicketEvent(tx, {
      ticketId: ticket.id,
      actorId: ctx.actor.personId,
      actorLabel: ctx.actor.displayName,
      type: "reclassify",
      body: input.reason,
      data: { before, after, resolutionDueAt: deadlines.resolutionDueAt },
    });
    await notifyTicketStep({ ...ctx, db: tx }, updated, "reclassified", `Motif : ${input.reason}`, school.name);
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: "ticket.reclassified",
        entityType: "ticket",
        entityId: ticket.id,
        regionId: ticket.regionId,
        schoolId: ticket.schoolId,
        before,
        after: { ...after, reason: input.reason },
      },
    );
    return updated;
  });
}

/**
 * Manual escalation by whoever works the ticket (issue 3): to a contractor holding an
 * after-sales contract, which takes the ticket over, or up the region's chain, which is told.
 */
export async function escalateTicket(ctx: Ctx, idOrNumber: string, input: EscalateInput) {
  const { ticket, school, worker } = await readTicket(ctx, idOrNumber);
  if (!worker) throw forbidden("Seuls le centre de services et les techniciens escaladent un ticket.");
  if (!["assigned", "in_progress", "waiting"].includes(ticket.status))
    throw new AppError("conflict", `Le ticket ${ticket.number} n'est pas en cours de traitement : il ne s'escalade pas.`);
  const [region] = await ctx.db.select({ operatingModel: regions.operatingModel }).from(regions).where(eq(regions.id, ticket.regionId));
  let organisationName: string | null = null;
  if (input.to === "organisation") {
    const organisation = input.organisationId ? await findOrganisation(ctx.db, input.organisationId) : null;
    if (!organisation || organisation.regionId !== ticket.regionId) {
      throw new AppError("validation.failed", "Indiquez le prestataire de la région qui reprend le ticket.", {
        fieldErrors: [{ field: "body.organisationId", message: "Organisation inconnue." }],
      });
    }
    organisationName = organisation.name;
  }
  return ctx.db.transaction(async (tx) => {
    const changes = input.to === "organisation" ? { assigneeOrganisationId: input.organisationId ?? null, assigneePersonId: null } : {};
    const updated = await repo.updateTicket(tx, ticket.id, input.version, changes);
    if (!updated) throw versionConflict(ticket.number);
    const recipients = input.to === "chain" ? await nextLevel(tx, updated, school, region?.operatingModel ?? "in_house") : [];
    const detail =
      input.to === "chain"
        ? `Escalade vers le niveau supérieur. Motif : ${input.reason}`
        : `Escalade vers ${organisationName} (contrat de service après-vente). Motif : ${input.reason}`;
    await repo.insertTicketEvent(tx, {
      ticketId: ticket.id,
      actorId: ctx.actor.personId,
      actorLabel: ctx.actor.displayName,
      type: "escalation",
      visibility: "internal",
      body: detail,
      data: { manual: true, to: input.to, organisation: organisationName, recipients },
    });
    if (input.to === "chain") await mailTicketStep({ ...ctx, db: tx }, updated, recipients, "escalation", detail, school.name);
    else await notifyTicketStep({ ...ctx, db: tx }, updated, "escalation", detail, school.name);
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: "ticket.escalated",
        entityType: "ticket",
        entityId: ticket.id,
        regionId: ticket.regionId,
        schoolId: ticket.schoolId,
        after: { to: input.to, organisation: organisationName, reason: input.reason },
      },
    );
    return updated;
  });
}
