import { schoolYearOf } from "@relais/shared/school-year";
import { computeUaiCheckLetter } from "@relais/shared/uai";
import { and, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, schoolEnrolments, schools } from "../src/db/schema.ts";
import { buildPerson, buildSchool, buildSector, buildZone, logIn, regionWithAdmin as newRegionWithAdmin, type Session, schoolScope } from "./factories.ts";
import { buildTestApp } from "./setup.ts";

type TestApp = Awaited<ReturnType<typeof buildTestApp>>;
const API = "/api/v1";
let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const regionWithAdmin = () => newRegionWithAdmin(t.app, t.db);

const send = (session: Session, method: "GET" | "POST" | "PATCH" | "PUT", url: string, payload?: object) =>
  t.app.inject({ method, url: `${API}${url}`, headers: session.headers, ...(payload ? { payload } : {}) });
const schoolRow = async (id: string) => (await t.db.select().from(schools).where(eq(schools.id, id)))[0]!;

function newSchoolBody(regionId: string, uai: string, overrides: Record<string, unknown> = {}) {
  return { regionId, uai, name: "Lycée Nouveau", type: "LEGT", academie: "Nice", departmentCode: "06", commune: "Nice", ...overrides };
}

/** Seven digits no other test uses. */
let serial = 0;
const freshDigits = () => `06${String((process.pid * 7 + ++serial * 131) % 100_000).padStart(5, "0")}`;

describe("the UAI rule through the API", () => {
  it("refuses a wrong check letter, says what is wrong, and stores nothing", async () => {
    const { region, session } = await regionWithAdmin();
    const digits = freshDigits();
    const right = computeUaiCheckLetter(digits);
    const wrong = right === "A" ? "B" : "A";
    const response = await send(session, "POST", "/schools", newSchoolBody(region.id, `${digits}${wrong}`));
    expect(response.statusCode).toBe(400);
    expect(response.headers["content-type"]).toContain("application/problem+json");
    const problem = response.json();
    expect(problem.code).toBe("validation.failed");
    const message = `La lettre de contrôle de l'UAI ${digits}${wrong} est fausse : pour ${digits}, elle doit être ${right}.`;
    expect(problem.errors).toEqual([{ field: "body.uai", message }]);
    expect(problem.detail).toContain(message);
    expect(
      await t.db
        .select()
        .from(schools)
        .where(like(schools.uai, `${digits}%`)),
    ).toEqual([]);
  });

  it.each([
    ["075123", /compte 8 caractères/],
    ["07512A4B", /Les 7 premiers caractères d'un UAI sont des chiffres/],
    ["07512345", /Le 8e caractère d'un UAI est une lettre/],
  ])("explains what is wrong with %s", async (uai, explanation) => {
    const { region, session } = await regionWithAdmin();
    const response = await send(session, "POST", "/schools", newSchoolBody(region.id, uai));
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].message).toMatch(explanation);
  });

  it("normalises a lower-case UAI, finds the school by it, and refuses it twice", async () => {
    const { region, session } = await regionWithAdmin();
    const digits = freshDigits();
    const uai = `${digits}${computeUaiCheckLetter(digits)}`;
    const created = await send(session, "POST", "/schools", newSchoolBody(region.id, ` ${uai.toLowerCase()} `));
    expect(created.statusCode).toBe(201);
    expect(created.json().uai).toBe(uai);
    expect((await schoolRow(created.json().id)).uai).toBe(uai);
    const found = await send(session, "GET", `/schools/${uai.toLowerCase()}`);
    expect(found.statusCode).toBe(200);
    expect(found.json().id).toBe(created.json().id);
    const again = await send(session, "POST", "/schools", newSchoolBody(region.id, uai, { name: "Lycée Doublon" }));
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe("conflict.duplicate");
    expect(await t.db.select().from(schools).where(eq(schools.uai, uai))).toHaveLength(1);
  });
});

