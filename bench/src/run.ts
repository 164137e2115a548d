/**
 * `npm run bench [-- --smoke] [-- --reuse] [-- --only=schools|list|stats|assets|ingest]`: seeds
 * regions at scale on PostgreSQL (and a million tickets and a million assets in the measured
 * one), then measures Relais's authenticated, scope-filtered routes against a floor measured in
 * the same run (a plain Fastify route running the same SQL on the same data), and the agents'
 * inventory ingestion against its target and the raw cost of its writes; prints each ratio
 * with latencies as JSON. Targets are read from ratios, never from absolute times.
 * BENCH_CPU_PROF=DIR writes a V8 CPU profile of the servers' process into DIR.
 */
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import cliProgress from "cli-progress";
import { openPostgres } from "../../apps/api/src/db/client.ts";
import { migrate } from "../../apps/api/src/db/migrate.ts";
import { measureIngestion } from "./ingest.ts";
import { pacedLatency } from "./paced.ts";
import { assetScenarios, LIST_SCENARIOS, statsScenarios } from "./scenarios.ts";
import { BENCH_ADMIN, BENCH_PASSWORD, seedAssets, seedScale, seedTickets } from "./seed.ts";

const HELP = `npm run bench -- [options]
  --smoke         2 regions of 100 lycées, 20,000 tickets and assets, 2-second runs, 10 connections,
                  20 first agent reports and 60 re-reports per phase (CI; full size: 200 and 300)
  --reuse         keep the seeded schema of a previous run of the same size (skips minutes of seeding)
  --only=NAME     measure only one group: schools, list, stats, assets, ingest
  --help          this text
  BENCH_CPU_PROF=DIR  writes a V8 CPU profile of the servers' process into DIR
Prints JSON: for each scenario, the floor's and Relais's throughput and latencies, and their ratio;
for the first ticket and asset lists and the steering, also their latency below saturation (\`paced\`:
requests evenly spaced at a quarter and half of the floor's throughput, over the same connections).`;
if (process.argv.includes("--help")) {
  console.log(HELP);
  process.exit(0);
}
const smoke = process.argv.includes("--smoke");
const reuse = process.argv.includes("--reuse");
const only = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length);
const size = smoke ? { regions: 2, schoolsPerRegion: 100 } : { regions: 12, schoolsPerRegion: 470 };
/** Issue 3 measures the ticket list of a region with a million tickets. */
const ticketCount = smoke ? 20_000 : 1_000_000;
/** Issue 4 measures the asset list of a region with a million assets. */
const assetCount = smoke ? 20_000 : 1_000_000;
const durationSeconds = smoke ? 2 : 10;
const connections = smoke ? 10 : 50;
/**
 * A steering page is read by a few people at once, not fifty: its throughput is measured with
 * ten readers always waiting for an answer, its answer time with three.
 */
const statsConnections = 10;
const statsReaders = 3;
const baseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const schema = smoke ? "relais_bench_smoke" : "relais_bench";
const databaseUrl = `${baseUrl}${baseUrl.includes("?") ? "&" : "?"}options=-c%20search_path%3D${schema},public`;
const appPort = 3901;
const floorPort = 3902;

async function seeded(): Promise<string | null> {
  const admin = await openPostgres(baseUrl, 1);
  try {
    const rows = (
      await admin.execute(
        `select r.id, (select count(*) from ${schema}.regions)::int as regions, (select count(*) from ${schema}.tickets)::int as tickets
         from ${schema}.regions r where r.code = 'bench0'`,
      )
    ).rows as { id: string; regions: number; tickets: number }[];
    const row = rows[0];
    return row && row.regions === size.regions && row.tickets === ticketCount ? row.id : null;
  } catch {
    return null;
  } finally {
    await admin.close();
  }
}

/** The measured region's assets: a schema reused from before they were benchmarked gets them (and its pending migrations) here. */
async function prepareAssets(regionId: string) {
  const database = await openPostgres(databaseUrl, 2);
  try {
    await migrate(database);
    const [row] = (await database.execute("select count(*)::int as n from assets where region_id = $1", [regionId])).rows as { n: number }[];
    if (row?.n === assetCount) return;
    await database.execute("delete from assets where region_id = $1", [regionId]);
    const bar = new cliProgress.SingleBar({ format: "Équipements [{bar}] {value}/{total}", stream: process.stderr }, cliProgress.Presets.shades_classic);
    bar.start(assetCount, 0);
    await seedAssets(database, regionId, assetCount, (done) => bar.update(done));
    bar.stop();
  } finally {
    await database.close();
  }
}

