import { eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assets, campaignEnvelopes, orders, schoolEnrolments } from "../src/db/schema.ts";
import { buildPerson, buildRegion, buildSchool, buildZone, logIn, type Session, schoolScope } from "./factories.ts";
import { buildTestApp, type TestClock, testClock } from "./setup.ts";
import { addTextbookResources, callerOf } from "./textbook-campaign-fixture.ts";

type TestApp = Awaited<ReturnType<typeof buildTestApp>>;
let t: TestApp;
let clock: TestClock;
let regionId: string;
let admin: Session;
let otherAdmin: Session;
let school: Awaited<ReturnType<typeof buildSchool>>;
let prescriber: Session;
let validator: Session;
let secondValidator: Session;
let head: Session;
let teacher: Session;
let textbooks: string;
const items = {} as Record<"digital" | "paper" | "consumable" | "free", string>;

const call = callerOf(() => t.app);

const envelope = async () => (await t.db.select().from(campaignEnvelopes).where(eq(campaignEnvelopes.campaignId, textbooks)))[0]!;

async function cart(session: Session, lines: { itemId: string; quantity: number; teacherLicences?: number }[]) {
  const created = await call(session, "POST", `/campaigns/${textbooks}/carts`, { school: school.id });
  expect(created.statusCode, created.body).toBe(201);
  const filled = await call(session, "PUT", `/orders/${created.json().id}/lines`, { version: created.json().version, lines });
  expect(filled.statusCode, filled.body).toBe(200);
  return filled.json() as { id: string; version: number; totalCents: number; consumablesCents: number; lines: { id: string; isLicence: boolean }[] };
}

beforeAll(async () => {
  // Inside the first textbook window of 2024 (26/06 – 17/09); sessions live 30 days on this clock.
  clock = testClock(new Date("2024-09-02T08:00:00Z"));
  t = await buildTestApp({ clock });
  const adminOf = async (id: string) =>
    logIn(t.app, await buildPerson(t.db, { role: "region_admin", scope: { kind: "region", regionId: id }, withTotp: true }), { now: clock.now() });
  regionId = (await buildRegion(t.db)).id;
  admin = await adminOf(regionId);
  otherAdmin = await adminOf((await buildRegion(t.db)).id);
  const zone = await buildZone(t.db, { regionId });
  school = await buildSchool(t.db, { regionId, sectorId: zone.sectorId, zoneId: zone.id, digitalMode: "digital" });
  const person = async (role: "head" | "textbook_prescriber" | "textbook_validator" | "teacher") =>
    logIn(t.app, await buildPerson(t.db, { role, scope: schoolScope(school) }));
  prescriber = await person("textbook_prescriber");
  validator = await person("textbook_validator");
  secondValidator = await person("textbook_validator");
  head = await person("head");
  teacher = await person("teacher");
  await t.db.insert(schoolEnrolments).values([
    { schoolId: school.id, schoolYear: "2023-2024", track: "general", level: "2de", students: 10 },
    { schoolId: school.id, schoolYear: "2023-2024", track: "vocational", level: "cap1", students: 5 },
  ]);
  // Envelope: 10 × 72 + 5 × 42 = 930 € of textbooks, 5 × 24 = 120 € of consumables.
  textbooks = (await call(admin, "POST", "/campaigns", { regionId, programme: "textbooks", period: "2024-2025" })).json().id;
  Object.assign(items, await addTextbookResources(call, admin, regionId, ["digital", "paper", "consumable", "free"]));
});
afterAll(() => t.close());

