import zlib from "node:zlib";
import { systemClock } from "../../apps/api/src/context.ts";
import { openPostgres } from "../../apps/api/src/db/client.ts";
import { migrate } from "../../apps/api/src/db/migrate.ts";
import { ingestAgentInventory } from "../../apps/api/src/modules/inventory/asset-ingest.service.ts";
import { readXmlMessage } from "../../apps/api/src/modules/inventory-agent/agent-report.ts";
import { decodeBody } from "../../apps/api/src/modules/inventory-agent/agent-wire.ts";
import { parseXml } from "../../apps/api/src/modules/inventory-agent/xml.ts";

/**
 * Ingestion of real-size agent reports on PostgreSQL, in one process (one core): each report is
 * about 240 KB of XML with 850 packages, zlib-compressed as FusionInventory sends it, and is
 * decoded, parsed and written exactly as the endpoint does (matching, sections, software
 * catalogue, installations, directory). Prints reports per second and the share of time spent
 * parsing versus writing.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx bench/src/inventory-ingest.ts [--reports 300]
 */
const baseUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const reportsArg = process.argv.indexOf("--reports");
const REPORTS = reportsArg > 0 ? Number(process.argv[reportsArg + 1]) : 300;
const MACHINES = 60;
const schema = "relais_bench_inventory";

/** A Debian workstation's report: 850 packages (most shared by every machine, a few of its own), CPUs, disks, NICs. */
function report(machine: number, run: number): string {
  const packages: string[] = [];
  for (let i = 0; i < 850; i++) {
    const own = i >= 830 ? `-m${machine}` : "";
    packages.push(
      `<SOFTWARES><ARCH>amd64</ARCH><COMMENTS>Paquet Debian numéro ${i}, une description d'une centaine de caractères comme celles de dpkg-query.</COMMENTS><FILESIZE>${1000 + i * 37}</FILESIZE><FROM>deb</FROM><NAME>paquet-${i}${own}</NAME><PUBLISHER>Debian Maintainers &lt;debian@lists.debian.org&gt;</PUBLISHER><SYSTEM_CATEGORY>utils</SYSTEM_CATEGORY><VERSION>1.${i % 17}.${i < 20 ? run : 0}-deb12u1</VERSION></SOFTWARES>`,
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

async function main() {
  const admin = await openPostgres(baseUrl, 1);
  await admin.execute(`drop schema if exists ${schema} cascade`);
  await admin.execute(`create schema ${schema}`);
  await admin.close();
  const database = await openPostgres(`${baseUrl}${baseUrl.includes("?") ? "&" : "?"}options=-c%20search_path%3D${schema},public`, 2);
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
    const xmlBytes = Buffer.byteLength(report(0, 0));
    const zlibBytes = zlib.deflateSync(report(0, 0)).length;
    const phases: Record<string, unknown> = {};
    // First reports of new machines; then daily re-reports with nothing changed; then re-reports
    // after an update of 20 packages. Bodies are built before the clock starts.
    for (const [phase, run] of [
      ["first", 0],
      ["unchanged", 0],
      ["updated", 1],
    ] as const) {
      const count = phase === "first" ? MACHINES : REPORTS;
      const bodies = Array.from({ length: MACHINES }, (_, m) => zlib.deflateSync(report(m, run)));
      const previous = Array.from({ length: MACHINES }, (_, m) => zlib.deflateSync(report(m, run - 1)));
      let parseMs = 0;
      let writeMs = 0;
      const started = performance.now();
      for (let i = 0; i < count; i++) {
        // "updated": every report carries an update of 20 packages (alternating versions).
        const body =
          phase === "updated" ? ((Math.floor(i / MACHINES) % 2 === 0 ? bodies : previous)[i % MACHINES] as Buffer) : (bodies[i % MACHINES] as Buffer);
        const t0 = performance.now();
        const { text } = await decodeBody(body, "application/x-compress-zlib");
        const message = readXmlMessage(parseXml(text));
        const t1 = performance.now();
        if (message.kind !== "inventory") throw new Error("not an inventory");
        await ingestAgentInventory(
          { db: database.db, clock: systemClock },
          { regionId: region!.id, schoolId: school!.id, deviceId: message.deviceId, partial: false, machine: message.content },
        );
        writeMs += performance.now() - t1;
        parseMs += t1 - t0;
      }
      const totalMs = performance.now() - started;
      phases[phase] = {
        reports: count,
        reportsPerSecond: Math.round((count / totalMs) * 1000 * 10) / 10,
        parseShare: Math.round((parseMs / (parseMs + writeMs)) * 1000) / 10,
        writeShare: Math.round((writeMs / (parseMs + writeMs)) * 1000) / 10,
        meanParseMs: Math.round((parseMs / count) * 100) / 100,
        meanWriteMs: Math.round((writeMs / count) * 100) / 100,
      };
    }
    const assets = (await database.execute("select count(*)::int as n from assets")).rows[0] as { n: number };
    console.log(
      JSON.stringify(
        {
          benchmark: "inventory agent ingestion (PostgreSQL, one process)",
          distinctMachines: MACHINES,
          assetsStored: assets.n,
          reportXmlKiB: Math.round(xmlBytes / 1024),
          reportZlibKiB: Math.round(zlibBytes / 1024),
          packagesPerReport: 850,
          phases,
        },
        null,
        2,
      ),
    );
  } finally {
    await database.close();
  }
}

await main();
