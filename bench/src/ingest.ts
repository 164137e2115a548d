import zlib from "node:zlib";
import { sql } from "drizzle-orm";
import pg from "pg";
import { systemClock } from "../../apps/api/src/context.ts";
import { type Database, openPostgres } from "../../apps/api/src/db/client.ts";
import { migrate } from "../../apps/api/src/db/migrate.ts";
import { ingestAgentInventory } from "../../apps/api/src/modules/inventory/asset-ingest.service.ts";
import { normaliseSoftware, rowsOf } from "../../apps/api/src/modules/inventory/software.repository.ts";
import { readXmlMessage } from "../../apps/api/src/modules/inventory-agent/agent-report.ts";
import { decodeBody } from "../../apps/api/src/modules/inventory-agent/agent-wire.ts";
import { parseXml } from "../../apps/api/src/modules/inventory-agent/xml.ts";
import { measureEndpoint } from "./ingest-endpoint.ts";

/**
 * Ingestion of real-size agent reports on PostgreSQL, in the benchmark's own process (one
 * core): each report is about 240 KB of XML with 850 packages, zlib-compressed as
 * FusionInventory sends it, and is decoded, parsed and written exactly as the endpoint does
 * (matching, sections, software catalogue, installations, directory), one report at a time.
 *
 * Three phases: first reports of new machines, daily re-reports with nothing changed, and
 * re-reports after an update of 20 packages. Each prints reports per second, the share of time
 * spent parsing versus writing, its ratio to the target (50 reports/s), and the ratio
 * of its writes to a floor measured in the same run: the same rows written by plain statements
 * with every id already known (an asset row and its one row of installed version ids, no
 * matching, no catalogue lookup), what no ingestion can go below on this database.
 */
export const TARGET_REPORTS_PER_SECOND = 50;
const PACKAGES = 850;
/** The packages an update changes between two runs. */
const UPDATED_PACKAGES = 20;
/** Applications (two versions each) the shared catalogue holds before the first report. */
const CATALOGUE_SOFTWARE = 50_000;
/** Reports in flight at once in the pipelined pass (distinct machines). */
const IN_FLIGHT = 4;

/** A Debian workstation's report: 850 packages (most shared by every machine, a few of its own), CPUs, disks, NICs. */
export function agentReport(machine: number, run: number): string {
  const packages: string[] = [];
  for (let i = 0; i < PACKAGES; i++) {
    const own = i >= PACKAGES - 20 ? `-m${machine}` : "";
    packages.push(
      `<SOFTWARES><ARCH>amd64</ARCH><COMMENTS>Paquet Debian numéro ${i}, utilitaire</COMMENTS><FILESIZE>${1000 + i * 37}</FILESIZE><FROM>deb</FROM><NAME>paquet-${i}${own}</NAME><PUBLISHER>Debian Maintainers &lt;debian@lists.debian.org&gt;</PUBLISHER><SYSTEM_CATEGORY>utils</SYSTEM_CATEGORY><VERSION>1.${i % 17}.${i < UPDATED_PACKAGES ? run : 0}-deb12u1</VERSION></SOFTWARES>`,
    );
  }
  const nics = [0, 1, 2].map(
    (n) =>
      `<NETWORKS><DESCRIPTION>eth${n}</DESCRIPTION><IPADDRESS>10.1.${machine}.${n + 10}</IPADDRESS><MACADDR>f0:1f:af:${machine.toString(16).padStart(2, "0")}:00:0${n}</MACADDR><STATUS>Up</STATUS><TYPE>ethernet</TYPE><VIRTUALDEV>0</VIRTUALDEV></NETWORKS>`,
  );
  return `<?xml version="1.0" encoding="UTF-8" ?>
<REQUEST><CONTENT>
<ACCOUNTINFO><KEYNAME>TAG</KEYNAME><KEYVALUE>0750654D</KEYVALUE></ACCOUNTINFO>
<BIOS><BDATE>06/12/2023</BDATE><BMANUFACTURER>Dell Inc.</BMANUFACTURER><BVERSION>1.14.0</BVERSION><SMANUFACTURER>Dell Inc.</SMANUFACTURER><SMODEL>OptiPlex 7010</SMODEL><SSN>BENCH${String(machine).padStart(5, "0")}</SSN></BIOS>
<CPUS><CORE>6</CORE><NAME>Intel(R) Core(TM) i5-13500</NAME><SPEED>2500</SPEED><THREAD>12</THREAD></CPUS>
<HARDWARE><NAME>pc-bench-${machine}</NAME><UUID>4c4c4544-0000-1000-8000-${String(machine).padStart(12, "0")}</UUID><MEMORY>16000</MEMORY><CHASSIS_TYPE>Desktop</CHASSIS_TYPE><VMSYSTEM>Physical</VMSYSTEM><LASTLOGGEDUSER>eleve</LASTLOGGEDUSER></HARDWARE>
${nics.join("")}
<OPERATINGSYSTEM><ARCH>x86_64</ARCH><FULL_NAME>Debian GNU/Linux 12 (bookworm)</FULL_NAME><KERNEL_VERSION>6.1.0-28-amd64</KERNEL_VERSION><NAME>Debian</NAME><VERSION>12</VERSION></OPERATINGSYSTEM>
<STORAGES><DISKSIZE>512110</DISKSIZE><MODEL>PC SN740 NVMe</MODEL><NAME>nvme0n1</NAME><SERIALNUMBER>SN${machine}</SERIALNUMBER><TYPE>disk</TYPE></STORAGES>
${packages.join("\n")}
<VERSIONCLIENT>FusionInventory-Agent_v2.6</VERSIONCLIENT>
</CONTENT><DEVICEID>pc-bench-${machine}-2026-11-22-10-33-54</DEVICEID><QUERY>INVENTORY</QUERY></REQUEST>`;
}