describe("textbook carts", () => {
  it("are built by CRRE prescribers and validators, not by a teacher", async () => {
    expect((await call(prescriber, "POST", `/campaigns/${textbooks}/carts`, { school: school.id })).statusCode).toBe(201);
    const refused = await call(teacher, "POST", `/campaigns/${textbooks}/carts`, { school: school.id });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toContain("prescripteurs et valideurs");
  });

  it("are refused outside a window, with the next window's date", async () => {
    clock.set("2024-09-18T08:00:00Z");
    const refused = await call(prescriber, "POST", `/campaigns/${textbooks}/carts`, { school: school.id });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: "ordering.closed", nextOpensOn: "2024-09-19" });
    expect(refused.json().detail).toContain("ouvre le 19/09/2024");
    clock.set("2024-09-02T08:00:00Z");
  });

  it("take whole positive quantities of orderable items, teacher licences only with student licences", async () => {
    const created = (await call(prescriber, "POST", `/campaigns/${textbooks}/carts`, { school: school.id })).json();
    const put = (lines: unknown[]) => call(prescriber, "PUT", `/orders/${created.id}/lines`, { version: created.version, lines });
    for (const quantity of [0, -2, 1.5]) expect((await put([{ itemId: items.paper, quantity }])).statusCode).toBe(400);
    const teacherOnPaper = await put([{ itemId: items.paper, quantity: 2, teacherLicences: 1 }]);
    expect(teacherOnPaper.statusCode).toBe(400);
    expect(teacherOnPaper.json().detail).toContain("licences enseignant");
    const free = await put([{ itemId: items.free, quantity: 10 }]);
    expect(free.statusCode).toBe(400);
    expect(free.json().detail).toContain("sans commande");
    const unknown = await put([{ itemId: "00000000-0000-4000-8000-000000000000", quantity: 1 }]);
    expect(unknown.statusCode).toBe(400);
    const ok = await put([
      { itemId: items.digital, quantity: 10, teacherLicences: 2 },
      { itemId: items.consumable, quantity: 5 },
    ]);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ totalCents: 9_000, consumablesCents: 3_000, remainingCents: 93_000, remainingConsumablesCents: 12_000 });
    expect(ok.json().licenceWarning).toContain("ne peut plus être annulée");
    expect((await put([{ itemId: items.paper, quantity: 1 }])).statusCode).toBe(409); // stale version
  });

  it("never cost more than the envelope: each envelope on its own", async () => {
    const created = (await call(prescriber, "POST", `/campaigns/${textbooks}/carts`, { school: school.id })).json();
    const over = await call(prescriber, "PUT", `/orders/${created.id}/lines`, { version: created.version, lines: [{ itemId: items.paper, quantity: 38 }] });
    expect(over.statusCode).toBe(409);
    expect(over.json()).toMatchObject({ code: "envelope.exceeded", remainingCents: 93_000 });
    expect(over.json().detail).toContain("fonds propres");
    const consumables = await call(prescriber, "PUT", `/orders/${created.id}/lines`, {
      version: created.version,
      lines: [{ itemId: items.consumable, quantity: 21 }],
    });
    expect(consumables.json().detail).toContain("enveloppe consommables");
  });
});