describe("the school list", () => {
  /** Seven schools in a region of their own, named so that sorting is easy to check. */
  async function listWorld() {
    const world = await regionWithAdmin();
    const sector = await buildSector(t.db, { regionId: world.region.id });
    const zone = await buildZone(t.db, { regionId: world.region.id, sectorId: sector.id });
    const specs = [
      { name: "Lycée Gamma", type: "LP", studentCount: 300, academie: "Nice", commune: "Antibes" },
      { name: "Lycée Alpha", type: "LEGT", studentCount: 900, academie: "Nice", commune: "Nice" },
      { name: "Lycée Epsilon", type: "LP", studentCount: 100, academie: "Aix-Marseille", commune: "Toulon" },
      { name: "Lycée Beta", type: "LPO", studentCount: 700, academie: "Aix-Marseille", commune: "Marseille" },
      { name: "Lycée Delta", type: "LEGT", studentCount: 500, academie: "Nice", commune: "Cannes" },
      { name: "Lycée Zeta", type: "LP", studentCount: 200, academie: "Aix-Marseille", commune: "Gap" },
      { name: "Lycée Eta", type: "LEGT", studentCount: 800, academie: "Nice", commune: "Grasse" },
    ] as const;
    const built = [];
    for (const [i, spec] of specs.entries()) {
      built.push(await buildSchool(t.db, { regionId: world.region.id, ...(i < 3 ? { sectorId: sector.id, zoneId: zone.id } : {}), ...spec }));
    }
    return { ...world, sector, zone, schools: built };
  }
  const names = (response: { json: () => { items: { name: string }[] } }) => response.json().items.map((s) => s.name);

  it("pages through the list with a total", async () => {
    const { session } = await listWorld();
    const pages = [];
    for (let page = 1; page <= 4; page++) pages.push((await send(session, "GET", `/schools?pageSize=3&page=${page}`)).json());
    expect(pages.map((p) => p.items.length)).toEqual([3, 3, 1, 0]);
    expect(pages.every((p) => p.total === 7 && p.pageSize === 3)).toBe(true);
    expect(pages.map((p) => p.page)).toEqual([1, 2, 3, 4]);
    const all = pages.flatMap((p) => p.items.map((s: { name: string }) => s.name));
    expect(all).toEqual(["Lycée Alpha", "Lycée Beta", "Lycée Delta", "Lycée Epsilon", "Lycée Eta", "Lycée Gamma", "Lycée Zeta"]);
  });

  it("sorts on the allowed fields, both ways, and refuses others in French", async () => {
    const { session } = await listWorld();
    expect(names(await send(session, "GET", "/schools?sort=-name"))).toEqual([
      "Lycée Zeta",
      "Lycée Gamma",
      "Lycée Eta",
      "Lycée Epsilon",
      "Lycée Delta",
      "Lycée Beta",
      "Lycée Alpha",
    ]);
    const byCount = (await send(session, "GET", "/schools?sort=studentCount")).json().items.map((s: { studentCount: number }) => s.studentCount);
    expect(byCount).toEqual([100, 200, 300, 500, 700, 800, 900]);
    expect(names(await send(session, "GET", "/schools?sort=-commune&pageSize=2"))).toEqual(["Lycée Epsilon", "Lycée Alpha"]);
    const refused = await send(session, "GET", "/schools?sort=password");
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0]).toEqual({ field: "querystring.sort", message: "Tri possible sur : name, uai, commune, academie, studentCount, type." });
    const tooBig = await send(session, "GET", "/schools?pageSize=201");
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.json().errors[0].message).toBe("Au plus 200 lignes par page.");
  });

  it("filters by type, text, academy, sector and zone", async () => {
    const { session, sector, zone, schools: built } = await listWorld();
    expect(names(await send(session, "GET", "/schools?type=LP"))).toEqual(["Lycée Epsilon", "Lycée Gamma", "Lycée Zeta"]);
    expect(names(await send(session, "GET", "/schools?q=ALPH"))).toEqual(["Lycée Alpha"]);
    expect(names(await send(session, "GET", "/schools?q=toulon"))).toEqual(["Lycée Epsilon"]);
    expect(names(await send(session, "GET", `/schools?q=${built[3]!.uai.toLowerCase()}`))).toEqual(["Lycée Beta"]);
    expect(names(await send(session, "GET", "/schools?q=%25"))).toEqual([]);
    expect(names(await send(session, "GET", "/schools?academie=Aix-Marseille&type=LP"))).toEqual(["Lycée Epsilon", "Lycée Zeta"]);
    expect(names(await send(session, "GET", `/schools?sectorId=${sector.id}`))).toEqual(["Lycée Alpha", "Lycée Epsilon", "Lycée Gamma"]);
    const inZone = (await send(session, "GET", `/schools?zoneId=${zone.id}&pageSize=1`)).json();
    expect(inZone.total).toBe(3);
    expect((await send(session, "GET", "/schools?type=lycee")).statusCode).toBe(400);
  });

  it("exports the filtered list as CSV for French spreadsheets, with formulas defused", async () => {
    const { region, session } = await listWorld();
    await buildSchool(t.db, {
      regionId: region.id,
      name: '=HYPERLINK("http://exemple.test";"clic")',
      type: "LP",
      commune: "+33 Ville",
      academie: "@SOMME",
      studentCount: 5,
    });
    await buildSchool(t.db, { regionId: region.id, name: "-2+3", type: "LP", commune: "Saint-Jean; Cap", studentCount: 6 });
    const response = await send(session, "GET", "/schools?format=csv&type=LP&sort=name&pageSize=1");
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/csv; charset=utf-8");
    expect(response.headers["content-disposition"]).toBe('attachment; filename="etablissements.csv"');
    const text = response.rawPayload.toString("utf8");
    expect(text.startsWith("\uFEFF")).toBe(true);
    const lines = text.slice(1).split("\r\n");
    expect(lines.at(-1)).toBe("");
    expect(lines[0]).toBe("UAI;Nom;Type;Public;Académie;Département;Commune;Secteur;Zone;Élèves");
    // Every LP school, not one page of them.
    const rows = lines.slice(1, -1);
    expect(rows).toHaveLength(5);
    const formula = rows.find((r) => r.includes("HYPERLINK"))!;
    expect(formula).toContain(`"'=HYPERLINK(""http://exemple.test"";""clic"")"`);
    expect(formula).toContain(";'+33 Ville;");
    expect(formula).toContain(";'@SOMME;");
    expect(formula).toContain(";Lycée professionnel;oui;");
    const minus = rows.find((r) => r.includes("-2+3"))!;
    expect(minus).toContain(";'-2+3;");
    expect(minus).toContain(';"Saint-Jean; Cap";');
    expect(rows.every((r) => r.split(";").length >= 10)).toBe(true);
  });

  it("exports only what the reader may see", async () => {
    const { schools: built } = await listWorld();
    const head = await buildPerson(t.db, { role: "head", scope: schoolScope(built[0]!) });
    const session = await logIn(t.app, head);
    const lines = (await send(session, "GET", "/schools?format=csv")).rawPayload.toString("utf8").split("\r\n");
    expect(lines.slice(1, -1)).toHaveLength(1);
    expect(lines[1]).toContain(built[0]!.uai);
  });
});

