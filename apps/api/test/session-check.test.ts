import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/app.ts";
import { people, roleAssignments, sessions } from "../src/db/schema.ts";
import { sha256 } from "../src/modules/auth/secrets.ts";
import { assignRole, buildPerson, buildRegion, buildSchool, insertTicket, logIn, type Session, schoolScope } from "./factories.ts";
import { buildTestApp } from "./setup.ts";

/**
 * The hottest lists (tickets, assets) take a session this process knows from its cache and
 * check it in their own statement. Whatever changed since, in this process or another (here:
 * straight in the database), the answer is the one a fresh lookup would give.
 */
let t: Awaited<ReturnType<typeof buildTestApp>>;
let school: Awaited<ReturnType<typeof buildSchool>>;
let other: Awaited<ReturnType<typeof buildSchool>>;

const list = (session: Session, url = "/api/v1/tickets") => t.app.inject({ method: "GET", url, headers: { cookie: session.cookie } });
const tokenHashOf = (session: Session) => sha256(session.cookie.split("=")[1] as string);

const ticketAt = (schoolRow: typeof school, number: string, requesterId: string) =>
  insertTicket(t.db, schoolRow, { number, title: `Panne ${number}`, requesterId, receivedAt: new Date() });

/** A correspondent of `school`, logged in, whose session the cache now holds (one list read). */
async function cachedCorrespondent() {
  const person = await buildPerson(t.db, { role: "correspondent", scope: schoolScope(school) });
  const session = await logIn(t.app, person);
  expect((await list(session)).statusCode).toBe(200);
  expect(t.app.sessionCache.get(tokenHashOf(session), new Date())).toBeDefined();
  return { person, session };
}

const numbers = (response: { json: () => unknown }) => (response.json() as { items: { number: string }[] }).items.map((i) => i.number).sort();

beforeAll(async () => {
  t = await buildTestApp();
  const region = await buildRegion(t.db);
  school = await buildSchool(t.db, { regionId: region.id });
  other = await buildSchool(t.db, { regionId: region.id });
  const requester = await buildPerson(t.db, { role: "correspondent", scope: schoolScope(school) });
  await ticketAt(school, `SC-${process.pid}-A`, requester.id);
  await ticketAt(other, `SC-${process.pid}-B`, requester.id);
});
afterAll(() => t.close());

describe("a list served on a cached session", () => {
  it("answers from the cache while nothing changed, and confirms the session in its own statement", async () => {
    const { session } = await cachedCorrespondent();
    const again = await list(session);
    expect(again.statusCode).toBe(200);
    expect(numbers(again)).toEqual([`SC-${process.pid}-A`]);
    for (const url of ["/api/v1/inventory/assets", "/api/v1/tickets/stats?groupBy=school", "/api/v1/schools"])
      expect((await list(session, url)).statusCode, url).toBe(200);
  });

  it("refuses a session logged out elsewhere", async () => {
    const { session } = await cachedCorrespondent();
    await t.db.delete(sessions).where(eq(sessions.tokenHash, tokenHashOf(session)));
    for (const url of ["/api/v1/tickets", "/api/v1/tickets?format=csv", "/api/v1/inventory/assets", "/api/v1/tickets/stats", "/api/v1/schools"]) {
      const response = await list(session, url);
      expect(response.statusCode, url).toBe(401);
      expect(response.json()).toMatchObject({ code: "auth.required" });
    }
    expect(t.app.sessionCache.get(tokenHashOf(session), new Date())).toBeUndefined();
  });

  it("refuses a session expired in the database, and a deactivated person", async () => {
    const expired = await cachedCorrespondent();
    await t.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1_000) })
      .where(eq(sessions.tokenHash, tokenHashOf(expired.session)));
    expect((await list(expired.session)).statusCode).toBe(401);

    const deactivated = await cachedCorrespondent();
    await t.db.update(people).set({ isActive: false }).where(eq(people.id, deactivated.person.id));
    expect((await list(deactivated.session, "/api/v1/inventory/assets")).statusCode).toBe(401);
  });

  it("serves the rights the person holds now, when an assignment moved elsewhere", async () => {
    const { person, session } = await cachedCorrespondent();
    await t.db
      .update(roleAssignments)
      .set({ endedAt: new Date() })
      .where(and(eq(roleAssignments.personId, person.id), eq(roleAssignments.schoolId, school.id)));
    await assignRole(t.db, person.id, "correspondent", schoolScope(other));
    const moved = await list(session);
    expect(moved.statusCode).toBe(200);
    expect(numbers(moved)).toEqual([`SC-${process.pid}-B`]);
    // The fresh lookup is cached in turn: the next read checks the new rights, and passes.
    expect(numbers(await list(session))).toEqual([`SC-${process.pid}-B`]);
  });

  it("serves a session that has passed its step since this process cached it", async () => {
    const { session } = await cachedCorrespondent();
    const byHash = eq(sessions.tokenHash, tokenHashOf(session));
    // Read while the session waited for a password change (the cache now holds that stage)…
    await t.db.update(sessions).set({ stage: "password_change" }).where(byHash);
    expect((await list(session, "/api/v1/me")).statusCode).toBe(200);
    expect(t.app.sessionCache.get(tokenHashOf(session), new Date())?.session.stage).toBe("password_change");
    // …then the password changed: the list answers, it does not repeat the cached step.
    await t.db.update(sessions).set({ stage: "active" }).where(byHash);
    expect((await list(session)).statusCode).toBe(200);
  });

  it("asks for the step a session was sent back to (a password to renew)", async () => {
    const { session } = await cachedCorrespondent();
    await t.db
      .update(sessions)
      .set({ stage: "password_change" })
      .where(eq(sessions.tokenHash, tokenHashOf(session)));
    const response = await list(session);
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ code: "auth.stage_required", stage: "password_change" });
  });
});

describe("a route marked as checking its session that does not", () => {
  it("answers 401 rather than data read on an unchecked session", async () => {
    const app = await buildApp({ config: t.config, database: t.database, logger: false, jobs: { send: async () => {}, stop: async () => {} } });
    app.get("/api/v1/unchecked", { config: { checksSession: true } }, async () => ({ secret: "données" }));
    await app.ready();
    try {
      const person = await buildPerson(t.db, { role: "correspondent", scope: schoolScope(school) });
      const session = await logIn(app, person);
      const headers = { cookie: session.cookie };
      // First read: a real lookup, nothing to check. Second: from the cache, never confirmed.
      expect((await app.inject({ method: "GET", url: "/api/v1/unchecked", headers })).statusCode).toBe(200);
      const unchecked = await app.inject({ method: "GET", url: "/api/v1/unchecked", headers });
      expect(unchecked.statusCode).toBe(401);
      expect(unchecked.body).not.toContain("données");
    } finally {
      await app.close();
    }
  });
});