describe("validation by the school", () => {
  it("is the validators' alone, and licences must be acknowledged as final first", async () => {
    const order = await cart(prescriber, [{ itemId: items.digital, quantity: 10, teacherLicences: 1 }]);
    expect((await call(prescriber, "POST", `/orders/${order.id}/submit`, { version: order.version, acknowledgeNoCancellation: true })).statusCode).toBe(403);
    const unacknowledged = await call(validator, "POST", `/orders/${order.id}/submit`, { version: order.version });
    expect(unacknowledged.statusCode).toBe(400);
    expect(unacknowledged.json().detail).toContain("ne peut plus être annulée");
    const before = await envelope();
    const submitted = await call(validator, "POST", `/orders/${order.id}/submit`, { version: order.version, acknowledgeNoCancellation: true });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({ status: "submitted", remainingCents: 93_000 - before.committedCents - 9_000 });
    expect((await envelope()).committedCents).toBe(before.committedCents + 9_000);
    expect(
      (await call(validator, "POST", `/orders/${order.id}/submit`, { version: submitted.json().version, acknowledgeNoCancellation: true })).statusCode,
    ).toBe(409);
    expect((await call(prescriber, "PUT", `/orders/${order.id}/lines`, { version: submitted.json().version, lines: [] })).statusCode).toBe(409);
  });

  it("two validators at once cannot spend the envelope twice", async () => {
    const left = (await envelope()).computedCents - (await envelope()).committedCents; // 84 000
    // Two carts of 24,50 € books, each within what is left, together over it.
    const quantity = Math.floor(left / 2450) - 10;
    const first = await cart(validator, [{ itemId: items.paper, quantity }]);
    const second = await cart(secondValidator, [{ itemId: items.paper, quantity }]);
    const results = await Promise.all([
      call(validator, "POST", `/orders/${first.id}/submit`, { version: first.version }),
      call(secondValidator, "POST", `/orders/${second.id}/submit`, { version: second.version }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().code).toBe("envelope.exceeded");
    const after = await envelope();
    expect(after.committedCents).toBe(93_000 - left + quantity * 2450);
    expect(after.committedCents).toBeLessThanOrEqual(after.computedCents + after.topUpCents);
    const still = (await t.db.select().from(orders).where(eq(orders.status, "cart"))).map((o) => o.id);
    expect(still).toContain(results[0]!.statusCode === 409 ? first.id : second.id);
  });
});

describe("review by the Region", () => {
  let submitted: { id: string; version: number; lines: { id: string; isLicence: boolean; label: string }[] };
  beforeAll(async () => {
    const left = (await envelope()).computedCents - (await envelope()).committedCents;
    expect(left).toBeGreaterThan(900 + 2450);
    const order = await cart(prescriber, [
      { itemId: items.digital, quantity: 1 },
      { itemId: items.paper, quantity: 1 },
      { itemId: items.consumable, quantity: 2 },
    ]);
    submitted = (await call(validator, "POST", `/orders/${order.id}/submit`, { version: order.version, acknowledgeNoCancellation: true })).json();
  });

  it("is the Region's alone", async () => {
    expect((await call(head, "POST", `/orders/${submitted.id}/review`, { version: submitted.version, decision: "approve" })).statusCode).toBe(403);
    expect((await call(otherAdmin, "POST", `/orders/${submitted.id}/review`, { version: submitted.version, decision: "approve" })).statusCode).toBe(404);
  });

  it("never cancels a validated licence, and adjusts other lines with a reason before approving", async () => {
    const licence = submitted.lines.find((l) => l.isLicence)!;
    const paper = submitted.lines.find((l) => l.label.includes("papier"))!;
    const cancel = await call(admin, "POST", `/orders/${submitted.id}/review`, {
      version: submitted.version,
      decision: "approve",
      adjustments: [{ lineId: licence.id, quantity: 1, reason: "x" }],
    });
    expect(cancel.statusCode).toBe(400); // the reason is too short
    const noReason = await call(admin, "POST", `/orders/${submitted.id}/review`, {
      version: submitted.version,
      decision: "approve",
      adjustments: [{ lineId: paper.id, quantity: 2 }],
    });
    expect(noReason.statusCode).toBe(400);
    const before = await envelope();
    const approved = await call(admin, "POST", `/orders/${submitted.id}/review`, {
      version: submitted.version,
      decision: "approve",
      note: "Conforme",
      adjustments: [{ lineId: paper.id, quantity: 2, reason: "Un exemplaire de plus pour le CDI" }],
    });
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json()).toMatchObject({ status: "approved", totalCents: 900 + 2 * 2450, consumablesCents: 1_200 });
    expect(approved.json().lines.find((l: { id: string }) => l.id === paper.id)).toMatchObject({
      quantity: 2,
      adjustmentReason: "Un exemplaire de plus pour le CDI",
    });
    expect((await envelope()).committedCents).toBe(before.committedCents + 2450);
  });

  it("refuses to cut a validated licence", async () => {
    const order = await cart(prescriber, [{ itemId: items.digital, quantity: 3 }]);
    const sent = (await call(validator, "POST", `/orders/${order.id}/submit`, { version: order.version, acknowledgeNoCancellation: true })).json();
    const cut = await call(admin, "POST", `/orders/${sent.id}/review`, {
      version: sent.version,
      decision: "approve",
      adjustments: [{ lineId: sent.lines[0].id, quantity: 1, reason: "Trop de licences" }],
    });
    expect(cut.statusCode).toBe(409);
    expect(cut.json().detail).toContain("ne peut plus être annulée");
    const before = await envelope();
    const rejected = await call(admin, "POST", `/orders/${sent.id}/review`, {
      version: sent.version,
      decision: "reject",
      note: "Doublon d'une commande déjà passée",
    });
    expect(rejected.json().status).toBe("rejected");
    expect((await envelope()).committedCents).toBe(before.committedCents - 2_700);
  });

  it("groups approved orders by supplier, in CSV too", async () => {
    const summary = await call(admin, "GET", `/campaigns/${textbooks}/orders/by-supplier`);
    expect(summary.statusCode).toBe(200);
    expect(summary.json().items.map((r: { supplier: string; quantity: number }) => [r.supplier, r.quantity])).toEqual([
      ["Fournitures Pro", 2],
      ["Hatier", 2],
      ["Nathan", 1],
    ]);
    const csv = await call(admin, "GET", `/campaigns/${textbooks}/orders/by-supplier?format=csv`);
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.body).toContain("Hatier");
    expect((await call(validator, "GET", `/campaigns/${textbooks}/orders/by-supplier`)).statusCode).toBe(403);
  });

  it("lists orders to the school and the Region", async () => {
    const mine = (await call(prescriber, "GET", `/campaigns/${textbooks}/orders?status=approved`)).json().items;
    expect(mine).toHaveLength(1);
    expect((await call(teacher, "GET", `/campaigns/${textbooks}/orders`)).json().items).toEqual([]);
  });
});

