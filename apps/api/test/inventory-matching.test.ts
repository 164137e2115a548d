import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../src/context.ts";
import { assetEvents, assetInstallations, assets, pendingAgentReports, regionApplications, software, softwareVersions } from "../src/db/schema.ts";
import { ingestAgentInventory } from "../src/modules/inventory/asset-ingest.service.ts";
import { emptyMemory, ingestionMemoryOf, normaliseSoftware, remember, syncInstallations } from "../src/modules/inventory/software.repository.ts";
import { buildSchool, regionWithAdmin, type Session } from "./factories.ts";
import { inventoryXml, issueCredentials, type Machine, postAgent } from "./inventory-agent-fixture.ts";
import { buildTestApp } from "./setup.ts";

/** Tying reports to assets as GLPI does (format notes §5), the unknown-tag queue and the application directory. */
type TestApp = Awaited<ReturnType<typeof buildTestApp>>;
let t: TestApp;
let admin: Session;
let regionId: string;
let school: Awaited<ReturnType<typeof buildSchool>>;
let otherSchool: Awaited<ReturnType<typeof buildSchool>>;
let auth: string;

beforeAll(async () => {
  t = await buildTestApp();
  const world = await regionWithAdmin(t.app, t.db);
  admin = world.session;
  regionId = world.region.id;
  school = await buildSchool(t.db, { regionId });
  otherSchool = await buildSchool(t.db, { regionId });
  auth = (await issueCredentials(t.app, admin)).auth;
});
afterAll(() => t.close());

async function report(machine: Machine) {
  const response = await postAgent(t.app, auth, { body: inventoryXml({ tag: school.uai, ...machine }) });
  expect(response.statusCode, response.body).toBe(200);
}
const regionAssets = () => t.db.select().from(assets).where(eq(assets.regionId, regionId));
const assetsWhere = (condition: ReturnType<typeof sql>) =>
  t.db
    .select()
    .from(assets)
    .where(and(eq(assets.regionId, regionId), condition));
/** What the asset's row lists, as [name, version] by name. */
async function installedOn(assetId: string) {
  const result = (await t.db.execute(sql`
    select s.name, v.version from asset_installations i
    join software_versions v on v.id = any(i.version_ids) join software s on s.id = v.software_id
    where i.asset_id = ${assetId} order by s.name, v.version`)) as unknown as { rows: { name: string; version: string }[] };
  return result.rows.map((r) => [r.name, r.version]);
}
async function countWhere(query: ReturnType<typeof sql>) {
  return ((await t.db.execute(query)) as unknown as { rows: { n: number }[] }).rows[0]?.n;
}
let n = 0;
const uniq = (prefix: string) => `${prefix}-${++n}`;
const uuidOf = (i: number) => `4c4c4544-00${String(i).padStart(2, "0")}-3010-8048-b6c04f5037${String(i).padStart(2, "0")}`;

