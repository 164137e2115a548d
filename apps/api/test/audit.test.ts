import { schoolYearOf } from "@relais/shared/school-year";
import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../src/db/schema.ts";
import { auditJobs, purgeSecurityLog, securityLogCutoff } from "../src/modules/audit/audit.jobs.ts";
import { buildPerson, buildSchool, logIn, regionWithAdmin as newRegionWithAdmin, type Session, schoolScope, TEST_PASSWORD } from "./factories.ts";
import { buildTestApp } from "./setup.ts";

type TestApp = Awaited<ReturnType<typeof buildTestApp>>;
type AuditEvent = {
  id: number;
  occurredAt: string;
  regionId: string | null;
  schoolId: string | null;
  actorId: string | null;
  actorLabel: string;
  category: string;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
};
const API = "/api/v1";
let t: TestApp;

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

const regionWithAdmin = () => newRegionWithAdmin(t.app, t.db);

async function events(session: Session, query: string): Promise<AuditEvent[]> {
  const response = await t.app.inject({ method: "GET", url: `${API}/audit-events?${query}`, headers: session.headers });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items;
}

const login = (email: string, password: string, remoteAddress = "10.30.0.1") =>
  t.app.inject({ method: "POST", url: `${API}/auth/login`, payload: { email, password }, remoteAddress });

describe("audit of changes", () => {
  it("records who changed what, when, with the values before and after", async () => {
    const { region, admin, session } = await regionWithAdmin();
    const school = await buildSchool(t.db, { regionId: region.id, name: "Lycée Avant", wifiStatus: "none" });
    const startedAt = new Date();
    const response = await t.app.inject({
      method: "PATCH",
      url: `${API}/schools/${school.id}`,
      headers: { ...session.headers, "user-agent": "test" },
      payload: { name: "Lycée Après", wifiStatus: "full", commune: school.commune, version: school.version },
      remoteAddress: "10.30.1.7",
    });
    expect(response.statusCode).toBe(200);
    const finishedAt = new Date();

    const [event, ...others] = await events(session, `entityId=${school.id}`);
    expect(others).toEqual([]);
    expect(event).toMatchObject({
      category: "change",
      action: "school.updated",
      entityType: "school",
      entityId: school.id,
      regionId: region.id,
      schoolId: school.id,
      actorId: admin.id,
      actorLabel: `${admin.firstName} ${admin.lastName} <${admin.email}>`,
      // Only what changed: the commune sent unchanged is not in the diff.
      before: { name: "Lycée Avant", wifiStatus: "none" },
      after: { name: "Lycée Après", wifiStatus: "full" },
      ip: "10.30.1.7",
    });
    expect(event!.requestId).toMatch(/^[0-9a-f-]{36}$/);
    const at = Date.parse(event!.occurredAt);
    expect(at).toBeGreaterThanOrEqual(startedAt.getTime() - 1000);
    expect(at).toBeLessThanOrEqual(finishedAt.getTime() + 1000);
  });

  it("records creations, enrolment, designations and their end, by their author", async () => {
    const { region, admin, session } = await regionWithAdmin();
    const school = await buildSchool(t.db, { regionId: region.id });
    const head = await buildPerson(t.db, { role: "head", scope: schoolScope(school) });
    const headSession = await logIn(t.app, head);
    const post = (s: Session, method: "POST" | "PUT" | "DELETE", url: string, payload?: object) =>
      t.app.inject({ method, url: `${API}${url}`, headers: s.headers, ...(payload ? { payload } : {}) });

    const org = (await post(session, "POST", "/organisations", { regionId: region.id, name: "Prestataire Audité", kind: "supplier" })).json();
    const person = (
      await post(session, "POST", "/people", { regionId: region.id, email: "auditee@exemple.test", firstName: "Alex", lastName: "Audité" })
    ).json();
    const lines = [{ track: "general", level: "2de", students: 250 }];
    expect((await post(headSession, "PUT", `/schools/${school.id}/enrolment`, { schoolYear: schoolYearOf(new Date()), lines })).statusCode).toBe(200);
    const designation = (
      await post(headSession, "POST", "/role-assignments", { personId: person.id, role: "coordinator", scope: { kind: "school", id: school.id } })
    ).json();
    expect((await post(headSession, "DELETE", `/role-assignments/${designation.id}`)).statusCode).toBe(204);

    const all = await events(session, "category=change&pageSize=200");
    const find = (action: string, entityId: string) => all.find((e) => e.action === action && e.entityId === entityId);
    expect(find("organisation.created", org.id)).toMatchObject({ actorId: admin.id, after: { name: "Prestataire Audité", kind: "supplier" } });
    expect(find("person.created", person.id)).toMatchObject({ actorId: admin.id, after: { email: "auditee@exemple.test", firstName: "Alex" } });
    expect(find("school.enrolment_set", school.id)).toMatchObject({ actorId: head.id, schoolId: school.id, before: { lines: [] }, after: { lines } });
    expect(find("role.assigned", designation.id)).toMatchObject({ actorId: head.id, schoolId: school.id, after: { role: "coordinator", personId: person.id } });
    expect(find("role.ended", designation.id)).toMatchObject({ actorId: head.id, before: { role: "coordinator", personId: person.id } });
  });

  it("records nothing for a change that did not happen", async () => {
    const { region, session } = await regionWithAdmin();
    const school = await buildSchool(t.db, { regionId: region.id });
    const stale = await t.app.inject({
      method: "PATCH",
      url: `${API}/schools/${school.id}`,
      headers: session.headers,
      payload: { name: "Lycée Jamais", version: school.version + 5 },
    });
    expect(stale.statusCode).toBe(409);
    expect(await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, school.id))).toEqual([]);
  });

  it("exports the log as CSV", async () => {
    const { region, session } = await regionWithAdmin();
    const school = await buildSchool(t.db, { regionId: region.id, name: "Lycée Exporté" });
    await t.app.inject({
      method: "PATCH",
      url: `${API}/schools/${school.id}`,
      headers: session.headers,
      payload: { name: "=Lycée Formule", version: school.version },
    });
    const response = await t.app.inject({ method: "GET", url: `${API}/audit-events?format=csv&entityId=${school.id}`, headers: session.headers });
    expect(response.headers["content-type"]).toBe("text/csv; charset=utf-8");
    const lines = response.rawPayload.toString("utf8").split("\r\n");
    expect(lines[0]).toBe("\uFEFFDate;Auteur;Catégorie;Action;Objet;Avant;Après");
    expect(lines[1]).toContain(";change;school.updated;school ");
    expect(lines[1]).toContain('"{""name"":""Lycée Exporté""}"');
    expect(lines[1]).toContain('"{""name"":""=Lycée Formule""}"');
  });
});

