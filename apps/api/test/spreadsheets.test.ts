import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { eq } from "drizzle-orm";
import { strToU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runImportSchools } from "../src/cli/import-schools.ts";
import { systemActor } from "../src/context.ts";
import { assets, garUsage, resourceItems, schoolEnrolments, schools } from "../src/db/schema.ts";
import { readXlsx, toXlsx, XLSX_MEDIA_TYPE } from "../src/lib/xlsx.ts";
import { parseSchoolsTable } from "../src/modules/organisation/schools-import.ts";
import { buildDesk, incident } from "./desk-fixture.ts";
import { buildPerson, logIn, type Session, schoolScope, uniqueUai } from "./factories.ts";
import { buildTestApp, type TestClock, testClock } from "./setup.ts";
import { workbookParts, zipBomb, zipOf } from "./xlsx-fixtures.ts";

/**
 * XLSX wherever Relais has CSV (issues 4 and 5, ADR 0007): every list export answers a real
 * workbook with the CSV's cells, and every import takes a workbook like the CSV — same preview,
 * same line-by-line report (line numbers as the sheet shows them), all or nothing; a broken or
 * hostile workbook is a French 400 and changes nothing.
 */
type TestApp = Awaited<ReturnType<typeof buildTestApp>>;
let t: TestApp;
let clock: TestClock;
let desk: Awaited<ReturnType<typeof buildDesk>>;
let admin: Session;
let prescriber: Session;
let validator: Session;
let campaignId: string;

const API = "/api/v1";
const call = (session: Session, method: "GET" | "POST" | "PUT", url: string, payload?: object) =>
  t.app.inject({ method, url: `${API}${url}`, headers: session.headers, ...(payload ? { payload } : {}) });
const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");

/** A workbook as a spreadsheet program writes it: text in the shared-strings table, numbers as numbers. */
function excelLike(rows: (string | number | null)[][], options: { skipRowsAfterHeader?: number } = {}): Uint8Array {
  const shared: string[] = [];
  const sheet = rows
    .map((cells, r) => {
      const line = r === 0 ? 1 : r + 1 + (options.skipRowsAfterHeader ?? 0);
      const xml = cells
        .map((value, c) => {
          const ref = `${String.fromCharCode(65 + c)}${line}`;
          if (value === null) return "";
          if (typeof value === "number") return `<c r="${ref}"><v>${value}</v></c>`;
          shared.push(`<t>${value.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</t>`);
          return `<c r="${ref}" t="s"><v>${shared.length - 1}</v></c>`;
        })
        .join("");
      return `<row r="${line}">${xml}</row>`;
    })
    .join("");
  return zipOf(workbookParts({ sheet, sharedStrings: shared }));
}

const parisWall = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Paris", dateStyle: "short", timeStyle: "medium" });
/** What the workbook shows for a CSV cell: instants in Paris wall time, defused formulas as typed, numbers to 15 digits. */
function asInSheet(csvCell: string, sheetCell: string): string {
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(csvCell)) return parisWall.format(new Date(csvCell)).replace(" ", "T");
  if (/^'[=+\-@\t\r]/.test(csvCell)) return csvCell.slice(1);
  const numeric = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;
  if (numeric.test(csvCell) && numeric.test(sheetCell) && csvCell !== sheetCell) return String(Number(Number(csvCell).toPrecision(15)));
  return csvCell;
}

/** Downloads a list in both formats and checks the workbook holds the CSV's cells; returns the sheet's XML for type checks. */
async function sameCellsInBoth(session: Session, url: string, filename: string) {
  const join = url.includes("?") ? "&" : "?";
  const csv = await call(session, "GET", `${url}${join}format=csv`);
  const xlsx = await call(session, "GET", `${url}${join}format=xlsx`);
  expect(csv.statusCode, csv.body).toBe(200);
  expect(xlsx.statusCode, xlsx.body).toBe(200);
  expect(xlsx.headers["content-type"]).toBe(XLSX_MEDIA_TYPE);
  expect(xlsx.headers["content-disposition"]).toBe(`attachment; filename="${filename}.xlsx"`);
  const bytes = new Uint8Array(xlsx.rawPayload);
  const csvRows = parse(csv.body, { delimiter: ";", bom: true, relax_column_count: true }) as string[][];
  const sheetRows = readXlsx(bytes).map((r) => r.cells);
  expect(sheetRows.length).toBe(csvRows.length);
  csvRows.forEach((csvRow, r) => {
    const sheetRow = Array.from(csvRow, (_, c) => sheetRows[r]?.[c] ?? "");
    expect(sheetRow, `${url}, ligne ${r + 1}`).toEqual(csvRow.map((cell, c) => asInSheet(cell, sheetRow[c] ?? "")));
  });
  return { rows: csvRows.length, sheetXml: new TextDecoder().decode(unzipSync(bytes)["xl/worksheets/sheet1.xml"]) };
}

