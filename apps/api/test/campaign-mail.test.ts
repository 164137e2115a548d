import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../src/context.ts";
import { garResetNotices, outboxMessages, people as peopleTable, roleAssignments, schoolEnrolments } from "../src/db/schema.ts";
import { sendWindowReminders } from "../src/modules/campaigns/campaign-notifications.ts";
import { sendGarResetChecklists } from "../src/modules/orders/gar-reset-checklists.ts";
import { noJobs } from "../src/plugins/jobs.ts";
import { buildPerson, buildRegion, buildSchool, buildZone, logIn, type Session, schoolScope } from "./factories.ts";
import { buildTestApp, type TestClock, testClock } from "./setup.ts";
import { addTextbookResources, callerOf } from "./textbook-campaign-fixture.ts";

/**
 * The campaigns' e-mails (issue 5), queued in the outbox in the transaction of the step: an
 * order validated by the school goes to the Region's reviewers; the Region's review (with every
 * adjustment and its reason) to the school's validators and head; a top-up decision to its
 * requester and the head; a teacher-licence answer to its requester; window reminders to those
 * who order. Nobody outside the school (or the region) is ever written to.
 */
type TestApp = Awaited<ReturnType<typeof buildTestApp>>;
let t: TestApp;
let clock: TestClock;
type Person = Awaited<ReturnType<typeof buildPerson>>;
const people = {} as Record<
  "admin" | "otherAdmin" | "head" | "validator" | "prescriber" | "teacher" | "neighbourHead" | "neighbourValidator" | "formerValidator",
  Person
>;
const sessions = {} as Record<"admin" | "head" | "validator" | "prescriber", Session>;
let school: Awaited<ReturnType<typeof buildSchool>>;
let campaign: string;
const items = {} as Record<"digital" | "paper" | "consumable", string>;

const call = callerOf(() => t.app);

/** The mails of one template, oldest first. */
async function mailsOf(template: string) {
  const rows = await t.db.select().from(outboxMessages).where(eq(outboxMessages.template, template)).orderBy(desc(outboxMessages.createdAt));
  // Amounts are formatted with (narrow) no-break spaces: compare with plain ones.
  return rows.reverse().map((r) => ({ ...r, textBody: r.textBody.replace(/[\u00a0\u202f]/g, " ") }));
}
const recipients = (rows: { toAddress: string }[]) => rows.map((r) => r.toAddress).sort();

async function submittedOrder(lines: { itemId: string; quantity: number }[]) {
  const created = await call(sessions.prescriber, "POST", `/campaigns/${campaign}/carts`, { school: school.id });
  expect(created.statusCode, created.body).toBe(201);
  const filled = await call(sessions.prescriber, "PUT", `/orders/${created.json().id}/lines`, { version: created.json().version, lines });
  expect(filled.statusCode, filled.body).toBe(200);
  const submitted = await call(sessions.validator, "POST", `/orders/${created.json().id}/submit`, {
    version: filled.json().version,
    acknowledgeNoCancellation: true,
  });
  expect(submitted.statusCode, submitted.body).toBe(200);
  return submitted.json() as {
    id: string;
    version: number;
    lines: { id: string; label: string; isLicence: boolean; unitPriceCents: number; quantity: number }[];
  };
}