describe("editing a school", () => {
  it("refuses a stale version with 409 and changes nothing", async () => {
    const { region, session } = await regionWithAdmin();
    const school = await buildSchool(t.db, { regionId: region.id });
    const first = await send(session, "PATCH", `/schools/${school.id}`, { name: "Lycée Premier Nom", version: school.version });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ name: "Lycée Premier Nom", version: school.version + 1 });
    const before = await schoolRow(school.id);

    const stale = await send(session, "PATCH", `/schools/${school.id}`, { name: "Lycée Écrasé", version: school.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe("conflict.version");
    expect(stale.json().detail).toMatch(/modifiée entre-temps/);
    expect(await schoolRow(school.id)).toEqual(before);
    const events = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, school.id), eq(auditEvents.action, "school.updated")));
    expect(events).toHaveLength(1);
  });

  it("changes only the fields sent", async () => {
    const { region, session } = await regionWithAdmin();
    const zone = await buildZone(t.db, { regionId: region.id });
    const school = await buildSchool(t.db, {
      regionId: region.id,
      sectorId: zone.sectorId,
      zoneId: zone.id,
      isPublic: false,
      digitalMode: "paper",
      hasRemoteSupport: true,
      bandwidthMbps: 500,
      wifiStatus: "full",
    });
    const response = await send(session, "PATCH", `/schools/${school.id}`, { commune: "Menton", version: school.version });
    expect(response.statusCode).toBe(200);
    const { commune, version, updatedAt, ...rest } = await schoolRow(school.id);
    const { commune: _c, version: _v, updatedAt: _u, ...restBefore } = school;
    expect(commune).toBe("Menton");
    expect(version).toBe(school.version + 1);
    expect(rest).toEqual(restBefore);
  });

  it("refuses a zone or sector from elsewhere", async () => {
    const { region, session } = await regionWithAdmin();
    const school = await buildSchool(t.db, { regionId: region.id });
    const elsewhere = await buildZone(t.db);
    const response = await send(session, "PATCH", `/schools/${school.id}`, { zoneId: elsewhere.id, version: school.version });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toEqual([{ field: "body.zoneId", message: "Zone hors région." }]);
    expect(await schoolRow(school.id)).toEqual(school);
  });
});