beforeAll(async () => {
  // Inside the first textbook window of 2024 (26/06 – 17/09).
  clock = testClock(new Date("2024-09-02T08:00:00Z"));
  t = await buildTestApp({ clock });
  const login = (person: { email: string; totpSecret?: string | null }) => logIn(t.app, person, { now: clock.now() });
  desk = await buildDesk(t, login);
  admin = await login(await buildPerson(t.db, { role: "region_admin", scope: { kind: "region", regionId: desk.region.id }, withTotp: true }));
  prescriber = await login(await buildPerson(t.db, { role: "textbook_prescriber", scope: schoolScope(desk.school) }));
  validator = await login(await buildPerson(t.db, { role: "textbook_validator", scope: schoolScope(desk.school) }));
  await t.db.insert(schoolEnrolments).values({ schoolId: desk.school.id, schoolYear: "2023-2024", track: "general", level: "2de", students: 10 });
  const campaign = await call(admin, "POST", "/campaigns", { regionId: desk.region.id, programme: "textbooks", period: "2024-2025" });
  expect(campaign.statusCode, campaign.body).toBe(201);
  campaignId = campaign.json().id;
  expect((await call(desk.sessions.correspondent, "POST", "/tickets", incident(desk.school.id))).statusCode).toBe(201);
  expect(
    (
      await call(
        desk.sessions.correspondent,
        "POST",
        "/tickets",
        incident(desk.school.id, { title: "=SOMME(A1:A9) imprimante", category: "printer", urgency: "low", impact: "user" }),
      )
    ).statusCode,
  ).toBe(201);
});
afterAll(() => t.close());

describe("importing a catalogue from a workbook", () => {
  const header = ["type", "ean", "titre", "editeur", "discipline", "voie", "niveau", "prix", "duree_licence_ans"];
  const count = async () => (await t.db.select().from(resourceItems).where(eq(resourceItems.regionId, desk.region.id))).length;

  it("reports each wrong cell with the sheet's row number, and writes nothing", async () => {
    const workbook = excelLike(
      [
        header,
        ["paper_textbook", 9780306406157, "Histoire 2de", "Hatier", "Histoire", "general", "2de", "vingt", null],
        ["paper_textbook", 978, "Court", "Hatier", "Histoire", "general", "2de", 12, null],
      ],
      { skipRowsAfterHeader: 2 },
    );
    const refused = await call(admin, "POST", "/catalogue/import", { regionId: desk.region.id, catalogue: "resources", file: base64(workbook) });
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json().issues).toEqual([expect.objectContaining({ line: 4, column: "prix" }), expect.objectContaining({ line: 5, column: "ean" })]);
    expect(await count()).toBe(0);
  });

  it("previews then writes every line of a right workbook, numbers typed as numbers", async () => {
    const workbook = excelLike([
      header,
      ["paper_textbook", 9780306406157, "Histoire 2de papier", "Hatier", "Histoire", "general", "2de", 24.5, null],
      ["consumable", 9782000000013, "Kit atelier & CAP", "Fournitures Pro", "Atelier", null, null, 6, null],
    ]);
    const body = { regionId: desk.region.id, catalogue: "resources", file: base64(workbook) };
    const preview = await call(admin, "POST", "/catalogue/import", { ...body, dryRun: true });
    expect(preview.statusCode, preview.body).toBe(200);
    expect(preview.json()).toMatchObject({ lines: 2, created: 2, written: false, issues: [] });
    expect(await count()).toBe(0);
    const done = await call(admin, "POST", "/catalogue/import", body);
    expect(done.json()).toMatchObject({ lines: 2, created: 2, written: true });
    const items = await t.db.select().from(resourceItems).where(eq(resourceItems.regionId, desk.region.id));
    expect(items.map((i) => [i.ean, i.title, i.priceCents]).sort()).toEqual([
      ["9780306406157", "Histoire 2de papier", 2450],
      ["9782000000013", "Kit atelier & CAP", 600],
    ]);
  });
});