describe("matching a report to an asset", () => {
  it("updates the asset with the same serial and UUID, even renamed and re-imaged (new device id)", async () => {
    const serial = uniq("SN");
    await report({ name: uniq("PC-A"), ssn: serial, uuid: uuidOf(1), deviceId: "clone-1" });
    const renamed = uniq("PC-RENOMME");
    await report({ name: renamed, ssn: serial, uuid: uuidOf(1).toUpperCase(), deviceId: "clone-2" });
    const found = await assetsWhere(sql`${assets.serial} = ${serial}`);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ name: renamed, agentDeviceId: "clone-2" });
    expect(await t.db.select({ kind: assetEvents.kind }).from(assetEvents).where(eq(assetEvents.assetId, found[0]!.id))).toEqual(
      expect.arrayContaining([{ kind: "created" }, { kind: "renamed" }]),
    );
  });

  it("never keys on the agent's device id: two machines of one cloned image stay two assets", async () => {
    await report({ name: uniq("PC-CLONE"), ssn: uniq("SN"), uuid: uuidOf(2), deviceId: "master-image-2026" });
    await report({ name: uniq("PC-CLONE"), ssn: uniq("SN"), uuid: uuidOf(3), deviceId: "master-image-2026" });
    expect(await assetsWhere(sql`${assets.agentDeviceId} = 'master-image-2026'`)).toHaveLength(2);
  });

  it("does not merge machines on a bogus serial (To Be Filled By O.E.M., Default string, zeros…)", async () => {
    for (const bogus of ["To Be Filled By O.E.M.", "Default string", "System Serial Number", "0123456789", "00000000"]) {
      const a = uniq("PC-OEM");
      const b = uniq("PC-OEM");
      await report({ name: a, ssn: bogus });
      await report({ name: b, ssn: bogus });
      const rows = await assetsWhere(sql`${assets.name} in (${a}, ${b})`);
      expect(rows, bogus).toHaveLength(2);
      expect(rows.every((r) => r.serial === null && r.serialKey === null)).toBe(true);
    }
  });

  it("does not merge machines on a placeholder UUID", async () => {
    const a = uniq("PC-UUID0");
    const b = uniq("PC-UUID0");
    await report({ name: a, uuid: "03000200-0400-0500-0006-000700080009" });
    await report({ name: b, uuid: "03000200-0400-0500-0006-000700080009" });
    expect(await assetsWhere(sql`${assets.name} in (${a}, ${b})`)).toHaveLength(2);
  });

  it("matches on the UUID when there is no serial, whatever the byte order old dmidecode used", async () => {
    const name = uniq("PC-SANS-SERIE");
    await report({ name, uuid: "44454c4c-3400-1030-8048-b6c04f503799" });
    await report({ name: uniq("PC-SANS-SERIE-RENOMME"), uuid: "4c4c4544-0034-3010-8048-b6c04f503799" });
    expect(await assetsWhere(sql`${assets.uuid} in ('44454c4c-3400-1030-8048-b6c04f503799', '4c4c4544-0034-3010-8048-b6c04f503799')`)).toHaveLength(1);
  });

  it("matches on name and type within the school when neither serial nor UUID is usable", async () => {
    const name = uniq("VM-SALLE");
    await report({ name });
    await report({ name: name.toLowerCase() });
    expect(await assetsWhere(sql`${assets.nameKey} = ${name.toLowerCase()}`)).toHaveLength(1);
    // Same name in another school, or another type in the same school: another asset.
    const response = await postAgent(t.app, auth, { body: inventoryXml({ name, tag: otherSchool.uai }) });
    expect(response.statusCode).toBe(200);
    await report({ name, chassis: "Laptop" });
    expect(await assetsWhere(sql`${assets.nameKey} = ${name.toLowerCase()}`)).toHaveLength(3);
  });

  it("creates a second asset for a known serial with another UUID (a new motherboard, as GLPI does)", async () => {
    const serial = uniq("SN");
    await report({ name: uniq("PC-CM"), ssn: serial, uuid: uuidOf(10) });
    await report({ name: uniq("PC-CM"), ssn: serial, uuid: uuidOf(11) });
    expect(await assetsWhere(sql`${assets.serial} = ${serial}`)).toHaveLength(2);
  });

  it("fills in the UUID of an asset known by its serial only", async () => {
    const serial = uniq("SN");
    await report({ name: uniq("PC-S"), ssn: serial });
    await report({ name: uniq("PC-S"), ssn: serial, uuid: uuidOf(12) });
    expect(await assetsWhere(sql`${assets.serial} = ${serial}`)).toMatchObject([{ uuid: uuidOf(12) }]);
  });

  it("follows a machine moved to another school of the region (same serial), with a history event", async () => {
    const serial = uniq("SN");
    await report({ name: uniq("PC-MOVE"), ssn: serial, uuid: uuidOf(13) });
    const response = await postAgent(t.app, auth, { body: inventoryXml({ name: uniq("PC-MOVE"), ssn: serial, uuid: uuidOf(13), tag: otherSchool.uai }) });
    expect(response.statusCode).toBe(200);
    const [moved, ...others] = await assetsWhere(sql`${assets.serial} = ${serial}`);
    expect(others).toHaveLength(0);
    expect(moved?.schoolId).toBe(otherSchool.id);
    const events = await t.db.select().from(assetEvents).where(eq(assetEvents.assetId, moved!.id));
    expect(events.find((e) => e.kind === "moved")?.details).toEqual({ fromSchoolId: school.id, toSchoolId: otherSchool.id });
  });

  it("creates one asset when two reports of the same machine arrive at once", async () => {
    for (const machine of [{ ssn: uniq("SN"), uuid: uuidOf(20) }, { uuid: uuidOf(21) }, {}]) {
      const name = uniq("PC-CONCURRENT");
      const body = inventoryXml({ tag: school.uai, name, ...machine });
      const responses = await Promise.all([1, 2, 3].map(() => postAgent(t.app, auth, { body })));
      expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200]);
      expect(await assetsWhere(sql`${assets.name} = ${name}`), JSON.stringify(machine)).toHaveLength(1);
    }
  });
});

