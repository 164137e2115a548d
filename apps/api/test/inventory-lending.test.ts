import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assets, auditEvents, roleAssignments } from "../src/db/schema.ts";
import { buildPerson, type buildSchool, logIn, type Session, schoolScope } from "./factories.ts";
import { inventoryRegion, inventoryXml, postAgent } from "./inventory-agent-fixture.ts";
import { buildTestApp } from "./setup.ts";

/** Individual equipment lent to a person (issue 4, DOMAIN §5, §7): who may borrow, the history, the import, and the agent that never touches it. */
type TestApp = Awaited<ReturnType<typeof buildTestApp>>;
let t: TestApp;
let technician: Session;
let headSession: Session;
let school: Awaited<ReturnType<typeof buildSchool>>;
let otherSchool: Awaited<ReturnType<typeof buildSchool>>;
let teacher: Awaited<ReturnType<typeof buildPerson>>;
let coordinator: Awaited<ReturnType<typeof buildPerson>>;
let outsider: Awaited<ReturnType<typeof buildPerson>>;
let former: Awaited<ReturnType<typeof buildPerson>>;
let auth: string;
let api: Awaited<ReturnType<typeof inventoryRegion>>["api"];

beforeAll(async () => {
  t = await buildTestApp();
  ({ school, otherSchool, technician, auth, api } = await inventoryRegion(t.app, t.db, { otherSchoolInZone: true }));
  headSession = await logIn(t.app, await buildPerson(t.db, { role: "head", scope: schoolScope(school) }));
  teacher = await buildPerson(t.db, { role: "teacher", scope: schoolScope(school), withPassword: false });
  coordinator = await buildPerson(t.db, { role: "coordinator", scope: schoolScope(school), withPassword: false });
  outsider = await buildPerson(t.db, { role: "teacher", scope: schoolScope(otherSchool), withPassword: false });
  former = await buildPerson(t.db, { role: "teacher", scope: schoolScope(school), withPassword: false });
  await t.db.update(roleAssignments).set({ endedAt: new Date() }).where(eq(roleAssignments.personId, former.id));
});
afterAll(() => t.close());

let serials = 0;
const laptop = (extra: object = {}) => ({
  school: school.uai,
  type: "laptop",
  funding: "individual_programme",
  name: `PC-IND-${++serials}`,
  serial: `IND${String(serials).padStart(6, "0")}`,
  ...extra,
});
const stored = async (id: string) => (await t.db.select().from(assets).where(eq(assets.id, id)))[0]!;

