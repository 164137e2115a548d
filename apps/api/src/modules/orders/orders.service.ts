import { formatParisDay, isReturnable, parisDateOf, returnDeadlineFor } from "@relais/shared/campaign-windows";
import { LICENSED_KINDS, RESOURCE_KIND_LABELS, RETURNABLE_KINDS, UNORDERED_KINDS } from "@relais/shared/catalogue";
import { garAvailability, nextGarReset } from "@relais/shared/gar";
import { type CartLinesInput, LICENCE_WARNING, type OrderReviewSchema } from "@relais/shared/orders";
import { can, type Permission, visibleScopes } from "@relais/shared/permissions";
import type { z } from "zod";
import type { Ctx } from "../../context.ts";
import { AppError, forbidden, notFound } from "../../errors.ts";
import type { TableContent } from "../../lib/table-file.ts";
import { recordAudit } from "../audit/audit.service.ts";
import {
  assertOrderingOpen,
  commitOnEnvelope,
  envelopeExceededMessage,
  findEnvelopeOf,
  findVisibleCampaign,
  remainingOf,
} from "../campaigns/campaigns.service.ts";
import { findItemsForOrder } from "../catalogue/catalogue.service.ts";
import { createAsset } from "../inventory/assets.service.ts";
import { getSchool, schoolTarget } from "../organisation/schools.service.ts";
import { insertDeliveredAssets } from "./deliveries.repository.ts";
import { eanInResourceId, parseGarUsageTable } from "./gar-usage-import.ts";
import { notifyOrderReviewed, notifyOrderSubmitted, notifyTeacherLicencesAnswered } from "./order-notifications.ts";
import * as repo from "./orders.repository.ts";

type Campaign = Awaited<ReturnType<typeof findVisibleCampaign>>;
type School = Awaited<ReturnType<typeof getSchool>>;

/** Who builds carts: CRRE prescribers and validators for textbooks, the head for equipment (seeds 001, 003). */
const buildsCarts = (campaign: Campaign): Permission => (campaign.programme === "textbooks" ? "order.textbooks.cart" : "order.equipment");
/** Who validates the school's order for the Region: CRRE validators (textbooks), the head (equipment). */
const submitsOrders = (campaign: Campaign): Permission => (campaign.programme === "textbooks" ? "order.textbooks.validate" : "order.equipment");

function assertCan(ctx: Ctx, permission: Permission, school: School, message: string) {
  if (!can(ctx.actor.assignments, permission, schoolTarget(school))) throw forbidden(message);
}

async function present(ctx: Ctx, order: repo.Order) {
  const lines = await repo.findLines(ctx.db, [order.id]);
  const envelope = await findEnvelopeOf(ctx, order.campaignId, order.schoolId);
  return { ...order, ...remainingOf(envelope), licenceWarning: lines.some((l) => l.isLicence) ? LICENCE_WARNING : null, lines };
}

/** An order the actor may see (the school's envelope readers, the Region), with its campaign and school. */
async function visibleOrder(ctx: Ctx, id: string) {
  const order = await repo.findOrder(ctx.db, id);
  if (!order) throw notFound("Commande");
  const campaign = await findVisibleCampaign(ctx, order.campaignId);
  const school = await getSchool(ctx, order.schoolId).catch(() => {
    throw notFound("Commande");
  });
  if (!can(ctx.actor.assignments, "envelope.read", schoolTarget(school))) throw notFound("Commande");
  return { order, campaign, school };
}

export async function getOrder(ctx: Ctx, id: string) {
  return present(ctx, (await visibleOrder(ctx, id)).order);
}

export async function listOrders(ctx: Ctx, campaignId: string, status?: repo.Order["status"]) {
  const campaign = await findVisibleCampaign(ctx, campaignId);
  const rows = await repo.findOrders(ctx.db, visibleScopes(ctx.actor.assignments, "envelope.read"), campaign.id, status);
  const lines = await repo.findLines(
    ctx.db,
    rows.map((r) => r.order.id),
  );
  return rows.map(({ order }) => ({ ...order, lines: lines.filter((l) => l.orderId === order.id) }));
}

/** Opens a cart for a school, within an ordering window. */
export async function createCart(ctx: Ctx, campaignId: string, schoolRef: string) {
  const campaign = await findVisibleCampaign(ctx, campaignId);
  const school = await getSchool(ctx, schoolRef);
  if (school.regionId !== campaign.regionId) throw notFound("Établissement");
  assertCan(
    ctx,
    buildsCarts(campaign),
    school,
    campaign.programme === "textbooks"
      ? "Seuls les prescripteurs et valideurs CRRE de l'établissement créent des paniers."
      : "Seul le chef d'établissement commande sur le plan d'équipement.",
  );
  assertOrderingOpen(ctx, campaign);
  const envelope = await findEnvelopeOf(ctx, campaign.id, school.id);
  const order = await repo.insertOrder(ctx.db, {
    campaignId: campaign.id,
    envelopeId: envelope.id,
    regionId: campaign.regionId,
    schoolId: school.id,
    programme: campaign.programme,
    createdById: ctx.actor.personId,
    createdAt: ctx.clock.now(),
  });
  return present(ctx, order);
}

