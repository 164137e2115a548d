import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assets, regionApplications, rooms, software } from "../src/db/schema.ts";
import { buildPerson, type buildSchool, logIn, type Session } from "./factories.ts";
import { inventoryRegion, inventoryXml, postAgent } from "./inventory-agent-fixture.ts";
import { buildTestApp } from "./setup.ts";

/** The asset API: list and page, manual entry, edits with history, and the application directory's decisions. */
type TestApp = Awaited<ReturnType<typeof buildTestApp>>;
let t: TestApp;
let admin: Session;
let technician: Session;
let regionId: string;
let school: Awaited<ReturnType<typeof buildSchool>>;
let otherSchool: Awaited<ReturnType<typeof buildSchool>>;
let auth: string;

let api: Awaited<ReturnType<typeof inventoryRegion>>["api"];

beforeAll(async () => {
  t = await buildTestApp();
  ({ admin, regionId, school, otherSchool, technician, auth, api } = await inventoryRegion(t.app, t.db, { otherSchoolInZone: false }));
});
afterAll(() => t.close());

describe("manual entry and edits", () => {
  it("lets the zone's technician enter a projector, and says an own-funds item is not supported until qualified", async () => {
    const response = await api(technician, "POST", "/inventory/assets", {
      school: school.uai,
      type: "video_projector",
      name: "VP-B204",
      manufacturer: "Epson",
      model: "EB-695Wi",
      serial: "X4Y5001234",
      funding: "own_funds",
      acquiredOn: "2019-09-01",
      warrantyEndsOn: "2024-09-01",
      networkDomain: "peda",
    });
    expect(response.statusCode, response.body).toBe(201);
    const { asset, history } = response.json();
    expect(asset).toMatchObject({ schoolId: school.id, source: "manual", isSupported: false, status: "in_service", serial: "X4Y5001234" });
    expect(history).toMatchObject([{ kind: "created" }]);

    const qualified = await api(technician, "PATCH", `/inventory/assets/${asset.id}`, { version: asset.version, isQualifiedByRegion: true });
    expect(qualified.statusCode, qualified.body).toBe(200);
    expect(qualified.json().asset.isSupported).toBe(true);
  });

  it("refuses a warranty ending before the purchase, an unknown type, and a technician outside their zone, storing nothing", async () => {
    const before = (await t.db.select().from(assets)).length;
    for (const [payload, status] of [
      [{ school: school.uai, type: "ups", acquiredOn: "2024-01-10", warrantyEndsOn: "2023-01-10" }, 400],
      [{ school: school.uai, type: "toaster" }, 400],
      [{ school: school.uai, type: "ups", acquiredOn: "2024-02-30" }, 400],
      [{ school: otherSchool.uai, type: "ups" }, 404],
    ] as const) {
      const response = await api(technician, "POST", "/inventory/assets", payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(status);
      expect(response.json().detail).toMatch(/[éèà]|introuvable|invalide|garantie/i);
    }
    expect(await t.db.select().from(assets)).toHaveLength(before);
  });

  it("traces status changes and moves between rooms, and refuses a stale version", async () => {
    const [room] = await t.db
      .insert(rooms)
      .values({ regionId, schoolId: school.id, building: "B", floor: "2", name: "B204", use: "classroom", createdAt: new Date() })
      .returning();
    const created = (await api(technician, "POST", "/inventory/assets", { school: school.uai, type: "interactive_display", name: "ENI-B204" })).json().asset;
    const moved = await api(technician, "PATCH", `/inventory/assets/${created.id}`, { version: created.version, roomId: room!.id, status: "broken" });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json().asset).toMatchObject({ roomId: room!.id, roomName: "B204", status: "broken" });
    expect(moved.json().history.map((h: { kind: string }) => h.kind)).toEqual(expect.arrayContaining(["created", "status_changed", "moved"]));
    const stale = await api(technician, "PATCH", `/inventory/assets/${created.id}`, { version: created.version, status: "in_repair" });
    expect(stale.statusCode).toBe(409);
    expect((await t.db.select().from(assets).where(eq(assets.id, created.id)))[0]?.status).toBe("broken");

    const [foreignRoom] = await t.db.insert(rooms).values({ regionId, schoolId: otherSchool.id, name: "A1", use: "cdi", createdAt: new Date() }).returning();
    const wrongRoom = await api(technician, "PATCH", `/inventory/assets/${created.id}`, { version: created.version + 1, roomId: foreignRoom!.id });
    expect(wrongRoom.statusCode).toBe(400);
  });
});

