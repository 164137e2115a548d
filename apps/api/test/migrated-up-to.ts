import { type Database, openPglite, openPostgres } from "../src/db/client.ts";
import { listMigrations } from "../src/db/migrate.ts";

/**
 * A database as an older release left it, to test a migration on the rows it finds: the
 * migrations up to `last` applied as `migrate` applies them, and recorded so that `migrate`
 * goes on from there. PGlite in memory, or a schema of its own on PostgreSQL when DATABASE_URL
 * is set (dropped by `close`).
 */
export async function openDatabaseMigratedUpTo(last: string, poolSize = 2): Promise<Database> {
  const url = process.env.DATABASE_URL;
  let database: Database;
  if (!url) database = await openPglite("memory://");
  else {
    const schema = `t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = await openPostgres(url, 1);
    await admin.execute(`create schema ${schema}`);
    await admin.close();
    const opened = await openPostgres(`${url}${url.includes("?") ? "&" : "?"}options=-c%20search_path%3D${schema},public`, poolSize);
    database = {
      ...opened,
      close: async () => {
        await opened.close();
        const cleanup = await openPostgres(url, 1);
        await cleanup.execute(`drop schema ${schema} cascade`);
        await cleanup.close();
      },
    };
  }
  await database.executeScript("CREATE TABLE IF NOT EXISTS relais_migrations (tag text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
  for (const migration of listMigrations()) {
    if (migration.tag > last) break;
    await database.executeScript(migration.sql.replaceAll("--> statement-breakpoint", "").replaceAll('"public".', ""));
    await database.execute("INSERT INTO relais_migrations (tag) VALUES ($1)", [migration.tag]);
  }
  return database;
}