describe("the unknown-tag queue", () => {
  it("parks a report whose tag names no school of the region, then attaches it to a school", async () => {
    const before = (await regionAssets()).length;
    const name = uniq("PC-ORPHELIN");
    for (let i = 0; i < 2; i++) {
      const response = await postAgent(t.app, auth, { body: inventoryXml({ name, ssn: uniq("SN"), tag: "9999999Z" }) });
      expect(response.statusCode).toBe(200);
    }
    expect(await regionAssets()).toHaveLength(before);
    const list = await t.app.inject({ method: "GET", url: "/api/v1/inventory/pending-reports", headers: admin.headers });
    expect(list.statusCode).toBe(200);
    const waiting = (list.json().items as { id: string; name: string; tag: string }[]).filter((r) => r.name === name);
    // A machine reporting again under the same wrong tag does not fill the queue.
    expect(waiting).toHaveLength(1);
    expect(waiting[0]?.tag).toBe("9999999Z");

    const attach = await t.app.inject({
      method: "POST",
      url: `/api/v1/inventory/pending-reports/${waiting[0]!.id}/attach`,
      headers: admin.headers,
      payload: { school: school.uai },
    });
    expect(attach.statusCode, attach.body).toBe(200);
    expect(attach.json()).toMatchObject({ status: "attached", schoolId: school.id });
    expect(await assetsWhere(sql`${assets.name} = ${name}`)).toMatchObject([{ schoolId: school.id, source: "agent" }]);
    const again = await t.app.inject({
      method: "POST",
      url: `/api/v1/inventory/pending-reports/${waiting[0]!.id}/attach`,
      headers: admin.headers,
      payload: { school: school.uai },
    });
    expect(again.statusCode).toBe(409);
  });

  it("parks a report with no tag at all, and a tag naming a school of another region", async () => {
    const foreign = await buildSchool(t.db);
    for (const tag of [null, foreign.uai]) {
      const name = uniq("PC-AILLEURS");
      expect((await postAgent(t.app, auth, { body: inventoryXml({ name, tag }) })).statusCode).toBe(200);
      expect(await t.db.select().from(assets).where(eq(assets.name, name))).toHaveLength(0);
      expect(await t.db.select().from(pendingAgentReports).where(eq(pendingAgentReports.name, name))).toMatchObject([{ regionId, status: "pending" }]);
    }
  });

  it("refuses to attach a report to a school of another region", async () => {
    const name = uniq("PC-X");
    await postAgent(t.app, auth, { body: inventoryXml({ name, tag: "INCONNU" }) });
    const [pending] = await t.db.select().from(pendingAgentReports).where(eq(pendingAgentReports.name, name));
    const foreign = await buildSchool(t.db);
    const response = await t.app.inject({
      method: "POST",
      url: `/api/v1/inventory/pending-reports/${pending!.id}/attach`,
      headers: admin.headers,
      payload: { school: foreign.uai },
    });
    expect([400, 404]).toContain(response.statusCode);
    expect((await t.db.select().from(pendingAgentReports).where(eq(pendingAgentReports.id, pending!.id)))[0]?.status).toBe("pending");
  });
});