type Phase = "first" | "unchanged" | "updated";
/** Which run of its packages a machine reports at the i-th report of a phase ("updated" alternates, so every report changes 20 packages). */
const runOf = (phase: Phase, i: number, machines: number) => (phase === "updated" ? (Math.floor(i / machines) % 2 === 0 ? 1 : 0) : 0);
const round = (n: number, digits = 1) => Number(n.toFixed(digits));

export async function measureIngestion(baseUrl: string, options: { smoke: boolean }): Promise<Record<string, unknown>> {
  // A region's first report of a kind fills the catalogue with its 850 packages (about 100 ms):
  // 200 first reports weigh it about as little as the region's thousands of machines will.
  const machines = options.smoke ? 20 : 200;
  const reports = options.smoke ? 60 : 300;
  const schema = options.smoke ? "relais_bench_ingest_smoke" : "relais_bench_ingest";
  const admin = await openPostgres(baseUrl, 1);
  await admin.execute(`drop schema if exists ${schema} cascade`);
  await admin.execute(`create schema ${schema}`);
  await admin.close();
  const databaseUrl = `${baseUrl}${baseUrl.includes("?") ? "&" : "?"}options=-c%20search_path%3D${schema},public`;
  const database = await openPostgres(databaseUrl, IN_FLIGHT);
  try {
    await migrate(database);
    const [region] = (await database.execute("insert into regions (code, name, operating_model) values ('bench', 'Banc', 'in_house') returning id")).rows as {
      id: string;
    }[];
    const [school] = (
      await database.execute(
        "insert into schools (region_id, uai, name, type, academie, department_code, commune) values ($1, '0750654D', 'Lycée banc', 'LEGT', 'Paris', '75', 'Paris') returning id",
        [region!.id],
      )
    ).rows as { id: string }[];
    const place = { regionId: region!.id, schoolId: school!.id };
    // The catalogue is shared by every region's machines: it already holds what Windows and
    // Linux workstations elsewhere reported, so lookups run against a realistic table, not 850 rows.
    await database.execute(
      `insert into software (name_key, publisher_key, name, publisher) select 'logiciel-' || g, 'editeur ' || (g % 500), 'Logiciel ' || g, 'Éditeur ' || (g % 500) from generate_series(1, $1::int) g`,
      [CATALOGUE_SOFTWARE],
    );
    await database.execute(
      "insert into software_versions (software_id, version, arch) select s.id, v || '.0', 'x64' from software s, generate_series(1, 2) v where s.name_key like 'logiciel-%'",
    );
    // This schema's tables only: a bare ANALYZE goes through every schema of the database, and
    // waits for whatever another session holds there (a seeding's VACUUM held it for minutes).
    await database.execute("analyze software, software_versions, assets, asset_installations, region_applications");
    // Bodies are built and compressed before any clock starts; the pipelined pass reports other machines.
    const bodies = [0, 1].map((run) => Array.from({ length: 2 * machines }, (_, m) => zlib.deflateSync(agentReport(m, run))));
    // A running endpoint's decoder and parser are compiled hot: they are warmed on these bodies
    // before any clock starts (nothing is written), so that the first phase does not time V8's
    // warm-up of the parser. The writes' code warms as the phases go.
    for (const body of bodies[1]!) readXmlMessage(parseXml((await decodeBody(body, "application/x-compress-zlib")).text));
    const ingest = async (body: Buffer) => {
      const t0 = performance.now();
      const { text } = await decodeBody(body, "application/x-compress-zlib");
      const message = readXmlMessage(parseXml(text));
      const t1 = performance.now();
      if (message.kind !== "inventory") throw new Error("not an inventory");
      await ingestAgentInventory({ db: database.db, clock: systemClock }, { ...place, deviceId: message.deviceId, partial: false, machine: message.content });
      return { parseMs: t1 - t0, writeMs: performance.now() - t1 };
    };
    const floor = await openFloor(database, databaseUrl, place, machines);
    const phases: Record<string, unknown> = {};
    for (const phase of ["first", "unchanged", "updated"] as const) {
      const count = phase === "first" ? machines : reports;
      let parseMs = 0;
      let writeMs = 0;
      let floorMs = 0;
      const each: number[] = [];
      for (let i = 0; i < count; i++) {
        const spent = await ingest(bodies[runOf(phase, i, machines)]![i % machines]!);
        parseMs += spent.parseMs;
        writeMs += spent.writeMs;
        each.push(spent.parseMs + spent.writeMs);
        floorMs += await floor.write(phase, i);
      }
      each.sort((a, b) => a - b);
      const reportsPerSecond = (count / (parseMs + writeMs)) * 1000;
      phases[phase] = {
        reports: count,
        reportsPerSecond: round(reportsPerSecond),
        ratioToTarget: round(reportsPerSecond / TARGET_REPORTS_PER_SECOND, 2),
        parseShare: round((parseMs / (parseMs + writeMs)) * 100),
        writeShare: round((writeMs / (parseMs + writeMs)) * 100),
        meanParseMs: round(parseMs / count, 2),
        meanWriteMs: round(writeMs / count, 2),
        // The first phase's first report also fills the catalogue and the directory with its 850
        // packages (a region's first machine of a kind): the median shows the others.
        medianReportMs: round(each[Math.floor(count / 2)] ?? 0, 2),
        slowestReportMs: round(each[count - 1] ?? 0, 2),
        floorMeanWriteMs: round(floorMs / count, 2),
        writeRatioToFloor: round(floorMs / writeMs, 3),
      };
    }
    await floor.close();
    // The endpoint serves agents concurrently: the same phases for other machines, IN_FLIGHT
    // reports at once from this one process, so that one report is parsed while another is
    // written. Throughput only: the parse/write split of interleaved reports means little.
    const pipelined: Record<string, unknown> = {};
    for (const phase of ["first", "unchanged", "updated"] as const) {
      const count = phase === "first" ? machines : reports;
      let next = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: IN_FLIGHT }, async () => {
          for (let i = next++; i < count; i = next++) await ingest(bodies[runOf(phase, i, machines)]![machines + (i % machines)]!);
        }),
      );
      const reportsPerSecond = (count / (performance.now() - started)) * 1000;
      pipelined[phase] = { reports: count, reportsPerSecond: round(reportsPerSecond), ratioToTarget: round(reportsPerSecond / TARGET_REPORTS_PER_SECOND, 2) };
    }
    // Through the HTTP endpoint: first reports of yet other machines, then the same again.
    const endpointBodies = Array.from({ length: machines }, (_, m) => zlib.deflateSync(agentReport(2 * machines + m, 0)));
    const endpoint = await measureEndpoint(database, databaseUrl, region!.id, endpointBodies, TARGET_REPORTS_PER_SECOND);
    const [stored] = (await database.execute("select count(*)::int as n from assets where name like 'pc-bench-%'")).rows as { n: number }[];
    const xml = agentReport(0, 0);
    return {
      benchmark: "inventory agent ingestion (decode, parse, match, write; one report at a time, one process)",
      engine: "postgresql",
      size: {
        distinctMachines: machines,
        reportsPerPhase: reports,
        packagesPerReport: PACKAGES,
        catalogueApplications: CATALOGUE_SOFTWARE,
        smoke: options.smoke,
      },
      reportXmlKB: Math.round(Buffer.byteLength(xml) / 1000),
      reportZlibKB: Math.round(zlib.deflateSync(xml).length / 1000),
      assetsStored: stored?.n,
      targetReportsPerSecond: TARGET_REPORTS_PER_SECOND,
      phases,
      pipelined: { reportsInFlight: IN_FLIGHT, phases: pipelined },
      endpoint: { path: "/api/v1/inventory/agent", oneAtATime: true, phases: endpoint },
    };
  } finally {
    await database.close();
  }
}

