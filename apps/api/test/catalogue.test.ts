import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { equipmentItems, type resourceItems } from "../src/db/schema.ts";
import { buildPerson, buildSchool, logIn, regionWithAdmin, type Session, schoolScope } from "./factories.ts";
import { buildTestApp } from "./setup.ts";

type TestApp = Awaited<ReturnType<typeof buildTestApp>>;
let t: TestApp;
let regionId: string;
let admin: Session;
let otherAdmin: Session;
let head: Session;
let teacher: Session;

const API = "/api/v1";
const call = (session: Session, method: "GET" | "POST", url: string, payload?: unknown) =>
  t.app.inject({ method, url: `${API}${url}`, headers: session.headers, ...(payload === undefined ? {} : { payload: payload as object }) });

const laptop = {
  reference: "PC-PORT-14",
  label: "Ordinateur portable 14 pouces",
  category: "laptop",
  unitPriceCents: 65_000,
  warrantyYears: 4,
  supplier: "SCC",
  isMobile: true,
};
const textbook = {
  kind: "digital_textbook",
  ean: "978-2-09-172545-1",
  title: "Mathématiques 2de",
  publisher: "Nathan",
  subject: "Mathématiques",
  track: "general",
  level: "2de",
  priceCents: 900,
  licenceYears: 1,
};
const count = async (table: typeof equipmentItems | typeof resourceItems) => (await t.db.select().from(table).where(eq(table.regionId, regionId))).length;

beforeAll(async () => {
  t = await buildTestApp();
  const built = await regionWithAdmin(t.app, t.db);
  regionId = built.region.id;
  admin = built.session;
  otherAdmin = (await regionWithAdmin(t.app, t.db)).session;
  const school = await buildSchool(t.db, { regionId });
  head = await logIn(t.app, await buildPerson(t.db, { role: "head", scope: schoolScope(school) }));
  teacher = await logIn(t.app, await buildPerson(t.db, { role: "teacher", scope: schoolScope(school) }));
});
afterAll(() => t.close());

describe("equipment catalogue", () => {
  it("is kept by the Region: a 3 to 5-year warranty, no server", async () => {
    const saved = await call(admin, "POST", "/catalogue/equipment", { ...laptop, regionId });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ reference: "PC-PORT-14", isMobile: true, isActive: true });
    const server = await call(admin, "POST", "/catalogue/equipment", { ...laptop, reference: "SRV-1", category: "server", regionId });
    expect(server.statusCode).toBe(400);
    expect(server.json().detail).toContain("demande d'évolution");
    expect((await call(admin, "POST", "/catalogue/equipment", { ...laptop, reference: "PC-2", warrantyYears: 2, regionId })).statusCode).toBe(400);
    expect((await call(head, "POST", "/catalogue/equipment", { ...laptop, reference: "PC-3", regionId })).statusCode).toBe(403);
    expect((await call(otherAdmin, "POST", "/catalogue/equipment", { ...laptop, reference: "PC-4", regionId })).statusCode).toBe(403);
    expect(await count(equipmentItems)).toBe(1);
  });

  it("is browsed by everyone of the region, and no other region", async () => {
    const mine = await call(teacher, "GET", "/catalogue/equipment?category=laptop");
    expect(mine.json().items.map((i: { reference: string }) => i.reference)).toEqual(["PC-PORT-14"]);
    expect((await call(teacher, "GET", "/catalogue/equipment?category=printer")).json().items).toEqual([]);
    expect((await call(otherAdmin, "GET", "/catalogue/equipment")).json().items).toEqual([]);
  });
});

