import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, campaignEnvelopes, envelopeTopUps, schoolEnrolments } from "../src/db/schema.ts";
import { buildPerson, buildRegion, buildSchool, buildZone, logIn, type Session, schoolScope } from "./factories.ts";
import { buildTestApp, type TestClock, testClock } from "./setup.ts";

type TestApp = Awaited<ReturnType<typeof buildTestApp>>;
let t: TestApp;
let clock: TestClock;
let region: { id: string };
let admin: Session;
let otherAdmin: Session;
type School = Awaited<ReturnType<typeof buildSchool>>;
let digital: School;
let paper: School;
let privateSchool: School;
let head: Session;
let bursar: Session;
let validator: Session;
let teacher: Session;
let otherHead: Session;

const API = "/api/v1";
const call = (session: Session | null, method: "GET" | "POST" | "PATCH", url: string, payload?: unknown) =>
  t.app.inject({ method, url: `${API}${url}`, headers: session?.headers ?? {}, ...(payload === undefined ? {} : { payload: payload as object }) });

async function enrol(schoolId: string, schoolYear: string, lines: { track: string; level: string; students: number }[]) {
  await t.db.delete(schoolEnrolments).where(and(eq(schoolEnrolments.schoolId, schoolId), eq(schoolEnrolments.schoolYear, schoolYear)));
  await t.db
    .insert(schoolEnrolments)
    .values(lines.map((l) => ({ schoolId, schoolYear, track: l.track as "general", level: l.level as "2de", students: l.students })));
}

const FORMULA = { basePerSchoolCents: 300_000, perStudentCents: 1_000, weights: [{ track: "vocational", level: "2de", centsPerStudent: 2_000 }] };
const EQUIPMENT_CALENDAR = { windows: [{ label: "Saisie du PPE", opensOn: "2025-01-06", closesOn: "2025-03-31" }], returnDeadlines: [] };

beforeAll(async () => {
  // Sessions live 30 days on the test clock: the suite starts in late August and moves a few weeks at most.
  clock = testClock(new Date("2024-08-25T10:00:00Z"));
  t = await buildTestApp({ clock });
  const adminOf = async (regionId: string) =>
    logIn(t.app, await buildPerson(t.db, { role: "region_admin", scope: { kind: "region", regionId }, withTotp: true }), { now: clock.now() });
  region = await buildRegion(t.db);
  admin = await adminOf(region.id);
  otherAdmin = await adminOf((await buildRegion(t.db)).id);
  const zone = await buildZone(t.db, { regionId: region.id });
  const place = { regionId: region.id, sectorId: zone.sectorId, zoneId: zone.id };
  digital = await buildSchool(t.db, { ...place, digitalMode: "digital" });
  paper = await buildSchool(t.db, { ...place, digitalMode: "paper" });
  privateSchool = await buildSchool(t.db, { ...place, isPublic: false });
  const person = async (role: "head" | "bursar" | "textbook_validator" | "teacher", school: School) =>
    logIn(t.app, await buildPerson(t.db, { role, scope: schoolScope(school) }));
  head = await person("head", digital);
  bursar = await person("bursar", digital);
  validator = await person("textbook_validator", digital);
  teacher = await person("teacher", digital);
  otherHead = await person("head", paper);
  // The enrolment "present in May 2024" is the 2023-2024 school year's.
  await enrol(digital.id, "2023-2024", [
    { track: "general", level: "2de", students: 100 },
    { track: "technological", level: "1re", students: 30 },
    { track: "vocational", level: "cap1", students: 12 },
  ]);
  await enrol(paper.id, "2023-2024", [{ track: "general", level: "tle", students: 40 }]);
  await enrol(privateSchool.id, "2023-2024", [{ track: "general", level: "tle", students: 40 }]);
});
afterAll(() => t.close());

let textbooks: { id: string; version: number };