const invalidLine = (index: number, message: string) =>
  new AppError("validation.failed", message, { fieldErrors: [{ field: `body.lines.${index}`, message }] });

/** Prices a cart's lines from the catalogue, refusing what the rules forbid. */
async function priceLines(ctx: Ctx, campaign: Campaign, school: School, input: CartLinesInput["lines"]) {
  const items = new Map(
    (await findItemsForOrder(ctx, campaign.regionId, campaign.programme, [...new Set(input.map((l) => l.itemId))])).map((i) => [i.item.id, i]),
  );
  const seen = new Set<string>();
  const mobileProject = await repo.findMobileProject(ctx.db, campaign.id, school.id);
  return input.map((line, index) => {
    const found = items.get(line.itemId);
    if (!found?.item.isActive) throw invalidLine(index, "Article inconnu du catalogue de cette campagne.");
    if (seen.has(line.itemId)) throw invalidLine(index, "Cet article figure deux fois : regroupez les quantités sur une ligne.");
    seen.add(line.itemId);
    if (found.type === "equipment") {
      const item = found.item;
      if (item.isMobile && !mobileProject) {
        throw invalidLine(
          index,
          `« ${item.label} » est un équipement mobile : il faut un projet pédagogique validé par l'académie et la Région (Wi-Fi disponible) avant de le commander.`,
        );
      }
      if (line.teacherLicences > 0) throw invalidLine(index, "Les licences enseignant ne concernent que les ressources numériques.");
      return {
        itemId: item.id,
        label: item.label,
        reference: item.reference,
        supplier: item.supplier,
        kind: item.category,
        envelope: "main" as const,
        unitPriceCents: item.unitPriceCents,
        quantity: line.quantity,
        teacherLicences: 0,
        isLicence: false,
        isMobile: item.isMobile,
        amountCents: item.unitPriceCents * line.quantity,
      };
    }
    const item = found.item;
    if (UNORDERED_KINDS.includes(item.kind))
      throw invalidLine(index, `« ${item.title} » (${RESOURCE_KIND_LABELS[item.kind].toLowerCase()}) est mis à disposition sans commande.`);
    const isLicence = LICENSED_KINDS.includes(item.kind);
    // Teacher licences come free with student licences; the market has no teacher-only purchase (seed 001).
    if (line.teacherLicences > 0 && !isLicence) throw invalidLine(index, "Les licences enseignant ne concernent que les manuels et ressources numériques.");
    return {
      itemId: item.id,
      label: item.title,
      reference: item.ean,
      supplier: item.publisher,
      kind: item.kind,
      envelope: item.kind === "consumable" ? ("consumables" as const) : ("main" as const),
      unitPriceCents: item.priceCents,
      quantity: line.quantity,
      teacherLicences: line.teacherLicences,
      isLicence,
      isMobile: false,
      amountCents: item.priceCents * line.quantity,
    };
  });
}

const totalsOf = (lines: { envelope: "main" | "consumables"; amountCents: number }[]) => ({
  mainCents: lines.filter((l) => l.envelope === "main").reduce((s, l) => s + l.amountCents, 0),
  consumablesCents: lines.filter((l) => l.envelope === "consumables").reduce((s, l) => s + l.amountCents, 0),
});

/** Replaces a cart's lines; the cart may never cost more than what the envelope has left. */
export async function setCartLines(ctx: Ctx, id: string, input: CartLinesInput) {
  const { order, campaign, school } = await visibleOrder(ctx, id);
  assertCan(ctx, buildsCarts(campaign), school, "Vous ne pouvez pas modifier les paniers de cet établissement.");
  if (order.status !== "cart") throw new AppError("conflict", "Cette commande est déjà validée : elle ne se modifie plus.");
  assertOrderingOpen(ctx, campaign);
  const lines = await priceLines(ctx, campaign, school, input.lines);
  const totals = totalsOf(lines);
  const envelope = await findEnvelopeOf(ctx, campaign.id, school.id);
  const { remainingCents, remainingConsumablesCents } = remainingOf(envelope);
  if (totals.mainCents > remainingCents || totals.consumablesCents > remainingConsumablesCents) {
    throw new AppError("envelope.exceeded", envelopeExceededMessage(remainingCents, remainingConsumablesCents, totals), {
      details: { remainingCents, remainingConsumablesCents },
    });
  }
  await ctx.db.transaction(async (tx) => {
    const updated = await repo.updateOrder(tx, order.id, input.version, { totalCents: totals.mainCents, consumablesCents: totals.consumablesCents });
    if (updated?.status !== "cart") throw new AppError("conflict.version", "Ce panier a été modifié entre-temps : rechargez-le.");
    await repo.replaceLines(tx, order.id, lines);
  });
  return getOrder(ctx, order.id);
}