beforeAll(async () => {
  clock = testClock(new Date("2024-09-02T08:00:00Z"));
  t = await buildTestApp({ clock });
  const regionId = (await buildRegion(t.db)).id;
  const otherRegionId = (await buildRegion(t.db)).id;
  people.admin = await buildPerson(t.db, { role: "region_admin", scope: { kind: "region", regionId }, withTotp: true });
  people.otherAdmin = await buildPerson(t.db, { role: "region_admin", scope: { kind: "region", regionId: otherRegionId }, withTotp: true });
  const zone = await buildZone(t.db, { regionId });
  school = await buildSchool(t.db, { regionId, sectorId: zone.sectorId, zoneId: zone.id, digitalMode: "digital" });
  const neighbour = await buildSchool(t.db, { regionId, sectorId: zone.sectorId, zoneId: zone.id, digitalMode: "digital" });
  const at = (s: typeof school, role: "head" | "textbook_validator" | "textbook_prescriber" | "teacher") => buildPerson(t.db, { role, scope: schoolScope(s) });
  people.head = await at(school, "head");
  people.validator = await at(school, "textbook_validator");
  people.prescriber = await at(school, "textbook_prescriber");
  people.teacher = await at(school, "teacher");
  people.neighbourHead = await at(neighbour, "head");
  people.neighbourValidator = await at(neighbour, "textbook_validator");
  // A validator of the school whose account was closed: never written to.
  people.formerValidator = await at(school, "textbook_validator");
  await t.db.update(peopleTable).set({ isActive: false }).where(eq(peopleTable.id, people.formerValidator.id));
  sessions.admin = await logIn(t.app, people.admin, { now: clock.now() });
  sessions.head = await logIn(t.app, people.head);
  sessions.validator = await logIn(t.app, people.validator);
  sessions.prescriber = await logIn(t.app, people.prescriber);
  await t.db.insert(schoolEnrolments).values([
    { schoolId: school.id, schoolYear: "2023-2024", track: "general", level: "2de", students: 100 },
    { schoolId: school.id, schoolYear: "2023-2024", track: "vocational", level: "cap1", students: 10 },
    { schoolId: neighbour.id, schoolYear: "2023-2024", track: "general", level: "2de", students: 50 },
  ]);
  const created = await call(sessions.admin, "POST", "/campaigns", { regionId, programme: "textbooks", period: "2024-2025" });
  expect(created.statusCode, created.body).toBe(201);
  campaign = created.json().id;
  Object.assign(items, await addTextbookResources(call, sessions.admin, regionId, ["digital", "paper", "consumable"]));
});
afterAll(() => t.close());

describe("an order validated by the school", () => {
  it("is mailed to the Region's reviewers, and to nobody else", async () => {
    const order = await submittedOrder([{ itemId: items.paper, quantity: 2 }]);
    const mails = await mailsOf("order-submitted");
    expect(recipients(mails)).toEqual([people.admin.email]);
    expect(mails[0]!.subject).toBe(`Relais — commande à examiner : ${school.name} (Manuels et ressources 2024-2025)`);
    expect(mails[0]!.textBody).toContain(`${school.name} (${school.uai})`);
    expect(mails[0]!.textBody).toContain("49,00");
    expect(mails[0]!.textBody).toContain(`http://relais.test/campagnes?campagne=${campaign}`);
    expect(order.id).toBeTruthy();
  });
});

