import type { FastifyBaseLogger } from "fastify";
import type { Config } from "./config.ts";
import { type Clock, systemActor } from "./context.ts";
import type { Database } from "./db/client.ts";
import { auditJobs } from "./modules/audit/audit.jobs.ts";
import { campaignJobs } from "./modules/campaigns/campaign-notifications.ts";
import { interventionJobs } from "./modules/interventions/interventions.jobs.ts";
import { createTransport, DELIVER_OUTBOX_JOB, deliverOutbox } from "./modules/mail/mail.service.ts";
import { mailInJobs } from "./modules/mail-in/mail-in.jobs.ts";
import { garResetJobs } from "./modules/orders/gar-reset-checklists.ts";
import { ticketJobs } from "./modules/tickets/tickets.jobs.ts";
import { type JobDefinition, type Jobs, noJobs, startJobs } from "./plugins/jobs.ts";

/** Every background job the platform runs, with its schedule. */
export function jobDefinitions(database: Database, config: Config, clock: Clock, log: FastifyBaseLogger): JobDefinition[] {
  const transport = createTransport(config.SMTP_URL);
  return [
    ...auditJobs(database.db, clock.now),
    // Mail queued by a job waits for the outbox's own schedule (every minute): noJobs.
    ...ticketJobs({ db: database.db, actor: systemActor(), log, jobs: noJobs, clock, config, requestId: null, ip: null }),
    // Fridays 16:00 Paris: each technician's week to their sector head and their schools' heads.
    ...interventionJobs({ db: database.db, actor: systemActor(), log, jobs: noJobs, clock, config, requestId: null, ip: null }),
    // Every morning: schools reminded that a campaign's ordering window opens or closes within a week.
    ...campaignJobs({ db: database.db, actor: systemActor("Relais (campagnes)"), log, jobs: noJobs, clock, config, requestId: null, ip: null }),
    // In the fortnight after each 15 August: each school's GAR assigners get what to assign again.
    ...garResetJobs({ db: database.db, actor: systemActor("Relais (GAR)"), log, jobs: noJobs, clock, config, requestId: null, ip: null }),
    // Every minute: the regions' desk mailboxes over IMAP (mail in → tickets, comments, answers).
    ...mailInJobs({ db: database.db, actor: systemActor("Relais (courrier entrant)"), log, jobs: noJobs, clock, config, requestId: null, ip: null }),
    {
      name: DELIVER_OUTBOX_JOB,
      cron: "* * * * *",
      run: async () => {
        const counts = await deliverOutbox(database.db, transport, config.MAIL_FROM);
        if (counts.sent + counts.failed > 0) log.info(counts, "outbox delivered");
      },
    },
  ];
}

export function startPlatformJobs(database: Database, config: Config, clock: Clock, log: FastifyBaseLogger): Promise<Jobs> {
  return startJobs(database, jobDefinitions(database, config, clock, log), log);
}