/**
 * The school validates its order for the Region: within a window, acknowledging that licences
 * cannot be cancelled, and committing its totals on the envelope under the envelope's lock.
 */
export async function submitOrder(ctx: Ctx, id: string, input: { version: number; acknowledgeNoCancellation?: boolean | undefined }) {
  const { order, campaign, school } = await visibleOrder(ctx, id);
  assertCan(
    ctx,
    submitsOrders(campaign),
    school,
    campaign.programme === "textbooks"
      ? "Seuls les valideurs CRRE de l'établissement valident la commande."
      : "Seul le chef d'établissement valide le plan d'équipement.",
  );
  if (order.status !== "cart") throw new AppError("conflict", "Cette commande est déjà validée.");
  assertOrderingOpen(ctx, campaign);
  const lines = await repo.findLines(ctx.db, [order.id]);
  if (lines.length === 0) throw new AppError("validation.failed", "Le panier est vide : ajoutez au moins un article avant de valider.");
  if (lines.some((l) => l.isLicence) && input.acknowledgeNoCancellation !== true) {
    throw new AppError("validation.failed", LICENCE_WARNING, {
      fieldErrors: [{ field: "body.acknowledgeNoCancellation", message: "Confirmez avoir lu l'avertissement." }],
    });
  }
  await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const locked = await repo.findOrder(tx, order.id, { lock: true });
    if (locked?.status !== "cart" || locked.version !== input.version)
      throw new AppError("conflict.version", "Ce panier a été modifié ou validé entre-temps : rechargez-le.");
    await commitOnEnvelope(txCtx, order.envelopeId, { mainCents: locked.totalCents, consumablesCents: locked.consumablesCents });
    await repo.updateOrder(tx, order.id, locked.version, { status: "submitted", submittedById: ctx.actor.personId, submittedAt: ctx.clock.now() });
    await recordAudit(txCtx, {
      action: "order.submitted",
      entityType: "order",
      entityId: order.id,
      regionId: order.regionId,
      schoolId: order.schoolId,
      after: { totalCents: locked.totalCents, consumablesCents: locked.consumablesCents, lines: lines.length },
    });
    await notifyOrderSubmitted(txCtx, { order: { ...locked, status: "submitted" }, campaign, school, lines: lines.length });
  });
  return getOrder(ctx, order.id);
}

/**
 * The Region reviews a validated order: it may adjust lines, each with a reason — a new
 * quantity (0 removes the line, which stays visible at zero), a new unit price — never under a
 * licence's validated quantity (a validated licence cannot be cancelled, seed 001) and never
 * over the envelope; then approves it, or rejects it with a reason (the money goes back). The
 * school's validators and head are told by e-mail, with the reasons.
 */