describe("importing items from a workbook", () => {
  const header = ["uai", "type", "nom", "fabricant", "numero_serie", "statut", "date_achat", "fin_garantie"];
  type Line = Record<(typeof header)[number], string>;
  const workbook = (lines: Line[]) =>
    toXlsx(
      lines,
      header.map((h) => ({ header: h, value: (l: Line) => l[h] || null })),
      { sheetName: "import" },
    );
  const imported = async () => (await t.db.select().from(assets).where(eq(assets.source, "import"))).length;
  const line = (overrides: Partial<Line>): Line => ({
    uai: desk.school.uai,
    type: "ups",
    nom: "UPS-1",
    fabricant: "APC",
    numero_serie: "",
    statut: "",
    date_achat: "2021-09-01",
    fin_garantie: "2026-09-01",
    ...overrides,
  });

  it("previews line by line like the CSV, dates typed as dates, and writes nothing while a line is wrong", async () => {
    const file = base64(workbook([line({}), line({ type: "grille-pain" }), line({ fin_garantie: "2020-01-01" })]));
    for (const dryRun of [true, false]) {
      const response = await call(desk.sessions.technician, "POST", "/inventory/imports/assets", { file, dryRun });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({
        lines: 3,
        created: 0,
        issues: [expect.objectContaining({ line: 3, column: "type" }), expect.objectContaining({ line: 4, column: "fin_garantie" })],
      });
    }
    expect(await imported()).toBe(0);
  });

  it("writes all the lines of a right workbook in one go", async () => {
    const file = base64(workbook([line({ nom: "VP-C101", type: "Vidéoprojecteur", numero_serie: "X4Y5009" }), line({ nom: "UPS-BAIE", statut: "En stock" })]));
    expect((await call(desk.sessions.technician, "POST", "/inventory/imports/assets", { file })).json()).toEqual({ lines: 2, created: 0, issues: [] });
    expect(await imported()).toBe(0);
    expect((await call(desk.sessions.technician, "POST", "/inventory/imports/assets", { file, dryRun: false })).json()).toEqual({
      lines: 2,
      created: 2,
      issues: [],
    });
    const rows = await t.db.select().from(assets).where(eq(assets.source, "import"));
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "VP-C101", type: "video_projector", acquiredOn: "2021-09-01", warrantyEndsOn: "2026-09-01" }),
        expect.objectContaining({ name: "UPS-BAIE", status: "in_stock" }),
      ]),
    );
  });
});

describe("importing the GAR allocations from a workbook", () => {
  const header = ["UAI", "idAbonnement", "codeProjetRessource", "idRessource", "cumulAffectationEleve", "cumulAffectationEnseignant"];
  const usage = async () => (await t.db.select().from(garUsage).where(eq(garUsage.campaignId, campaignId))).length;

  it("reports an unknown school on the sheet's row and writes nothing, then imports a right workbook", async () => {
    const wrong = excelLike([header, [desk.school.uai, "A", "P", "ark:/1/9780306406157", 5, 1], ["0750002V", "A", "P", "R", 1, 0]]);
    const refused = await call(admin, "POST", `/campaigns/${campaignId}/gar-usage/import`, { file: base64(wrong) });
    expect(refused.statusCode, refused.body).toBe(400);
    expect(refused.json().issues).toEqual([expect.objectContaining({ line: 3, column: "UAI" })]);
    expect(await usage()).toBe(0);
    const right = excelLike([header, [desk.school.uai, "A", "P", "ark:/1/9780306406157", 5, 1], [desk.school.uai, "B", "P", "qioz", 120, 4]]);
    const done = await call(admin, "POST", `/campaigns/${campaignId}/gar-usage/import`, { file: base64(right) });
    expect(done.json()).toEqual({ lines: 2, schools: 1 });
    expect(await usage()).toBe(2);
  });
});

