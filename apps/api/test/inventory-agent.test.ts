import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import zlib from "node:zlib";
import { usableSerial, usableUuid } from "@relais/shared/inventory";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assetInstallations, assets, pendingAgentReports, regionApplications, regions, software, softwareVersions } from "../src/db/schema.ts";
import { DEMO_AGENT_PASSWORD, DEMO_AGENT_PREFIX, demoAgentLines, ensureDemoAgents } from "../src/modules/inventory-agent/demo-agents.ts";
import { buildRegion, buildSchool, regionWithAdmin, type Session } from "./factories.ts";
import {
  basic,
  countRows,
  inventoryXml,
  issueCredentials,
  postAgent,
  prologXml,
  readFixture,
  replyText,
  storedInventoryText,
} from "./inventory-agent-fixture.ts";
import { buildTestApp } from "./setup.ts";

type TestApp = Awaited<ReturnType<typeof buildTestApp>>;
let t: TestApp;
let admin: Session;
let regionId: string;
let school: Awaited<ReturnType<typeof buildSchool>>;
let auth: string;
let credentials: { login: string; password: string };

beforeAll(async () => {
  t = await buildTestApp();
  const world = await regionWithAdmin(t.app, t.db);
  admin = world.session;
  regionId = world.region.id;
  school = await buildSchool(t.db, { regionId });
  const issued = await issueCredentials(t.app, admin);
  auth = issued.auth;
  credentials = issued;
});
afterAll(() => t.close());

const installedOn = (assetId: string) =>
  t.db
    .select({ name: software.name, version: softwareVersions.version, publisher: software.publisher })
    .from(assetInstallations)
    .innerJoin(softwareVersions, sql`${softwareVersions.id} = any(${assetInstallations.versionIds})`)
    .innerJoin(software, eq(software.id, softwareVersions.softwareId))
    .where(eq(assetInstallations.assetId, assetId));
const assetsNamed = (name: string) => t.db.select().from(assets).where(eq(assets.name, name));
let serial = 0;
const nextSerial = () => `CZC${String(++serial).padStart(7, "0")}`;