export async function reviewOrder(ctx: Ctx, id: string, review: z.infer<typeof OrderReviewSchema>) {
  const { order, campaign, school } = await visibleOrder(ctx, id);
  if (!can(ctx.actor.assignments, "campaign.manage", { regionId: order.regionId })) throw forbidden("Seule la Région examine les commandes.");
  if (order.status !== "submitted") throw new AppError("conflict", "Seule une commande validée par l'établissement et pas encore examinée peut l'être.");
  if (review.decision === "reject" && review.adjustments.length > 0)
    throw new AppError("validation.failed", "Une commande refusée ne s'ajuste pas : retirez les ajustements ou approuvez-la.", {
      fieldErrors: [{ field: "body.adjustments", message: "Ajustements inutiles pour un refus." }],
    });
  const lines = await repo.findLines(ctx.db, [order.id]);
  const adjusted = lines.map((line) => ({ ...line }));
  const changed = new Set<string>();
  review.adjustments.forEach((adjustment, index) => {
    const line = adjusted.find((l) => l.id === adjustment.lineId);
    if (!line)
      throw new AppError("validation.failed", "Cette ligne n'appartient pas à la commande.", {
        fieldErrors: [{ field: `body.adjustments.${index}.lineId`, message: "Ligne inconnue." }],
      });
    const quantity = adjustment.quantity ?? line.quantity;
    const unitPriceCents = adjustment.unitPriceCents ?? line.unitPriceCents;
    if (line.isLicence && quantity < line.quantity) {
      throw new AppError("conflict", `« ${line.label} » : une licence numérique validée ne peut plus être annulée (${line.quantity} licences validées).`);
    }
    if (quantity === line.quantity && unitPriceCents === line.unitPriceCents)
      throw new AppError("validation.failed", `« ${line.label} » : l'ajustement ne change ni la quantité ni le prix.`, {
        fieldErrors: [{ field: `body.adjustments.${index}`, message: "Ajustement sans changement." }],
      });
    line.requestedQuantity ??= line.quantity;
    line.requestedUnitPriceCents ??= line.unitPriceCents;
    line.quantity = quantity;
    line.unitPriceCents = unitPriceCents;
    line.amountCents = unitPriceCents * quantity;
    line.adjustmentReason = adjustment.reason;
    changed.add(line.id);
  });
  if (review.decision === "approve" && adjusted.every((l) => l.quantity === 0))
    throw new AppError("validation.failed", "Toutes les lignes seraient retirées : refusez la commande, avec un motif, plutôt que de l'approuver vide.");
  const totals = totalsOf(adjusted);
  await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const locked = await repo.findOrder(tx, order.id, { lock: true });
    if (locked?.status !== "submitted" || locked.version !== review.version)
      throw new AppError("conflict.version", "Cette commande a été modifiée entre-temps : rechargez-la.");
    if (review.decision === "reject") {
      await commitOnEnvelope(txCtx, order.envelopeId, { mainCents: -locked.totalCents, consumablesCents: -locked.consumablesCents });
    } else {
      await commitOnEnvelope(txCtx, order.envelopeId, {
        mainCents: totals.mainCents - locked.totalCents,
        consumablesCents: totals.consumablesCents - locked.consumablesCents,
      });
      for (const line of adjusted.filter((l) => changed.has(l.id))) {
        await repo.updateLine(tx, line.id, {
          quantity: line.quantity,
          unitPriceCents: line.unitPriceCents,
          amountCents: line.amountCents,
          adjustmentReason: line.adjustmentReason,
          requestedQuantity: line.requestedQuantity,
          requestedUnitPriceCents: line.requestedUnitPriceCents,
        });
      }
    }
    const reviewed = await repo.updateOrder(tx, order.id, locked.version, {
      status: review.decision === "approve" ? "approved" : "rejected",
      ...(review.decision === "approve" ? { totalCents: totals.mainCents, consumablesCents: totals.consumablesCents } : {}),
      reviewedById: ctx.actor.personId,
      reviewedAt: ctx.clock.now(),
      reviewNote: review.note ?? null,
    });
    await recordAudit(txCtx, {
      action: review.decision === "approve" ? "order.approved" : "order.rejected",
      entityType: "order",
      entityId: order.id,
      regionId: order.regionId,
      schoolId: order.schoolId,
      before: { totalCents: locked.totalCents, consumablesCents: locked.consumablesCents },
      after: { ...totals, note: review.note ?? null, adjustments: review.adjustments },
    });
    await notifyOrderReviewed(txCtx, {
      order: reviewed!,
      campaign,
      school,
      adjustedLines: adjusted.filter((l) => changed.has(l.id)),
    });
  });
  return getOrder(ctx, order.id);
}

/** Approved orders by supplier (and reference): what the Region sends to each supplier. */
export async function supplierSummary(ctx: Ctx, campaignId: string) {
  const campaign = await findVisibleCampaign(ctx, campaignId);
  if (!can(ctx.actor.assignments, "campaign.manage", { regionId: campaign.regionId }))
    throw forbidden("Seule la Région consulte les commandes par fournisseur.");
  // A line the Region removed at review stays on the order, at zero: nothing to send the supplier.
  const rows = (await repo.findApprovedLines(ctx.db, campaign.id)).filter(({ line }) => line.quantity > 0);
  return rows.map(({ line, uai, schoolName }) => ({
    supplier: line.supplier,
    uai,
    schoolName,
    reference: line.reference,
    label: line.label,
    quantity: line.quantity,
    teacherLicences: line.teacherLicences,
    unitPriceCents: line.unitPriceCents,
    amountCents: line.amountCents,
  }));
}

/**
 * Sends paper items back (seed 001: paper textbooks and consumables may be returned until the
 * calendar's deadline for the date they were ordered; licences never). The money goes back to
 * the envelope in the same transaction, under its lock.
 */
