import { resolve } from "node:path";
import type { Config } from "../config.ts";
import { type Database, openPglite, openPostgres } from "./client.ts";
import { lockDataDir } from "./data-dir-lock.ts";
import { migrate } from "./migrate.ts";

/**
 * Opens the configured engine: PostgreSQL when DATABASE_URL is set, otherwise the embedded
 * PGlite in DATA_DIR, locked for this process. Applies pending migrations either way.
 */
export async function openDatabase(config: Config, options: { migrate?: boolean } = {}): Promise<Database> {
  let database: Database;
  if (config.DATABASE_URL) {
    database = await openPostgres(config.DATABASE_URL, config.DATABASE_POOL_SIZE);
  } else {
    const dataDir = resolve(config.DATA_DIR);
    const lock = lockDataDir(dataDir);
    try {
      database = await openPglite(`${dataDir}/pgdata`);
    } catch (error) {
      lock.release();
      throw error;
    }
    const close = database.close;
    database = {
      ...database,
      close: async () => {
        try {
          await close();
        } finally {
          lock.release();
        }
      },
    };
  }
  if (options.migrate !== false) await migrate(database);
  return database;
}