describe("the Region's review", () => {
  it("adjusts lines with a reason — quantity, price, removal — and mails every change to the school's validators and head", async () => {
    const order = await submittedOrder([
      { itemId: items.paper, quantity: 4 },
      { itemId: items.consumable, quantity: 5 },
      { itemId: items.digital, quantity: 3 },
    ]);
    const paper = order.lines.find((l) => l.label.includes("papier"))!;
    const kit = order.lines.find((l) => l.label.includes("Kit"))!;
    const licence = order.lines.find((l) => l.isLicence)!;
    const before = (await mailsOf("order-reviewed")).length;
    const approved = await call(sessions.admin, "POST", `/orders/${order.id}/review`, {
      version: order.version,
      decision: "approve",
      note: "Conforme au projet de l'établissement",
      adjustments: [
        { lineId: paper.id, quantity: 3, unitPriceCents: 2_300, reason: "Prix négocié du marché, un exemplaire de moins" },
        { lineId: kit.id, quantity: 0, reason: "Kit déjà livré par la Région" },
      ],
    });
    expect(approved.statusCode, approved.body).toBe(200);
    const body = approved.json();
    expect(body).toMatchObject({ status: "approved", totalCents: 3 * 2_300 + 3 * 900, consumablesCents: 0 });
    expect(body.lines.find((l: { id: string }) => l.id === paper.id)).toMatchObject({
      quantity: 3,
      unitPriceCents: 2_300,
      amountCents: 6_900,
      requestedQuantity: 4,
      requestedUnitPriceCents: 2_450,
      adjustmentReason: "Prix négocié du marché, un exemplaire de moins",
    });
    expect(body.lines.find((l: { id: string }) => l.id === kit.id)).toMatchObject({ quantity: 0, amountCents: 0, requestedQuantity: 5 });
    expect(body.lines.find((l: { id: string }) => l.id === licence.id)).toMatchObject({ quantity: 3, requestedQuantity: null, adjustmentReason: null });

    const mails = (await mailsOf("order-reviewed")).slice(before);
    // Textbooks: the CRRE validators and the head; not the prescriber, the teacher, the closed account, the neighbour school.
    expect(recipients(mails)).toEqual([people.head.email, people.validator.email].sort());
    const text = mails[0]!.textBody;
    expect(mails[0]!.subject).toBe("Relais — votre commande approuvée avec ajustements (Manuels et ressources 2024-2025)");
    expect(text).toContain("Histoire 2de papier : quantité 4 → 3, prix unitaire 24,50 € → 23,00 € — motif : Prix négocié du marché, un exemplaire de moins");
    expect(text).toContain("Kit atelier CAP : ligne retirée (5 demandé(s)) — motif : Kit déjà livré par la Région");
    expect(text).toContain("Motif : Conforme au projet de l'établissement");
    expect(text).toContain("Montant retenu : 96,00");
    expect(text).toContain("Reste de l'enveloppe");

    // A removed line is not sent to its supplier.
    const suppliers = (await call(sessions.admin, "GET", `/campaigns/${campaign}/orders/by-supplier`))
      .json()
      .items.map((r: { supplier: string }) => r.supplier);
    expect(suppliers).not.toContain("Fournitures Pro");
    expect(suppliers).toContain("Hatier");
  });

  it("refuses adjustments that change nothing, twice the same line, on a rejection, or that empty the order", async () => {
    const order = await submittedOrder([{ itemId: items.paper, quantity: 2 }]);
    const line = order.lines[0]!;
    const review = (body: Record<string, unknown>) => call(sessions.admin, "POST", `/orders/${order.id}/review`, { version: order.version, ...body });
    const same = await review({ decision: "approve", adjustments: [{ lineId: line.id, quantity: 2, reason: "Aucun changement" }] });
    expect(same.statusCode).toBe(400);
    expect(same.json().detail).toContain("ne change ni la quantité ni le prix");
    const nothing = await review({ decision: "approve", adjustments: [{ lineId: line.id, reason: "Sans rien dire" }] });
    expect(nothing.statusCode).toBe(400);
    const twice = await review({
      decision: "approve",
      adjustments: [
        { lineId: line.id, quantity: 1, reason: "Un de moins" },
        { lineId: line.id, quantity: 3, reason: "Un de plus" },
      ],
    });
    expect(twice.statusCode).toBe(400);
    const onReject = await review({ decision: "reject", note: "Hors projet", adjustments: [{ lineId: line.id, quantity: 1, reason: "Un de moins" }] });
    expect(onReject.statusCode).toBe(400);
    const emptied = await review({ decision: "approve", adjustments: [{ lineId: line.id, quantity: 0, reason: "Retiré" }] });
    expect(emptied.statusCode).toBe(400);
    expect(emptied.json().detail).toContain("refusez la commande");
    const negative = await review({ decision: "approve", adjustments: [{ lineId: line.id, unitPriceCents: -1, reason: "Prix négatif" }] });
    expect(negative.statusCode).toBe(400);
    expect((await call(sessions.admin, "GET", `/orders/${order.id}`)).json()).toMatchObject({ status: "submitted", totalCents: 4_900 });
  });

  it("never removes a validated licence", async () => {
    const order = await submittedOrder([
      { itemId: items.digital, quantity: 2 },
      { itemId: items.paper, quantity: 1 },
    ]);
    const licence = order.lines.find((l) => l.isLicence)!;
    const removed = await call(sessions.admin, "POST", `/orders/${order.id}/review`, {
      version: order.version,
      decision: "approve",
      adjustments: [{ lineId: licence.id, quantity: 0, reason: "Licence inutile" }],
    });
    expect(removed.statusCode).toBe(409);
    expect(removed.json().detail).toContain("ne peut plus être annulée");
  });

  it("a rejection is mailed with its reason to the same people", async () => {
    const order = await submittedOrder([{ itemId: items.paper, quantity: 1 }]);
    const before = (await mailsOf("order-reviewed")).length;
    const rejected = await call(sessions.admin, "POST", `/orders/${order.id}/review`, {
      version: order.version,
      decision: "reject",
      note: "Doublon d'une commande déjà passée",
    });
    expect(rejected.statusCode, rejected.body).toBe(200);
    const mails = (await mailsOf("order-reviewed")).slice(before);
    expect(recipients(mails)).toEqual([people.head.email, people.validator.email].sort());
    expect(mails[0]!.subject).toContain("refusée");
    expect(mails[0]!.textBody).toContain("Motif : Doublon d'une commande déjà passée");
    expect(mails[0]!.textBody).not.toContain("Lignes ajustées");
  });
});