export async function returnItems(ctx: Ctx, id: string, input: { lineId: string; quantity: number }) {
  const { order, campaign, school } = await visibleOrder(ctx, id);
  assertCan(ctx, buildsCarts(campaign), school, "Seuls les prescripteurs et valideurs de l'établissement retournent des articles.");
  if (order.status !== "submitted" && order.status !== "approved")
    throw new AppError("conflict", "Seuls les articles d'une commande validée se retournent (un panier se modifie).");
  const line = (await repo.findLines(ctx.db, [order.id])).find((l) => l.id === input.lineId);
  if (!line)
    throw new AppError("validation.failed", "Cette ligne n'appartient pas à la commande.", {
      fieldErrors: [{ field: "body.lineId", message: "Ligne inconnue." }],
    });
  if (!RETURNABLE_KINDS.includes(line.kind as (typeof RETURNABLE_KINDS)[number])) {
    throw new AppError("conflict", line.isLicence ? LICENCE_WARNING : "Seuls les manuels et consommables papier se retournent.");
  }
  const deadline = returnDeadlineFor(campaign.calendar.returnDeadlines, order.submittedAt ?? order.createdAt);
  if (!deadline || !isReturnable(campaign.calendar.returnDeadlines, order.submittedAt ?? order.createdAt, ctx.clock.now())) {
    throw new AppError(
      "conflict",
      deadline
        ? `Le délai de retour de cette commande a expiré le ${formatParisDay(deadline)}.`
        : "Aucune échéance de retour ne couvre la date de cette commande.",
    );
  }
  if (input.quantity > line.quantity)
    throw new AppError("validation.failed", `Il ne reste que ${line.quantity} exemplaire(s) à retourner sur cette ligne.`, {
      fieldErrors: [{ field: "body.quantity", message: "Quantité trop grande." }],
    });
  const refund = line.unitPriceCents * input.quantity;
  await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const locked = await repo.findOrder(tx, order.id, { lock: true });
    const current = (await repo.findLines(tx, [order.id])).find((l) => l.id === line.id);
    if (!locked || !current || current.quantity < input.quantity) throw new AppError("conflict", "Cette ligne a changé entre-temps : rechargez la commande.");
    const main = line.envelope === "main" ? refund : 0;
    const consumables = line.envelope === "consumables" ? refund : 0;
    await commitOnEnvelope(txCtx, order.envelopeId, { mainCents: -main, consumablesCents: -consumables });
    await repo.updateLine(tx, line.id, {
      quantity: current.quantity - input.quantity,
      amountCents: current.unitPriceCents * (current.quantity - input.quantity),
      returnedQuantity: current.returnedQuantity + input.quantity,
    });
    await repo.updateOrder(tx, order.id, locked.version, { totalCents: locked.totalCents - main, consumablesCents: locked.consumablesCents - consumables });
    await recordAudit(txCtx, {
      action: "order.items_returned",
      entityType: "order",
      entityId: order.id,
      regionId: order.regionId,
      schoolId: order.schoolId,
      after: { lineId: line.id, reference: line.reference, quantity: input.quantity, refundCents: refund },
    });
  });
  return getOrder(ctx, order.id);
}

const ASSET_TYPE_OF_CATEGORY: Record<string, "desktop" | "laptop" | "tablet" | "printer" | "video_projector" | "interactive_display" | "other"> = {
  desktop: "desktop",
  laptop: "laptop",
  tablet: "tablet",
  printer: "printer",
  projector: "video_projector",
  interactive_display: "interactive_display",
  peripheral: "other",
  multimedia: "other",
};

/** The same day N years later (29 February becomes 28 February). */
function addYears(isoDay: string, years: number): string {
  const [y, m, d] = isoDay.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y + years, m - 1, d));
  if (date.getUTCMonth() !== m - 1) date.setUTCDate(0);
  return date.toISOString().slice(0, 10);
}

/** Items one delivery may enter at once: a school's plan, not a region's stock. */
const MAX_DELIVERED_ITEMS = 2_000;

/**
 * The Region records an approved equipment order as delivered: each unit enters the school's
 * inventory in stock (type, model, supplier, "Region contract" funding, warranty end from the
 * catalogue's warranty), its inventory number naming the order it came from (issue 5,
 * "Delivery and the inventory"). One transaction: all the units or none.
 */
