import type { FastifyBaseLogger } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../src/db/client.ts";
import { type JobDefinition, startJobs } from "../src/plugins/jobs.ts";
import { openTestDatabase } from "./setup.ts";

/**
 * pg-boss really runs on the engine in use (PGlite by default, PostgreSQL with DATABASE_URL):
 * a job sent is worked, a schedule is stored, and stopping waits for the job at work.
 */
const errors: unknown[] = [];
const log = {
  level: "silent",
  info: () => {},
  warn: () => {},
  debug: () => {},
  trace: () => {},
  fatal: (...args: unknown[]) => errors.push(args),
  error: (...args: unknown[]) => errors.push(args),
  silent: () => {},
  child: () => log,
} as unknown as FastifyBaseLogger;

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const queue = (label: string) => `test.${label}.${process.pid}.${Math.random().toString(36).slice(2, 8)}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("jobs on pg-boss", () => {
  it("runs on the engine of this run", () => {
    expect(database.engine).toBe(process.env.DATABASE_URL ? "postgresql" : "pglite");
  });

  it("works a job that was sent, with its data, then stops gracefully, finishing the job at work", { timeout: 90_000 }, async () => {
    const name = queue("work");
    const received: Record<string, unknown>[] = [];
    const firstRan = deferred();
    const secondStarted = deferred();
    const releaseSecond = deferred();
    const order: string[] = [];
    const definition: JobDefinition = {
      name,
      run: async (data) => {
        received.push(data);
        if (data.step === 1) return firstRan.resolve();
        secondStarted.resolve();
        await releaseSecond.promise;
        order.push("job finished");
      },
    };
    const jobs = await startJobs(database, [definition], log);
    try {
      await jobs.send(name, { step: 1, école: "Lycée Été" });
      await firstRan.promise;
      expect(received).toEqual([{ step: 1, école: "Lycée Été" }]);

      await jobs.send(name, { step: 2 });
      await secondStarted.promise;
    } finally {
      const stopped = jobs.stop().then(() => order.push("stopped"));
      // Give a stop that would not wait the time to return before the job ends.
      await sleep(300);
      releaseSecond.resolve();
      await stopped;
    }
    expect(order).toEqual(["job finished", "stopped"]);
    const states = await database.execute("select data->>'step' as step, state from pgboss.job where name = $1 order by data->>'step'", [name]);
    expect(states.rows).toEqual([
      { step: "1", state: "completed" },
      { step: "2", state: "completed" },
    ]);
    expect(errors).toEqual([]);
  });

  it("stores a schedule for a job with a cron expression, in Paris time", { timeout: 90_000 }, async () => {
    const name = queue("cron");
    const jobs = await startJobs(database, [{ name, cron: "17 3 * * *", run: async () => {} }], log);
    try {
      const schedules = await database.execute("select cron, options->>'tz' as tz from pgboss.schedule where name = $1", [name]);
      expect(schedules.rows).toEqual([{ cron: "17 3 * * *", tz: "Europe/Paris" }]);
    } finally {
      await jobs.stop();
      await database.execute("delete from pgboss.schedule where name = $1", [name]);
    }
    expect(errors).toEqual([]);
  });
});
