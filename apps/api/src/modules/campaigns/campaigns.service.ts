import { closedMessage, defaultTextbookCalendar, orderingStatus } from "@relais/shared/campaign-windows";
import { type CampaignInput, type CampaignUpdate, PROGRAMME_LABELS, type TopUpInput } from "@relais/shared/campaigns";
import { formatEuros } from "@relais/shared/money";
import { can, visibleScopes } from "@relais/shared/permissions";
import { DEFAULT_TEXTBOOK_RATES } from "@relais/shared/textbook-envelope";
import type { Ctx, PlainCtx } from "../../context.ts";
import { AppError, forbidden, notFound } from "../../errors.ts";
import { diffFields, recordAudit } from "../audit/audit.service.ts";
import { getSchool, schoolTarget } from "../organisation/schools.service.ts";
import { notifyTopUpDecided, notifyTopUpRequested } from "./campaign-notifications.ts";
import * as repo from "./campaigns.repository.ts";
import { computeCampaignEnvelope } from "./envelope-rules.ts";

export type { Campaign, Envelope, TopUp } from "./campaigns.repository.ts";

/** The regions whose campaigns an actor sees: those of their assignments (everyone there needs the calendar). */
export function visibleRegionIds(ctx: PlainCtx): string[] | "all" {
  if (ctx.actor.assignments.some((a) => a.scope.kind === "platform")) return "all";
  return [...new Set(ctx.actor.assignments.map((a) => a.scope.regionId).filter((id): id is string => id !== null))];
}

function withOrdering(ctx: PlainCtx, campaign: repo.Campaign) {
  const status = orderingStatus(campaign.calendar.windows, ctx.clock.now());
  return {
    ...campaign,
    ordering: {
      ...status,
      message: status.isOpen ? `Commandes ouvertes jusqu'au ${status.current!.closesOn.split("-").reverse().join("/")}.` : closedMessage(status),
    },
  };
}

export async function listCampaigns(ctx: Ctx) {
  return (await repo.findCampaigns(ctx.db, visibleRegionIds(ctx))).map((c) => withOrdering(ctx, c));
}

/** A campaign of a region the actor belongs to; another region's is reported as not found. */
export async function findVisibleCampaign(ctx: PlainCtx, id: string): Promise<repo.Campaign> {
  const campaign = await repo.findCampaign(ctx.db, id);
  const regions = visibleRegionIds(ctx);
  if (!campaign || (regions !== "all" && !regions.includes(campaign.regionId))) throw notFound("Campagne");
  return campaign;
}

export async function getCampaign(ctx: PlainCtx, id: string) {
  return withOrdering(ctx, await findVisibleCampaign(ctx, id));
}

function assertManages(ctx: PlainCtx, regionId: string) {
  if (!can(ctx.actor.assignments, "campaign.manage", { regionId })) throw forbidden("Seule la Région gère ses campagnes.");
}

/** Textbooks: the enrolment present in May before the campaign (seed 001); equipment: the school year under way on 1 January. */
function defaultEnrolmentYear(input: CampaignInput): string {
  const year = Number(input.period.slice(0, 4));
  return `${year - 1}-${year}`;
}

/**
 * Creates a campaign and computes every public lycée's envelope of the region in the same
 * transaction, so a campaign never exists without its envelopes.
 */