export async function deliverOrder(ctx: Ctx, id: string, input: { version: number }) {
  const { order, campaign, school } = await visibleOrder(ctx, id);
  if (!can(ctx.actor.assignments, "campaign.manage", { regionId: order.regionId })) throw forbidden("Seule la Région enregistre les livraisons.");
  if (campaign.programme !== "equipment") throw new AppError("conflict", "Seules les commandes d'équipement entrent à l'inventaire.");
  if (order.status !== "approved" || order.deliveredAt)
    throw new AppError("conflict", order.deliveredAt ? "Cette commande est déjà livrée." : "Seule une commande approuvée par la Région peut être livrée.");
  const lines = await repo.findLines(ctx.db, [order.id]);
  const units = lines.reduce((sum, l) => sum + l.quantity, 0);
  if (units > MAX_DELIVERED_ITEMS) throw new AppError("validation.failed", `Livraison trop grande pour une saisie : ${MAX_DELIVERED_ITEMS} articles au plus.`);
  const warranty = new Map(
    (
      await findItemsForOrder(
        ctx,
        campaign.regionId,
        "equipment",
        lines.map((l) => l.itemId),
      )
    ).map((i) => [i.item.id, i.type === "equipment" ? i.item.warrantyYears : 0]),
  );
  const today = parisDateOf(ctx.clock.now());
  const reference = `CMD-${order.id.slice(0, 8).toUpperCase()}`;
  const assetIds = await ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const locked = await repo.findOrder(tx, order.id, { lock: true });
    if (!locked || locked.version !== input.version || locked.deliveredAt)
      throw new AppError("conflict.version", "Cette commande a changé entre-temps : rechargez-la.");
    const ids: string[] = [];
    const delivered: { orderLineId: string; assetId: string }[] = [];
    let n = 0;
    for (const line of lines) {
      for (let unit = 0; unit < line.quantity; unit++) {
        ids.push(
          await createAsset(txCtx, {
            school: school.id,
            type: ASSET_TYPE_OF_CATEGORY[line.kind] ?? "other",
            model: line.label,
            supplier: line.supplier,
            inventoryNumber: `${reference}-${String(++n).padStart(3, "0")}`,
            status: "in_stock",
            funding: "region_contract",
            isQualifiedByRegion: true,
            acquiredOn: today,
            warrantyEndsOn: addYears(today, warranty.get(line.itemId) ?? 3),
          }),
        );
        delivered.push({ orderLineId: line.id, assetId: ids.at(-1)! });
      }
    }
    await insertDeliveredAssets(tx, delivered);
    await repo.updateOrder(tx, order.id, locked.version, { deliveredById: ctx.actor.personId, deliveredAt: ctx.clock.now() });
    await recordAudit(txCtx, {
      action: "order.delivered",
      entityType: "order",
      entityId: order.id,
      regionId: order.regionId,
      schoolId: order.schoolId,
      after: { reference, assets: ids.length },
    });
    return ids;
  });
  return { order: await getOrder(ctx, order.id), assetIds };
}

/**
 * The GAR checklist of a school (seed 001): every licence its validated orders bought, to
 * assign again in the GAR, with when each should appear there (24 to 48 hours after
 * validation) and the next 15 August, when every link is reset.
 */
export async function garChecklist(ctx: Ctx, campaignId: string, schoolRef: string) {
  const campaign = await findVisibleCampaign(ctx, campaignId);
  const school = await getSchool(ctx, schoolRef);
  if (!can(ctx.actor.assignments, "gar.checklist", schoolTarget(school)))
    throw forbidden("La liste d'affectation GAR est celle du responsable d'affectation et de la direction de l'établissement.");
  const ofSchool = { all: false, regionIds: [], sectorIds: [], zoneIds: [], schoolIds: [school.id], organisationIds: [] };
  const rows = (await repo.findOrders(ctx.db, ofSchool, campaign.id)).filter((r) => r.order.status === "submitted" || r.order.status === "approved");
  const lines = await repo.findLines(
    ctx.db,
    rows.map((r) => r.order.id),
  );
  const items = lines
    .filter((l) => l.isLicence)
    .map((line) => {
      const order = rows.find((r) => r.order.id === line.orderId)!.order;
      const validatedAt = order.submittedAt ?? order.createdAt;
      const expected = garAvailability(validatedAt);
      return {
        orderId: order.id,
        reference: line.reference,
        label: line.label,
        publisher: line.supplier,
        studentLicences: line.quantity,
        teacherLicences: line.teacherLicences,
        validatedAt,
        expectedFrom: expected.from,
        expectedBy: expected.until,
        isExpectedInGar: ctx.clock.now() >= expected.until,
      };
    });
  const resetOn = nextGarReset(ctx.clock.now());
  return {
    schoolId: school.id,
    resetOn,
    notice: `Le ${formatParisDay(resetOn)}, toutes les affectations de ressources sont réinitialisées dans le GAR : réaffectez chaque manuel et chaque ressource de cette liste. Une ressource apparaît dans le GAR 24 à 48 h après la validation de la commande.`,
    items,
  };
}

