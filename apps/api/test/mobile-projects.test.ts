import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPerson, buildRegion, buildSchool, buildZone, logIn, type Session, schoolScope } from "./factories.ts";
import { buildTestApp, testClock } from "./setup.ts";

/** Mobile equipment projects (seed 003): the school files, the académie gives its opinion, then the Region decides. */
type TestApp = Awaited<ReturnType<typeof buildTestApp>>;
let t: TestApp;
let admin: Session;
let otherAdmin: Session;
let advisor: Session;
let otherAdvisor: Session;
let head: Session;
let otherHead: Session;
let validator: Session;
let equipment: string;
let textbooks: string;
let schoolId: string;

const API = "/api/v1";
const call = (session: Session, method: "GET" | "POST", url: string, payload?: unknown) =>
  t.app.inject({ method, url: `${API}${url}`, headers: session.headers, ...(payload === undefined ? {} : { payload: payload as object }) });
const project = (school: string, reference = "Classe mobile de SNT") => ({
  school,
  reference,
  description: "Deux classes de seconde travaillent en SNT sur ordinateurs portables, au CDI couvert par le Wi-Fi.",
  devices: 30,
});

beforeAll(async () => {
  const clock = testClock(new Date("2025-02-03T09:00:00Z"));
  t = await buildTestApp({ clock });
  const regionId = (await buildRegion(t.db)).id;
  const otherRegionId = (await buildRegion(t.db)).id;
  admin = await logIn(t.app, await buildPerson(t.db, { role: "region_admin", scope: { kind: "region", regionId }, withTotp: true }), { now: clock.now() });
  otherAdmin = await logIn(t.app, await buildPerson(t.db, { role: "region_admin", scope: { kind: "region", regionId: otherRegionId }, withTotp: true }), {
    now: clock.now(),
  });
  advisor = await logIn(t.app, await buildPerson(t.db, { role: "academic_advisor", scope: { kind: "region", regionId } }), { now: clock.now() });
  otherAdvisor = await logIn(t.app, await buildPerson(t.db, { role: "academic_advisor", scope: { kind: "region", regionId: otherRegionId } }), {
    now: clock.now(),
  });
  const zone = await buildZone(t.db, { regionId });
  const school = await buildSchool(t.db, { regionId, sectorId: zone.sectorId, zoneId: zone.id, wifiStatus: "partial" });
  const otherSchool = await buildSchool(t.db, { regionId, sectorId: zone.sectorId, zoneId: zone.id });
  schoolId = school.id;
  head = await logIn(t.app, await buildPerson(t.db, { role: "head", scope: schoolScope(school) }), { now: clock.now() });
  validator = await logIn(t.app, await buildPerson(t.db, { role: "textbook_validator", scope: schoolScope(school) }), { now: clock.now() });
  otherHead = await logIn(t.app, await buildPerson(t.db, { role: "head", scope: schoolScope(otherSchool) }), { now: clock.now() });
  const created = await call(admin, "POST", "/campaigns", {
    regionId,
    programme: "equipment",
    period: "2025",
    enrolmentSchoolYear: "2024-2025",
    calendar: { windows: [{ label: "Saisie du PPE", opensOn: "2025-01-06", closesOn: "2025-03-31" }], returnDeadlines: [] },
    equipmentFormula: { basePerSchoolCents: 100_000, perStudentCents: 1_000, weights: [] },
  });
  expect(created.statusCode, created.body).toBe(201);
  equipment = created.json().id;
  textbooks = (await call(admin, "POST", "/campaigns", { regionId, programme: "textbooks", period: "2024-2025" })).json().id;
});

afterAll(async () => {
  await t.close();
});