async function prepare(): Promise<string> {
  if (reuse) {
    const regionId = await seeded();
    if (regionId) {
      process.stderr.write(`Schéma ${schema} réutilisé.\n`);
      await prepareAssets(regionId);
      return regionId;
    }
  }
  const admin = await openPostgres(baseUrl, 1);
  await admin.execute(`drop schema if exists ${schema} cascade`);
  await admin.execute(`create schema ${schema}`);
  await admin.close();
  const database = await openPostgres(databaseUrl, 2);
  await migrate(database);
  const bar = new cliProgress.SingleBar({ format: "Données   [{bar}] {value}/{total} régions", stream: process.stderr }, cliProgress.Presets.shades_classic);
  bar.start(size.regions, 0);
  const regionId = await seedScale(database, size, (done) => bar.update(done));
  bar.stop();
  const ticketBar = new cliProgress.SingleBar({ format: "Tickets   [{bar}] {value}/{total}", stream: process.stderr }, cliProgress.Presets.shades_classic);
  ticketBar.start(ticketCount, 0);
  await seedTickets(database, regionId, ticketCount, (done) => ticketBar.update(done));
  ticketBar.stop();
  await database.close();
  await prepareAssets(regionId);
  return regionId;
}

/** The lycée the one-lycée asset scenario lists: the measured region's first by UAI. */
async function firstSchool(regionId: string): Promise<string> {
  const database = await openPostgres(databaseUrl, 1);
  try {
    const [row] = (await database.execute("select id from schools where region_id = $1 order by uai limit 1", [regionId])).rows as { id: string }[];
    return row!.id;
  } finally {
    await database.close();
  }
}

function startServers(regionId: string, schoolId: string) {
  const here = dirname(fileURLToPath(import.meta.url));
  const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, "--import", "tsx", join(here, "servers.ts")], {
    env: {
      ...process.env,
      BENCH_DATABASE_URL: databaseUrl,
      BENCH_REGION_ID: regionId,
      BENCH_SCHOOL_ID: schoolId,
      BENCH_APP_PORT: String(appPort),
      BENCH_FLOOR_PORT: String(floorPort),
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise<typeof child>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve(child));
    child.on("exit", (code) => reject(new Error(`bench servers exited with ${code}`)));
  });
}