/**
 * A school short of teacher licences asks the Region (seed 001): one request per publisher,
 * for references its validated orders bought as student licences (teacher licences are never
 * bought alone); the student licences bought are read from those orders.
 */
export async function requestTeacherLicences(
  ctx: Ctx,
  campaignId: string,
  input: { school: string; publisher: string; lines: { ean: string; teacherLicences: number }[] },
) {
  const campaign = await findVisibleCampaign(ctx, campaignId);
  const school = await getSchool(ctx, input.school);
  if (school.regionId !== campaign.regionId) throw notFound("Établissement");
  assertCan(ctx, "order.textbooks.cart", school, "Seuls les prescripteurs et valideurs CRRE de l'établissement demandent des licences enseignant.");
  const ofSchool = { all: false, regionIds: [], sectorIds: [], zoneIds: [], schoolIds: [school.id], organisationIds: [] };
  const validated = (await repo.findOrders(ctx.db, ofSchool, campaign.id)).filter((r) => r.order.status === "submitted" || r.order.status === "approved");
  const bought = (
    await repo.findLines(
      ctx.db,
      validated.map((r) => r.order.id),
    )
  ).filter((l) => l.isLicence);
  const seen = new Set<string>();
  const lines = input.lines.map((line, index) => {
    const field = `body.lines.${index}.ean`;
    const matching = bought.filter((l) => l.reference === line.ean);
    if (matching.length === 0) {
      throw new AppError(
        "validation.failed",
        `Aucune licence élève de la référence ${line.ean} dans les commandes validées de l'établissement : les licences enseignant ne s'achètent pas seules.`,
        {
          fieldErrors: [{ field, message: "Référence non achetée." }],
        },
      );
    }
    if (matching[0]!.supplier !== input.publisher) {
      throw new AppError("validation.failed", `La référence ${line.ean} est éditée par ${matching[0]!.supplier} : une demande par éditeur.`, {
        fieldErrors: [{ field, message: "Autre éditeur." }],
      });
    }
    if (seen.has(line.ean))
      throw new AppError("validation.failed", `La référence ${line.ean} apparaît deux fois.`, { fieldErrors: [{ field, message: "Doublon." }] });
    seen.add(line.ean);
    return {
      ean: line.ean,
      title: matching[0]!.label,
      teacherLicences: line.teacherLicences,
      studentLicencesBought: matching.reduce((s, l) => s + l.quantity, 0),
    };
  });
  return ctx.db.transaction(async (tx) => {
    const request = await repo.insertTeacherLicenceRequest(tx, {
      campaignId: campaign.id,
      regionId: campaign.regionId,
      schoolId: school.id,
      publisher: input.publisher,
      lines,
      requestedById: ctx.actor.personId,
      requestedAt: ctx.clock.now(),
    });
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: "order.teacher_licences_requested",
        entityType: "order",
        entityId: request.id,
        regionId: campaign.regionId,
        schoolId: school.id,
        after: { publisher: input.publisher, lines },
      },
    );
    return request;
  });
}

export async function listTeacherLicenceRequests(ctx: Ctx, campaignId: string) {
  const campaign = await findVisibleCampaign(ctx, campaignId);
  return (await repo.findTeacherLicenceRequests(ctx.db, visibleScopes(ctx.actor.assignments, "envelope.read"), campaign.id)).map((r) => r.request);
}

export async function answerTeacherLicenceRequest(ctx: Ctx, id: string, answer: string) {
  const request = await repo.findTeacherLicenceRequest(ctx.db, id);
  if (!request) throw notFound("Demande de licences enseignant");
  await findVisibleCampaign(ctx, request.campaignId).catch(() => {
    throw notFound("Demande de licences enseignant");
  });
  if (!can(ctx.actor.assignments, "campaign.manage", { regionId: request.regionId }))
    throw forbidden("Seule la Région répond aux demandes de licences enseignant.");
  return ctx.db.transaction(async (tx) => {
    const answered = await repo.answerTeacherLicenceRequest(tx, id, { answer, answeredById: ctx.actor.personId, answeredAt: ctx.clock.now() });
    if (!answered) throw new AppError("conflict", "Cette demande a déjà reçu une réponse.");
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: "order.teacher_licences_answered",
        entityType: "order",
        entityId: id,
        regionId: request.regionId,
        schoolId: request.schoolId,
        after: { answer },
      },
    );
    await notifyTeacherLicencesAnswered({ ...ctx, db: tx }, answered);
    return answered;
  });
}

/**
 * Imports the GAR allocations export for a campaign (the Region): every line checked first, an
 * unknown UAI or a school of another region refused; then the campaign's usage is replaced in
 * one transaction.
 */