describe("textbook campaigns", () => {
  it("are created by the Region with the 2024 handbook's calendar and rates, and every public lycée gets its envelope", async () => {
    const response = await call(admin, "POST", "/campaigns", { regionId: region.id, programme: "textbooks", period: "2024-2025" });
    expect(response.statusCode, response.body).toBe(201);
    const campaign = response.json();
    textbooks = campaign;
    clock.set("2024-06-20T10:00:00Z");
    const early = (await call(admin, "GET", `/campaigns/${campaign.id}`)).json();
    expect(campaign).toMatchObject({
      label: "Manuels et ressources 2024-2025",
      enrolmentSchoolYear: "2023-2024",
      textbookRates: { paper: 500, consumables: 2400 },
    });
    expect(campaign.calendar.windows.map((w: { opensOn: string }) => w.opensOn)).toEqual(["2024-06-26", "2024-09-19"]);
    // 20/06: before the opening, the screens say when it opens.
    expect(early.ordering).toMatchObject({ isOpen: false, next: { opensOn: "2024-06-26" } });
    expect(early.ordering.message).toContain("ouvre le 26/06/2024");
    clock.set("2024-08-25T10:00:00Z");

    const envelopes = await t.db.select().from(campaignEnvelopes).where(eq(campaignEnvelopes.campaignId, campaign.id));
    expect(envelopes.map((e) => e.schoolId).sort()).toEqual([digital.id, paper.id].sort());
    const own = envelopes.find((e) => e.schoolId === digital.id)!;
    // 100 × 72 + 30 × (40 + 42) + 12 × 42 textbooks; 12 × 24 consumables.
    expect(own).toMatchObject({ computedCents: 720_000 + 246_000 + 50_400, computedConsumablesCents: 28_800, schoolKind: "digital" });
    expect(envelopes.find((e) => e.schoolId === paper.id)).toMatchObject({ computedCents: 40 * 500, computedConsumablesCents: 0, schoolKind: "paper" });
    const audit = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, campaign.id));
    expect(audit.map((a) => a.action)).toEqual(["campaign.created"]);
  });

  it("are one per region, programme and period", async () => {
    const again = await call(admin, "POST", "/campaigns", { regionId: region.id, programme: "textbooks", period: "2024-2025" });
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toContain("déjà une campagne");
  });

  it("may not be created by a head, nor by another Region's administrator", async () => {
    for (const session of [head, otherAdmin]) {
      const response = await call(session, "POST", "/campaigns", { regionId: region.id, programme: "textbooks", period: "2025-2026" });
      expect(response.statusCode).toBe(403);
    }
    const bad = await call(admin, "POST", "/campaigns", { regionId: region.id, programme: "textbooks", period: "2025" });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toContain("année scolaire");
  });

  it("say whether ordering is open as the clock moves, by Paris days", async () => {
    const status = async () => (await call(head, "GET", `/campaigns/${textbooks.id}`)).json().ordering;
    clock.set("2024-06-25T22:00:00Z"); // 26/06 00:00 in Paris
    expect(await status()).toMatchObject({ isOpen: true, current: { opensOn: "2024-06-26" } });
    clock.set("2024-09-18T09:00:00Z");
    const closed = await status();
    expect(closed).toMatchObject({ isOpen: false, next: { opensOn: "2024-09-19" } });
    expect(closed.message).toContain("ouvre le 19/09/2024");
    clock.set("2024-08-25T10:00:00Z");
  });

  it("show a school's envelope line by line to its head, bursar and validators, not to a teacher nor another school", async () => {
    for (const session of [head, bursar, validator, admin]) {
      const response = await call(session, "GET", `/campaigns/${textbooks.id}/envelopes/${digital.uai}`);
      expect(response.statusCode, response.body).toBe(200);
      const envelope = response.json();
      expect(envelope).toMatchObject({ totalCents: 1_016_400, totalConsumablesCents: 28_800, remainingCents: 1_016_400 });
      expect(envelope.lines.map((l: { rate: string }) => l.rate)).toEqual([
        "general",
        "technological-core",
        "technological-specialities",
        "vocational",
        "consumables",
      ]);
    }
    expect((await call(teacher, "GET", `/campaigns/${textbooks.id}/envelopes/${digital.id}`)).statusCode).toBe(403);
    expect((await call(otherHead, "GET", `/campaigns/${textbooks.id}/envelopes/${digital.id}`)).statusCode).toBe(404);
    expect((await call(otherAdmin, "GET", `/campaigns/${textbooks.id}/envelopes/${digital.id}`)).statusCode).toBe(404);
    const list = async (s: Session) => (await call(s, "GET", `/campaigns/${textbooks.id}/envelopes`)).json().items.map((e: { schoolId: string }) => e.schoolId);
    expect(await list(head)).toEqual([digital.id]);
    expect(await list(teacher)).toEqual([]);
    expect((await list(admin)).sort()).toEqual([digital.id, paper.id].sort());
  });

  it("are edited by the Region with optimistic concurrency: a new calendar changes when ordering is open", async () => {
    const current = (await call(admin, "GET", `/campaigns/${textbooks.id}`)).json();
    const calendar = { ...current.calendar, windows: [{ label: "Commandes", opensOn: "2024-08-26", closesOn: "2024-09-17" }] };
    const edited = await call(admin, "PATCH", `/campaigns/${textbooks.id}`, { version: current.version, calendar });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json().ordering).toMatchObject({ isOpen: false, next: { opensOn: "2024-08-26" } });
    const stale = await call(admin, "PATCH", `/campaigns/${textbooks.id}`, { version: current.version, label: "Autre libellé" });
    expect(stale.statusCode).toBe(409);
    expect((await call(head, "PATCH", `/campaigns/${textbooks.id}`, { version: current.version + 1, label: "Par la direction" })).statusCode).toBe(403);
    const overlapping = await call(admin, "PATCH", `/campaigns/${textbooks.id}`, {
      version: current.version + 1,
      calendar: { windows: [calendar.windows[0], { label: "Bis", opensOn: "2024-09-01", closesOn: "2024-09-30" }], returnDeadlines: [] },
    });
    expect(overlapping.statusCode).toBe(400);
    expect(overlapping.json().detail).toContain("chevauchent");
    const restored = await call(admin, "PATCH", `/campaigns/${textbooks.id}`, { version: current.version + 1, calendar: current.calendar });
    expect(restored.statusCode).toBe(200);
  });

  it("recompute envelopes on demand from the enrolment, never under what is already committed", async () => {
    await enrol(paper.id, "2023-2024", [{ track: "general", level: "tle", students: 50 }]);
    const recomputed = await call(admin, "POST", `/campaigns/${textbooks.id}/envelopes/compute`, { school: paper.uai });
    expect(recomputed.json()).toEqual({ computed: 1, skipped: [] });
    expect((await call(admin, "GET", `/campaigns/${textbooks.id}/envelopes/${paper.id}`)).json().computedCents).toBe(25_000);

    await t.db.update(campaignEnvelopes).set({ committedCents: 24_000 }).where(eq(campaignEnvelopes.schoolId, paper.id));
    await enrol(paper.id, "2023-2024", [{ track: "general", level: "tle", students: 10 }]);
    const skipped = await call(admin, "POST", `/campaigns/${textbooks.id}/envelopes/compute`, {});
    expect(skipped.json()).toMatchObject({ computed: 1, skipped: [{ schoolId: paper.id }] });
    expect((await call(admin, "GET", `/campaigns/${textbooks.id}/envelopes/${paper.id}`)).json()).toMatchObject({
      computedCents: 25_000,
      remainingCents: 1_000,
    });
    expect((await call(head, "POST", `/campaigns/${textbooks.id}/envelopes/compute`, {})).statusCode).toBe(403);
  });

  it("keep an enrolment line the rule cannot price out of the total, and say so", async () => {
    await enrol(digital.id, "2023-2024", [
      { track: "general", level: "2de", students: 100 },
      { track: "technological", level: "1re", students: 30 },
      { track: "vocational", level: "cap1", students: 12 },
      { track: "general", level: "cap2", students: 7 },
    ]);
    await call(admin, "POST", `/campaigns/${textbooks.id}/envelopes/compute`, { school: digital.id });
    const envelope = (await call(head, "GET", `/campaigns/${textbooks.id}/envelopes/${digital.id}`)).json();
    expect(envelope.computedCents).toBe(1_016_400);
    expect(envelope.warnings).toEqual([expect.stringContaining("Ligne d'effectif ignorée : Voie générale, CAP 2e année (7 élèves)")]);
  });

  it("the database refuses a commitment over the envelope, whatever the code does", async () => {
    await expect(t.db.update(campaignEnvelopes).set({ committedCents: 10_000_000 }).where(eq(campaignEnvelopes.schoolId, digital.id))).rejects.toThrow();
  });
});