describe("the GAR checklist", () => {
  it("lists the licences validated orders bought, when to expect them in the GAR, and the 15 August reset", async () => {
    const assigner = await logIn(t.app, await buildPerson(t.db, { role: "gar_assigner", scope: schoolScope(school) }));
    const response = await call(assigner, "GET", `/campaigns/${textbooks}/gar-checklist/${school.uai}`);
    expect(response.statusCode, response.body).toBe(200);
    const checklist = response.json();
    expect(checklist.resetOn).toBe("2025-08-15");
    expect(checklist.notice).toContain("15/08/2025");
    const validated = await t.db.select().from(orders).where(eq(orders.schoolId, school.id));
    const withLicences = validated.filter((o) => o.status === "submitted" || o.status === "approved").map((o) => o.id);
    expect(checklist.items.length).toBeGreaterThan(0);
    for (const item of checklist.items) {
      expect(withLicences).toContain(item.orderId);
      expect(item.reference).toBe("9782091725451");
      expect(new Date(item.expectedFrom).getTime() - new Date(item.validatedAt).getTime()).toBe(24 * 3_600_000);
      expect(new Date(item.expectedBy).getTime() - new Date(item.validatedAt).getTime()).toBe(48 * 3_600_000);
    }
    // Orders still in the cart are not bought: none of their lines is listed.
    const carts = validated.filter((o) => o.status === "cart").map((o) => o.id);
    expect(checklist.items.some((i: { orderId: string }) => carts.includes(i.orderId))).toBe(false);
    expect((await call(teacher, "GET", `/campaigns/${textbooks}/gar-checklist/${school.id}`)).statusCode).toBe(403);
    expect((await call(otherAdmin, "GET", `/campaigns/${textbooks}/gar-checklist/${school.id}`)).statusCode).toBe(404);
  });
});

