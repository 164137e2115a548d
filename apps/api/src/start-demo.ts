import { ConfigError } from "./config.ts";
import { systemActor, systemClock } from "./context.ts";
import { DataDirLockedError } from "./db/data-dir-lock.ts";
import { AppError } from "./errors.ts";
import { loadDemoData } from "./modules/demo/demo.service.ts";
import { demoBanner } from "./modules/demo/demo-banner.ts";
import { demoAgentLines, ensureDemoAgents } from "./modules/inventory-agent/demo-agents.ts";
import { startServer } from "./server.ts";

/**
 * `npm start`: the server in demo mode (demo accounts may log in), on the embedded database
 * unless DATABASE_URL says otherwise, with the demo data loaded on first start. Production
 * starts src/server.ts, where RELAIS_DEMO stays off and demo accounts are refused.
 */
async function startDemo() {
  const env = {
    ...process.env,
    RELAIS_DEMO: "true",
    // Request logs would push the banner off the screen; LOG_LEVEL=info brings them back.
    LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
  };
  console.log("Relais : démarrage en mode démonstration…");
  const { config, database } = await startServer(env, {
    prepare: async (database, config) => {
      console.log(config.DATABASE_URL ? "Base PostgreSQL (DATABASE_URL)." : `Base embarquée dans ${config.DATA_DIR}.`);
      const result = await loadDemoData({ db: database.db, actor: systemActor("Démonstration"), clock: systemClock, requestId: null, ip: null });
      console.log(
        result.status === "loaded"
          ? `Données de démonstration chargées en ${(result.durationMs / 1000).toFixed(1)} s : ${result.counts.schools} lycées, ${result.counts.people} personnes, ${result.counts.tickets} tickets.`
          : "Données de démonstration déjà présentes.",
      );
    },
  });
  console.log(demoBanner(config.publicUrl));
  console.log(demoAgentLines(config.publicUrl, await ensureDemoAgents(database.db, systemClock.now())));
}

startDemo().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirLockedError || error instanceof AppError) {
    console.error(`\n${error.message}\n`);
  } else if ((error as NodeJS.ErrnoException).code === "EADDRINUSE") {
    const port = (error as { port?: number }).port ?? "";
    console.error(`\nLe port ${port} est déjà utilisé par un autre programme : arrêtez-le, ou choisissez un autre port (PORT=3001 npm start).\n`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