describe("top-ups", () => {
  let topUpId: string;
  it("are asked by the head or a validator for a new class, priced by the campaign's rule", async () => {
    const response = await call(validator, "POST", `/campaigns/${textbooks.id}/top-ups`, {
      school: digital.uai,
      track: "vocational",
      level: "2de",
      students: 15,
      reason: "Ouverture d'une 2de pro Métiers de la relation client",
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ status: "pending", amountCents: 15 * 4200, consumablesCents: 15 * 2400 });
    topUpId = response.json().id;
    const teacherAsks = await call(teacher, "POST", `/campaigns/${textbooks.id}/top-ups`, {
      school: digital.id,
      track: "general",
      level: "2de",
      students: 3,
      reason: "Une classe de plus.",
    });
    expect(teacherAsks.statusCode).toBe(403);
    const impossible = await call(head, "POST", `/campaigns/${textbooks.id}/top-ups`, {
      school: digital.id,
      track: "general",
      level: "bma1",
      students: 3,
      reason: "Une classe de plus.",
    });
    expect(impossible.statusCode).toBe(400);
    const none = await call(head, "POST", `/campaigns/${textbooks.id}/top-ups`, {
      school: digital.id,
      track: "general",
      level: "2de",
      students: 0,
      reason: "Une classe de plus.",
    });
    expect(none.statusCode).toBe(400);
    expect((await t.db.select().from(envelopeTopUps)).length).toBe(1);
  });

  it("are listed for the Region and the school, and decided by the Region only", async () => {
    expect((await call(admin, "GET", `/campaigns/${textbooks.id}/top-ups?status=pending`)).json().items.map((x: { id: string }) => x.id)).toEqual([topUpId]);
    expect((await call(otherHead, "GET", `/campaigns/${textbooks.id}/top-ups`)).json().items).toEqual([]);
    expect((await call(head, "POST", `/top-ups/${topUpId}/decision`, { decision: "approve" })).statusCode).toBe(403);
    expect((await call(otherAdmin, "POST", `/top-ups/${topUpId}/decision`, { decision: "approve" })).statusCode).toBe(404);
    const refuseWithoutReason = await call(admin, "POST", `/top-ups/${topUpId}/decision`, { decision: "refuse" });
    expect(refuseWithoutReason.statusCode).toBe(400);
    expect(refuseWithoutReason.json().detail).toContain("Motivez");
  });

  it("once approved, grow the envelope by their amount, and cannot be decided twice", async () => {
    const approved = await call(admin, "POST", `/top-ups/${topUpId}/decision`, { decision: "approve", note: "Ouverture confirmée par le rectorat" });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: "approved", schoolId: digital.id });
    const envelope = (await call(head, "GET", `/campaigns/${textbooks.id}/envelopes/${digital.id}`)).json();
    expect(envelope).toMatchObject({
      topUpCents: 63_000,
      topUpConsumablesCents: 36_000,
      totalCents: 1_016_400 + 63_000,
      totalConsumablesCents: 28_800 + 36_000,
    });
    const twice = await call(admin, "POST", `/top-ups/${topUpId}/decision`, { decision: "refuse", note: "Changement d'avis" });
    expect(twice.statusCode).toBe(409);
    expect((await call(head, "GET", `/campaigns/${textbooks.id}/envelopes/${digital.id}`)).json().topUpCents).toBe(63_000);
  });
});

