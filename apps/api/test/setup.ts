import { randomBytes } from "node:crypto";
import { buildApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import type { Clock } from "../src/context.ts";
import { type Database, openPglite, openPostgres } from "../src/db/client.ts";
import { migrate } from "../src/db/migrate.ts";
import type { Jobs } from "../src/plugins/jobs.ts";

/**
 * A fresh app on a real database for each test file: PGlite in memory by default, or, when
 * DATABASE_URL is set, a schema of its own on that PostgreSQL so files can run in parallel.
 */
export async function openTestDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const database = await openPglite("memory://");
    await migrate(database);
    return database;
  }
  const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = await openPostgres(url, 1);
  await admin.execute(`create schema ${schema}`);
  await admin.close();
  const separator = url.includes("?") ? "&" : "?";
  const database = await openPostgres(`${url}${separator}options=-c%20search_path%3D${schema},public`, 5);
  await migrate(database);
  const close = database.close;
  return {
    ...database,
    close: async () => {
      await close();
      const cleanup = await openPostgres(url, 1);
      await cleanup.execute(`drop schema ${schema} cascade`);
      await cleanup.close();
    },
  };
}

export type TestClock = Clock & { set: (date: Date | string) => void; advance: (ms: number) => void };

export function testClock(start = new Date()): TestClock {
  let now = new Date(start);
  return { now: () => new Date(now), set: (d) => (now = new Date(d)), advance: (ms) => (now = new Date(now.getTime() + ms)) };
}

export type SentJob = { name: string; data: Record<string, unknown> };

export async function buildTestApp(options: { env?: Record<string, string>; clock?: Clock } = {}) {
  const database = await openTestDatabase();
  // Sessions expire on the application's clock: a suite that moves its clock on by days keeps
  // its people logged in for the longest lifetime the configuration allows (30 days).
  const sessionTtl = options.clock ? { SESSION_TTL_HOURS: "720" } : {};
  // A key of its own for each app, as a deployment sets one; RELAIS_SECRET_KEY: "" tests a server without.
  const secretKey = { RELAIS_SECRET_KEY: randomBytes(32).toString("base64") };
  const config = loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent", PUBLIC_URL: "http://relais.test", ...sessionTtl, ...secretKey, ...options.env });
  const sentJobs: SentJob[] = [];
  const jobs: Jobs = { send: async (name, data = {}) => void sentJobs.push({ name, data }), stop: async () => {} };
  const app = await buildApp({ config, database, jobs, logger: false, ...(options.clock ? { clock: options.clock } : {}) });
  await app.ready();
  return {
    app,
    database,
    db: database.db,
    config,
    sentJobs,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
