import type { Db } from "../../db/client.ts";
import type { JobDefinition } from "../../plugins/jobs.ts";
import { purgeExpiredSessions, purgeLoginThrottle } from "../auth/auth.repository.ts";
import { deleteSecurityEventsBefore } from "./audit.repository.ts";

/** Security logs are kept no longer than 6 months (seed 004 §3.6.2). */
export const SECURITY_LOG_RETENTION_MONTHS = 6;

export function securityLogCutoff(now: Date): Date {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - SECURITY_LOG_RETENTION_MONTHS);
  return cutoff;
}

export async function purgeSecurityLog(db: Db, now: Date): Promise<number> {
  return deleteSecurityEventsBefore(db, securityLogCutoff(now));
}

export function auditJobs(db: Db, now: () => Date): JobDefinition[] {
  return [
    { name: "audit.purge-security-log", cron: "17 3 * * *", run: async () => void (await purgeSecurityLog(db, now())) },
    {
      name: "auth.purge-expired",
      cron: "*/30 * * * *",
      run: async () => {
        await purgeExpiredSessions(db, now());
        await purgeLoginThrottle(db, 60);
      },
    },
  ];
}