export async function importGarUsage(ctx: Ctx, campaignId: string, content: TableContent) {
  const campaign = await findVisibleCampaign(ctx, campaignId);
  if (!can(ctx.actor.assignments, "campaign.manage", { regionId: campaign.regionId })) throw forbidden("Seule la Région importe les statistiques du GAR.");
  const parsed = parseGarUsageTable(content);
  const issues = [...parsed.issues];
  const schoolIds = new Map<string, string>();
  for (const row of parsed.rows) {
    if (schoolIds.has(row.uai)) continue;
    const school = await getSchool(ctx, row.uai).catch(() => null);
    if (!school || school.regionId !== campaign.regionId)
      issues.push({ line: row.line, column: "UAI", message: `Établissement ${row.uai} inconnu dans la région.` });
    else schoolIds.set(row.uai, school.id);
  }
  if (issues.length > 0) {
    throw new AppError("validation.failed", `${issues.length} erreur(s) dans le fichier : rien n'a été importé.`, {
      fieldErrors: issues.map((i) => ({ field: `ligne ${i.line}${i.column ? `, colonne ${i.column}` : ""}`, message: i.message })),
      details: { issues },
    });
  }
  const now = ctx.clock.now();
  await ctx.db.transaction(async (tx) => {
    await repo.replaceGarUsage(
      tx,
      campaign.id,
      parsed.rows.map((row) => ({
        campaignId: campaign.id,
        regionId: campaign.regionId,
        schoolId: schoolIds.get(row.uai)!,
        resourceId: row.resourceId,
        ean: eanInResourceId(row.resourceId),
        studentAssignments: row.studentAssignments,
        teacherAssignments: row.teacherAssignments,
        importedAt: now,
      })),
    );
    await recordAudit(
      { ...ctx, db: tx },
      { action: "order.gar_usage_imported", entityType: "order", entityId: campaign.id, regionId: campaign.regionId, after: { lines: parsed.rows.length } },
    );
  });
  return { lines: parsed.rows.length, schools: schoolIds.size };
}

/**
 * Purchase against use, per school and reference: the student licences bought (validated
 * orders) and the students the GAR shows the resource assigned to, to guide next year's
 * choices. GAR statistics count online use only (seed 001): the screens say so.
 */
export async function garUsageReport(ctx: Ctx, campaignId: string) {
  const campaign = await findVisibleCampaign(ctx, campaignId);
  const schoolsSeen = new Set<string>();
  // The Region sees every school of the campaign; others, the schools whose envelope they read.
  const seesAll = can(ctx.actor.assignments, "campaign.manage", { regionId: campaign.regionId });
  const canSee = async (schoolId: string) => {
    if (seesAll || schoolsSeen.has(schoolId)) return true;
    const school = await getSchool(ctx, schoolId).catch(() => null);
    const ok = school !== null && can(ctx.actor.assignments, "envelope.read", schoolTarget(school));
    if (ok) schoolsSeen.add(schoolId);
    return ok;
  };
  const bought = await repo.findValidatedLicenceLines(ctx.db, campaign.id);
  const usage = await repo.findGarUsage(ctx.db, campaign.id, "all");
  const rows = new Map<
    string,
    { schoolId: string; reference: string; label: string; studentLicencesBought: number; studentAssignments: number; teacherAssignments: number }
  >();
  for (const line of bought) {
    if (!(await canSee(line.schoolId))) continue;
    const key = `${line.schoolId}/${line.reference}`;
    const row = rows.get(key) ?? {
      schoolId: line.schoolId,
      reference: line.reference,
      label: line.label,
      studentLicencesBought: 0,
      studentAssignments: 0,
      teacherAssignments: 0,
    };
    row.studentLicencesBought += line.quantity;
    rows.set(key, row);
  }
  const unmatched: { schoolId: string; resourceId: string; studentAssignments: number; teacherAssignments: number }[] = [];
  for (const use of usage) {
    if (!(await canSee(use.schoolId))) continue;
    const row = use.ean ? rows.get(`${use.schoolId}/${use.ean}`) : undefined;
    if (!row) {
      unmatched.push({
        schoolId: use.schoolId,
        resourceId: use.resourceId,
        studentAssignments: use.studentAssignments,
        teacherAssignments: use.teacherAssignments,
      });
      continue;
    }
    row.studentAssignments += use.studentAssignments;
    row.teacherAssignments += use.teacherAssignments;
  }
  return {
    notice: "Les statistiques du GAR ne comptent que les consultations en ligne : les manuels téléchargés n'y figurent pas.",
    items: [...rows.values()].map((r) => ({ ...r, unassignedLicences: Math.max(0, r.studentLicencesBought - r.studentAssignments) })),
    unmatched,
  };
}