describe("a top-up decision", () => {
  it("is mailed to its requester and the school's head, with the reason of a refusal", async () => {
    const ask = async (students: number) => {
      const asked = await call(sessions.validator, "POST", `/campaigns/${campaign}/top-ups`, {
        school: school.id,
        track: "general",
        level: "1re",
        students,
        reason: "Ouverture d'une classe de première à la rentrée",
      });
      expect(asked.statusCode, asked.body).toBe(201);
      return asked.json().id as string;
    };
    const first = await ask(20);
    const asked = await mailsOf("top-up-requested");
    expect(recipients(asked)).toEqual([people.admin.email]);
    expect(asked[0]!.textBody).toContain("voie générale, Première, 20 élève(s), soit 1 280,00");
    expect(asked[0]!.textBody).toContain("Motif : Ouverture d'une classe de première à la rentrée");
    const granted = await call(sessions.admin, "POST", `/top-ups/${first}/decision`, { decision: "approve" });
    expect(granted.statusCode, granted.body).toBe(200);
    let mails = await mailsOf("top-up-decided");
    expect(recipients(mails)).toEqual([people.head.email, people.validator.email].sort());
    expect(mails[0]!.subject).toBe(`Relais — dotation complémentaire accordée (${school.name})`);
    expect(mails[0]!.textBody).toContain("voie générale, Première, 20 élève(s)");
    expect(mails[0]!.textBody).toContain("augmente de 1 280,00");

    const refused = await call(sessions.admin, "POST", `/top-ups/${await ask(5)}/decision`, { decision: "refuse", note: "Classe non ouverte au rectorat" });
    expect(refused.statusCode, refused.body).toBe(200);
    mails = (await mailsOf("top-up-decided")).slice(2);
    expect(recipients(mails)).toEqual([people.head.email, people.validator.email].sort());
    expect(mails[0]!.textBody).toContain("Motif : Classe non ouverte au rectorat");
    expect(mails[0]!.textBody).not.toContain("augmente");
  });

  it("are exported for finance in CSV and XLSX, each school seeing only its own", async () => {
    const csv = await call(sessions.admin, "GET", `/campaigns/${campaign}/top-ups?format=csv`);
    expect(csv.statusCode, csv.body).toBe(200);
    expect(csv.headers["content-type"]).toContain("text/csv");
    const [header, ...rows] = csv.body
      .replace(/^\uFEFF/, "")
      .trim()
      .split(/\r?\n/);
    expect(header).toContain("Motif de la décision");
    expect(rows).toHaveLength(2);
    expect(csv.body).toContain("Accordée");
    expect(csv.body).toContain("Classe non ouverte au rectorat");
    expect(csv.body).toContain("1280,00");
    const xlsx = await call(sessions.admin, "GET", `/campaigns/${campaign}/top-ups?format=xlsx`);
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.headers["content-type"]).toContain("spreadsheetml");
    const neighbour = await logIn(t.app, people.neighbourHead);
    const theirs = await call(neighbour, "GET", `/campaigns/${campaign}/top-ups?format=csv`);
    expect(
      theirs.body
        .replace(/^\uFEFF/, "")
        .trim()
        .split(/\r?\n/),
    ).toHaveLength(1);
    expect((await call(sessions.admin, "GET", `/campaigns/${campaign}/top-ups?format=pdf`)).statusCode).toBe(400);
  });
});

describe("a teacher-licence answer", () => {
  it("is mailed to its requester only", async () => {
    const asked = await call(sessions.validator, "POST", `/campaigns/${campaign}/teacher-licence-requests`, {
      school: school.id,
      publisher: "Nathan",
      lines: [{ ean: "9782091725451", teacherLicences: 2 }],
    });
    expect(asked.statusCode, asked.body).toBe(201);
    const answered = await call(sessions.admin, "POST", `/teacher-licence-requests/${asked.json().id}/answer`, {
      answer: "Deux licences ajoutées par Nathan.",
    });
    expect(answered.statusCode, answered.body).toBe(200);
    const mails = await mailsOf("teacher-licences-answered");
    expect(recipients(mails)).toEqual([people.validator.email]);
    expect(mails[0]!.textBody).toContain("Deux licences ajoutées par Nathan.");
    expect(mails[0]!.textBody).toContain("Maths 2de numérique : 2 licence(s)");
  });
});