describe("reading lycées from a workbook (the import-schools command)", () => {
  it("takes the simple format from a sheet, numbers and all, and names the sheet's row of a wrong cell", () => {
    const parsed = parseSchoolsTable(
      excelLike([
        ["uai", "nom", "type", "academie", "departement", "commune", "eff_2nde_gt"],
        ["0750654D", "Lycée Henri-IV", "LEGT", "Paris", 75, "Paris", 310],
        ["0130001A", "Lycée Test", "collège", "Aix-Marseille", 4, "Digne", null],
      ]),
      { regionName: "Île-de-France" },
    );
    expect(parsed.schools.map((s) => [s.uai, s.departmentCode, s.enrolment?.[0]?.students])).toEqual([["0750654D", "75", 310]]);
    expect(parsed.issues).toEqual(expect.arrayContaining([expect.objectContaining({ line: 3, column: "type" })]));
  });

  it("imports a workbook with the command, even under a .csv name: the bytes decide", async () => {
    const dir = mkdtempSync(join(tmpdir(), "relais-xlsx-"));
    const file = join(dir, "lycees.csv");
    const uai = uniqueUai("013");
    writeFileSync(
      file,
      excelLike([
        ["uai", "nom", "type", "academie", "departement", "commune"],
        [uai, "Lycée du Classeur", "LP", "Aix-Marseille", 13, "Marseille"],
      ]),
    );
    const ctx = { db: t.db, actor: systemActor("Test"), clock, requestId: null, ip: null };
    const output: string[] = [];
    const log = console.log;
    console.log = (line: string) => output.push(line);
    try {
      expect(await runImportSchools(ctx, { file, regionCode: desk.region.code, dryRun: false })).toBe(0);
    } finally {
      console.log = log;
      rmSync(dir, { recursive: true });
    }
    expect(output.join("\n")).toContain("format simple");
    expect((await t.db.select().from(schools).where(eq(schools.uai, uai)))[0]).toMatchObject({ name: "Lycée du Classeur", regionId: desk.region.id });
  });
});

describe("a broken or hostile workbook", () => {
  const hostile = () => ({
    "a zip bomb": zipBomb(52),
    "an entity expansion": zipOf(
      workbookParts({
        sheetPrologue: '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>',
        sheet: '<row r="1"><c t="inlineStr"><is><t>&b;</t></is></c></row>',
      }),
    ),
    "a truncated archive": toXlsx([{ n: 1 }], [{ header: "n", value: (r: { n: number }) => r.n }], { sheetName: "x" }).subarray(0, 300),
    "a ZIP without a workbook": zipOf({ "lisezmoi.txt": strToU8("rien") }),
    "an old .xls": new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]),
  });

  it("is a French 400 on every import, and nothing is written", async () => {
    const before = {
      assets: (await t.db.select().from(assets)).length,
      items: (await t.db.select().from(resourceItems)).length,
      usage: (await t.db.select().from(garUsage)).length,
    };
    for (const [what, bytes] of Object.entries(hostile())) {
      const file = base64(bytes);
      for (const [url, session, body] of [
        ["/inventory/imports/assets", desk.sessions.technician, { file, dryRun: false }],
        ["/catalogue/import", admin, { regionId: desk.region.id, catalogue: "resources", file }],
        [`/campaigns/${campaignId}/gar-usage/import`, admin, { file }],
      ] as const) {
        const response = await call(session, "POST", url, body);
        expect(response.statusCode, `${what} → ${url}: ${response.body}`).toBe(400);
        expect(response.json().detail, what).toMatch(/^Fichier illisible : .+\. Rien n'a été importé\./);
      }
    }
    expect({
      assets: (await t.db.select().from(assets)).length,
      items: (await t.db.select().from(resourceItems)).length,
      usage: (await t.db.select().from(garUsage)).length,
    }).toEqual(before);
  });

  it("refuses a body that is not base64, names both fields, or none", async () => {
    const post = (body: object) => call(desk.sessions.technician, "POST", "/inventory/imports/assets", body);
    const notBase64 = await post({ file: "pas du base64 !" });
    expect(notBase64.json().errors).toEqual([{ field: "body.file", message: "Fichier attendu en base64." }]);
    expect((await post({ file: base64(strToU8("uai;type\n")), csv: "uai;type\n" })).json().detail).toContain("une seule fois");
    expect((await post({ dryRun: true })).statusCode).toBe(400);
  });
});