describe("the agent protocol", () => {
  it("asks for HTTP Basic first, as the agents expect, and refuses wrong credentials", async () => {
    const first = await postAgent(t.app, null, { body: prologXml() });
    expect(first.statusCode).toBe(401);
    expect(first.headers["www-authenticate"]).toBe('Basic realm="Relais"');
    expect(replyText(first)).toContain("<REPLY><ERROR>");

    for (const wrong of [basic(credentials.login, "pas-le-bon"), basic("agent-inconnu", credentials.password), "Basic !!!", "Bearer abc"]) {
      const response = await postAgent(t.app, wrong, { body: inventoryXml({ name: "PC-REFUS", tag: school.uai }) });
      expect(response.statusCode, wrong).toBe(401);
    }
    expect(await assetsNamed("PC-REFUS")).toHaveLength(0);
  });

  it("answers PROLOG with RESPONSE=SEND and the contact frequency, zlib'd at the default level like the request", async () => {
    for (const url of ["/front/inventory.php", "/api/v1/inventory/agent"]) {
      const response = await postAgent(t.app, auth, { body: prologXml(), url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers["content-type"]).toBe("application/x-compress-zlib");
      // FusionInventory recognises zlib only by 78 9C (format notes §3).
      expect(response.rawPayload.subarray(0, 2).toString("hex")).toBe("789c");
      const text = replyText(response);
      expect(text).toMatch(/^<\?xml [^>]*\?>\s*<REPLY>/);
      expect(text).toContain("<RESPONSE>SEND</RESPONSE>");
      expect(text).toContain("<PROLOG_FREQ>24</PROLOG_FREQ>");
    }
  });

  it("answers a plain request in plain XML, and a gzip one in plain XML (a gzip reply crashes FusionInventory)", async () => {
    const plain = await postAgent(t.app, auth, { body: Buffer.from(prologXml()), contentType: "application/xml" });
    expect(plain.statusCode).toBe(200);
    expect(plain.headers["content-type"]).toContain("application/xml");
    expect(plain.body).toContain("<RESPONSE>SEND</RESPONSE>");
    const gzip = await postAgent(t.app, auth, { body: zlib.gzipSync(prologXml()), contentType: "application/x-compress-gzip" });
    expect(gzip.statusCode).toBe(200);
    expect(gzip.body).toContain("<RESPONSE>SEND</RESPONSE>");
  });

  it.each([
    ["zlib", (s: string) => zlib.deflateSync(s), "application/x-compress-zlib"],
    ["gzip", (s: string) => zlib.gzipSync(s), "application/x-compress-gzip"],
    ["raw deflate", (s: string) => zlib.deflateRawSync(s), "application/x-deflate"],
    ["plain", (s: string) => Buffer.from(s), "application/xml"],
    // The bytes decide, not the header: zlib bytes labelled as XML.
    ["zlib mislabelled", (s: string) => zlib.deflateSync(s), "application/xml"],
  ] as const)("stores an XML INVENTORY sent %s as an asset of the tagged school", async (label, encode, contentType) => {
    const name = `PC-${label.replace(/\W/g, "")}`;
    const ssn = nextSerial();
    const response = await postAgent(t.app, auth, {
      body: encode(inventoryXml({ name, ssn, uuid: "4C4C4544-0034-3010-8048-B6C04F503732".replace("0034", String(serial).padStart(4, "0")), tag: school.uai })),
      contentType,
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(replyText(response)).toMatch(/<REPLY><\/REPLY>/);
    const [asset] = await assetsNamed(name);
    expect(asset).toMatchObject({
      schoolId: school.id,
      regionId,
      serial: ssn,
      type: "desktop",
      manufacturer: "Dell Inc.",
      model: "OptiPlex 7010",
      source: "agent",
    });
    expect(asset?.uuid).toMatch(/^4c4c4544-/);
    expect(asset?.technical).toMatchObject({
      operatingsystem: { full_name: "Debian GNU/Linux 12 (bookworm)" },
      cpus: [{ core: 4 }],
      hardware: { memory: 8192 },
    });
    const [installed] = await t.db.select().from(assetInstallations).where(eq(assetInstallations.assetId, asset!.id));
    expect(installed?.versionIds).toHaveLength(1);
  });
});

describe("demo agent credentials", () => {
  it("work in demo mode only, like the demo accounts", async () => {
    const demoAuth = basic(`${DEMO_AGENT_PREFIX}${(await t.db.select().from(regions).where(eq(regions.id, regionId)))[0]!.code}`, DEMO_AGENT_PASSWORD);
    await ensureDemoAgents(t.db, new Date());
    expect((await postAgent(t.app, demoAuth, { body: prologXml() })).statusCode).toBe(401);
    const demo = await buildTestApp({ env: { RELAIS_DEMO: "true" } });
    try {
      await buildSchool(demo.db, { regionId: (await buildRegion(demo.db)).id });
      const [printed] = await ensureDemoAgents(demo.db, new Date());
      const response = await postAgent(demo.app, basic(printed!.login, DEMO_AGENT_PASSWORD), { body: prologXml() });
      expect(response.statusCode).toBe(200);
      expect(demoAgentLines("http://127.0.0.1:3000", [printed!])).toContain(`--user ${printed!.login} --password ${DEMO_AGENT_PASSWORD}`);
    } finally {
      await demo.close();
    }
  });
});

describe("no personal data", () => {
  it("drops users, the last logged-in user, the Windows owner and local accounts before anything is stored", async () => {
    const extra = `
      <USERS><LOGIN>jean.dupont</LOGIN><DOMAIN>LYCEE</DOMAIN></USERS>
      <USERS><LOGIN>marie.curie</LOGIN></USERS>
      <LOCAL_USERS><LOGIN>eleve42</LOGIN><NAME>Élève Quarante-Deux</NAME><HOME>/home/eleve42</HOME><SHELL>/bin/bash</SHELL></LOCAL_USERS>
      <LOCAL_GROUPS><NAME>profs</NAME><MEMBER>jean.dupont</MEMBER></LOCAL_GROUPS>
      <ENVS><KEY>USERNAME</KEY><VAL>jean.dupont</VAL></ENVS>
      <PROCESSES><USER>jean.dupont</USER><CMD>/usr/bin/firefox --profile /home/jean.dupont</CMD></PROCESSES>`;
    const xml = inventoryXml({ name: "PC-RGPD", ssn: nextSerial(), tag: school.uai, extra }).replace(
      "<MEMORY>8192</MEMORY>",
      "<MEMORY>8192</MEMORY><LASTLOGGEDUSER>jean.dupont</LASTLOGGEDUSER><DATELASTLOGGEDUSER>Mon Nov 23</DATELASTLOGGEDUSER><WINOWNER>Marie Curie</WINOWNER><WINPRODKEY>ABCDE-FGHIJ</WINPRODKEY>",
    );
    expect((await postAgent(t.app, auth, { body: xml })).statusCode).toBe(200);
    // The same through the JSON protocol, and through the unknown-tag queue.
    const json = readFixture("computer_1.json");
    json.tag = "TAG-INCONNU";
    (json.content.hardware as Record<string, unknown>).name = "PC-RGPD-JSON";
    (json.content.hardware as Record<string, unknown>).lastloggeduser = "marie.curie";
    json.content.users = [{ login: "jean.dupont" }, { login: "marie.curie" }];
    json.content.local_users = [{ login: "eleve42", name: "Élève Quarante-Deux" }];
    expect((await postAgent(t.app, auth, { body: JSON.stringify(json), contentType: "application/x-compress-zlib" })).statusCode).toBe(200);

    expect(await assetsNamed("PC-RGPD")).toHaveLength(1);
    expect(await t.db.select().from(pendingAgentReports).where(eq(pendingAgentReports.name, "PC-RGPD-JSON"))).toHaveLength(1);
    const stored = await storedInventoryText(t.db);
    for (const personal of [
      "jean.dupont",
      "marie.curie",
      "eleve42",
      "Quarante",
      "Marie Curie",
      "/home/",
      "trasher",
      "ABCDE-FGHIJ",
      "lastloggeduser",
      "winowner",
    ]) {
      expect(stored, personal).not.toContain(personal);
    }
  });
});

describe("bad input", () => {
  const nothingStored = async <R extends { statusCode: number; body: string }>(run: () => Promise<R>, status: number): Promise<R> => {
    const before = [await countRows(t.db, "assets"), await countRows(t.db, "pending_agent_reports"), await countRows(t.db, "software")];
    const response = await run();
    expect(response.statusCode, response.body.slice(0, 200)).toBe(status);
    expect([await countRows(t.db, "assets"), await countRows(t.db, "pending_agent_reports"), await countRows(t.db, "software")]).toEqual(before);
    return response;
  };

  it("refuses an inventory without a name, with an XML error, storing nothing", async () => {
    const response = await nothingStored(
      () => postAgent(t.app, auth, { body: inventoryXml({ ssn: nextSerial(), tag: school.uai, softwares: [{ name: "Paquet-Sans-Nom", version: "1" }] }) }),
      400,
    );
    expect(replyText(response)).toMatch(/<REPLY><ERROR>Inventaire refusé[^<]*nom[^<]*<\/ERROR><\/REPLY>/);
  });

  it("refuses XML with a DOCTYPE or entities (no XXE, no billion laughs)", async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><REQUEST><QUERY>INVENTORY</QUERY><CONTENT><HARDWARE><NAME>&x;</NAME></HARDWARE></CONTENT></REQUEST>`;
    const laughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><REQUEST><QUERY>PROLOG</QUERY><DEVICEID>&lol2;</DEVICEID></REQUEST>`;
    const undeclared = inventoryXml({ name: "PC-&ent;", tag: school.uai }).replace("PC-&amp;ent;", "PC-&ent;");
    for (const body of [xxe, laughs, undeclared]) {
      const response = await nothingStored(() => postAgent(t.app, auth, { body }), 400);
      expect(replyText(response)).toMatch(/<REPLY><ERROR>Message illisible/);
    }
  });

  it("answers truncated or corrupted compressed bodies with 400 and an XML error", async () => {
    const good = zlib.deflateSync(inventoryXml({ name: "PC-TRONQUE", tag: school.uai }));
    const corrupted = Buffer.from(good);
    corrupted.fill(0x55, 10, 40);
    const gzip = zlib.gzipSync(inventoryXml({ name: "PC-TRONQUE", tag: school.uai }));
    for (const [label, body] of [
      ["truncated zlib", good.subarray(0, good.length / 2)],
      ["corrupted zlib", corrupted],
      ["truncated gzip", gzip.subarray(0, gzip.length - 20)],
      ["garbage", Buffer.from("not xml, not json")],
      ["empty", Buffer.alloc(0)],
      ["truncated xml", Buffer.from(inventoryXml({ name: "PC-TRONQUE", tag: school.uai }).slice(0, 400))],
      ["broken json", Buffer.from('{"action":"inventory","content":')],
    ] as const) {
      const response = await nothingStored(() => postAgent(t.app, auth, { body, contentType: "application/x-compress-zlib" }), 400);
      expect(replyText(response), label).toMatch(/<ERROR>|"status":"error"/);
    }
  });

  it("stops a zip bomb at the inflate cap, and a body over the size cap, with 413", async () => {
    // 80 MiB of zeros (the cap is 64 MiB): about 80 KiB compressed.
    const bomb = zlib.deflateSync(Buffer.alloc(80 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(1024 * 1024);
    const response = await nothingStored(() => postAgent(t.app, auth, { body: bomb }), 413);
    expect(replyText(response)).toContain("<ERROR>");
    const huge = Buffer.alloc(11 * 1024 * 1024, 0x20);
    const tooBig = await nothingStored(() => postAgent(t.app, auth, { body: huge, contentType: "application/xml" }), 413);
    expect(replyText(tooBig)).toContain("<ERROR>");
  });

  it("answers an unknown query in the agent's protocol without a 5xx", async () => {
    const response = await nothingStored(() => postAgent(t.app, auth, { body: "<?xml version='1.0'?><REQUEST><QUERY>SNMPQUERY</QUERY></REQUEST>" }), 400);
    expect(replyText(response)).toContain("<ERROR>");
    const json = await nothingStored(() => postAgent(t.app, auth, { body: JSON.stringify({ action: "getConfig" }), contentType: "application/json" }), 400);
    expect(JSON.parse(replyText(json))).toMatchObject({ status: "error", expiration: 24 });
  });
});

describe("the GLPI agent JSON protocol", () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(readFixture("inventory.schema.json"));

  it("validates the GLPI examples against the inventory_format schema (and the schema refuses a broken one)", () => {
    for (const file of ["computer_1.json", "computer_1_partial_softs.json", "printer_1.json"]) {
      expect(validate(readFixture(file)), `${file}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
    const broken = readFixture("computer_1.json");
    delete (broken as Record<string, unknown>).deviceid;
    expect(validate(broken)).toBe(false);
  });

  it("answers CONTACT with the inventory task, its expiration, and every other task disabled", async () => {
    const contact = {
      action: "contact",
      deviceid: "glpixps-2018-07-09-09-07-13",
      name: "GLPI-Agent",
      version: "1.12",
      "enabled-tasks": ["collect", "deploy", "esx", "inventory", "netdiscovery"],
    };
    const response = await postAgent(t.app, auth, { body: JSON.stringify(contact) });
    expect(response.statusCode).toBe(200);
    const body = JSON.parse(replyText(response));
    expect(body).toMatchObject({ status: "ok", expiration: 24, tasks: { inventory: { server: "glpi" } } });
    expect(body.disabled.sort()).toEqual(["collect", "deploy", "esx", "netdiscovery"]);
  });

  it("stores the example computer, then merges a partial inventory section by section", async () => {
    const full = readFixture("computer_1.json");
    full.tag = school.uai;
    const first = await postAgent(t.app, auth, { body: JSON.stringify(full), contentType: "application/json" });
    expect(first.statusCode, first.body).toBe(200);
    expect(JSON.parse(replyText(first))).toEqual({ status: "ok", expiration: 24 });
    const [asset] = await assetsNamed("glpixps");
    expect(asset).toMatchObject({
      serial: "640HP72",
      uuid: "4c4c4544-0034-3010-8048-b6c04f503732",
      type: "laptop",
      model: "XPS 13 9350 (07TYC2)",
      schoolId: school.id,
    });
    expect(Object.keys(asset!.technical).sort()).toEqual(["bios", "cpus", "drives", "hardware", "memories", "networks", "operatingsystem", "storages"]);

    const partial = readFixture("computer_1_partial_softs.json");
    partial.tag = school.uai;
    const softwares = partial.content.softwares as { name: string; version: string }[];
    softwares[0]!.version = "3.99.0-1.fc31";
    partial.content.softwares = softwares.slice(0, 4);
    (partial.content.operatingsystem as Record<string, unknown>).full_name = "Fedora 32 (Workstation Edition)";
    const second = await postAgent(t.app, auth, { body: JSON.stringify(partial), contentType: "application/json" });
    expect(second.statusCode, second.body).toBe(200);
    const after = await assetsNamed("glpixps");
    expect(after).toHaveLength(1);
    // Sections the partial carried are replaced; the others stay.
    expect(after[0]!.technical).toMatchObject({
      operatingsystem: { full_name: "Fedora 32 (Workstation Edition)" },
      cpus: [{ name: "Intel(R) Core(TM) i5-6200U CPU @ 2.30GHz" }],
    });
    expect(Object.keys(after[0]!.technical).sort()).toEqual(["bios", "cpus", "drives", "hardware", "memories", "networks", "operatingsystem", "storages"]);
    const installed = await installedOn(asset!.id);
    expect(installed).toHaveLength(4);
    expect(installed).toContainEqual({ name: "gitg", version: "3.99.0-1.fc31", publisher: "Fedora Project" });
  });

  it("stores the example printer from a network inventory", async () => {
    const printer = readFixture("printer_1.json");
    printer.tag = school.uai;
    const response = await postAgent(t.app, auth, { body: JSON.stringify(printer), contentType: "application/json" });
    expect(response.statusCode, response.body).toBe(200);
    expect(await assetsNamed("NPIF2BE10")).toMatchObject([
      { type: "printer", serial: "PHCVN191TG", manufacturer: "Hewlett-Packard", model: "HP LaserJet M507" },
    ]);
  });
});

describe("the real FusionInventory agent (Debian's fusioninventory-agent)", () => {
  const AGENT = "/usr/bin/fusioninventory-agent";

  /** Runs the agent once against the test server, as a school's workstation would, and returns its log. */
  function runAgent(port: number, tag: string): Promise<{ code: number | null; log: string }> {
    const state = mkdtempSync(join(tmpdir(), "relais-agent-"));
    const conf = join(state, "agent.cfg");
    writeFileSync(conf, "");
    const args = [
      `--server=http://127.0.0.1:${port}/front/inventory.php`,
      `--user=${credentials.login}`,
      `--password=${credentials.password}`,
      `--tag=${tag}`,
      "--tasks=inventory",
      "--force",
      "--no-httpd",
      "--no-category=process,environment",
      "--logger=stderr",
      "--timeout=60",
      `--conf-file=${conf}`,
    ];
    return new Promise((resolve, reject) => {
      const child = spawn(AGENT, args, { stdio: ["ignore", "pipe", "pipe"] });
      let log = "";
      child.stdout.on("data", (chunk) => (log += chunk));
      child.stderr.on("data", (chunk) => (log += chunk));
      const timer = setTimeout(() => child.kill("SIGKILL"), 150_000);
      child.on("error", reject);
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve({ code, log });
      });
    });
  }

  it.skipIf(!existsSync(AGENT))(
    "creates the asset of this machine with its name and software, stores no user data, and updates the same asset on the next run",
    async () => {
      const agentSchool = await buildSchool(t.db, { regionId });
      await t.app.listen({ port: 0, host: "127.0.0.1" });
      const address = t.app.server.address();
      const port = typeof address === "object" && address ? address.port : 0;

      const first = await runAgent(port, agentSchool.uai);
      expect(first.code, first.log).toBe(0);
      expect(first.log).not.toMatch(/\[error\]/i);
      const shortName = hostname().split(".")[0]!;
      const created = await t.db.select().from(assets).where(eq(assets.schoolId, agentSchool.id));
      expect(created, first.log).toHaveLength(1);
      const asset = created[0]!;
      expect(asset.name?.toLowerCase()).toBe(shortName.toLowerCase());
      expect(asset).toMatchObject({ source: "agent", regionId });
      // This machine's own DMI data (empty in a VM or container: then only the name can match).
      const dmi = (file: string) => (existsSync(`/sys/class/dmi/id/${file}`) ? readFileSync(`/sys/class/dmi/id/${file}`, "utf8").trim() : "");
      expect(asset.serial).toBe(usableSerial(dmi("product_serial")));
      expect(asset.uuid).toBe(usableUuid(dmi("product_uuid")));
      expect(asset.technical).toHaveProperty("operatingsystem");
      const installed = await installedOn(asset.id);
      // A Debian system lists hundreds of packages; the agent itself is one of them.
      expect(installed.length).toBeGreaterThan(50);
      expect(installed.map((s) => s.name)).toContain("fusioninventory-agent");
      const directory = await t.db.select().from(regionApplications).where(eq(regionApplications.regionId, regionId));
      expect(directory.length).toBeGreaterThanOrEqual(installed.length);

      // Local accounts (root, daemon… with their shells and homes) and the last logged-in user are in the agent's XML, not in our tables.
      const stored = await storedInventoryText(t.db);
      expect(stored).not.toContain("nologin");
      expect(stored).not.toContain("/bin/bash");
      expect(stored.toLowerCase()).not.toContain("lastloggeduser");
      expect(stored.toLowerCase()).not.toContain("local_users");

      const second = await runAgent(port, agentSchool.uai);
      expect(second.code, second.log).toBe(0);
      const after = await t.db.select().from(assets).where(eq(assets.schoolId, agentSchool.id));
      expect(after).toHaveLength(1);
      expect(after[0]!.id).toBe(asset.id);
      expect(after[0]!.version).toBe(asset.version + 1);
      expect((await installedOn(asset.id)).length).toBe(installed.length);
    },
    300_000,
  );
});