export async function createCampaign(ctx: PlainCtx, input: CampaignInput) {
  assertManages(ctx, input.regionId);
  const now = ctx.clock.now();
  const isTextbooks = input.programme === "textbooks";
  const id = await ctx.db.transaction(async (tx) => {
    const created = await repo.insertCampaign(tx, {
      regionId: input.regionId,
      programme: input.programme,
      period: input.period,
      label: input.label ?? `${PROGRAMME_LABELS[input.programme]} ${input.period}`,
      enrolmentSchoolYear: input.enrolmentSchoolYear ?? defaultEnrolmentYear(input),
      calendar: input.calendar ?? defaultTextbookCalendar(input.period),
      textbookRates: isTextbooks ? (input.textbookRates ?? DEFAULT_TEXTBOOK_RATES) : null,
      equipmentFormula: isTextbooks ? null : (input.equipmentFormula ?? null),
      createdAt: now,
      updatedAt: now,
    });
    if (!created) {
      throw new AppError("conflict.duplicate", `La Région a déjà une campagne « ${PROGRAMME_LABELS[input.programme]} » pour ${input.period}.`, {
        fieldErrors: [{ field: "body.period", message: "Campagne déjà créée." }],
      });
    }
    const txCtx = { ...ctx, db: tx };
    await recordAudit(txCtx, { action: "campaign.created", entityType: "campaign", entityId: created.id, regionId: created.regionId, after: input });
    await computeEnvelopesIn(txCtx, created);
    return created.id;
  });
  return getCampaign(ctx, id);
}

export async function updateCampaign(ctx: Ctx, id: string, patch: CampaignUpdate) {
  const campaign = await findVisibleCampaign(ctx, id);
  assertManages(ctx, campaign.regionId);
  const { version, ...changes } = patch;
  if (campaign.programme === "textbooks" && changes.equipmentFormula)
    throw new AppError("validation.failed", "Une campagne de manuels n'a pas de formule d'équipement.");
  if (campaign.programme === "equipment" && changes.textbookRates)
    throw new AppError("validation.failed", "Un plan d'équipement n'a pas de barème de manuels.");
  await ctx.db.transaction(async (tx) => {
    const updated = await repo.updateCampaign(tx, id, version, { ...changes, updatedAt: ctx.clock.now() });
    if (!updated) throw new AppError("conflict.version", "Cette campagne a été modifiée entre-temps : rechargez-la avant d'enregistrer.");
    const diff = diffFields(campaign as unknown as Record<string, unknown>, changes as Record<string, unknown>);
    await recordAudit({ ...ctx, db: tx }, { action: "campaign.updated", entityType: "campaign", entityId: id, regionId: campaign.regionId, ...diff });
  });
  return getCampaign(ctx, id);
}

export type ComputeReport = { computed: number; skipped: { schoolId: string; reason: string }[] };

/**
 * (Re)computes envelopes from the campaign's rule and the schools' enrolment. An envelope
 * that would fall under what the school's orders have already committed is left as it was
 * and reported: money already committed is never taken back by a recalculation.
 */
async function computeEnvelopesIn(ctx: PlainCtx, campaign: repo.Campaign, schoolId?: string): Promise<ComputeReport> {
  const now = ctx.clock.now();
  const schoolsToPrice = await repo.findSchoolsWithEnrolment(ctx.db, campaign.regionId, campaign.enrolmentSchoolYear, schoolId);
  const existing = new Map(
    (
      await repo.lockEnvelopesOfCampaign(
        ctx.db,
        campaign.id,
        schoolsToPrice.map((s) => s.id),
      )
    ).map((e) => [e.schoolId, e]),
  );
  const report: ComputeReport = { computed: 0, skipped: [] };
  for (const school of schoolsToPrice) {
    const result = computeCampaignEnvelope(campaign, school.digitalMode, school.enrolment);
    const current = existing.get(school.id);
    if (
      current &&
      (current.committedCents > result.amountCents + current.topUpCents ||
        current.committedConsumablesCents > result.consumablesCents + current.topUpConsumablesCents)
    ) {
      report.skipped.push({ schoolId: school.id, reason: "Les commandes déjà engagées dépassent la nouvelle enveloppe : enveloppe inchangée." });
      continue;
    }
    await repo.upsertEnvelope(ctx.db, {
      campaignId: campaign.id,
      regionId: campaign.regionId,
      schoolId: school.id,
      computedCents: result.amountCents,
      computedConsumablesCents: result.consumablesCents,
      lines: result.lines,
      warnings: result.warnings,
      schoolKind: campaign.programme === "textbooks" ? school.digitalMode : null,
      computedAt: now,
    });
    report.computed++;
  }
  return report;
}