describe("teacher licence requests", () => {
  it("ask, per publisher, for references bought as student licences, counted from the validated orders", async () => {
    const validated = (await t.db.select().from(orders).where(eq(orders.schoolId, school.id))).filter(
      (o) => o.status === "submitted" || o.status === "approved",
    );
    const lines = (await call(admin, "GET", `/campaigns/${textbooks}/orders`)).json().items.filter((o: { id: string }) => validated.some((v) => v.id === o.id));
    const bought = lines
      .flatMap((o: { lines: { reference: string; quantity: number }[] }) => o.lines)
      .filter((l: { reference: string }) => l.reference === "9782091725451");
    const studentLicences = bought.reduce((sum: number, l: { quantity: number }) => sum + l.quantity, 0);
    const asked = await call(validator, "POST", `/campaigns/${textbooks}/teacher-licence-requests`, {
      school: school.id,
      publisher: "Nathan",
      lines: [{ ean: "978-2-09-172545-1", teacherLicences: 3 }],
    });
    expect(asked.statusCode, asked.body).toBe(201);
    expect(asked.json()).toMatchObject({
      status: "pending",
      lines: [{ ean: "9782091725451", title: "Maths 2de numérique", teacherLicences: 3, studentLicencesBought: studentLicences }],
    });

    const paper = await call(validator, "POST", `/campaigns/${textbooks}/teacher-licence-requests`, {
      school: school.id,
      publisher: "Hatier",
      lines: [{ ean: "9780306406157", teacherLicences: 1 }],
    });
    expect(paper.statusCode).toBe(400);
    expect(paper.json().detail).toContain("ne s'achètent pas seules");
    const otherPublisher = await call(validator, "POST", `/campaigns/${textbooks}/teacher-licence-requests`, {
      school: school.id,
      publisher: "Hatier",
      lines: [{ ean: "9782091725451", teacherLicences: 1 }],
    });
    expect(otherPublisher.json().detail).toContain("une demande par éditeur");
    expect(
      (
        await call(teacher, "POST", `/campaigns/${textbooks}/teacher-licence-requests`, {
          school: school.id,
          publisher: "Nathan",
          lines: [{ ean: "9782091725451", teacherLicences: 1 }],
        })
      ).statusCode,
    ).toBe(403);

    expect((await call(head, "POST", `/teacher-licence-requests/${asked.json().id}/answer`, { answer: "Accordé par l'éditeur" })).statusCode).toBe(403);
    const answered = await call(admin, "POST", `/teacher-licence-requests/${asked.json().id}/answer`, { answer: "Trois licences ajoutées par l'éditeur." });
    expect(answered.json()).toMatchObject({ status: "answered", answer: "Trois licences ajoutées par l'éditeur." });
    expect((await call(admin, "POST", `/teacher-licence-requests/${asked.json().id}/answer`, { answer: "Encore une fois." })).statusCode).toBe(409);
    expect((await call(prescriber, "GET", `/campaigns/${textbooks}/teacher-licence-requests`)).json().items).toHaveLength(1);
    expect((await call(teacher, "GET", `/campaigns/${textbooks}/teacher-licence-requests`)).json().items).toEqual([]);
  });
});

describe("GAR usage", () => {
  it("imports the GAR allocations export all or nothing, and sets licences bought against students assigned", async () => {
    const header = "UAI;idAbonnement;codeProjetRessource;idRessource;cumulAffectationEleve;cumulAffectationEnseignant";
    const unknown = await call(admin, "POST", `/campaigns/${textbooks}/gar-usage/import`, {
      csv: `${header}\n${school.uai};A;P;ark:/1/9782091725451;5;1\n0750002V;A;P;R;1;0\n`,
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().issues).toEqual([expect.objectContaining({ line: 3, column: "UAI" })]);
    expect((await call(head, "POST", `/campaigns/${textbooks}/gar-usage/import`, { csv: `${header}\n` })).statusCode).toBe(403);
    const imported = await call(admin, "POST", `/campaigns/${textbooks}/gar-usage/import`, {
      csv: `${header}\n${school.uai};A;P;ark:/1/9782091725451;5;1\n${school.uai};B;P;qioz;120;4\n`,
    });
    expect(imported.json()).toEqual({ lines: 2, schools: 1 });

    const report = (await call(prescriber, "GET", `/campaigns/${textbooks}/gar-usage`)).json();
    expect(report.notice).toContain("consultations en ligne");
    const bought = (await call(admin, "GET", `/campaigns/${textbooks}/gar-checklist/${school.id}`))
      .json()
      .items.reduce((s: number, i: { studentLicences: number }) => s + i.studentLicences, 0);
    expect(report.items).toEqual([
      {
        schoolId: school.id,
        reference: "9782091725451",
        label: "Maths 2de numérique",
        studentLicencesBought: bought,
        studentAssignments: 5,
        teacherAssignments: 1,
        unassignedLicences: bought - 5,
      },
    ]);
    expect(report.unmatched).toEqual([{ schoolId: school.id, resourceId: "qioz", studentAssignments: 120, teacherAssignments: 4 }]);
    const teacherView = (await call(teacher, "GET", `/campaigns/${textbooks}/gar-usage`)).json();
    expect(teacherView.items).toEqual([]);
    expect(teacherView.unmatched).toEqual([]);
  });
});

describe("paper returns", () => {
  it("send paper items back until the calendar's deadline, never a licence, and give the money back", async () => {
    const order = await cart(prescriber, [
      { itemId: items.paper, quantity: 3 },
      { itemId: items.digital, quantity: 1 },
    ]);
    const sent = (await call(validator, "POST", `/orders/${order.id}/submit`, { version: order.version, acknowledgeNoCancellation: true })).json();
    const paper = sent.lines.find((l: { isLicence: boolean }) => !l.isLicence);
    const licence = sent.lines.find((l: { isLicence: boolean }) => l.isLicence);
    const before = await envelope();
    const returned = await call(prescriber, "POST", `/orders/${sent.id}/returns`, { lineId: paper.id, quantity: 1 });
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json()).toMatchObject({ totalCents: 2 * 2450 + 900 });
    expect(returned.json().lines.find((l: { id: string }) => l.id === paper.id)).toMatchObject({ quantity: 2, returnedQuantity: 1, amountCents: 4_900 });
    expect((await envelope()).committedCents).toBe(before.committedCents - 2450);

    const licenceBack = await call(prescriber, "POST", `/orders/${sent.id}/returns`, { lineId: licence.id, quantity: 1 });
    expect(licenceBack.statusCode).toBe(409);
    expect(licenceBack.json().detail).toContain("ne peut plus être annulée");
    expect((await call(prescriber, "POST", `/orders/${sent.id}/returns`, { lineId: paper.id, quantity: 3 })).statusCode).toBe(400);
    expect((await call(prescriber, "POST", `/orders/${sent.id}/returns`, { lineId: paper.id, quantity: 0 })).statusCode).toBe(400);
    expect((await call(teacher, "POST", `/orders/${sent.id}/returns`, { lineId: paper.id, quantity: 1 })).statusCode).toBe(404);

    // Ordered on 02/09: returnable until 18/10 (orders before 30/09), not after.
    clock.set("2024-10-19T08:00:00Z");
    const late = await logIn(t.app, await buildPerson(t.db, { role: "textbook_prescriber", scope: schoolScope(school) }));
    const tooLate = await call(late, "POST", `/orders/${sent.id}/returns`, { lineId: paper.id, quantity: 1 });
    expect(tooLate.statusCode).toBe(409);
    expect(tooLate.json().detail).toBe("Le délai de retour de cette commande a expiré le 18/10/2024.");
    clock.set("2024-09-02T08:00:00Z");
    expect((await envelope()).committedCents).toBe(before.committedCents - 2450);
  });
});