describe("the software catalogue and the region's application directory", () => {
  it("normalises names and publishers into one catalogue entry, and flags unknown applications to evaluate once", async () => {
    const app = uniq("Scratch Desktop");
    await report({ name: uniq("PC-SOFT"), softwares: [{ name: app, version: "3.29", publisher: "MIT Media Lab, Inc." }] });
    await report({ name: uniq("PC-SOFT"), softwares: [{ name: `${app.toUpperCase()}  (x64)`, version: "3.30", publisher: "MIT Media Lab" }] });
    const entries = await t.db.select().from(software).where(sql`${software.nameKey} = ${app.toLowerCase()}`);
    expect(entries).toHaveLength(1);
    const directory = await t.db
      .select()
      .from(regionApplications)
      .where(and(eq(regionApplications.regionId, regionId), eq(regionApplications.softwareId, entries[0]!.id)));
    expect(directory).toMatchObject([{ status: "to_evaluate", firstSeenSchoolId: school.id }]);
  });

  it("diffs an update against the asset's row: added, removed and unchanged versions, and the directory asked only about what is new", async () => {
    const name = uniq("PC-DIFF");
    const serial = uniq("SN");
    const kept = { name: uniq("Inkscape"), version: "1.3", publisher: "Inkscape Project" };
    const gone = { name: uniq("Audacity"), version: "3.4", publisher: "Audacity Team" };
    const vlc = uniq("VLC media player");
    await report({ name, ssn: serial, softwares: [kept, gone, { name: vlc, version: "3.0.20", publisher: "VideoLAN" }] });
    const [asset] = await assetsWhere(sql`${assets.serial} = ${serial}`);
    // The directory (its rule against deletes set aside) and this process's memory of it forget the
    // unchanged application: were it offered again, it would come back.
    const [keptEntry] = await t.db.select().from(software).where(sql`${software.nameKey} = ${kept.name.toLowerCase()}`);
    await t.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.delete(regionApplications).where(and(eq(regionApplications.regionId, regionId), eq(regionApplications.softwareId, keptEntry!.id)));
    });
    ingestionMemoryOf(t.db).directories.delete(regionId);
    const added = { name: uniq("GIMP"), version: "2.10", publisher: "The GIMP Team" };
    await report({ name, ssn: serial, softwares: [kept, { name: vlc, version: "3.0.21", publisher: "VideoLAN" }, added] });
    expect(await installedOn(asset!.id)).toEqual([
      [added.name, "2.10"],
      [kept.name, "1.3"],
      [vlc, "3.0.21"],
    ]);
    const directory = await t.db
      .select({ name: software.name })
      .from(regionApplications)
      .innerJoin(software, eq(software.id, regionApplications.softwareId))
      .where(eq(regionApplications.regionId, regionId));
    const names = directory.map((d) => d.name);
    expect(names).toEqual(expect.arrayContaining([added.name, vlc, gone.name]));
    expect(names).not.toContain(kept.name);
    // One row for the asset, whatever it lists.
    expect(await countWhere(sql`select count(*)::int as n from asset_installations where asset_id = ${asset!.id}`)).toBe(1);
  });

  it("gives concurrent reports of different machines one catalogue entry for an application new to all of them", async () => {
    const app = uniq("Logiciel Nouveau");
    const names = [uniq("PC-NEW"), uniq("PC-NEW"), uniq("PC-NEW")];
    const responses = await Promise.all(
      names.map((name) =>
        postAgent(t.app, auth, {
          body: inventoryXml({ tag: school.uai, name, ssn: uniq("SN"), softwares: [{ name: app, version: "1.0", publisher: "Éditeur" }] }),
        }),
      ),
    );
    expect(responses.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    const entries = await t.db.select().from(software).where(sql`${software.nameKey} = ${app.toLowerCase()}`);
    expect(entries).toHaveLength(1);
    // "Which assets have this application": its versions against the GIN index of the asset rows.
    const installed = await countWhere(sql`
      select count(*)::int as n from asset_installations i
      where i.version_ids && array(select v.id from software_versions v where v.software_id = ${entries[0]!.id})`);
    expect(installed).toBe(3);
    expect(await t.db.select().from(regionApplications).where(eq(regionApplications.softwareId, entries[0]!.id))).toHaveLength(1);
  });

  it("keeps a decision for every school: a qualified application seen in another school is not flagged again", async () => {
    const app = uniq("GeoGebra");
    await report({ name: uniq("PC-GEO"), softwares: [{ name: app, version: "6", publisher: "GeoGebra" }] });
    const [entry] = await t.db.select().from(software).where(sql`${software.nameKey} = ${app.toLowerCase()}`);
    await t.db.update(regionApplications).set({ status: "qualified", decidedAt: new Date() }).where(eq(regionApplications.softwareId, entry!.id));
    const response = await postAgent(t.app, auth, {
      body: inventoryXml({ name: uniq("PC-GEO"), tag: otherSchool.uai, softwares: [{ name: app, version: "7", publisher: "GeoGebra" }] }),
    });
    expect(response.statusCode).toBe(200);
    expect(await t.db.select().from(regionApplications).where(eq(regionApplications.softwareId, entry!.id))).toMatchObject([
      { status: "qualified", firstSeenSchoolId: school.id },
    ]);
  });

  it("replaces an asset's software list with each full inventory", async () => {
    const name = uniq("PC-MAJ");
    await report({
      name,
      ssn: uniq("SN"),
      softwares: [
        { name: "Audacity", version: "3.4" },
        { name: "VLC media player", version: "3.0.20", publisher: "VideoLAN" },
      ],
    });
    const [asset] = await assetsWhere(sql`${assets.name} = ${name}`);
    await report({ name, ssn: asset!.serial!, softwares: [{ name: "VLC media player", version: "3.0.21", publisher: "VideoLAN" }] });
    expect(await installedOn(asset!.id)).toEqual([["VLC media player", "3.0.21"]]);
  });
});