describe("window reminders", () => {
  const ctx = () => ({ db: t.db, actor: systemActor(), log: t.app.log, jobs: noJobs, clock, config: t.config, requestId: null, ip: null });

  it("tell those who order, in every school of the campaign, a week before a window closes — once", async () => {
    clock.set("2024-09-12T06:00:00Z"); // 17/09 closes the first window; 19/09 opens the second
    const first = await sendWindowReminders(ctx());
    expect(first.reminders).toBe(2);
    const mails = await mailsOf("campaign-window-reminder");
    const closing = mails.filter((m) => m.textBody.includes("se ferme le 17/09/2024"));
    const opening = mails.filter((m) => m.textBody.includes("ouvre le 19/09/2024"));
    const orderers = [people.head, people.validator, people.prescriber, people.neighbourHead, people.neighbourValidator].map((p) => p.email).sort();
    expect(recipients(closing)).toEqual(orderers);
    expect(recipients(opening)).toEqual(orderers);
    const own = closing.find((m) => m.toAddress === people.head.email)!;
    expect(own.textBody).toContain(school.name);
    expect(own.textBody).toContain("perdu");
    // Nobody outside those who order, nor anyone of another region.
    const everyone = recipients(mails);
    for (const outsider of [people.teacher, people.formerValidator, people.otherAdmin, people.admin]) expect(everyone).not.toContain(outsider.email);

    clock.set("2024-09-13T06:00:00Z");
    expect(await sendWindowReminders(ctx())).toEqual({ reminders: 0, mails: 0 });
    expect(await mailsOf("campaign-window-reminder")).toHaveLength(mails.length);
    clock.set("2024-09-02T08:00:00Z");
  });
});

describe("the GAR reset of 15 August", () => {
  const ctx = () => ({ db: t.db, actor: systemActor("Relais (GAR)"), log: t.app.log, jobs: noJobs, clock, config: t.config, requestId: null, ip: null });
  it("mails each school's checklist of licences to assign again to its GAR assigners — once, and only in the fortnight after the reset", async () => {
    await submittedOrder([{ itemId: items.digital, quantity: 7 }]);
    const assigner = await buildPerson(t.db, { role: "gar_assigner", scope: schoolScope(school) });
    clock.set("2024-08-14T08:00:00Z");
    expect(await sendGarResetChecklists(ctx())).toEqual({ schools: 0, mails: 0 });

    clock.set("2024-08-15T06:00:00Z");
    expect(await sendGarResetChecklists(ctx())).toEqual({ schools: 1, mails: 1 });
    const [mail] = await mailsOf("gar-reset-checklist");
    expect(mail!.toAddress).toBe(assigner.email);
    expect(mail!.subject).toBe(`Relais — GAR : ressources à réaffecter (${school.name})`);
    expect(mail!.textBody).toContain("Le 15/08/2024, le GAR réinitialise toutes les affectations");
    expect(mail!.textBody).toMatch(/licence\(s\) élève/);
    expect(mail!.textBody).toContain("24 à 48 h");
    expect(mail!.textBody).not.toContain("pas encore de responsable");

    // The job runs every day: the school has heard, and does not hear again.
    clock.set("2024-08-16T06:00:00Z");
    expect(await sendGarResetChecklists(ctx())).toEqual({ schools: 0, mails: 0 });
    expect(await mailsOf("gar-reset-checklist")).toHaveLength(1);
    clock.set("2024-09-02T08:00:00Z");
  });

  it("writes to the head where nobody is the school's GAR assigner yet, saying so; nothing once the fortnight is over", async () => {
    await t.db.delete(garResetNotices);
    await t.db.update(roleAssignments).set({ endedAt: new Date() }).where(eq(roleAssignments.role, "gar_assigner"));
    clock.set("2024-08-30T06:00:00Z");
    expect(await sendGarResetChecklists(ctx())).toEqual({ schools: 0, mails: 0 });
    clock.set("2024-08-29T06:00:00Z");
    expect(await sendGarResetChecklists(ctx())).toEqual({ schools: 1, mails: 1 });
    const mails = await mailsOf("gar-reset-checklist");
    expect(mails).toHaveLength(2);
    const toHead = mails.filter((m) => m.toAddress === people.head.email);
    expect(toHead).toHaveLength(1);
    expect(toHead[0]!.textBody).toContain("pas encore de responsable d'affectation GAR");
    clock.set("2024-09-02T08:00:00Z");
  });
});