describe("equipment orders", () => {
  let equipmentOrder: { id: string; version: number };
  it("are the head's, and mobile equipment needs a validated pedagogical project", async () => {
    await t.db.insert(schoolEnrolments).values({ schoolId: school.id, schoolYear: "2024-2025", track: "general", level: "2de", students: 100 });
    const calendar = { windows: [{ label: "Saisie du PPE", opensOn: "2024-09-01", closesOn: "2024-12-31" }], returnDeadlines: [] };
    const created = await call(admin, "POST", "/campaigns", {
      regionId,
      programme: "equipment",
      period: "2025",
      enrolmentSchoolYear: "2024-2025",
      calendar,
      equipmentFormula: { basePerSchoolCents: 100_000, perStudentCents: 1_000, weights: [] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const campaign = created.json().id;
    const tablet = (
      await call(admin, "POST", "/catalogue/equipment", {
        regionId,
        reference: "TAB-10",
        label: "Tablette 10 pouces",
        category: "tablet",
        unitPriceCents: 30_000,
        warrantyYears: 3,
        supplier: "Unowhy",
        isMobile: true,
      })
    ).json();
    expect((await call(validator, "POST", `/campaigns/${campaign}/carts`, { school: school.id })).statusCode).toBe(403);
    const order = (await call(head, "POST", `/campaigns/${campaign}/carts`, { school: school.id })).json();
    const mobile = await call(head, "PUT", `/orders/${order.id}/lines`, { version: order.version, lines: [{ itemId: tablet.id, quantity: 2 }] });
    expect(mobile.statusCode).toBe(400);
    expect(mobile.json().detail).toContain("projet pédagogique validé");
    // The school files its project; the académie gives its opinion, then the Region decides (seed 003).
    const filed = await call(head, "POST", `/campaigns/${campaign}/mobile-projects`, {
      school: school.id,
      reference: "Projet tablettes 2025",
      description: "Deux classes de seconde travaillent en SNT sur tablettes, au CDI couvert par le Wi-Fi.",
      devices: 2,
    });
    expect(filed.statusCode, filed.body).toBe(201);
    const advisor = await logIn(t.app, await buildPerson(t.db, { role: "academic_advisor", scope: { kind: "region", regionId } }));
    const opinion = await call(advisor, "POST", `/mobile-projects/${filed.json().id}/academie-decision`, {
      version: filed.json().version,
      decision: "approve",
    });
    expect(opinion.statusCode, opinion.body).toBe(200);
    const stillPending = await call(head, "PUT", `/orders/${order.id}/lines`, { version: order.version, lines: [{ itemId: tablet.id, quantity: 2 }] });
    expect(stillPending.statusCode).toBe(400); // the académie's opinion alone is not enough
    expect(
      (await call(admin, "POST", `/mobile-projects/${filed.json().id}/region-decision`, { version: opinion.json().version, decision: "approve" })).statusCode,
    ).toBe(200);
    const filled = await call(head, "PUT", `/orders/${order.id}/lines`, { version: order.version, lines: [{ itemId: tablet.id, quantity: 2 }] });
    expect(filled.json()).toMatchObject({ totalCents: 60_000, remainingCents: 200_000, licenceWarning: null });
    const submitted = await call(head, "POST", `/orders/${order.id}/submit`, { version: filled.json().version });
    expect(submitted.json()).toMatchObject({ status: "submitted", remainingCents: 140_000 });
    equipmentOrder = submitted.json();
  });

  it("once approved and delivered, enter the inventory in stock, funded by the Region's contract, with the order as origin", async () => {
    expect((await call(admin, "POST", `/orders/${equipmentOrder.id}/delivery`, { version: equipmentOrder.version })).statusCode).toBe(409); // not approved yet
    const approved = (await call(admin, "POST", `/orders/${equipmentOrder.id}/review`, { version: equipmentOrder.version, decision: "approve" })).json();
    expect((await call(head, "POST", `/orders/${approved.id}/delivery`, { version: approved.version })).statusCode).toBe(403);
    const delivered = await call(admin, "POST", `/orders/${approved.id}/delivery`, { version: approved.version });
    expect(delivered.statusCode, delivered.body).toBe(200);
    expect(delivered.json().assetIds).toHaveLength(2);
    expect(delivered.json().order.deliveredAt).not.toBeNull();
    const rows = await t.db.select().from(assets).where(inArray(assets.id, delivered.json().assetIds));
    const reference = `CMD-${approved.id.slice(0, 8).toUpperCase()}`;
    expect(rows.map((r) => r.inventoryNumber).sort()).toEqual([`${reference}-001`, `${reference}-002`]);
    for (const row of rows) {
      expect(row).toMatchObject({
        schoolId: school.id,
        type: "tablet",
        model: "Tablette 10 pouces",
        supplier: "Unowhy",
        status: "in_stock",
        funding: "region_contract",
        isQualifiedByRegion: true,
      });
      expect(row.acquiredOn).toBe("2024-09-02");
      expect(row.warrantyEndsOn).toBe("2027-09-02"); // the catalogue's 3-year warranty
    }
    // Each delivered line leads to the assets it put in the inventory; the head reads them, a teacher does not see the order.
    const links = await call(head, "GET", `/orders/${approved.id}/delivered-assets`);
    expect(links.statusCode, links.body).toBe(200);
    expect(
      links
        .json()
        .items.map((i: { assetId: string }) => i.assetId)
        .sort(),
    ).toEqual([...delivered.json().assetIds].sort());
    expect(new Set(links.json().items.map((i: { lineId: string }) => i.lineId))).toEqual(new Set([delivered.json().order.lines[0].id]));
    expect((await call(teacher, "GET", `/orders/${approved.id}/delivered-assets`)).statusCode).toBe(404);
    const again = await call(admin, "POST", `/orders/${approved.id}/delivery`, { version: delivered.json().order.version });
    expect(again.statusCode).toBe(409);
    expect((await t.db.select().from(assets).where(eq(assets.schoolId, school.id))).length).toBe(2);
  });

  it("textbook orders do not enter the inventory", async () => {
    const approved = (await call(admin, "GET", `/campaigns/${textbooks}/orders?status=approved`)).json().items[0];
    const response = await call(admin, "POST", `/orders/${approved.id}/delivery`, { version: approved.version });
    expect(response.statusCode).toBe(409);
    expect(response.json().detail).toContain("d'équipement");
  });
});