describe("installations, one row per asset (ADR 0010)", () => {
  const packagesOf = (list: { name: string; version: string; publisher?: string }[]) =>
    normaliseSoftware(list.map((s) => ({ name: s.name, version: s.version, publisher: s.publisher ?? null, arch: "amd64" }))).packages;

  it("counts what an update adds and removes, and writes the asset's whole list", async () => {
    const name = uniq("PC-COMPTE");
    const [a, b, c] = [uniq("Appli A"), uniq("Appli B"), uniq("Appli C")];
    await report({
      name,
      ssn: uniq("SN"),
      softwares: [
        { name: a, version: "1" },
        { name: b, version: "1" },
      ],
    });
    const [asset] = await assetsWhere(sql`${assets.name} = ${name}`);
    const target = { assetId: asset!.id, regionId, schoolId: school.id, now: new Date() };
    const counts = await t.db.transaction((tx) =>
      syncInstallations(
        tx,
        target,
        packagesOf([
          { name: a, version: "1" },
          { name: b, version: "2" },
          { name: c, version: "1" },
        ]),
        emptyMemory(),
      ),
    );
    expect(counts).toMatchObject({ added: 2, removed: 1 });
    // Nothing known beforehand: every package was resolved by name, and is handed back to remember,
    // with the applications of the two added versions (b's and c's), now in the directory.
    expect(counts.learned.catalogue).toHaveLength(3);
    expect(counts.learned.directory).toHaveLength(2);
    expect(await installedOn(asset!.id)).toEqual([
      [a, "1"],
      [b, "2"],
      [c, "1"],
    ]);
    const memory = emptyMemory();
    remember(memory, regionId, counts.learned);
    const again = await t.db.transaction((tx) => syncInstallations(tx, target, packagesOf([{ name: c, version: "1" }]), memory));
    expect(again).toMatchObject({ added: 0, removed: 2, learned: { catalogue: [], directory: [] } });
    expect(await installedOn(asset!.id)).toEqual([[c, "1"]]);
    const none = await t.db.transaction((tx) => syncInstallations(tx, target, [], emptyMemory()));
    expect(none).toMatchObject({ added: 0, removed: 1 });
    expect(await installedOn(asset!.id)).toEqual([]);
  });

  it("remembers catalogue ids and directory entries once a report is committed, never from a failed one, and reuses them", async () => {
    const app = uniq("Appli mémorisée");
    const [pkg] = packagesOf([{ name: app, version: "4.2" }]);
    const machine = (name: string, schoolId: string) => ({
      regionId,
      schoolId,
      deviceId: null,
      partial: false,
      machine: {
        name,
        serial: uniq("SN"),
        serialFallback: null,
        uuid: null,
        manufacturer: null,
        model: null,
        assetTag: null,
        type: "desktop" as const,
        sections: {},
        softwares: [{ name: app, version: "4.2", publisher: null, arch: "amd64" }],
      },
    });
    const memory = ingestionMemoryOf(t.db);
    const cache = memory.catalogue;
    // A school that does not exist: the statement fails on its foreign key, the transaction rolls back.
    await expect(ingestAgentInventory({ db: t.db, clock: systemClock }, machine(uniq("PC-ECHEC"), randomUUID()))).rejects.toThrow();
    expect(cache.has(pkg!.key)).toBe(false);
    expect(await t.db.select().from(software).where(sql`${software.nameKey} = ${app.toLowerCase()}`)).toHaveLength(0);
    const first = await ingestAgentInventory({ db: t.db, clock: systemClock }, machine(uniq("PC-MEMO"), school.id));
    const remembered = cache.get(pkg!.key);
    expect(remembered).toBeDefined();
    expect(memory.directories.get(regionId)?.has(remembered![1])).toBe(true);
    const second = await ingestAgentInventory({ db: t.db, clock: systemClock }, machine(uniq("PC-MEMO"), school.id));
    const rows = await t.db
      .select()
      .from(assetInstallations)
      .where(inArray(assetInstallations.assetId, [first.assetId, second.assetId]));
    expect(rows.map((r) => r.versionIds)).toEqual([[remembered![0]], [remembered![0]]]);
    expect(await installedOn(second.assetId)).toEqual([[app, "4.2"]]);
  });

  it("sends names as they are: quotes, backslashes, braces, commas and the word NULL", async () => {
    const odd = [`${uniq("Outil")} "guillemets" \\ {a,b}`, "NULL", `${uniq("Vide")} ""`, ` ${uniq("Espacé")} `];
    const name = uniq("PC-NOMS");
    await report({ name, ssn: uniq("SN"), softwares: odd.map((o, i) => ({ name: o, version: `${i}.0 "x"`, publisher: `Éditeur \\ ${i}` })) });
    const [asset] = await assetsWhere(sql`${assets.name} = ${name}`);
    const installed = await installedOn(asset!.id);
    // Blanks around a name are the report's reader's business (trimmed), the rest is kept.
    expect(installed.map(([n]) => n).sort()).toEqual(odd.map((o) => o.trim()).sort());
    expect(installed.map(([, v]) => v).sort()).toEqual(['0.0 "x"', '1.0 "x"', '2.0 "x"', '3.0 "x"']);
    const publishers = await t.db.select({ publisher: software.publisher }).from(software).where(sql`${software.publisher} like 'Éditeur %'`);
    expect(publishers.map((p) => p.publisher)).toEqual(expect.arrayContaining(["Éditeur \\ 0", "Éditeur \\ 3"]));
  });

  it("flags a newly seen application once per region: other schools' reports keep the first sighting, another region gets its own", async () => {
    const app = uniq("Appli vue");
    const entryOf = async () => (await t.db.select().from(software).where(sql`${software.nameKey} = ${app.toLowerCase()}`))[0]!;
    await report({ name: uniq("PC-VU"), ssn: uniq("SN"), softwares: [{ name: app, version: "1" }] });
    const first = await t.db
      .select()
      .from(regionApplications)
      .where(eq(regionApplications.softwareId, (await entryOf()).id));
    // The same application, another version, on a machine of another school; then a machine that already had it.
    const response = await postAgent(t.app, auth, {
      body: inventoryXml({ tag: otherSchool.uai, name: uniq("PC-VU"), ssn: uniq("SN"), softwares: [{ name: app, version: "2" }] }),
    });
    expect(response.statusCode).toBe(200);
    await report({ name: uniq("PC-VU"), ssn: uniq("SN"), softwares: [{ name: app, version: "1" }] });
    const other = await regionWithAdmin(t.app, t.db);
    const otherRegionSchool = await buildSchool(t.db, { regionId: other.region.id });
    const otherAuth = (await issueCredentials(t.app, other.session)).auth;
    const elsewhere = await postAgent(t.app, otherAuth, {
      body: inventoryXml({ tag: otherRegionSchool.uai, name: uniq("PC-VU"), ssn: uniq("SN"), softwares: [{ name: app, version: "1" }] }),
    });
    expect(elsewhere.statusCode).toBe(200);
    const directory = await t.db
      .select()
      .from(regionApplications)
      .where(eq(regionApplications.softwareId, (await entryOf()).id));
    expect(directory).toHaveLength(2);
    expect(directory.find((d) => d.regionId === regionId)).toEqual(first[0]);
    expect(directory.find((d) => d.regionId === other.region.id)).toMatchObject({ status: "to_evaluate", firstSeenSchoolId: otherRegionSchool.id });
  });

  it("offers the directory only what this process does not know it holds", async () => {
    const app = uniq("Appli crue connue");
    const name = uniq("PC-CONFIANCE");
    // The catalogue knows the application, the directory does not: the memory says otherwise.
    const [pkg] = packagesOf([{ name: app, version: "1" }]);
    const [entry] = await t.db.insert(software).values({ nameKey: pkg!.nameKey, publisherKey: pkg!.publisherKey, name: app }).returning();
    const [version] = await t.db.insert(softwareVersions).values({ softwareId: entry!.id, version: "1", arch: "amd64" }).returning();
    const memory = emptyMemory();
    remember(memory, regionId, { catalogue: [[pkg!.key, [version!.id, entry!.id]]], directory: [entry!.id] });
    await report({ name, ssn: uniq("SN") });
    const [asset] = await assetsWhere(sql`${assets.name} = ${name}`);
    const target = { assetId: asset!.id, regionId, schoolId: school.id, now: new Date() };
    const trusted = await t.db.transaction((tx) => syncInstallations(tx, target, [pkg!], memory));
    expect(trusted).toMatchObject({ added: 1, learned: { catalogue: [], directory: [] } });
    expect(await t.db.select().from(regionApplications).where(eq(regionApplications.softwareId, entry!.id))).toHaveLength(0);
    // Another region's memory says nothing of this one: the application is offered, and flagged.
    const elsewhere = emptyMemory();
    remember(elsewhere, randomUUID(), { catalogue: [[pkg!.key, [version!.id, entry!.id]]], directory: [entry!.id] });
    await t.db.transaction((tx) => syncInstallations(tx, target, [], elsewhere));
    const offered = await t.db.transaction((tx) => syncInstallations(tx, target, [pkg!], elsewhere));
    expect(offered.learned.directory).toEqual([entry!.id]);
    expect(await t.db.select().from(regionApplications).where(eq(regionApplications.softwareId, entry!.id))).toMatchObject([
      { regionId, status: "to_evaluate" },
    ]);
  });

  it("keeps every directory entry: deleting one is refused", async () => {
    const [entry] = await t.db.select().from(regionApplications).where(eq(regionApplications.regionId, regionId)).limit(1);
    await expect(t.db.delete(regionApplications).where(eq(regionApplications.softwareId, entry!.softwareId))).rejects.toThrow();
    expect(await t.db.select().from(regionApplications).where(eq(regionApplications.softwareId, entry!.softwareId))).toHaveLength(1);
  });

  it("keeps every catalogue version: deleting one is refused", async () => {
    const [version] = await t.db.select().from(softwareVersions).limit(1);
    await expect(t.db.delete(softwareVersions).where(eq(softwareVersions.id, version!.id))).rejects.toThrow();
    expect(await t.db.select().from(softwareVersions).where(eq(softwareVersions.id, version!.id))).toHaveLength(1);
  });

  it("refuses a list holding a null id", async () => {
    const name = uniq("PC-NUL");
    await report({ name, ssn: uniq("SN") });
    const [asset] = await assetsWhere(sql`${assets.name} = ${name}`);
    await expect(t.db.execute(sql`update asset_installations set version_ids = array[null]::uuid[] where asset_id = ${asset!.id}`)).rejects.toThrow();
  });
});