export async function computeEnvelopes(ctx: Ctx, id: string, schoolRef?: string): Promise<ComputeReport> {
  const campaign = await findVisibleCampaign(ctx, id);
  assertManages(ctx, campaign.regionId);
  const school = schoolRef ? await getSchool(ctx, schoolRef) : null;
  if (school && school.regionId !== campaign.regionId) throw notFound("Établissement");
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const report = await computeEnvelopesIn(txCtx, campaign, school?.id);
    await recordAudit(txCtx, {
      action: "campaign.envelopes_computed",
      entityType: "campaign",
      entityId: campaign.id,
      regionId: campaign.regionId,
      schoolId: school?.id ?? null,
      after: report,
    });
    return report;
  });
}

function present(row: { envelope: repo.Envelope; schoolName: string; uai: string }) {
  const e = row.envelope;
  const totalCents = e.computedCents + e.topUpCents;
  const totalConsumablesCents = e.computedConsumablesCents + e.topUpConsumablesCents;
  return {
    ...e,
    schoolName: row.schoolName,
    uai: row.uai,
    totalCents,
    totalConsumablesCents,
    remainingCents: totalCents - e.committedCents,
    remainingConsumablesCents: totalConsumablesCents - e.committedConsumablesCents,
  };
}

export async function listEnvelopes(ctx: Ctx, id: string) {
  const campaign = await findVisibleCampaign(ctx, id);
  return (await repo.findEnvelopes(ctx.db, visibleScopes(ctx.actor.assignments, "envelope.read"), campaign.id)).map(present);
}

/** One school's envelope with its calculation: its head, bursar, CRRE prescribers and validators, and the Region. */
export async function getEnvelope(ctx: Ctx, id: string, schoolRef: string) {
  const campaign = await findVisibleCampaign(ctx, id);
  const school = await getSchool(ctx, schoolRef);
  if (!can(ctx.actor.assignments, "envelope.read", schoolTarget(school)))
    throw forbidden("Seuls la direction, le gestionnaire, les prescripteurs et valideurs de l'établissement et la Région voient son enveloppe.");
  const [row] = await repo.findEnvelopes(ctx.db, visibleScopes(ctx.actor.assignments, "envelope.read"), campaign.id, school.id);
  if (!row) throw notFound("Enveloppe de cet établissement");
  return present(row);
}

/**
 * A school that opens a class asks for more (seed 001: track, level and students); the amount
 * follows the campaign's rule. The Region's administrators are told by e-mail.
 */
export async function requestTopUp(ctx: Ctx, id: string, input: TopUpInput) {
  const campaign = await findVisibleCampaign(ctx, id);
  const school = await getSchool(ctx, input.school);
  if (!can(ctx.actor.assignments, "envelope.top_up", schoolTarget(school)))
    throw forbidden("Seuls la direction et les valideurs de l'établissement demandent une dotation complémentaire.");
  const envelope = await repo.findEnvelopeBySchool(ctx.db, campaign.id, school.id);
  if (!envelope) throw notFound("Enveloppe de cet établissement");
  // The fixed part per school is already in the envelope: a new class brings only its students' share.
  const rule = { ...campaign, equipmentFormula: campaign.equipmentFormula && { ...campaign.equipmentFormula, basePerSchoolCents: 0 } };
  const result = computeCampaignEnvelope(rule, school.digitalMode, [input]);
  if (result.warnings.length > 0) {
    throw new AppError("validation.failed", "Ce niveau n'existe pas dans cette voie.", {
      fieldErrors: [{ field: "body.level", message: "Niveau hors de la voie." }],
    });
  }
  return ctx.db.transaction(async (tx) => {
    const topUp = await repo.insertTopUp(tx, {
      campaignId: campaign.id,
      envelopeId: envelope.id,
      regionId: campaign.regionId,
      schoolId: school.id,
      track: input.track,
      level: input.level,
      students: input.students,
      reason: input.reason,
      amountCents: result.amountCents,
      consumablesCents: result.consumablesCents,
      lines: result.lines,
      requestedById: ctx.actor.personId,
      requestedAt: ctx.clock.now(),
    });
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: "envelope.top_up_requested",
        entityType: "envelope_top_up",
        entityId: topUp.id,
        regionId: campaign.regionId,
        schoolId: school.id,
        after: input,
      },
    );
    await notifyTopUpRequested({ ...ctx, db: tx }, topUp, campaign, school);
    return { ...topUp, schoolName: school.name, uai: school.uai };
  });
}

