import type { Ctx } from "../../context.ts";
import type { JobDefinition } from "../../plugins/jobs.ts";
import { pollAllMailboxes } from "./mail-in.poller.ts";

export const POLL_MAILBOXES_JOB = "mail-in.poll";

/** The desk mailboxes are read every minute; pg-boss gives each tick to one process, the lease covers overlaps. */
export function mailInJobs(ctx: Ctx): JobDefinition[] {
  return [{ name: POLL_MAILBOXES_JOB, cron: "* * * * *", run: () => pollAllMailboxes(ctx) }];
}
