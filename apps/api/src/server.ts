import { buildApp } from "./app.ts";
import { type Config, ConfigError, loadConfig } from "./config.ts";
import { systemClock } from "./context.ts";
import type { Database } from "./db/client.ts";
import { DataDirLockedError } from "./db/data-dir-lock.ts";
import { openDatabase } from "./db/open.ts";
import { startPlatformJobs } from "./jobs.ts";
import { withSecretKey } from "./lib/secret-key-file.ts";
import { noJobs } from "./plugins/jobs.ts";

export type StartOptions = {
  /** Runs on the migrated database before the app is built (the demo start loads its data here). */
  prepare?: (database: Database, config: Config) => Promise<void>;
};

/** HTTP entry: config, database (migrated), jobs, app; and a graceful stop on SIGINT/SIGTERM. */
export async function startServer(env: Record<string, string | undefined> = process.env, options: StartOptions = {}) {
  const loaded = loadConfig(env);
  const database = await openDatabase(loaded);
  let config: Config;
  try {
    // After the database: the embedded one holds DATA_DIR's lock, where its key is kept.
    config = withSecretKey(loaded);
    await options.prepare?.(database, config);
  } catch (error) {
    await database.close();
    throw error;
  }
  const app = await buildApp({ config, database });
  if (!config.secretKey)
    app.log.warn(
      "RELAIS_SECRET_KEY n'est pas défini : les mots de passe des boîtes aux lettres du support ne peuvent pas être enregistrés (voir le README, « Running in production »).",
    );
  const jobs = config.JOBS === "on" ? await startPlatformJobs(database, config, systemClock, app.log) : noJobs;
  app.jobs = jobs;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, "arrêt en cours");
    await app.close();
    await jobs.stop().catch(() => {});
    await database.close();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
  await app.listen({ port: config.PORT, host: config.HOST });
  return { app, config, database };
}

const isMain = import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith("server.ts");
if (isMain) {
  startServer().catch((error: unknown) => {
    if (error instanceof ConfigError || error instanceof DataDirLockedError) {
      console.error(`\n${error.message}\n`);
    } else {
      console.error(error);
    }
    process.exit(1);
  });
}