describe("a mobile equipment project", () => {
  let filed: { id: string; version: number };

  it("is filed by the school's head, for the equipment plan, with the school's Wi-Fi as it stands", async () => {
    expect((await call(validator, "POST", `/campaigns/${equipment}/mobile-projects`, project(schoolId))).statusCode).toBe(403);
    expect((await call(head, "POST", `/campaigns/${textbooks}/mobile-projects`, project(schoolId))).statusCode).toBe(409);
    const short = await call(head, "POST", `/campaigns/${equipment}/mobile-projects`, { ...project(schoolId), description: "Des tablettes." });
    expect(short.statusCode).toBe(400);
    expect(short.json().detail ?? JSON.stringify(short.json())).toMatch(/30 caractères/);
    const response = await call(head, "POST", `/campaigns/${equipment}/mobile-projects`, project(schoolId));
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ status: "submitted", wifiStatus: "partial", devices: 30, schoolId });
    filed = response.json();
    const twice = await call(head, "POST", `/campaigns/${equipment}/mobile-projects`, project(schoolId, "Deuxième projet"));
    expect(twice.statusCode).toBe(409);
    expect(twice.json().detail).toContain("déjà en cours");
  });

  it("is seen by its school, the académie's advisors and the Region of its region, nobody else", async () => {
    const ids = async (session: Session) =>
      (await call(session, "GET", `/campaigns/${equipment}/mobile-projects`)).json().items?.map((p: { id: string }) => p.id);
    expect(await ids(head)).toEqual([filed.id]);
    expect(await ids(advisor)).toEqual([filed.id]);
    expect(await ids(admin)).toEqual([filed.id]);
    expect(await ids(otherHead)).toEqual([]);
    expect((await call(otherAdmin, "GET", `/campaigns/${equipment}/mobile-projects`)).statusCode).toBe(404);
  });

  it("waits for the académie before the Region decides, and only the académie's advisor gives its opinion", async () => {
    const early = await call(admin, "POST", `/mobile-projects/${filed.id}/region-decision`, { version: filed.version, decision: "approve" });
    expect(early.statusCode).toBe(409);
    expect(early.json().detail).toContain("après l'avis favorable de l'académie");
    expect((await call(head, "POST", `/mobile-projects/${filed.id}/academie-decision`, { version: filed.version, decision: "approve" })).statusCode).toBe(403);
    expect(
      (await call(otherAdvisor, "POST", `/mobile-projects/${filed.id}/academie-decision`, { version: filed.version, decision: "approve" })).statusCode,
    ).toBe(404);
    expect(
      (await call(advisor, "POST", `/mobile-projects/${filed.id}/academie-decision`, { version: filed.version + 5, decision: "approve" })).statusCode,
    ).toBe(409);
    const opinion = await call(advisor, "POST", `/mobile-projects/${filed.id}/academie-decision`, { version: filed.version, decision: "approve" });
    expect(opinion.statusCode, opinion.body).toBe(200);
    expect(opinion.json()).toMatchObject({ status: "academie_approved", academieDecidedAt: expect.any(String) });
    expect(
      (
        await call(advisor, "POST", `/mobile-projects/${filed.id}/academie-decision`, {
          version: opinion.json().version,
          decision: "reject",
          note: "Plus tard.",
        })
      ).statusCode,
    ).toBe(409);
    filed = opinion.json();
  });

  it("refused by the Region with a reason, lets the school file another", async () => {
    const unexplained = await call(admin, "POST", `/mobile-projects/${filed.id}/region-decision`, { version: filed.version, decision: "reject" });
    expect(unexplained.statusCode).toBe(400);
    expect(JSON.stringify(unexplained.json())).toContain("Un refus se motive");
    expect((await call(advisor, "POST", `/mobile-projects/${filed.id}/region-decision`, { version: filed.version, decision: "approve" })).statusCode).toBe(403);
    const refused = await call(admin, "POST", `/mobile-projects/${filed.id}/region-decision`, {
      version: filed.version,
      decision: "reject",
      note: "Le Wi-Fi ne couvre pas encore les salles de SNT.",
    });
    expect(refused.statusCode, refused.body).toBe(200);
    expect(refused.json()).toMatchObject({ status: "rejected", regionNote: "Le Wi-Fi ne couvre pas encore les salles de SNT." });
    const again = await call(head, "POST", `/campaigns/${equipment}/mobile-projects`, project(schoolId, "Classe mobile, Wi-Fi étendu"));
    expect(again.statusCode, again.body).toBe(201);
  });

  it("answers unknown and malformed projects with 404 and 400, never 500", async () => {
    expect(
      (await call(admin, "POST", "/mobile-projects/00000000-0000-4000-8000-000000000000/region-decision", { version: 1, decision: "approve" })).statusCode,
    ).toBe(404);
    expect((await call(admin, "POST", "/mobile-projects/pas-un-id/region-decision", { version: 1, decision: "approve" })).statusCode).toBe(400);
    expect((await call(head, "POST", `/campaigns/${equipment}/mobile-projects`, { school: schoolId, devices: -1 })).statusCode).toBe(400);
  });
});
