import { schoolYearBounds, schoolYearOf } from "@relais/shared/school-year";
import { and, eq, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outboxMessages, people, roleAssignments } from "../src/db/schema.ts";
import { buildOrganisation, buildPerson, buildRegion, buildSchool, buildZone, logIn, type Session, schoolScope } from "./factories.ts";
import { buildTestApp } from "./setup.ts";

type TestApp = Awaited<ReturnType<typeof buildTestApp>>;
const API = "/api/v1";
let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const year = () => schoolYearOf(new Date());
const nextYear = () => {
  const start = Number(year().slice(0, 4)) + 1;
  return `${start}-${start + 1}`;
};

/** A school with its head and its region's administrator, both logged in. */
async function schoolWorld() {
  const region = await buildRegion(t.db);
  const zone = await buildZone(t.db, { regionId: region.id });
  const school = await buildSchool(t.db, { regionId: region.id, sectorId: zone.sectorId, zoneId: zone.id });
  const head = await buildPerson(t.db, { role: "head", scope: schoolScope(school) });
  const admin = await buildPerson(t.db, { role: "region_admin", scope: { kind: "region", regionId: region.id }, withTotp: true });
  return { region, zone, school, head, admin, headSession: await logIn(t.app, head), adminSession: await logIn(t.app, admin) };
}

const designate = (session: Session, body: Record<string, unknown>) =>
  t.app.inject({ method: "POST", url: `${API}/role-assignments`, headers: session.headers, payload: body });
const newPerson = (label: string) => ({ email: `${label}-${Math.random().toString(36).slice(2, 10)}@exemple.test`, firstName: label, lastName: "Testeur" });

async function activeHolders(schoolId: string, role: string) {
  return t.db
    .select()
    .from(roleAssignments)
    .where(
      and(
        eq(roleAssignments.schoolId, schoolId),
        eq(roleAssignments.role, role),
        isNull(roleAssignments.endedAt),
        sql`${roleAssignments.validFrom} <= (now() at time zone 'Europe/Paris')::date`,
        sql`coalesce(${roleAssignments.validUntil}, 'infinity') >= (now() at time zone 'Europe/Paris')::date`,
      ),
    );
}

