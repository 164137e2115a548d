// Child process of the benchmark: the real Relais app and the floor, on two loopback ports.
import { buildApp } from "../../apps/api/src/app.ts";
import { loadConfig } from "../../apps/api/src/config.ts";
import { openPostgres } from "../../apps/api/src/db/client.ts";
import { startFloorServer } from "./floor-server.ts";

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} manquant`);
  return value;
};
const [BENCH_DATABASE_URL, BENCH_REGION_ID, BENCH_SCHOOL_ID, BENCH_APP_PORT, BENCH_FLOOR_PORT] = [
  "BENCH_DATABASE_URL",
  "BENCH_REGION_ID",
  "BENCH_SCHOOL_ID",
  "BENCH_APP_PORT",
  "BENCH_FLOOR_PORT",
].map(env) as [string, string, string, string, string];
const config = loadConfig({ NODE_ENV: "production", LOG_LEVEL: "silent", DATABASE_URL: BENCH_DATABASE_URL, JOBS: "off", PORT: BENCH_APP_PORT });
const database = await openPostgres(BENCH_DATABASE_URL, 10);
const app = await buildApp({ config, database, logger: false });
await app.listen({ port: Number(BENCH_APP_PORT), host: "127.0.0.1" });
const floor = await startFloorServer(BENCH_DATABASE_URL, BENCH_REGION_ID, BENCH_SCHOOL_ID, Number(BENCH_FLOOR_PORT));
process.stdout.write("ready\n");
process.on("SIGTERM", async () => {
  await app.close();
  await floor.close();
  await database.close();
  process.exit(0);
});
