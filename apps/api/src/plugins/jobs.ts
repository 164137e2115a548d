import type { FastifyBaseLogger } from "fastify";
import PgBoss from "pg-boss";
import type { Database } from "../db/client.ts";

/**
 * Background and scheduled work on pg-boss, the maintained PostgreSQL job queue. It runs on
 * both engines: pg-boss speaks SQL through our executor, so on PGlite it shares the embedded
 * database, and on PostgreSQL every API process works the same queues without double work.
 */
export type JobDefinition = {
  name: string;
  /** Cron expression in Europe/Paris time, for scheduled jobs. */
  cron?: string;
  run: (data: Record<string, unknown>) => Promise<void>;
};

export type Jobs = {
  send: (name: string, data?: Record<string, unknown>, options?: { singletonKey?: string }) => Promise<void>;
  stop: () => Promise<void>;
};

/** Jobs switched off (tests, one-off CLI commands): sending is a no-op, nothing runs. */
export const noJobs: Jobs = { send: async () => {}, stop: async () => {} };

export async function startJobs(database: Database, definitions: JobDefinition[], log: FastifyBaseLogger): Promise<Jobs> {
  const boss = new PgBoss({
    db: { executeSql: (text, values) => executeForBoss(database, text, values) },
    schema: "pgboss",
    // PGlite is one connection: keep polling gentle.
    pollingIntervalSeconds: database.engine === "pglite" ? 5 : 2,
  });
  boss.on("error", (error) => log.error({ err: error }, "job queue error"));
  await boss.start();
  for (const definition of definitions) {
    await boss.createQueue(definition.name);
    await boss.work<Record<string, unknown>>(definition.name, async (jobs) => {
      for (const job of jobs) {
        log.info({ job: definition.name, id: job.id }, "job started");
        await definition.run(job.data ?? {});
      }
    });
    if (definition.cron) await boss.schedule(definition.name, definition.cron, {}, { tz: "Europe/Paris" });
  }
  return {
    // Callers send from inside their transaction (e.g. after queueing a mail). On PGlite that
    // transaction holds the only connection, so awaiting pg-boss there would deadlock; and on
    // PostgreSQL the job must not run before the data it needs is committed. So the send is
    // detached from the caller and the job starts a couple of seconds later; the scheduled
    // run catches anything a lost send missed.
    send: async (name, data = {}, options = {}) => {
      const sendOptions = { startAfter: 2, ...(options.singletonKey ? { singletonKey: options.singletonKey, singletonSeconds: 5 } : {}) };
      setImmediate(() => {
        boss.send(name, data, sendOptions).catch((error: unknown) => log.error({ err: error, job: name }, "job send failed"));
      });
    },
    stop: async () => {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}

/** pg-boss sends some multi-statement scripts (BEGIN; lock; …; COMMIT) without parameters. */
async function executeForBoss(database: Database, text: string, values: unknown[] | undefined) {
  if (database.engine === "pglite" && (!values || values.length === 0) && text.includes(";")) {
    await database.executeScript(text);
    return { rows: [] };
  }
  return database.execute(text, values);
}
