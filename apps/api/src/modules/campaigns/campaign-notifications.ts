import { parisDateOf } from "@relais/shared/campaign-windows";
import { formatEuros } from "@relais/shared/money";
import type { Role } from "@relais/shared/roles";
import { LEVEL_LABELS, TRACK_LABELS } from "@relais/shared/schools";
import { dueWindowReminders } from "@relais/shared/window-reminders";
import { eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import type { JobDefinition } from "../../plugins/jobs.ts";
import { queueMail } from "../mail/mail.service.ts";
import { schools } from "../organisation/organisation.schema.ts";
import { regionCampaignManagers, schoolRoleHolders, stillAtSchool } from "./campaign-recipients.ts";
import * as repo from "./campaigns.repository.ts";
import { campaignEnvelopes, campaignWindowReminders } from "./campaigns.schema.ts";

export const WINDOW_REMINDERS_JOB = "campaigns.window-reminders";
/** Every morning at 7:30, Paris time: before the school day. */
export const WINDOW_REMINDERS_CRON = "30 7 * * *";

/** The campaigns page, opened on the campaign (the page reads `?campagne=`). */
export const campaignLink = (ctx: Pick<Ctx, "config">, campaignId: string) => `${ctx.config.publicUrl}/campagnes?campagne=${campaignId}`;

/** A school asked for a top-up: the Region's administrators, who decide, are told. */
export async function notifyTopUpRequested(ctx: Ctx, topUp: repo.TopUp, campaign: repo.Campaign, school: { name: string; uai: string }) {
  for (const reviewer of await regionCampaignManagers(ctx, campaign.regionId)) {
    await queueMail(ctx, {
      to: reviewer.email,
      template: "top-up-requested",
      regionId: campaign.regionId,
      variables: {
        name: reviewer.name,
        school: school.name,
        uai: school.uai,
        campaign: campaign.label,
        request: describeRequest(topUp),
        amount: formatEuros(topUp.amountCents + topUp.consumablesCents),
        reason: topUp.reason,
        by: ctx.actor.displayName,
        link: campaignLink(ctx, campaign.id),
      },
    });
  }
}

const describeRequest = (topUp: repo.TopUp) => `${TRACK_LABELS[topUp.track].toLowerCase()}, ${LEVEL_LABELS[topUp.level]}, ${topUp.students} élève(s)`;

/** The Region decided a top-up: its requester (if still at the school) and the school's head hear, with the reason. */
export async function notifyTopUpDecided(ctx: Ctx, topUp: repo.TopUp, campaign: repo.Campaign, schoolName: string) {
  const head = await schoolRoleHolders(ctx, topUp.schoolId, ["head"]);
  const requester = await stillAtSchool(ctx, topUp.schoolId, [topUp.requestedById]);
  const recipients = new Map([...requester, ...head].map((p) => [p.id, p]));
  const isApproved = topUp.status === "approved";
  for (const person of recipients.values()) {
    await queueMail(ctx, {
      to: person.email,
      template: "top-up-decided",
      regionId: topUp.regionId,
      variables: {
        name: person.name,
        school: schoolName,
        campaign: campaign.label,
        request: describeRequest(topUp),
        decision: isApproved ? "accordée" : "refusée",
        amount: formatEuros(topUp.amountCents + topUp.consumablesCents),
        note: topUp.decisionNote,
        link: campaignLink(ctx, campaign.id),
      },
    });
  }
}

/** Who orders in a school: CRRE prescribers, validators and the head (textbooks), the head (equipment plan). */
const orderingRoles = (programme: repo.Campaign["programme"]): Role[] =>
  programme === "textbooks" ? ["textbook_prescriber", "textbook_validator", "head"] : ["head"];

/**
 * Reminds each school of a campaign that a window opens, or closes, within a week (issue 5),
 * with what its envelope has left: what is not committed at the close is lost. Each (campaign,
 * window, kind) is claimed in the transaction that queues its mails, so it is sent once even if
 * the job runs twice. A closing reminder skips schools that have nothing left to spend.
 */
export async function sendWindowReminders(ctx: Ctx): Promise<{ reminders: number; mails: number }> {
  const today = parisDateOf(ctx.clock.now());
  let reminders = 0;
  let mails = 0;
  for (const campaign of await repo.findCampaigns(ctx.db, "all")) {
    for (const due of dueWindowReminders(campaign.calendar.windows, today)) {
      await ctx.db.transaction(async (tx) => {
        const claimed = await tx
          .insert(campaignWindowReminders)
          .values({ campaignId: campaign.id, windowOpensOn: due.window.opensOn, kind: due.kind, sentAt: ctx.clock.now() })
          .onConflictDoNothing()
          .returning();
        if (claimed.length === 0) return;
        reminders++;
        const envelopes = await tx
          .select({ envelope: campaignEnvelopes, schoolName: schools.name })
          .from(campaignEnvelopes)
          .innerJoin(schools, eq(schools.id, campaignEnvelopes.schoolId))
          .where(eq(campaignEnvelopes.campaignId, campaign.id));
        for (const { envelope, schoolName } of envelopes) {
          const remainingCents = envelope.computedCents + envelope.topUpCents - envelope.committedCents;
          const remainingConsumablesCents = envelope.computedConsumablesCents + envelope.topUpConsumablesCents - envelope.committedConsumablesCents;
          if (due.kind === "closing" && remainingCents + remainingConsumablesCents <= 0) continue;
          const remaining =
            campaign.programme === "textbooks"
              ? `${formatEuros(remainingCents)} (manuels et ressources), ${formatEuros(remainingConsumablesCents)} (consommables)`
              : formatEuros(remainingCents);
          for (const person of await schoolRoleHolders({ db: tx }, envelope.schoolId, orderingRoles(campaign.programme))) {
            await queueMail(
              { ...ctx, db: tx },
              {
                to: person.email,
                template: "campaign-window-reminder",
                regionId: campaign.regionId,
                variables: {
                  name: person.name,
                  school: schoolName,
                  campaign: campaign.label,
                  window: due.window.label,
                  when: due.message,
                  remaining,
                  link: campaignLink(ctx, campaign.id),
                },
              },
            );
            mails++;
          }
        }
      });
    }
  }
  return { reminders, mails };
}

export function campaignJobs(ctx: Ctx): JobDefinition[] {
  return [
    {
      name: WINDOW_REMINDERS_JOB,
      cron: WINDOW_REMINDERS_CRON,
      run: async () => {
        const counts = await sendWindowReminders(ctx);
        if (counts.reminders > 0) ctx.log.info(counts, "campaign window reminders queued");
      },
    },
  ];
}