describe("textbooks and resources catalogue", () => {
  it("checks the EAN, the price and the licence", async () => {
    const saved = await call(admin, "POST", "/catalogue/resources", { regionId, item: textbook });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ ean: "9782091725451", isOrderable: true });
    const badEan = await call(admin, "POST", "/catalogue/resources", { regionId, item: { ...textbook, ean: "9782091725452" } });
    expect(badEan.statusCode).toBe(400);
    expect(badEan.json().detail).toContain("clé de contrôle");
    const free = await call(admin, "POST", "/catalogue/resources", {
      regionId,
      item: { ...textbook, kind: "free_copublished", ean: "9780306406157", title: "Lettres 2de", priceCents: 0, licenceYears: null },
    });
    expect(free.json()).toMatchObject({ isOrderable: false });
  });

  it("is browsed with filters by everyone of the region (teachers see it all)", async () => {
    const all = (await call(teacher, "GET", "/catalogue/resources")).json().items;
    expect(all.map((i: { title: string }) => i.title)).toEqual(["Lettres 2de", "Mathématiques 2de"]);
    expect((await call(teacher, "GET", "/catalogue/resources?kind=free_copublished")).json().items).toHaveLength(1);
    expect((await call(teacher, "GET", "/catalogue/resources?level=1re")).json().items).toEqual([]);
    expect((await call(teacher, "GET", "/catalogue/resources?q=Nathan")).json().items).toHaveLength(2);
    expect((await call(otherAdmin, "GET", "/catalogue/resources")).json().items).toEqual([]);
  });
});

describe("catalogue import", () => {
  const header = "reference;libelle;categorie;prix;garantie_ans;fournisseur;mobile";
  it("writes nothing when a line is wrong, and reports every wrong cell", async () => {
    const before = await count(equipmentItems);
    const csv = `${header}\nPC-10;Poste fixe;desktop;649,90;5;SCC;non\nSRV-2;Serveur;serveur;2000;5;ATOS;non\nVP-1;Vidéoprojecteur;projector;abc;3;SPIE;non\n`;
    const response = await call(admin, "POST", "/catalogue/import", { regionId, catalogue: "equipment", csv });
    expect(response.statusCode).toBe(400);
    expect(response.json().detail).toBe("2 erreur(s) dans le fichier : rien n'a été importé. Corrigez les lignes signalées et recommencez.");
    expect(response.json().issues.map((i: { line: number; column: string }) => [i.line, i.column])).toEqual([
      [3, "categorie"],
      [4, "prix"],
    ]);
    expect(await count(equipmentItems)).toBe(before);
  });

  it("checks without writing on a dry run, then writes all lines in one go, updating known references", async () => {
    const csv = `${header}\nPC-10;Poste fixe;desktop;649,90;5;SCC;non\nPC-PORT-14;Portable 14 pouces (v2);laptop;619;4;SCC;oui\n`;
    const before = await count(equipmentItems);
    const dry = await call(admin, "POST", "/catalogue/import", { regionId, catalogue: "equipment", csv, dryRun: true });
    expect(dry.json()).toMatchObject({ lines: 2, created: 1, updated: 1, written: false });
    expect(await count(equipmentItems)).toBe(before);
    const real = await call(admin, "POST", "/catalogue/import", { regionId, catalogue: "equipment", csv });
    expect(real.json()).toMatchObject({ lines: 2, created: 1, updated: 1, written: true });
    const items = (await call(teacher, "GET", "/catalogue/equipment")).json().items;
    expect(items.map((i: { reference: string; unitPriceCents: number }) => [i.reference, i.unitPriceCents]).sort()).toEqual([
      ["PC-10", 64_990],
      ["PC-PORT-14", 61_900],
    ]);
  });

  it("imports textbooks, and only the Region may import", async () => {
    const csv =
      "type;ean;titre;editeur;discipline;voie;niveau;prix;duree_licence_ans\npaper_textbook;0-306-40615-2;Histoire 1re;Hatier;Histoire;general;1re;24,50;\n";
    expect((await call(head, "POST", "/catalogue/import", { regionId, catalogue: "resources", csv })).statusCode).toBe(403);
    const response = await call(admin, "POST", "/catalogue/import", { regionId, catalogue: "resources", csv });
    expect(response.json()).toMatchObject({ created: 0, updated: 1, written: true });
    const item = (await call(teacher, "GET", "/catalogue/resources?level=1re")).json().items[0];
    expect(item).toMatchObject({ kind: "paper_textbook", title: "Histoire 1re", priceCents: 2_450, isOrderable: true });
  });
});