describe("designations", () => {
  it("a single-holder role is refused while held, then replaceCurrent ends the former holder", async () => {
    const { school, headSession } = await schoolWorld();
    const first = await buildPerson(t.db, { regionId: school.regionId, withPassword: false });
    const second = await buildPerson(t.db, { regionId: school.regionId, withPassword: false });
    const scope = { kind: "school", id: school.id };

    const created = await designate(headSession, { personId: first.id, role: "coordinator", scope });
    expect(created.statusCode).toBe(201);
    const firstAssignment = created.json();
    expect(firstAssignment).toMatchObject({
      personId: first.id,
      role: "coordinator",
      schoolYear: year(),
      validUntil: schoolYearBounds(year()).endsOn,
      isActive: true,
    });

    const taken = await designate(headSession, { personId: second.id, role: "coordinator", scope });
    expect(taken.statusCode).toBe(409);
    const problem = taken.json();
    expect(problem.code).toBe("role.single_holder_taken");
    expect(problem.detail).toContain(`${first.firstName} ${first.lastName}`);
    expect(problem.detail).toMatch(/a déjà un\(e\) Coordonnateur numérique/);
    expect(problem.currentHolders).toEqual([{ assignmentId: firstAssignment.id, personId: first.id, name: `${first.firstName} ${first.lastName}` }]);
    expect((await activeHolders(school.id, "coordinator")).map((a) => a.personId)).toEqual([first.id]);

    const replaced = await designate(headSession, { personId: second.id, role: "coordinator", scope, replaceCurrent: true });
    expect(replaced.statusCode).toBe(201);
    expect((await activeHolders(school.id, "coordinator")).map((a) => a.personId)).toEqual([second.id]);
    const [former] = await t.db.select().from(roleAssignments).where(eq(roleAssignments.id, firstAssignment.id));
    expect(former?.endedAt).not.toBeNull();
    expect(former!.validUntil! <= replaced.json().validFrom).toBe(true);

    const listed = await t.app.inject({
      method: "GET",
      url: `${API}/role-assignments?schoolId=${school.id}&role=coordinator&active=true`,
      headers: headSession.headers,
    });
    expect(listed.json().items.map((i: { personId: string }) => i.personId)).toEqual([second.id]);
  });

  it("keeps school roles within the school year", async () => {
    const { school, headSession } = await schoolWorld();
    const bounds = schoolYearBounds(year());
    const dayAfter = (date: string) => new Date(Date.parse(date) + 86_400_000).toISOString().slice(0, 10);
    const dayBefore = (date: string) => new Date(Date.parse(date) - 86_400_000).toISOString().slice(0, 10);
    const scope = { kind: "school", id: school.id };
    const before = await t.db.select().from(roleAssignments).where(eq(roleAssignments.schoolId, school.id));

    const tooLate = await designate(headSession, { newPerson: newPerson("tard"), role: "teacher", scope, validUntil: dayAfter(bounds.endsOn) });
    expect(tooLate.statusCode).toBe(400);
    expect(tooLate.json().detail).toBe(`La période doit rester dans l'année scolaire ${year()} (${bounds.startsOn} – ${bounds.endsOn}).`);
    const tooEarly = await designate(headSession, { newPerson: newPerson("tot"), role: "teacher", scope, validFrom: dayBefore(bounds.startsOn) });
    expect(tooEarly.statusCode).toBe(400);
    const past = await designate(headSession, { newPerson: newPerson("passe"), role: "teacher", scope, schoolYear: "2020-2021" });
    expect(past.statusCode).toBe(400);
    expect(past.json().detail).toBe("L'année scolaire 2020-2021 est terminée.");
    const reversed = await designate(headSession, {
      newPerson: newPerson("envers"),
      role: "teacher",
      scope,
      validFrom: bounds.endsOn,
      validUntil: dayBefore(bounds.endsOn),
    });
    expect(reversed.statusCode).toBe(400);
    expect(await t.db.select().from(roleAssignments).where(eq(roleAssignments.schoolId, school.id))).toEqual(before);

    // Next year's designation runs over next year, and is not active yet.
    const next = await designate(headSession, { newPerson: newPerson("suivant"), role: "teacher", scope, schoolYear: nextYear() });
    expect(next.statusCode).toBe(201);
    expect(next.json()).toMatchObject({
      schoolYear: nextYear(),
      validFrom: schoolYearBounds(nextYear()).startsOn,
      validUntil: schoolYearBounds(nextYear()).endsOn,
      isActive: false,
    });
  });

  it("refuses a role held at the wrong level with role.scope_mismatch", async () => {
    const { region, zone, school, adminSession } = await schoolWorld();
    const cases = [
      { role: "head", scope: { kind: "region", id: region.id }, message: "Le rôle « Chef d'établissement » se tient au niveau établissement, pas région." },
      { role: "coordinator", scope: { kind: "zone", id: zone.id }, message: "Le rôle « Coordonnateur numérique » se tient au niveau établissement, pas zone." },
      {
        role: "region_admin",
        scope: { kind: "school", id: school.id },
        message: "Le rôle « Administrateur régional » se tient au niveau région, pas établissement.",
      },
      {
        role: "technician",
        scope: { kind: "school", id: school.id },
        message: "Le rôle « Technicien régional » se tient au niveau région ou secteur ou zone, pas établissement.",
      },
    ];
    for (const c of cases) {
      const person = newPerson("decale");
      const response = await designate(adminSession, { newPerson: person, role: c.role, scope: c.scope });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ code: "role.scope_mismatch", detail: c.message });
      expect(await t.db.select().from(people).where(eq(people.email, person.email))).toEqual([]);
    }
  });

  it("tells the designated person by e-mail, through the outbox", async () => {
    const { school, head, headSession } = await schoolWorld();
    const person = newPerson("avise");
    t.sentJobs.length = 0;
    const response = await designate(headSession, { newPerson: person, role: "correspondent", scope: { kind: "school", id: school.id } });
    expect(response.statusCode).toBe(201);
    const [mail, ...others] = await t.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, person.email));
    expect(others).toEqual([]);
    expect(mail).toMatchObject({
      template: "role-designated",
      status: "pending",
      regionId: school.regionId,
      subject: `Relais — vous êtes désigné(e) Correspondant (${school.name})`,
    });
    expect(mail!.textBody).toContain(`${head.firstName} ${head.lastName} vous a désigné(e) Correspondant du ${school.name} pour l'année scolaire ${year()}.`);
    expect(mail!.textBody).toContain("http://relais.test");
    expect(t.sentJobs).toContainEqual({ name: "outbox.deliver", data: {} });
  });

  it("leaves exactly one coordinator when two designations race", async () => {
    const { school, headSession, adminSession } = await schoolWorld();
    const scope = { kind: "school", id: school.id };
    const candidates = [newPerson("premier"), newPerson("second")];
    const raced = await Promise.all([
      designate(headSession, { newPerson: candidates[0], role: "coordinator", scope }),
      designate(adminSession, { newPerson: candidates[1], role: "coordinator", scope }),
    ]);
    expect(raced.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const holders = await activeHolders(school.id, "coordinator");
    expect(holders).toHaveLength(1);
    const loser = raced.findIndex((r) => r.statusCode === 409);
    expect(raced[loser]!.json().code).toBe("role.single_holder_taken");
    // The winner is the one the database holds, and the loser's new person was not created.
    expect(holders[0]!.personId).toBe(raced[1 - loser]!.json().personId);
    expect(await t.db.select().from(people).where(eq(people.email, candidates[loser]!.email))).toEqual([]);

    const replacing = await Promise.all(
      ["trois", "quatre", "cinq"].map((label, i) =>
        designate(i % 2 ? adminSession : headSession, { newPerson: newPerson(label), role: "coordinator", scope, replaceCurrent: true }),
      ),
    );
    expect(replacing.map((r) => r.statusCode)).toEqual([201, 201, 201]);
    expect(await activeHolders(school.id, "coordinator")).toHaveLength(1);
  });

  it("ends a designation once, and keeps it in the history", async () => {
    const { school, headSession } = await schoolWorld();
    const created = (await designate(headSession, { newPerson: newPerson("fin"), role: "teacher", scope: { kind: "school", id: school.id } })).json();
    const end = () => t.app.inject({ method: "DELETE", url: `${API}/role-assignments/${created.id}`, headers: headSession.headers });
    expect((await end()).statusCode).toBe(204);
    const again = await end();
    expect(again.statusCode).toBe(409);
    expect(again.json().detail).toBe("Cette désignation est déjà terminée.");
    const history = await t.app.inject({ method: "GET", url: `${API}/role-assignments?schoolId=${school.id}&role=teacher`, headers: headSession.headers });
    expect(history.json().items).toEqual([expect.objectContaining({ id: created.id, isActive: false })]);
    const active = await t.app.inject({
      method: "GET",
      url: `${API}/role-assignments?schoolId=${school.id}&role=teacher&active=true`,
      headers: headSession.headers,
    });
    expect(active.json().items).toEqual([]);
  });

  it("the Region designates at region and organisation level, without a school year", async () => {
    const { region, adminSession } = await schoolWorld();
    const org = await buildOrganisation(t.db, { regionId: region.id });
    const serviceHead = await designate(adminSession, { newPerson: newPerson("chef"), role: "service_head", scope: { kind: "region", id: region.id } });
    expect(serviceHead.statusCode).toBe(201);
    expect(serviceHead.json()).toMatchObject({ scopeKind: "region", regionId: region.id, schoolYear: null, validUntil: null, isActive: true });
    const orgTechnician = await designate(adminSession, {
      newPerson: newPerson("presta"),
      role: "org_technician",
      scope: { kind: "organisation", id: org.id },
    });
    expect(orgTechnician.statusCode).toBe(201);
    expect(orgTechnician.json()).toMatchObject({ scopeKind: "organisation", organisationId: org.id, regionId: region.id });
    const [created] = await t.db.select().from(people).where(eq(people.id, orgTechnician.json().personId));
    expect(created?.organisationId).toBe(org.id);

    const twice = await designate(adminSession, { personId: serviceHead.json().personId, role: "service_head", scope: { kind: "region", id: region.id } });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe("conflict.duplicate");
  });

  it("designating a new person by an e-mail already known reuses that person", async () => {
    const { school, headSession } = await schoolWorld();
    const known = await buildPerson(t.db, { regionId: school.regionId, withPassword: false });
    const response = await designate(headSession, {
      newPerson: { email: known.email.toUpperCase(), firstName: "Autre", lastName: "Nom" },
      role: "teacher",
      scope: { kind: "school", id: school.id },
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().personId).toBe(known.id);
    expect(await t.db.select().from(people).where(sql`lower(${people.email}) = ${known.email}`)).toHaveLength(1);
  });
});