describe("audit of security events", () => {
  it("records logins, failures and lockouts in the person's region", async () => {
    const { region, session } = await regionWithAdmin();
    const school = await buildSchool(t.db, { regionId: region.id });
    const head = await buildPerson(t.db, { role: "head", scope: schoolScope(school) });
    expect((await login(head.email, TEST_PASSWORD)).statusCode).toBe(200);
    for (let i = 0; i < 5; i++) await login(head.email, `Mauvais-Mot-${i}`);
    expect((await login(head.email, TEST_PASSWORD)).statusCode).toBe(429);

    const security = await events(session, `category=security&entityId=${head.id}`);
    const actions = security.map((e) => e.action).reverse();
    expect(actions).toEqual(["auth.login", "auth.login_failed", "auth.login_failed", "auth.login_failed", "auth.login_failed", "auth.locked"]);
    expect(security.every((e) => e.regionId === region.id && e.entityType === "person" && e.ip === "10.30.0.1")).toBe(true);
    const success = security.at(-1)!;
    expect(success.actorId).toBe(head.id);
    const failure = security.find((e) => e.action === "auth.login_failed")!;
    expect(failure.actorId).toBeNull();
    expect(failure.actorLabel).toBe(`Tentative de connexion <${head.email}>`);
    expect(security.find((e) => e.action === "auth.locked")!.after).toEqual({ failures: 5 });
    // Security events are apart from changes.
    expect(await events(session, `category=change&entityId=${head.id}`)).toEqual([]);
  });

  it("records API token creation and revocation", async () => {
    const { admin, session } = await regionWithAdmin();
    const created = (await t.app.inject({ method: "POST", url: `${API}/api-tokens`, headers: session.headers, payload: { name: "Jeton audité" } })).json();
    await t.app.inject({ method: "DELETE", url: `${API}/api-tokens/${created.id}`, headers: session.headers });
    const rows = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, created.id), eq(auditEvents.category, "security")));
    expect(rows.map((r) => r.action).sort()).toEqual(["api_token.created", "api_token.revoked"]);
    expect(rows.every((r) => r.actorId === admin.id)).toBe(true);
    expect(JSON.stringify(rows)).not.toContain(created.token);
  });
});

describe("purge of the security log", () => {
  it("deletes security events older than 6 months, and keeps changes and recent security events", async () => {
    const now = new Date();
    const cutoff = securityLogCutoff(now);
    const day = 86_400_000;
    const at = (offsetFromCutoffDays: number) => new Date(cutoff.getTime() + offsetFromCutoffDays * day);
    const inserted = await t.db
      .insert(auditEvents)
      .values([
        { occurredAt: at(-30), category: "security", action: "auth.login", entityType: "person", actorLabel: "vieux" },
        { occurredAt: at(-1), category: "security", action: "auth.login_failed", entityType: "person", actorLabel: "juste avant" },
        { occurredAt: at(1), category: "security", action: "auth.login", entityType: "person", actorLabel: "juste après" },
        { occurredAt: now, category: "security", action: "auth.login", entityType: "person", actorLabel: "récent" },
        { occurredAt: at(-400), category: "change", action: "school.updated", entityType: "school", actorLabel: "vieux changement" },
      ])
      .returning();
    expect(cutoff.getTime()).toBeLessThan(now.getTime() - 180 * day);
    expect(cutoff.getTime()).toBeGreaterThan(now.getTime() - 185 * day);

    const purged = await purgeSecurityLog(t.db, now);
    expect(purged).toBe(2);
    const left = await t.db
      .select()
      .from(auditEvents)
      .where(
        inArray(
          auditEvents.id,
          inserted.map((e) => e.id),
        ),
      );
    expect(left.map((e) => e.actorLabel).sort()).toEqual(["juste après", "récent", "vieux changement"]);
    expect(await purgeSecurityLog(t.db, now)).toBe(0);
  });

  it("runs as a scheduled job", async () => {
    const job = auditJobs(t.db, () => new Date()).find((j) => j.name === "audit.purge-security-log")!;
    expect(job.cron).toMatch(/^\d+ \d+ \* \* \*$/);
    const [old] = await t.db
      .insert(auditEvents)
      .values({
        occurredAt: new Date(Date.now() - 400 * 86_400_000),
        category: "security",
        action: "auth.login",
        entityType: "person",
        actorLabel: "très vieux",
      })
      .returning();
    await job.run({});
    expect(await t.db.select().from(auditEvents).where(eq(auditEvents.id, old!.id))).toEqual([]);
  });
});