describe("every list export as XLSX, with the CSV's cells", () => {
  it("tickets: instants as dates (Paris time), numbers as numbers, a would-be formula as plain text", async () => {
    const { rows, sheetXml } = await sameCellsInBoth(desk.sessions.operator, "/tickets", "tickets");
    expect(rows).toBe(3);
    expect(sheetXml).toMatch(/<c r="L2" s="3"><v>\d+\.\d+<\/v><\/c>/);
    expect(sheetXml).toMatch(/<c r="G2"><v>\d+<\/v><\/c>/);
    expect(sheetXml).toContain("=SOMME(A1:A9) imprimante");
    expect(sheetXml).not.toContain("<f>");
  });

  it("ticket steering figures, schools, people, the audit log, items", async () => {
    expect((await sameCellsInBoth(desk.sessions.operator, "/tickets/stats?groupBy=category", "pilotage-tickets")).rows).toBeGreaterThan(1);
    expect((await sameCellsInBoth(admin, "/schools", "etablissements")).rows).toBe(3); // the desk's lycée and the one the command imported
    expect((await sameCellsInBoth(admin, "/people", "personnes")).rows).toBeGreaterThan(5);
    expect((await sameCellsInBoth(admin, "/audit-events", "journal")).rows).toBeGreaterThan(1);
    const items = await sameCellsInBoth(admin, "/inventory/assets", "equipements");
    expect(items.rows).toBe(3);
    expect(items.sheetXml).toMatch(/s="2"><v>46266<\/v>/); // 2026-09-01, the warranty's end, as a date
  });

  it("finance: envelopes and approved orders by supplier, amounts in euros as the CSV writes them", async () => {
    const cart = await call(prescriber, "POST", `/campaigns/${campaignId}/carts`, { school: desk.school.id });
    const items = await t.db.select().from(resourceItems).where(eq(resourceItems.regionId, desk.region.id));
    const paper = items.find((i) => i.ean === "9780306406157")!;
    const filled = await call(prescriber, "PUT", `/orders/${cart.json().id}/lines`, {
      version: cart.json().version,
      lines: [{ itemId: paper.id, quantity: 2 }],
    });
    expect(filled.statusCode, filled.body).toBe(200);
    const sent = await call(validator, "POST", `/orders/${cart.json().id}/submit`, { version: filled.json().version, acknowledgeNoCancellation: true });
    expect(sent.statusCode, sent.body).toBe(200);
    expect((await call(admin, "POST", `/orders/${cart.json().id}/review`, { version: sent.json().version, decision: "approve" })).statusCode).toBe(200);

    const summary = await sameCellsInBoth(admin, `/campaigns/${campaignId}/summary`, "enveloppes-et-reliquats");
    expect(summary.rows).toBe(2);
    // 10 students in general 2de at 72 € (seed 001): the envelope, as text in euros like the CSV.
    expect(summary.sheetXml).toContain('<t xml:space="preserve">720,00</t>');
    const suppliers = await sameCellsInBoth(admin, `/campaigns/${campaignId}/orders/by-supplier`, "commandes-par-fournisseur");
    expect(suppliers.rows).toBe(2);
    expect(suppliers.sheetXml).toContain('<t xml:space="preserve">49,00</t>');
  });

  it("refuses another format in French", async () => {
    for (const url of ["/tickets?format=pdf", "/schools?format=ods", `/campaigns/${campaignId}/summary?format=xls`]) {
      const response = await call(admin, "GET", url);
      expect(response.statusCode, url).toBe(400);
      expect(response.body, url).toContain("Format : json, csv ou xlsx.");
    }
  });
});