describe("enrolment", () => {
  it("replaces a year's lines and updates the student count for the current year", async () => {
    const { region, session } = await regionWithAdmin();
    const school = await buildSchool(t.db, { regionId: region.id, studentCount: 42 });
    const year = schoolYearOf(new Date());
    const lines = [
      { track: "general", level: "2de", students: 320 },
      { track: "technological", level: "1re", students: 95 },
      { track: "vocational", level: "cap1", students: 24 },
    ];
    const response = await send(session, "PUT", `/schools/${school.id}/enrolment`, { schoolYear: year, lines });
    expect(response.statusCode).toBe(200);
    expect((await schoolRow(school.id)).studentCount).toBe(439);
    const read = await send(session, "GET", `/schools/${school.uai}/enrolment`);
    expect(read.json().schoolYear).toBe(year);
    expect(read.json().lines).toEqual(expect.arrayContaining(lines));
    expect(read.json().lines).toHaveLength(3);

    // A second entry replaces the first.
    await send(session, "PUT", `/schools/${school.id}/enrolment`, { schoolYear: year, lines: [{ track: "general", level: "2de", students: 300 }] });
    expect((await schoolRow(school.id)).studentCount).toBe(300);
    expect(await t.db.select().from(schoolEnrolments).where(eq(schoolEnrolments.schoolId, school.id))).toHaveLength(1);

    // Next year's forecast does not change today's count.
    const [start] = year.split("-").map(Number);
    const nextYear = `${start! + 1}-${start! + 2}`;
    expect((await send(session, "PUT", `/schools/${school.id}/enrolment`, { schoolYear: nextYear, lines })).statusCode).toBe(200);
    expect((await schoolRow(school.id)).studentCount).toBe(300);
    expect((await send(session, "GET", `/schools/${school.id}/enrolment?schoolYear=${nextYear}`)).json().lines).toHaveLength(3);
  });

  it("refuses duplicate lines, negative counts and malformed years, changing nothing", async () => {
    const { region, session } = await regionWithAdmin();
    const school = await buildSchool(t.db, { regionId: region.id, studentCount: 42 });
    const year = schoolYearOf(new Date());
    const cases = [
      {
        body: {
          schoolYear: year,
          lines: [
            { track: "general", level: "2de", students: 1 },
            { track: "general", level: "2de", students: 2 },
          ],
        },
        message: /La ligne general\/2de apparaît deux fois/,
      },
      {
        body: { schoolYear: year, lines: [{ track: "general", level: "cap1", students: 12 }] },
        message: /Ce niveau n'existe pas dans cette voie \(Voie générale, CAP 1re année\)/,
      },
      { body: { schoolYear: year, lines: [{ track: "general", level: "2de", students: -3 }] }, message: /L'effectif ne peut pas être négatif/ },
      { body: { schoolYear: year, lines: [{ track: "general", level: "2de", students: 2.5 }] }, message: /L'effectif est un nombre entier/ },
      { body: { schoolYear: "2025-2027", lines: [] }, message: /Année scolaire attendue sous la forme 2025-2026/ },
    ];
    for (const c of cases) {
      const response = await send(session, "PUT", `/schools/${school.id}/enrolment`, c.body);
      expect(response.statusCode).toBe(400);
      expect(response.body).toMatch(c.message);
    }
    expect((await schoolRow(school.id)).studentCount).toBe(42);
    expect(await t.db.select().from(schoolEnrolments).where(eq(schoolEnrolments.schoolId, school.id))).toEqual([]);
  });
});
