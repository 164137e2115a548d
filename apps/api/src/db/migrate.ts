import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Database } from "./client.ts";

/**
 * Applies the committed SQL migrations (written by drizzle-kit) in order, each in its own
 * transaction. An advisory lock makes concurrent starts of several API processes on one
 * PostgreSQL safe: one migrates, the others wait and then find nothing to do.
 */
const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), "migrations");
const LOCK_KEY = 7_265_637_001; // arbitrary, constant: "relais migrations"

type JournalEntry = { idx: number; tag: string };

export function listMigrations(): { tag: string; sql: string }[] {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_DIR, "meta", "_journal.json"), "utf8")) as { entries: JournalEntry[] };
  return journal.entries
    .sort((a, b) => a.idx - b.idx)
    .map((entry) => ({ tag: entry.tag, sql: readFileSync(join(MIGRATIONS_DIR, `${entry.tag}.sql`), "utf8") }));
}

export async function migrate(database: Database): Promise<string[]> {
  const applied: string[] = [];
  await database.executeScript("CREATE TABLE IF NOT EXISTS relais_migrations (tag text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
  for (const migration of listMigrations()) {
    // drizzle-kit writes `"public".` into foreign keys; dropping it lets the same migrations
    // build the schema in whatever schema search_path names (tests and benches isolate that way).
    const script = migration.sql.replaceAll("--> statement-breakpoint", "").replaceAll('"public".', "");
    const tag = migration.tag.replaceAll("'", "''");
    // One script per migration: the lock, the check and the DDL share one transaction.
    await database
      .executeScript(`
      BEGIN;
      SELECT pg_advisory_xact_lock(${LOCK_KEY});
      DO $relais$ BEGIN
        IF EXISTS (SELECT 1 FROM relais_migrations WHERE tag = '${tag}') THEN
          RAISE EXCEPTION USING ERRCODE = 'P0001', MESSAGE = 'relais:already-applied';
        END IF;
      END $relais$;
      ${script}
      INSERT INTO relais_migrations (tag) VALUES ('${tag}');
      COMMIT;`)
      .then(
        () => applied.push(migration.tag),
        (error: unknown) => {
          if (!String((error as Error).message).includes("relais:already-applied")) throw error;
        },
      );
  }
  return applied;
}