describe("the list and the asset page", () => {
  it("filters by school, type and status, searches names and serials, and exports CSV", async () => {
    await postAgent(t.app, auth, { body: inventoryXml({ name: "PC-CDI-01", ssn: "CZC0001LIST", tag: school.uai }) });
    await postAgent(t.app, auth, { body: inventoryXml({ name: "PC-CDI-02", ssn: "CZC0002LIST", tag: school.uai, chassis: "Laptop" }) });
    const bySerial = await api(admin, "GET", "/inventory/assets?q=0002list");
    expect(bySerial.json().items.map((a: { name: string }) => a.name)).toEqual(["PC-CDI-02"]);
    const laptops = await api(admin, "GET", `/inventory/assets?school=${school.id}&type=laptop`);
    expect(laptops.json()).toMatchObject({ total: 1, totalExact: true, items: [{ name: "PC-CDI-02", schoolUai: school.uai }] });
    const broken = await api(admin, "GET", "/inventory/assets?status=broken");
    expect(broken.json().items.every((a: { status: string }) => a.status === "broken")).toBe(true);
    const csv = await api(admin, "GET", "/inventory/assets?q=pc-cdi&format=csv");
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.body).toContain("PC-CDI-01");
    expect(csv.body).toContain("Ordinateur portable");
    expect((await api(admin, "GET", "/inventory/assets?type=toaster")).statusCode).toBe(400);
  });

  it("shows the technical details, the software with the directory's status, and the history", async () => {
    await postAgent(t.app, auth, {
      body: inventoryXml({
        name: "PC-PAGE",
        ssn: "CZC0003PAGE",
        tag: school.uai,
        softwares: [{ name: "Pronote Client", version: "2025.1", publisher: "Index Éducation" }],
      }),
    });
    const [asset] = await t.db.select().from(assets).where(eq(assets.name, "PC-PAGE"));
    const page = await api(technician, "GET", `/inventory/assets/${asset!.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({
      asset: { name: "PC-PAGE", technical: { operatingsystem: { name: "Debian" } } },
      software: [{ name: "Pronote Client", publisher: "Index Éducation", version: "2025.1", applicationStatus: "to_evaluate" }],
      history: [{ kind: "created", actorLabel: "Agent d'inventaire" }],
      canEdit: true,
    });
    expect((await api(technician, "GET", `/inventory/assets/${crypto.randomUUID()}`)).statusCode).toBe(404);
  });
});

describe("the application directory", () => {
  it("goes from to evaluate (technician) to qualified (Region), and the decision holds for every school", async () => {
    await postAgent(t.app, auth, {
      body: inventoryXml({ name: "PC-APP-1", ssn: "CZC0004APP", tag: school.uai, softwares: [{ name: "Scribus", version: "1.6", publisher: "Scribus Team" }] }),
    });
    const [entry] = await t.db.select().from(software).where(eq(software.nameKey, "scribus"));
    const listed = await api(technician, "GET", "/inventory/applications?status=to_evaluate&q=scribus");
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().items).toMatchObject([{ softwareId: entry!.id, status: "to_evaluate", firstSeenSchoolId: school.id }]);

    // The technician evaluates; only the Region decides.
    expect((await api(technician, "POST", `/inventory/applications/${entry!.id}/decision`, { status: "qualified" })).statusCode).toBe(403);
    const evaluating = await api(technician, "POST", `/inventory/applications/${entry!.id}/decision`, {
      status: "under_evaluation",
      note: "Testé en salle B204",
    });
    expect(evaluating.statusCode, evaluating.body).toBe(200);
    expect(evaluating.json()).toMatchObject({ status: "under_evaluation", note: "Testé en salle B204" });
    const decided = await api(admin, "POST", `/inventory/applications/${entry!.id}/decision`, { status: "qualified" });
    expect(decided.statusCode, decided.body).toBe(200);
    expect(decided.json().decidedAt).not.toBeNull();

    await postAgent(t.app, auth, {
      body: inventoryXml({
        name: "PC-APP-2",
        ssn: "CZC0005APP",
        tag: otherSchool.uai,
        softwares: [{ name: "Scribus", version: "1.7", publisher: "Scribus Team" }],
      }),
    });
    expect(await t.db.select({ status: regionApplications.status }).from(regionApplications).where(eq(regionApplications.softwareId, entry!.id))).toEqual([
      { status: "qualified" },
    ]);
  });
});

describe("rooms and the school's estate report", () => {
  it("creates rooms once per place, and lists them", async () => {
    const created = await api(technician, "POST", "/inventory/rooms", { school: school.uai, building: "C", floor: "1", name: "C102", use: "computer_room" });
    expect(created.statusCode, created.body).toBe(201);
    expect(
      (await api(technician, "POST", "/inventory/rooms", { school: school.uai, building: "C", floor: "1", name: "C102", use: "classroom" })).statusCode,
    ).toBe(409);
    expect((await api(technician, "POST", "/inventory/rooms", { school: school.uai, name: "C103", use: "gymnase" })).statusCode).toBe(400);
    const listed = await api(technician, "GET", `/inventory/rooms?school=${school.uai}`);
    expect(listed.json().items.map((r: { name: string }) => r.name)).toContain("C102");
  });

  it("flags a computer room holding two models (one model per room), and warranties ending soon or ended", async () => {
    const room = (await api(technician, "POST", "/inventory/rooms", { school: school.uai, building: "D", name: "D001", use: "computer_room" })).json();
    for (const [model, warranty] of [
      ["OptiPlex 7010", "2020-01-01"],
      ["OptiPlex 7010", null],
      ["ThinkCentre M70q", null],
    ] as const) {
      const response = await api(technician, "POST", "/inventory/assets", {
        school: school.uai,
        type: "desktop",
        manufacturer: "X",
        model,
        roomId: room.id,
        warrantyEndsOn: warranty,
      });
      expect(response.statusCode, response.body).toBe(201);
    }
    const report = await api(technician, "GET", `/inventory/reports/estate?school=${school.uai}&withinDays=30`);
    expect(report.statusCode, report.body).toBe(200);
    const body = report.json();
    // The school's place in the tree, for the web app to ask whether the viewer keeps its inventory.
    expect(body.school).toMatchObject({ id: school.id, regionId, sectorId: school.sectorId, zoneId: school.zoneId });
    expect(body.mixedRooms).toEqual([
      {
        roomId: room.id,
        room: "D001",
        building: "D",
        models: expect.arrayContaining([
          { model: "X OptiPlex 7010", count: 2 },
          { model: "X ThinkCentre M70q", count: 1 },
        ]),
      },
    ]);
    expect(body.warranties).toEqual(expect.arrayContaining([expect.objectContaining({ model: "OptiPlex 7010", warrantyEndsOn: "2020-01-01", isEnded: true })]));
    expect(body.byType).toEqual(expect.arrayContaining([expect.objectContaining({ key: "desktop" })]));
    // A room of one model is not listed.
    expect(body.mixedRooms.find((r: { room: string }) => r.room === "C102")).toBeUndefined();
    // Each room says how many items it holds.
    const counts = Object.fromEntries(body.rooms.map((r: { name: string; assetCount: number }) => [r.name, r.assetCount]));
    expect(counts).toMatchObject({ D001: 3, C102: 0 });
  });
});

describe("CSV import of items without an agent", () => {
  const header = "uai;type;nom;fabricant;modele;numero_serie;statut;financement;date_achat;fin_garantie";
  const countImported = async () => (await t.db.select().from(assets).where(eq(assets.source, "import"))).length;

  it("previews line by line with the column at fault, and writes nothing while any line is wrong", async () => {
    const csv = [
      header,
      `${school.uai};Vidéoprojecteur;VP-C101;Epson;EB-695Wi;X4Y5009;en service;Marché Région;2021-09-01;2026-09-01`,
      `${school.uai};grille-pain;T-1;;;;;;;`,
      `${school.uai};switch;SW-1;HPE;2530;;cassé;;31/02/2024;`,
      `${otherSchool.uai};ups;UPS-1;APC;;;;;;`,
      `;ups;UPS-2;;;;;;;`,
    ].join("\n");
    for (const dryRun of [true, false]) {
      const response = await api(technician, "POST", "/inventory/imports/assets", { csv, dryRun });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().created).toBe(0);
      expect(response.json().issues).toEqual([
        expect.objectContaining({ line: 3, column: "type" }),
        expect.objectContaining({ line: 4, column: "statut" }),
        expect.objectContaining({ line: 4, column: "date_achat" }),
        expect.objectContaining({ line: 5, column: "uai" }),
        expect.objectContaining({ line: 6, column: "uai" }),
      ]);
    }
    expect(await countImported()).toBe(0);
  });

  it("writes every line in one go when all are right, labels in French or codes alike", async () => {
    const csv = [
      header,
      `${school.uai};Vidéoprojecteur;VP-D201;Epson;EB-695Wi;X4Y5010;;own_funds;2021-09-01;2026-09-01`,
      `${school.uai};ups;UPS-BAIE-1;APC;Smart-UPS 1500;AS1234;En stock;;;`,
    ].join("\n");
    const preview = await api(technician, "POST", "/inventory/imports/assets", { csv });
    expect(preview.json()).toEqual({ lines: 2, created: 0, issues: [] });
    expect(await countImported()).toBe(0);
    const done = await api(technician, "POST", "/inventory/imports/assets", { csv, dryRun: false });
    expect(done.json()).toEqual({ lines: 2, created: 2, issues: [] });
    const imported = await t.db.select().from(assets).where(eq(assets.source, "import"));
    expect(imported).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "VP-D201", type: "video_projector", funding: "own_funds", warrantyEndsOn: "2026-09-01", status: "in_service" }),
        expect.objectContaining({ name: "UPS-BAIE-1", type: "ups", status: "in_stock" }),
      ]),
    );
  });

  it("checks every line before writing anything: one over-long value and the good lines are not written either", async () => {
    const before = await countImported();
    const csv = [header, `${school.uai};ups;UPS-OK;;;;;;;`, `${school.uai};ups;${"x".repeat(300)};;;;;;;`].join("\n");
    const response = await api(technician, "POST", "/inventory/imports/assets", { csv, dryRun: false });
    expect(response.json().issues).toEqual([expect.objectContaining({ line: 3, column: "nom" })]);
    expect(await countImported()).toBe(before);
  });

  it("is refused to those who keep no inventory", async () => {
    const head = await buildPerson(t.db, {
      role: "head",
      scope: { kind: "school", regionId, schoolId: school.id, sectorId: school.sectorId, zoneId: school.zoneId },
    });
    const session = await logIn(t.app, head);
    const response = await api(session, "POST", "/inventory/imports/assets", { csv: `${header}\n${school.uai};ups;U;;;;;;;`, dryRun: false });
    expect(response.statusCode).toBe(403);
  });
});
