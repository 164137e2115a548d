import { formatParisDay } from "@relais/shared/campaign-windows";
import { dueGarReset } from "@relais/shared/gar";
import { and, eq, inArray } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import type { JobDefinition } from "../../plugins/jobs.ts";
import { campaignLink } from "../campaigns/campaign-notifications.ts";
import { schoolRoleHolders } from "../campaigns/campaign-recipients.ts";
import { findCampaigns } from "../campaigns/campaigns.repository.ts";
import { queueMail } from "../mail/mail.service.ts";
import { schools } from "../organisation/organisation.schema.ts";
import { garResetNotices, orders } from "./orders.schema.ts";
import { garChecklist } from "./orders.service.ts";

export const GAR_RESET_JOB = "orders.gar-reset-checklists";
/** Every morning at 8:00, Paris time; it only sends in the fortnight after a 15 August. */
export const GAR_RESET_CRON = "0 8 * * *";

/**
 * Each 15 August the GAR clears every resource-to-user link (seed 001): each school that bought
 * licences for the coming school year mails its GAR assigners (RESP-AFFECT-GAR) the checklist of
 * what to assign again — or its head, where nobody holds that role yet. A (school, reset day) is
 * claimed in the transaction that queues its mails: a school hears once, even if the job runs twice.
 */
export async function sendGarResetChecklists(ctx: Ctx): Promise<{ schools: number; mails: number }> {
  const due = dueGarReset(ctx.clock.now());
  const counts = { schools: 0, mails: 0 };
  if (!due) return counts;
  const textbookCampaigns = (await findCampaigns(ctx.db, "all")).filter((c) => c.programme === "textbooks" && c.period === due.schoolYear);
  for (const campaign of textbookCampaigns) {
    const buyers = await ctx.db
      .selectDistinct({ schoolId: orders.schoolId, schoolName: schools.name })
      .from(orders)
      .innerJoin(schools, eq(schools.id, orders.schoolId))
      .where(and(eq(orders.campaignId, campaign.id), inArray(orders.status, ["submitted", "approved"])));
    for (const { schoolId, schoolName } of buyers) {
      await ctx.db.transaction(async (tx) => {
        const txCtx = { ...ctx, db: tx };
        const checklist = await garChecklist(txCtx, campaign.id, schoolId);
        if (checklist.items.length === 0) return;
        const claimed = await tx.insert(garResetNotices).values({ schoolId, resetOn: due.resetOn, sentAt: ctx.clock.now() }).onConflictDoNothing().returning();
        if (claimed.length === 0) return;
        counts.schools++;
        const assigners = await schoolRoleHolders(txCtx, schoolId, ["gar_assigner"]);
        const recipients = assigners.length > 0 ? assigners : await schoolRoleHolders(txCtx, schoolId, ["head"]);
        const items = checklist.items
          .map((i) => `- ${i.label} (${i.reference}, ${i.publisher}) : ${i.studentLicences} licence(s) élève, ${i.teacherLicences} licence(s) enseignant`)
          .join("\n");
        for (const person of recipients) {
          await queueMail(txCtx, {
            to: person.email,
            template: "gar-reset-checklist",
            regionId: campaign.regionId,
            variables: {
              name: person.name,
              school: schoolName,
              campaign: campaign.label,
              resetOn: formatParisDay(due.resetOn),
              items,
              toAssigner: assigners.length > 0,
              link: campaignLink(ctx, campaign.id),
            },
          });
          counts.mails++;
        }
      });
    }
  }
  return counts;
}

export function garResetJobs(ctx: Ctx): JobDefinition[] {
  return [
    {
      name: GAR_RESET_JOB,
      cron: GAR_RESET_CRON,
      run: async () => {
        const counts = await sendGarResetChecklists(ctx);
        if (counts.schools > 0) ctx.log.info(counts, "GAR reset checklists queued");
      },
    },
  ];
}