export async function listTopUps(ctx: Ctx, id: string, status?: repo.TopUp["status"]) {
  const campaign = await findVisibleCampaign(ctx, id);
  const rows = await repo.findTopUps(ctx.db, visibleScopes(ctx.actor.assignments, "envelope.read"), campaign.id, status);
  return rows.map((r) => ({ ...r.topUp, schoolName: r.schoolName, uai: r.uai }));
}

/**
 * The Region approves (the envelope grows by the rule's amount, under the envelope's lock) or
 * refuses with a reason; the requester and the school's head are told by e-mail.
 */
export async function decideTopUp(ctx: Ctx, topUpId: string, decision: { decision: "approve" | "refuse"; note?: string | undefined }) {
  const found = await repo.findTopUp(ctx.db, topUpId);
  const regions = visibleRegionIds(ctx);
  if (!found || (regions !== "all" && !regions.includes(found.regionId))) throw notFound("Demande de dotation");
  assertManages(ctx, found.regionId);
  return ctx.db.transaction(async (tx) => {
    const envelope = await repo.lockEnvelope(tx, found.envelopeId);
    const decided = await repo.decideTopUp(tx, found.id, {
      status: decision.decision === "approve" ? "approved" : "refused",
      decidedById: ctx.actor.personId,
      decidedAt: ctx.clock.now(),
      decisionNote: decision.note ?? null,
    });
    if (!decided || !envelope) throw new AppError("conflict", "Cette demande a déjà été décidée.");
    if (decided.status === "approved")
      await repo.addToEnvelope(tx, envelope.id, { topUpCents: decided.amountCents, topUpConsumablesCents: decided.consumablesCents });
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: "envelope.top_up_decided",
        entityType: "envelope_top_up",
        entityId: decided.id,
        regionId: decided.regionId,
        schoolId: decided.schoolId,
        before: { status: "pending" },
        after: { status: decided.status, note: decided.decisionNote, amountCents: decided.amountCents, consumablesCents: decided.consumablesCents },
      },
    );
    const school = await getSchool({ ...ctx, db: tx }, decided.schoolId);
    const campaign = await findVisibleCampaign({ ...ctx, db: tx }, decided.campaignId);
    await notifyTopUpDecided({ ...ctx, db: tx }, decided, campaign, school.name);
    return { ...decided, schoolName: school.name, uai: school.uai };
  });
}

/** The envelope orders of a school spend, or a 404 when the campaign gave it none. */
export async function findEnvelopeOf(ctx: Ctx, campaignId: string, schoolId: string) {
  const envelope = await repo.findEnvelopeBySchool(ctx.db, campaignId, schoolId);
  if (!envelope) throw notFound("Enveloppe de cet établissement");
  return envelope;
}

export const remainingOf = (e: repo.Envelope) => ({
  remainingCents: e.computedCents + e.topUpCents - e.committedCents,
  remainingConsumablesCents: e.computedConsumablesCents + e.topUpConsumablesCents - e.committedConsumablesCents,
});

/**
 * Commits (or, with negative amounts, releases) money on an envelope. Call it inside the
 * transaction that changes the order: the envelope row is locked first (FOR UPDATE), so two
 * validators submitting at once are served one after the other, and the second sees what the
 * first committed. Over the ceiling, nothing is committed and the message says what is left.
 * Seeds 001 and 003: the envelope is a ceiling, the school cannot add its own funds.
 */