describe("lending individual equipment", () => {
  it("lends a laptop to a teacher of the school, shows the borrower and since when, and records it in the history and the audit log", async () => {
    const created = await api(technician, "POST", "/inventory/assets", laptop({ lentToPersonId: teacher.id }));
    expect(created.statusCode, created.body).toBe(201);
    const detail = created.json();
    expect(detail.asset.lentToPersonId).toBe(teacher.id);
    expect(detail.loan).toMatchObject({ personId: teacher.id, name: `${teacher.firstName} ${teacher.lastName}` });
    expect(detail.loan.since).toBeTruthy();
    expect(detail.history.map((e: { kind: string }) => e.kind)).toEqual(expect.arrayContaining(["created", "lent"]));
    expect(detail.history.find((e: { kind: string }) => e.kind === "lent").details).toMatchObject({
      personId: teacher.id,
      personName: `${teacher.firstName} ${teacher.lastName}`,
    });
    const audited = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "asset.lent"), eq(auditEvents.entityId, detail.asset.id)));
    expect(audited).toHaveLength(1);

    // The school's head reads the asset, and so sees who has it.
    const read = await api(headSession, "GET", `/inventory/assets/${detail.asset.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json().loan.name).toBe(`${teacher.firstName} ${teacher.lastName}`);
  });

  it("records the return, then a new loan to the coordinator (DOMAIN §7: a PC lent for the year)", async () => {
    const asset = (await api(technician, "POST", "/inventory/assets", laptop({ type: "tablet", lentToPersonId: teacher.id }))).json().asset;
    const returned = await api(technician, "PATCH", `/inventory/assets/${asset.id}`, { version: asset.version, lentToPersonId: null });
    expect(returned.statusCode, returned.body).toBe(200);
    expect(returned.json().loan).toBeNull();
    expect(returned.json().history[0]).toMatchObject({ kind: "returned", details: { personId: teacher.id } });
    expect(returned.json().history.some((e: { kind: string }) => e.kind === "updated")).toBe(false);
    const lent = await api(technician, "PATCH", `/inventory/assets/${asset.id}`, { version: returned.json().asset.version, lentToPersonId: coordinator.id });
    expect(lent.statusCode, lent.body).toBe(200);
    expect(lent.json().loan.personId).toBe(coordinator.id);
    const returns = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "asset.returned"), eq(auditEvents.entityId, asset.id)));
    expect(returns).toHaveLength(1);
  });

  it("refuses, with a French 400 naming the field and nothing stored, what is not individual equipment or someone not at the school", async () => {
    const before = (await t.db.select().from(assets)).length;
    for (const payload of [
      laptop({ funding: "region_contract", lentToPersonId: teacher.id }),
      laptop({ type: "desktop", lentToPersonId: teacher.id }),
      laptop({ lentToPersonId: outsider.id }),
      laptop({ lentToPersonId: former.id }),
      laptop({ lentToPersonId: "00000000-0000-4000-8000-000000000000" }),
      laptop({ lentToPersonId: "pas-un-uuid" }),
    ]) {
      const response = await api(technician, "POST", "/inventory/assets", payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().errors).toEqual([expect.objectContaining({ field: "body.lentToPersonId" })]);
      expect(response.json().detail).toMatch(/emprunteur|individuel/i);
    }
    expect(await t.db.select().from(assets)).toHaveLength(before);
  });

  it("refuses an edit that would leave a borrower on what is no longer individual equipment, or at another school, changing nothing", async () => {
    const asset = (await api(technician, "POST", "/inventory/assets", laptop({ lentToPersonId: teacher.id }))).json().asset;
    for (const patch of [{ funding: "own_funds" }, { type: "desktop" }, { school: otherSchool.uai }, { lentToPersonId: outsider.id }]) {
      const response = await api(technician, "PATCH", `/inventory/assets/${asset.id}`, { version: asset.version, ...patch });
      expect(response.statusCode, JSON.stringify(patch)).toBe(400);
      expect(response.json().errors).toEqual([expect.objectContaining({ field: "body.lentToPersonId" })]);
    }
    const after = await stored(asset.id);
    expect(after).toMatchObject({ version: asset.version, lentToPersonId: teacher.id, funding: "individual_programme", type: "laptop", schoolId: school.id });
    // A loan whose borrower has since left is not re-checked on an unrelated edit.
    await t.db.update(assets).set({ lentToPersonId: former.id }).where(eq(assets.id, asset.id));
    const renamed = await api(technician, "PATCH", `/inventory/assets/${asset.id}`, {
      version: (await stored(asset.id)).version,
      name: "PC-RENOMME",
      lentToPersonId: former.id,
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    // Returned first, it may then change funding freely.
    const returned = await api(technician, "PATCH", `/inventory/assets/${asset.id}`, {
      version: renamed.json().asset.version,
      lentToPersonId: null,
      funding: "region_contract",
    });
    expect(returned.statusCode, returned.body).toBe(200);
  });

  it("is not for those who only read the inventory", async () => {
    const asset = (await api(technician, "POST", "/inventory/assets", laptop())).json().asset;
    const response = await api(headSession, "PATCH", `/inventory/assets/${asset.id}`, { version: asset.version, lentToPersonId: teacher.id });
    expect(response.statusCode).toBe(403);
    expect((await stored(asset.id)).lentToPersonId).toBeNull();
  });
});

describe("the list's lentTo filter", () => {
  it("lists what a person has borrowed, within the reader's scope only", async () => {
    const borrower = await buildPerson(t.db, { role: "teacher", scope: schoolScope(school), withPassword: false });
    const lent = (await api(technician, "POST", "/inventory/assets", laptop({ lentToPersonId: borrower.id }))).json().asset;
    await api(technician, "POST", "/inventory/assets", laptop());
    const listed = await api(technician, "GET", `/inventory/assets?lentTo=${borrower.id}`);
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().items.map((a: { id: string }) => a.id)).toEqual([lent.id]);
    const elsewhere = await logIn(t.app, await buildPerson(t.db, { role: "head", scope: schoolScope(otherSchool) }));
    expect((await api(elsewhere, "GET", `/inventory/assets?lentTo=${borrower.id}`)).json().items).toEqual([]);
    expect((await api(technician, "GET", "/inventory/assets?lentTo=personne")).statusCode).toBe(400);
  });
});

describe("the inventory agent never sets nor clears the borrower (no personal data from an agent, DOMAIN §1)", () => {
  it("keeps the borrower when the agent reports the lent laptop, and a laptop the agent discovers has none", async () => {
    const asset = (await api(technician, "POST", "/inventory/assets", laptop({ serial: "CZCLENT0001", lentToPersonId: coordinator.id }))).json().asset;
    const extra = "<USERS><LOGIN>eleve.invente</LOGIN></USERS>";
    const report = await postAgent(t.app, auth, {
      body: inventoryXml({ name: "PC-ELEVE-01", ssn: "CZCLENT0001", tag: school.uai, chassis: "Laptop", extra }),
    });
    expect(report.statusCode, report.body).toBeLessThan(300);
    const after = await stored(asset.id);
    expect(after.lastInventoryAt).not.toBeNull();
    expect(after.lentToPersonId).toBe(coordinator.id);

    await postAgent(t.app, auth, { body: inventoryXml({ name: "PC-NOUVEAU-01", ssn: "CZCNEW00001", tag: school.uai, chassis: "Laptop", extra }) });
    const [discovered] = await t.db.select().from(assets).where(eq(assets.serial, "CZCNEW00001"));
    expect(discovered?.source).toBe("agent");
    expect(discovered?.lentToPersonId).toBeNull();
  });
});

describe("the import's borrower column", () => {
  const header = "uai;type;nom;numero_serie;financement;emprunteur_email";
  it("names the line and the column when the e-mail is unknown, not at the school, or the item not individual; writes nothing", async () => {
    const csv = [
      header,
      `${school.uai};laptop;PC-IMP-1;IMP0001;Équipement individuel;${teacher.email}`,
      `${school.uai};laptop;PC-IMP-2;IMP0002;Équipement individuel;personne.inconnue@exemple.test`,
      `${school.uai};laptop;PC-IMP-3;IMP0003;Équipement individuel;${outsider.email}`,
      `${school.uai};desktop;PC-IMP-4;IMP0004;Marché Région;${coordinator.email}`,
    ].join("\n");
    const response = await api(technician, "POST", "/inventory/imports/assets", { csv, dryRun: false });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().created).toBe(0);
    expect(response.json().issues).toEqual([
      expect.objectContaining({ line: 3, column: "emprunteur_email", message: expect.stringMatching(/Aucune personne/) }),
      expect.objectContaining({ line: 4, column: "emprunteur_email", message: expect.stringMatching(/pas de rôle en cours/) }),
      expect.objectContaining({ line: 5, column: "emprunteur_email", message: expect.stringMatching(/individuel/) }),
    ]);
    expect(await t.db.select().from(assets).where(eq(assets.serial, "IMP0001"))).toHaveLength(0);
  });

  it("lends the imported laptops to the people named, case aside, with a lent entry in their history", async () => {
    const csv = [
      header,
      `${school.uai};Ordinateur portable;PC-IMP-5;IMP0005;individual_programme;${coordinator.email.toUpperCase()}`,
      `${school.uai};laptop;PC-IMP-6;IMP0006;individual_programme;`,
    ].join("\n");
    const response = await api(technician, "POST", "/inventory/imports/assets", { csv, dryRun: false });
    expect(response.json()).toEqual({ lines: 2, created: 2, issues: [] });
    const [lent] = await t.db.select().from(assets).where(eq(assets.serial, "IMP0005"));
    const [notLent] = await t.db.select().from(assets).where(eq(assets.serial, "IMP0006"));
    expect(lent?.lentToPersonId).toBe(coordinator.id);
    expect(notLent?.lentToPersonId).toBeNull();
    const detail = (await api(technician, "GET", `/inventory/assets/${lent!.id}`)).json();
    expect(detail.loan.personId).toBe(coordinator.id);
    expect(detail.history.map((e: { kind: string }) => e.kind)).toContain("lent");
  });
});