describe("equipment campaigns", () => {
  it("need the Region's formula and windows, and a calendar year", async () => {
    const missing = await call(admin, "POST", "/campaigns", { regionId: region.id, programme: "equipment", period: "2025" });
    expect(missing.statusCode).toBe(400);
    expect(
      missing
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(["body.calendar", "body.equipmentFormula"]);
    const wrongPeriod = await call(admin, "POST", "/campaigns", {
      regionId: region.id,
      programme: "equipment",
      period: "2025-2026",
      equipmentFormula: FORMULA,
      calendar: EQUIPMENT_CALENDAR,
    });
    expect(wrongPeriod.statusCode).toBe(400);
  });

  it("compute each school's budget from its enrolment and the weights of its tracks", async () => {
    await enrol(digital.id, "2024-2025", [
      { track: "general", level: "2de", students: 200 },
      { track: "vocational", level: "2de", students: 24 },
    ]);
    const created = await call(admin, "POST", "/campaigns", {
      regionId: region.id,
      programme: "equipment",
      period: "2025",
      equipmentFormula: FORMULA,
      calendar: EQUIPMENT_CALENDAR,
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ enrolmentSchoolYear: "2024-2025", textbookRates: null });
    const envelope = (await call(head, "GET", `/campaigns/${created.json().id}/envelopes/${digital.id}`)).json();
    expect(envelope.lines.map((l: { rate: string; amountCents: number }) => [l.rate, l.amountCents])).toEqual([
      ["base", 300_000],
      ["per-student", 224_000],
      ["weight", 48_000],
    ]);
    expect(envelope).toMatchObject({ totalCents: 572_000, totalConsumablesCents: 0 });
    // A school with no enrolment for that year gets the fixed part.
    expect((await call(otherHead, "GET", `/campaigns/${created.json().id}/envelopes/${paper.id}`)).json().totalCents).toBe(300_000);
    const textbookRates = await call(admin, "PATCH", `/campaigns/${created.json().id}`, {
      version: 1,
      textbookRates: { digital: {}, paper: 1, consumables: 1 },
    });
    expect(textbookRates.statusCode).toBe(400);
  });

  it("are listed to the people of the region only", async () => {
    const mine = (await call(teacher, "GET", "/campaigns")).json().items;
    expect(mine.map((c: { period: string }) => c.period).sort()).toEqual(["2024-2025", "2025"]);
    expect((await call(otherAdmin, "GET", "/campaigns")).json().items).toEqual([]);
    expect((await call(otherAdmin, "GET", `/campaigns/${textbooks.id}`)).statusCode).toBe(404);
  });
});

describe("steering and the close report", () => {
  it("sum envelopes, commitments and what is left by school, académie and region, for the Region only", async () => {
    await t.db
      .update(campaignEnvelopes)
      .set({ committedCents: 100_000 })
      .where(and(eq(campaignEnvelopes.campaignId, textbooks.id), eq(campaignEnvelopes.schoolId, digital.id)));
    const response = await call(admin, "GET", `/campaigns/${textbooks.id}/summary`);
    expect(response.statusCode, response.body).toBe(200);
    const summary = response.json();
    const envelopes = await t.db.select().from(campaignEnvelopes).where(eq(campaignEnvelopes.campaignId, textbooks.id));
    const total = envelopes.reduce((s, e) => s + e.computedCents + e.topUpCents, 0);
    const committed = envelopes.reduce((s, e) => s + e.committedCents, 0);
    expect(summary.isClosed).toBe(false);
    expect(summary.region).toMatchObject({ totalCents: total, committedCents: committed, unspentCents: total - committed });
    expect(summary.academies).toEqual([expect.objectContaining({ academie: "Paris", totalCents: total })]);
    expect(summary.schools.find((s: { schoolId: string }) => s.schoolId === digital.id)).toMatchObject({
      committedCents: 100_000,
      unspentCents: 1_016_400 + 63_000 - 100_000,
    });
    expect((await call(head, "GET", `/campaigns/${textbooks.id}/summary`)).statusCode).toBe(403);
    expect((await call(otherAdmin, "GET", `/campaigns/${textbooks.id}/summary`)).statusCode).toBe(404);
  });

  it("after the last window, say that what is left is lost (no carry-over), in the CSV for finance too", async () => {
    clock.set("2025-09-01T10:00:00Z");
    const lateAdmin = await logIn(t.app, await buildPerson(t.db, { role: "region_admin", scope: { kind: "region", regionId: region.id }, withTotp: true }), {
      now: clock.now(),
    });
    expect((await call(lateAdmin, "GET", `/campaigns/${textbooks.id}/summary`)).json().isClosed).toBe(true);
    const csv = await call(lateAdmin, "GET", `/campaigns/${textbooks.id}/summary?format=csv`);
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.body).toContain("Non consommé, perdu (€)");
    expect(csv.body).toContain(digital.uai);
    clock.set("2024-08-25T10:00:00Z");
  });
});
