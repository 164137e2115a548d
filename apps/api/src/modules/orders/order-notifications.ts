import { formatEuros } from "@relais/shared/money";
import type { Role } from "@relais/shared/roles";
import { eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { campaignLink } from "../campaigns/campaign-notifications.ts";
import { regionCampaignManagers, schoolRoleHolders, stillAtSchool } from "../campaigns/campaign-recipients.ts";
import { findEnvelopeOf, remainingOf } from "../campaigns/campaigns.service.ts";
import { queueMail } from "../mail/mail.service.ts";
import { schools } from "../organisation/organisation.schema.ts";
import type * as repo from "./orders.repository.ts";

type Campaign = { id: string; label: string; programme: "equipment" | "textbooks"; regionId: string };
type School = { id: string; name: string; uai: string };

/** Who validates a school's orders: CRRE validators for textbooks, the head for the equipment plan (and the head always hears). */
const validatorRoles = (campaign: Campaign): Role[] => (campaign.programme === "textbooks" ? ["textbook_validator", "head"] : ["head"]);

/** The school validated its order for the Region: the Region's reviewers are asked to examine it. */
export async function notifyOrderSubmitted(ctx: Ctx, input: { order: repo.Order; campaign: Campaign; school: School; lines: number }) {
  const { order, campaign, school } = input;
  for (const reviewer of await regionCampaignManagers(ctx, campaign.regionId)) {
    await queueMail(ctx, {
      to: reviewer.email,
      template: "order-submitted",
      regionId: campaign.regionId,
      variables: {
        name: reviewer.name,
        school: school.name,
        uai: school.uai,
        campaign: campaign.label,
        amount: formatEuros(order.totalCents + order.consumablesCents),
        lines: input.lines,
        by: ctx.actor.displayName,
        link: campaignLink(ctx, campaign.id),
      },
    });
  }
}

const euros = (cents: number) => formatEuros(cents);

/** "Kit atelier : quantité 5 → 3, prix 6,00 € → 5,50 € — motif : …", one line per adjusted line. */
export function describeAdjustments(lines: readonly repo.OrderLine[]): string | null {
  if (lines.length === 0) return null;
  return lines
    .map((l) => {
      const changes: string[] = [];
      const quantityBefore = l.requestedQuantity ?? l.quantity;
      const priceBefore = l.requestedUnitPriceCents ?? l.unitPriceCents;
      if (l.quantity === 0) changes.push(`ligne retirée (${quantityBefore} demandé(s))`);
      else if (quantityBefore !== l.quantity) changes.push(`quantité ${quantityBefore} → ${l.quantity}`);
      if (priceBefore !== l.unitPriceCents) changes.push(`prix unitaire ${euros(priceBefore)} → ${euros(l.unitPriceCents)}`);
      return `- ${l.label} : ${changes.join(", ")} — motif : ${l.adjustmentReason ?? ""}`;
    })
    .join("\n");
}

/**
 * The Region approved (perhaps with adjustments) or rejected the order: the school's validators
 * and its head are told, with every adjustment and its reason, and what the envelope has left.
 */
export async function notifyOrderReviewed(ctx: Ctx, input: { order: repo.Order; campaign: Campaign; school: School; adjustedLines: repo.OrderLine[] }) {
  const { order, campaign, school } = input;
  const remaining = remainingOf(await findEnvelopeOf(ctx, campaign.id, school.id));
  const adjustments = describeAdjustments(input.adjustedLines);
  const decision = order.status === "rejected" ? "refusée" : adjustments ? "approuvée avec ajustements" : "approuvée";
  for (const person of await schoolRoleHolders(ctx, school.id, validatorRoles(campaign))) {
    await queueMail(ctx, {
      to: person.email,
      template: "order-reviewed",
      regionId: campaign.regionId,
      variables: {
        name: person.name,
        school: school.name,
        campaign: campaign.label,
        decision,
        amount: order.status === "rejected" ? euros(0) : euros(order.totalCents + order.consumablesCents),
        note: order.reviewNote,
        adjustments,
        remaining:
          campaign.programme === "textbooks"
            ? `${euros(remaining.remainingCents)} (manuels et ressources), ${euros(remaining.remainingConsumablesCents)} (consommables)`
            : euros(remaining.remainingCents),
        by: ctx.actor.displayName,
        link: campaignLink(ctx, campaign.id),
      },
    });
  }
}

/** The Region answered a request for teacher licences: its requester hears, if still at the school. */
export async function notifyTeacherLicencesAnswered(ctx: Ctx, request: repo.TeacherLicenceRequest & { schoolName?: string }) {
  const [requester] = await stillAtSchool(ctx, request.schoolId, [request.requestedById]);
  if (!requester) return;
  const school = request.schoolName ?? (await schoolNameOf(ctx, request.schoolId));
  await queueMail(ctx, {
    to: requester.email,
    template: "teacher-licences-answered",
    regionId: request.regionId,
    variables: {
      name: requester.name,
      school,
      publisher: request.publisher,
      references: request.lines.map((l) => `${l.title} : ${l.teacherLicences} licence(s)`).join(", "),
      answer: request.answer ?? "",
      link: campaignLink(ctx, request.campaignId),
    },
  });
}

async function schoolNameOf(ctx: Ctx, schoolId: string): Promise<string> {
  const [row] = await ctx.db.select({ name: schools.name }).from(schools).where(eq(schools.id, schoolId));
  return row?.name ?? "votre établissement";
}