export async function commitOnEnvelope(ctx: Ctx, envelopeId: string, amounts: { mainCents: number; consumablesCents: number }) {
  const envelope = await repo.lockEnvelope(ctx.db, envelopeId);
  if (!envelope) throw notFound("Enveloppe");
  const { remainingCents, remainingConsumablesCents } = remainingOf(envelope);
  if (amounts.mainCents > remainingCents || amounts.consumablesCents > remainingConsumablesCents) {
    throw new AppError("envelope.exceeded", envelopeExceededMessage(remainingCents, remainingConsumablesCents, amounts), {
      details: { remainingCents, remainingConsumablesCents },
    });
  }
  await repo.addToEnvelope(ctx.db, envelopeId, { committedCents: amounts.mainCents, committedConsumablesCents: amounts.consumablesCents });
}

export function envelopeExceededMessage(remainingCents: number, remainingConsumablesCents: number, amounts: { mainCents: number; consumablesCents: number }) {
  const euros = (c: number) => formatEuros(c);
  return amounts.consumablesCents > remainingConsumablesCents
    ? `Le montant dépasse l'enveloppe consommables : il reste ${euros(remainingConsumablesCents)} pour ${euros(amounts.consumablesCents)} demandés. L'enveloppe est un plafond que l'établissement ne peut pas compléter sur ses fonds propres.`
    : `Le montant dépasse l'enveloppe : il reste ${euros(remainingCents)} pour ${euros(amounts.mainCents)} demandés. L'enveloppe est un plafond que l'établissement ne peut pas compléter sur ses fonds propres.`;
}

/** Refuses an order outside the campaign's windows, saying when the next one opens. */
export function assertOrderingOpen(ctx: Ctx, campaign: repo.Campaign) {
  const status = orderingStatus(campaign.calendar.windows, ctx.clock.now());
  if (!status.isOpen) throw new AppError("ordering.closed", closedMessage(status), { details: { nextOpensOn: status.next?.opensOn ?? null } });
}

type Figures = {
  totalCents: number;
  committedCents: number;
  unspentCents: number;
  totalConsumablesCents: number;
  committedConsumablesCents: number;
  unspentConsumablesCents: number;
};
const zero = (): Figures => ({
  totalCents: 0,
  committedCents: 0,
  unspentCents: 0,
  totalConsumablesCents: 0,
  committedConsumablesCents: 0,
  unspentConsumablesCents: 0,
});
function add(into: Figures, row: Omit<Figures, "unspentCents" | "unspentConsumablesCents">) {
  into.totalCents += row.totalCents;
  into.committedCents += row.committedCents;
  into.unspentCents += row.totalCents - row.committedCents;
  into.totalConsumablesCents += row.totalConsumablesCents;
  into.committedConsumablesCents += row.committedConsumablesCents;
  into.unspentConsumablesCents += row.totalConsumablesCents - row.committedConsumablesCents;
}

/**
 * Envelopes, commitments and what is left, by school, académie and for the region. Once the
 * last window has closed, what is left is lost (seeds 001 and 003: no carry-over), and the
 * report says so: it is the campaign's close report.
 */
export async function campaignSummary(ctx: Ctx, id: string) {
  const campaign = await findVisibleCampaign(ctx, id);
  assertManages(ctx, campaign.regionId);
  const rows = await repo.findEnvelopeFigures(ctx.db, campaign.id);
  const status = orderingStatus(campaign.calendar.windows, ctx.clock.now());
  const region = zero();
  const academies = new Map<string, Figures>();
  const schoolRows = rows.map((row) => {
    add(region, row);
    const academie = academies.get(row.academie) ?? zero();
    add(academie, row);
    academies.set(row.academie, academie);
    return { ...row, unspentCents: row.totalCents - row.committedCents, unspentConsumablesCents: row.totalConsumablesCents - row.committedConsumablesCents };
  });
  return {
    isClosed: !status.isOpen && status.next === null,
    region,
    academies: [...academies].map(([academie, figures]) => ({ academie, ...figures })),
    schools: schoolRows,
  };
}
