import { isoOfDay, parisInstant, parisWallClock } from "@relais/shared/business-calendar";
import { INTERVENTION_KINDS, mondayOf } from "@relais/shared/interventions";
import { and, asc, eq, gte, inArray, lt } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import type { JobDefinition } from "../../plugins/jobs.ts";
import { queueMail } from "../mail/mail.service.ts";
import { schools } from "../organisation/organisation.schema.ts";
import * as repo from "./interventions.repository.ts";
import { interventions } from "./interventions.schema.ts";
import { formatMinutes, formatParis } from "./interventions.service.ts";
import { loadChain, summaryAudience, type TechnicianWeek } from "./weekly-summary-recipients.ts";

export const WEEKLY_SUMMARY_JOB = "interventions.weekly-summaries";
/** Fridays at 16:00: the jobs plugin reads cron expressions in Europe/Paris time. */
export const WEEKLY_SUMMARY_CRON = "0 16 * * 5";

const dayLabel = new Intl.DateTimeFormat("fr-FR", { timeZone: "UTC", day: "numeric", month: "long", year: "numeric" });

type Week = { monday: number; start: Date; end: Date; nextEnd: Date; label: string; iso: string };
function weekOf(now: Date): Week {
  const monday = mondayOf(parisWallClock(now).day);
  return {
    monday,
    start: parisInstant(monday, 0),
    end: parisInstant(monday + 7, 0),
    nextEnd: parisInstant(monday + 14, 0),
    label: dayLabel.format(new Date(monday * 86_400_000)),
    iso: isoOfDay(monday),
  };
}

async function doneBetween(ctx: Ctx, technicianId: string, from: Date, to: Date) {
  return ctx.db
    .select({ kind: interventions.kind, startsAt: interventions.startsAt, timeSpentMinutes: interventions.timeSpentMinutes, schoolName: schools.name })
    .from(interventions)
    .innerJoin(schools, eq(schools.id, interventions.schoolId))
    .where(
      and(
        eq(interventions.technicianId, technicianId),
        inArray(interventions.status, ["done", "certified", "disputed"]),
        gte(interventions.doneAt, from),
        lt(interventions.doneAt, to),
      ),
    )
    .orderBy(asc(interventions.startsAt));
}

const kindLabel = (kind: string) => INTERVENTION_KINDS[kind as keyof typeof INTERVENTION_KINDS]?.fr ?? kind;

/**
 * Seed 004 (PACA, STIL): each technician reports weekly to their chef de secteur and to the
 * heads of the schools of their zone. Every Friday, the week — interventions done, those
 * planned next week, tickets resolved, time spent — of every zone technician, and of anyone
 * else who worked that week (a sector or region technician, a contractor's technician), is
 * mailed through the outbox to their hierarchy and their schools' heads
 * (weekly-summary-recipients.ts). A row per technician and week is claimed in the same
 * transaction as the mails, so a second run (or a second process) sends nothing more.
 */
export async function sendWeeklySummaries(ctx: Ctx): Promise<{ technicians: number; mails: number }> {
  const now = ctx.clock.now();
  const week = weekOf(now);
  const today = isoOfDay(parisWallClock(now).day);
  const [postings, activity, chain] = await Promise.all([
    repo.findActiveAssignments(ctx.db, ["technician", "org_technician"], today),
    repo.findWeekActivity(ctx.db, week.start, week.end, week.nextEnd),
    loadChain(ctx.db, today),
  ]);
  const weeks = new Map<string, TechnicianWeek>();
  const weekOfPerson = (personId: string) => {
    const entry = weeks.get(personId) ?? { personId, assignments: [], workedSchoolIds: new Set<string>() };
    weeks.set(personId, entry);
    return entry;
  };
  // Zone technicians report every week, an empty one included; the other technicians when they worked.
  const posted = new Set(postings.map((a) => a.personId));
  for (const a of postings) if (a.role === "technician" && a.scopeKind === "zone") weekOfPerson(a.personId);
  for (const a of activity) if (posted.has(a.personId)) weekOfPerson(a.personId).workedSchoolIds.add(a.schoolId);
  for (const a of postings) weeks.get(a.personId)?.assignments.push(a);

  let technicians = 0;
  let mails = 0;
  for (const [technicianId, technicianWeek] of weeks) {
    const { recipientIds } = await summaryAudience(ctx.db, technicianWeek, chain);
    const [technician] = await repo.findPeople(ctx.db, [technicianId]);
    if (!technician) continue;
    const recipients = await repo.findPeople(ctx.db, recipientIds);
    const [done, planned, resolved] = await Promise.all([
      doneBetween(ctx, technicianId, week.start, week.end),
      repo.findTechnicianInterventions(ctx.db, technicianId, week.end, week.nextEnd),
      repo.findResolvedTickets(ctx.db, technicianId, week.start, week.end),
    ]);
    const upcoming = planned.filter((p) => p.status === "planned");
    const interventionMinutes = done.reduce((sum, d) => sum + (d.timeSpentMinutes ?? 0), 0);
    const ticketMinutes = resolved.reduce((sum, r) => sum + (r.timeSpentMinutes ?? 0), 0);
    const body = [
      `Interventions réalisées : ${done.length}`,
      ...done.map((d) => `  - ${formatParis(d.startsAt)} — ${kindLabel(d.kind)}, ${d.schoolName} (${formatMinutes(d.timeSpentMinutes ?? 0)})`),
      `Tickets résolus : ${resolved.length}`,
      ...resolved.map((r) => `  - ${r.number} — ${r.title}`),
      `Temps passé en intervention : ${formatMinutes(interventionMinutes)} ; temps déclaré à la résolution des tickets : ${formatMinutes(ticketMinutes)}`,
      `Interventions prévues la semaine prochaine : ${upcoming.length}`,
      ...upcoming.map((p) => `  - ${formatParis(p.startsAt)} — ${kindLabel(p.kind)}, ${p.schoolName}${p.ticketNumber ? ` (${p.ticketNumber})` : ""}`),
    ].join("\n");
    const name = `${technician.firstName} ${technician.lastName}`;
    const sent = await ctx.db.transaction(async (tx) => {
      if (!(await repo.claimWeeklySummary(tx, technicianId, week.iso, recipients.length, now))) return null;
      for (const recipient of recipients) {
        await queueMail(
          { ...ctx, db: tx },
          {
            to: recipient.email,
            regionId: recipient.regionId ?? technician.regionId,
            template: "intervention-weekly-summary",
            variables: {
              name: `${recipient.firstName} ${recipient.lastName}`,
              technician: name,
              week: week.label,
              body,
              link: `${ctx.config.publicUrl}/agenda`,
            },
          },
        );
      }
      return recipients.length;
    });
    if (sent === null) continue;
    technicians++;
    mails += sent;
  }
  return { technicians, mails };
}

export function interventionJobs(ctx: Ctx): JobDefinition[] {
  return [
    {
      name: WEEKLY_SUMMARY_JOB,
      cron: WEEKLY_SUMMARY_CRON,
      run: async () => {
        const result = await sendWeeklySummaries(ctx);
        ctx.log.info(result, "weekly intervention summaries");
      },
    },
  ];
}