async function logIn(): Promise<string> {
  const response = await fetch(`http://127.0.0.1:${appPort}/api/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: BENCH_ADMIN, password: BENCH_PASSWORD }),
  });
  if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
  return (response.headers.get("set-cookie") ?? "").split(";")[0] as string;
}

type Measure = { requestsPerSecond: number; p50Ms: number; p95Ms: number; p99Ms: number; errors: number; non2xx: number };

/** One autocannon run; p95 from every response's own time (autocannon reports p90 and p97.5). */
function measure(url: string, headers: Record<string, string>, seconds: number, options: { connections: number }): Promise<Measure> {
  const times: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url, connections: options.connections, duration: seconds, headers }, (error, result) => {
      if (error) return reject(error);
      times.sort((a, b) => a - b);
      const at = (q: number) => Number((times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0).toFixed(1));
      resolve({
        requestsPerSecond: Math.round(result.requests.average),
        p50Ms: at(0.5),
        p95Ms: at(0.95),
        p99Ms: at(0.99),
        errors: result.errors,
        non2xx: result.non2xx,
      });
    });
    instance.on("response", (_client, _status, _bytes, responseTime) => times.push(responseTime));
  });
}

type Scenario = {
  group: string;
  benchmark: string;
  size: Record<string, unknown>;
  relaisUrl: string;
  floorUrl: string;
  connections: number;
  /** Also the latency at a quarter and half of the floor's throughput, the same connections open (paced.ts). */
  paced?: boolean;
  /** Also the latency with this many connections (each waits for its answer, as readers do). */
  latencyAtConnections?: number;
};

async function run(scenario: Scenario, cookie: string) {
  process.stderr.write(`${scenario.benchmark}\nÉchauffement…\n`);
  const options = { connections: scenario.connections };
  await measure(scenario.floorUrl, {}, 1, options);
  await measure(scenario.relaisUrl, { cookie }, 1, options);
  // Alternate and keep the best of two runs each, so neither side pays for a noisy moment.
  const runs = { floor: [] as Measure[], relais: [] as Measure[] };
  for (let round = 1; round <= 2; round++) {
    process.stderr.write(`Mesure ${round}/2…\n`);
    runs.floor.push(await measure(scenario.floorUrl, {}, durationSeconds, options));
    runs.relais.push(await measure(scenario.relaisUrl, { cookie }, durationSeconds, options));
  }
  const best = (list: Measure[]) => list.reduce((a, b) => (b.requestsPerSecond > a.requestsPerSecond ? b : a));
  const floor = best(runs.floor);
  const relais = best(runs.relais);
  const report: Record<string, unknown> = {
    benchmark: scenario.benchmark,
    engine: "postgresql",
    size: { ...scenario.size, smoke },
    connections: scenario.connections,
    durationSeconds,
    floor,
    relais,
    ratio: Number((relais.requestsPerSecond / floor.requestsPerSecond).toFixed(3)),
  };
  if (scenario.paced) {
    // Saturated, every connection waits its turn: p99 is then the queue's length (fifty requests
    // in flight), not the route's. Below saturation it is the route's again.
    report.paced = [];
    for (const share of [0.25, 0.5]) {
      const rate = Math.max(1, Math.round(floor.requestsPerSecond * share));
      process.stderr.write(`Latence à ${rate} req/s sur ${scenario.connections} connexions…\n`);
      const paced = { connections: scenario.connections, rate, seconds: durationSeconds };
      (report.paced as unknown[]).push({
        shareOfFloorThroughput: share,
        requestsPerSecond: rate,
        floor: await pacedLatency(scenario.floorUrl, {}, paced),
        relais: await pacedLatency(scenario.relaisUrl, { cookie }, paced),
      });
    }
  }
  if (scenario.latencyAtConnections) {
    const few = { connections: scenario.latencyAtConnections };
    process.stderr.write(`Latence à ${few.connections} connexions…\n`);
    report.atFewConnections = {
      connections: few.connections,
      floor: await measure(scenario.floorUrl, {}, durationSeconds, few),
      relais: await measure(scenario.relaisUrl, { cookie }, durationSeconds, few),
    };
  }
  if (relais.errors + relais.non2xx > 0) {
    console.error(`${scenario.benchmark} : la route mesurée a répondu en erreur, mesure invalide.`);
    process.exitCode = 1;
  }
  return report;
}

const reports: Record<string, unknown>[] = [];
const httpGroups = ["schools", "list", "stats", "assets"];
if (!only || httpGroups.includes(only)) {
  const regionId = await prepare();
  const schoolId = await firstSchool(regionId);
  const servers = await startServers(regionId, schoolId);
  try {
    const cookie = await logIn();
    const app = `http://127.0.0.1:${appPort}/api/v1`;
    const floorBase = `http://127.0.0.1:${floorPort}`;
    const ticketsSize = { schoolsInRegion: size.schoolsPerRegion, tickets: ticketCount };
    const scenarios: Scenario[] = [
      {
        group: "schools",
        benchmark: "GET /api/v1/schools (authenticated, scope-filtered, 50 rows sorted by name)",
        size: { ...size, schools: size.regions * size.schoolsPerRegion },
        relaisUrl: `${app}/schools?page=1&pageSize=50&sort=name`,
        floorUrl: `${floorBase}/schools`,
        connections,
      },
      ...LIST_SCENARIOS.map((s, i) => ({
        group: "list",
        benchmark: `GET /api/v1/tickets?${s.query} (${s.label}; authenticated, scope-filtered, 50 rows)`,
        size: ticketsSize,
        relaisUrl: `${app}/tickets?${s.query}&page=1&pageSize=50`,
        floorUrl: `${floorBase}/tickets/${s.name}`,
        connections,
        paced: i === 0,
      })),
      ...statsScenarios(new Date()).map((s) => ({
        group: "stats",
        benchmark: `GET /api/v1/tickets/stats?groupBy=${s.groupBy}&from=${s.from} (${s.label}; whole region)`,
        size: ticketsSize,
        relaisUrl: `${app}/tickets/stats?groupBy=${s.groupBy}&from=${s.from}`,
        floorUrl: `${floorBase}/stats/${s.name}`,
        connections: statsConnections,
        latencyAtConnections: statsReaders,
        paced: true,
      })),
      ...assetScenarios(schoolId).map((s, i) => ({
        group: "assets",
        benchmark: `GET /api/v1/inventory/assets?${s.query} (${s.label}; authenticated, scope-filtered, 50 rows)`,
        size: { schoolsInRegion: size.schoolsPerRegion, assets: assetCount },
        relaisUrl: `${app}/inventory/assets?${s.query}&page=1&pageSize=50`,
        floorUrl: `${floorBase}/assets/${s.name}`,
        connections,
        paced: i === 0,
      })),
    ];
    for (const scenario of scenarios.filter((s) => !only || s.group === only)) reports.push(await run(scenario, cookie));
  } finally {
    servers.kill("SIGTERM");
  }
}
if (!only || only === "ingest") {
  process.stderr.write("Ingestion des inventaires d'agents…\n");
  reports.push(await measureIngestion(baseUrl, { smoke }));
}
console.log(JSON.stringify(reports, null, 2));