/**
 * The floor: the rows Relais's phases write, written again for other assets by plain statements
 * in one transaction per report, committed as Relais commits each (synchronously), every version id
 * resolved beforehand (untimed): a first report is an asset insert and the insert of its row of
 * 850 version ids (ADR 0010); an unchanged one, the asset's update; an updated one, that update
 * plus the rewrite of the row of ids. Each floor write follows the Relais report it mirrors, so both see the same moment
 * of a machine shared with other work.
 */
async function openFloor(database: Database, databaseUrl: string, place: { regionId: string; schoolId: string }, machines: number) {
  const resolved = new Map<string, string[]>();
  /** The version ids of a machine's report (after Relais wrote it: the catalogue then holds them). */
  const versionIds = async (machine: number, run: number) => {
    const key = `${machine}:${run}`;
    const known = resolved.get(key);
    if (known) return known;
    const message = readXmlMessage(parseXml(agentReport(machine, run)));
    if (message.kind !== "inventory") throw new Error("not an inventory");
    const flat = normaliseSoftware(message.content.softwares ?? []).packages;
    const rows = rowsOf<{ id: string }>(
      await database.db.execute(sql`
        select v.id from unnest(${sql.param(flat.map((f) => f.nameKey))}::text[], ${sql.param(flat.map((f) => f.publisherKey))}::text[],
                                ${sql.param(flat.map((f) => f.version))}::text[], ${sql.param(flat.map((f) => f.arch))}::text[]) as r(name_key, publisher_key, version, arch)
        join software s on s.name_key = r.name_key and s.publisher_key = r.publisher_key
        join software_versions v on v.software_id = s.id and v.version = r.version and v.arch = r.arch`),
    );
    const ids = rows.map((r) => r.id);
    resolved.set(key, ids);
    return ids;
  };
  const technical = JSON.stringify({ operatingsystem: { name: "Debian", version: "12" }, cpus: [{ name: "Intel(R) Core(TM) i5-13500", core: 6 }] });
  const assetIds: string[] = [];
  // A plain driver connection: no ORM between the floor and the database.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  const client = await pool.connect();
  return {
    /** Writes the floor's mirror of the i-th report of a phase; returns its time in ms. */
    async write(phase: Phase, i: number): Promise<number> {
      const m = i % machines;
      const to = await versionIds(m, runOf(phase, i, machines));
      const started = performance.now();
      await client.query("begin");
      if (phase === "first") {
        const { rows } = await client.query<{ id: string }>(
          "insert into assets (region_id, school_id, type, name, name_key, serial, serial_key, source, technical, last_inventory_at, created_at, updated_at) values ($1, $2, 'desktop', $3, $3, $4, $4, 'agent', $5::jsonb, now(), now(), now()) returning id",
          [place.regionId, place.schoolId, `floor-${m}`, `FLOOR${m}`, technical],
        );
        assetIds[m] = rows[0]!.id;
        await client.query("insert into asset_installations (asset_id, version_ids) values ($1, $2::uuid[])", [assetIds[m], to]);
      } else {
        await client.query("update assets set technical = $2::jsonb, last_inventory_at = now(), updated_at = now(), version = version + 1 where id = $1", [
          assetIds[m],
          technical,
        ]);
        if (phase === "updated") await client.query("update asset_installations set version_ids = $2::uuid[] where asset_id = $1", [assetIds[m], to]);
      }
      await client.query("commit");
      return performance.now() - started;
    },
    async close() {
      client.release();
      await pool.end();
    },
  };
}
