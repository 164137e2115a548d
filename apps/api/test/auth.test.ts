import { schoolYearOf } from "@relais/shared/school-year";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  apiTokens,
  auditEvents,
  credentials,
  organisations,
  outboxMessages,
  passwordResetTokens,
  roleAssignments,
  schools,
  sessions,
} from "../src/db/schema.ts";
import { currentTotpCode, matchTotp, sha256 } from "../src/modules/auth/secrets.ts";
import { createTransport, deliverOutbox } from "../src/modules/mail/mail.service.ts";
import { buildPerson, buildRegion, buildSchool, logIn, type Session, schoolScope, TEST_PASSWORD } from "./factories.ts";
import { buildTestApp, type TestClock, testClock } from "./setup.ts";
import { parseMail, startSmtpServer } from "./smtp.ts";

type TestApp = Awaited<ReturnType<typeof buildTestApp>>;
type Person = Awaited<ReturnType<typeof buildPerson>>;

const API = "/api/v1";
const MINUTE = 60_000;
let t: TestApp;
let clock: TestClock;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

/** Every test logs in from its own address, so that the per-address throttle only bites where a test wants it to. */
let addressCounter = 0;
const freshAddress = () => `10.20.${Math.floor(++addressCounter / 250)}.${(addressCounter % 250) + 1}`;

function attemptLogin(email: string, password: string, remoteAddress = freshAddress()) {
  return t.app.inject({ method: "POST", url: `${API}/auth/login`, payload: { email, password }, remoteAddress });
}

/** Logs in on the app's clock; moves the clock one TOTP step first so that no code is ever a replay. */
async function signIn(person: Person, password = TEST_PASSWORD): Promise<Session> {
  if (person.totpSecret) clock.advance(30_000);
  return logIn(t.app, person, { password, now: clock.now(), remoteAddress: freshAddress() });
}

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: "GET", url: `${API}${url}`, headers });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

function sessionCookie(setCookie: string | string[] | undefined): string {
  const all = Array.isArray(setCookie) ? setCookie : [setCookie ?? ""];
  const found = all.find((c) => c.startsWith("relais_session="));
  if (!found) throw new Error(`no session cookie in ${JSON.stringify(setCookie)}`);
  return found;
}

function expectProblem(response: { statusCode: number; headers: Record<string, unknown>; json: () => unknown }, status: number, code: string) {
  expect(response.statusCode, JSON.stringify(response.json())).toBe(status);
  expect(String(response.headers["content-type"])).toContain("application/problem+json");
  const body = response.json() as { code: string; detail: string; status: number };
  expect(body.code).toBe(code);
  expect(body.status).toBe(status);
  expect(typeof body.detail).toBe("string");
  return body;
}

async function schoolRow(id: string) {
  const [row] = await t.db.select().from(schools).where(eq(schools.id, id));
  return row!;
}

/** A region with a school, a region administrator (with TOTP) and the school's head. */
async function buildRegionWithPeople() {
  const region = await buildRegion(t.db);
  const school = await buildSchool(t.db, { regionId: region.id });
  const admin = await buildPerson(t.db, { role: "region_admin", scope: { kind: "region", regionId: region.id }, withTotp: true });
  const head = await buildPerson(t.db, { role: "head", scope: schoolScope(school) });
  return { region, school, admin, head };
}

beforeAll(async () => {
  smtp = await startSmtpServer();
  clock = testClock();
  t = await buildTestApp({ clock, env: { SMTP_URL: smtp.url } });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

describe("login", () => {
  it("opens a session with an httpOnly, SameSite cookie and a CSRF token", async () => {
    const { head } = await buildRegionWithPeople();
    const response = await attemptLogin(head.email, TEST_PASSWORD);
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.stage).toBe("active");
    expect(body.csrfToken).toMatch(/^[\w-]{20,}$/);
    const cookie = sessionCookie(response.headers["set-cookie"]);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=(Lax|Strict)/i);
    expect(cookie).toMatch(/; Path=\//i);
    // The cookie is a random token; only its hash is stored.
    const token = cookie.split(";")[0]!.split("=")[1]!;
    const [stored] = await t.db
      .select()
      .from(sessions)
      .where(eq(sessions.tokenHash, sha256(token)));
    expect(stored?.personId).toBe(head.id);
    const me = await get("/me", { cookie: `relais_session=${token}` });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ email: head.email, stage: "active", via: "session" });
  });

  it("refuses a wrong password and an unknown e-mail alike, in French", async () => {
    const { head } = await buildRegionWithPeople();
    const wrong = expectProblem(await attemptLogin(head.email, "Not-The-Password-1"), 401, "auth.invalid_credentials");
    const unknown = expectProblem(await attemptLogin("personne.inconnue@exemple.test", TEST_PASSWORD), 401, "auth.invalid_credentials");
    expect(wrong.detail).toBe("Adresse e-mail ou mot de passe incorrect.");
    expect(unknown.detail).toBe(wrong.detail);
    const refused = await attemptLogin(head.email, "Not-The-Password-1");
    expect(refused.headers["set-cookie"]).toBeUndefined();
  });

  it("validates the login form in French", async () => {
    const response = await t.app.inject({
      method: "POST",
      url: `${API}/auth/login`,
      payload: { email: "pas-une-adresse", password: "" },
      remoteAddress: freshAddress(),
    });
    const body = expectProblem(response, 400, "validation.failed");
    expect(body.detail).toMatch(/données invalides|Donnée invalide/);
  });

  it("locks the account after 5 failures, even against the right password, until the lockout passes", async () => {
    const { head } = await buildRegionWithPeople();
    for (let i = 1; i <= 5; i++) expectProblem(await attemptLogin(head.email, `Wrong-Password-${i}`), 401, "auth.invalid_credentials");

    const locked = expectProblem(await attemptLogin(head.email, TEST_PASSWORD), 429, "auth.locked");
    expect(locked.detail).toMatch(/Compte bloqué temporairement.*Réessayez dans 15 minutes/);
    const [creds] = await t.db.select().from(credentials).where(eq(credentials.personId, head.id));
    expect(creds?.lockedUntil?.getTime()).toBe(clock.now().getTime() + 15 * MINUTE);

    clock.advance(14 * MINUTE);
    expectProblem(await attemptLogin(head.email, TEST_PASSWORD), 429, "auth.locked");

    clock.advance(2 * MINUTE);
    const opened = await attemptLogin(head.email, TEST_PASSWORD);
    expect(opened.statusCode).toBe(200);
    const [after] = await t.db.select().from(credentials).where(eq(credentials.personId, head.id));
    expect(after?.failedAttempts).toBe(0);
    // The person is told by e-mail.
    const mails = await t.db
      .select()
      .from(outboxMessages)
      .where(and(eq(outboxMessages.toAddress, head.email), eq(outboxMessages.template, "account-locked")));
    expect(mails).toHaveLength(1);
  });

  it("locks the account when the failures arrive all at once", async () => {
    const { head } = await buildRegionWithPeople();
    const address = freshAddress();
    const responses = await Promise.all(Array.from({ length: 8 }, (_, i) => attemptLogin(head.email, `Wrong-Password-${i}`, address)));
    for (const response of responses) expect([401, 429]).toContain(response.statusCode);
    expectProblem(await attemptLogin(head.email, TEST_PASSWORD), 429, "auth.locked");
  });

  it("does not lock on 4 failures, and a success resets the count", async () => {
    const { head } = await buildRegionWithPeople();
    for (let i = 1; i <= 4; i++) await attemptLogin(head.email, `Wrong-Password-${i}`);
    expect((await attemptLogin(head.email, TEST_PASSWORD)).statusCode).toBe(200);
    for (let i = 1; i <= 4; i++) await attemptLogin(head.email, `Wrong-Password-${i}`);
    expect((await attemptLogin(head.email, TEST_PASSWORD)).statusCode).toBe(200);
  });

  it("slows down one address after 30 attempts, whatever the accounts, without blocking other addresses", async () => {
    const { head } = await buildRegionWithPeople();
    const address = freshAddress();
    for (let i = 0; i < 30; i++) {
      expectProblem(await attemptLogin(`inconnu${i}@exemple.test`, "Whatever-Password-1", address), 401, "auth.invalid_credentials");
    }
    const limited = expectProblem(await attemptLogin(head.email, TEST_PASSWORD, address), 429, "auth.rate_limited");
    expect(limited.detail).toMatch(/Trop de tentatives de connexion depuis votre adresse/);
    expect((await attemptLogin(head.email, TEST_PASSWORD, freshAddress())).statusCode).toBe(200);
  });

  it("lets a whole lycée log in from its one address: only failures count against it", async () => {
    const { head } = await buildRegionWithPeople();
    const address = freshAddress();
    for (let i = 0; i < 40; i++) expect((await attemptLogin(head.email, TEST_PASSWORD, address)).statusCode).toBe(200);
    for (let i = 0; i < 30; i++) {
      expectProblem(await attemptLogin(`inconnu${i}@exemple.test`, "Whatever-Password-1", address), 401, "auth.invalid_credentials");
    }
    expectProblem(await attemptLogin(head.email, TEST_PASSWORD, address), 429, "auth.rate_limited");
  });
});

describe("CSRF", () => {
  it("refuses cookie-authenticated writes without the right x-csrf-token, and changes nothing", async () => {
    const { region, school, admin } = await buildRegionWithPeople();
    const session = await signIn(admin);
    const other = await signIn(admin);
    const before = await schoolRow(school.id);
    const patch = { name: "Lycée Renommé", version: before.version };
    const cookieOnly = { cookie: session.cookie };

    for (const headers of [
      cookieOnly,
      { ...cookieOnly, "x-csrf-token": "faux-jeton" },
      { ...cookieOnly, "x-csrf-token": other.csrf },
      { ...cookieOnly, "x-csrf-token": "" },
    ]) {
      const response = await t.app.inject({ method: "PATCH", url: `${API}/schools/${school.id}`, headers, payload: patch });
      expectProblem(response, 403, "auth.csrf");
    }
    expect(await schoolRow(school.id)).toEqual(before);

    const org = await t.app.inject({
      method: "POST",
      url: `${API}/organisations`,
      headers: cookieOnly,
      payload: { regionId: region.id, name: "Prestataire Sans Jeton", kind: "contractor" },
    });
    expectProblem(org, 403, "auth.csrf");
    expect(await t.db.select().from(organisations).where(eq(organisations.name, "Prestataire Sans Jeton"))).toHaveLength(0);

    const teacher = await buildPerson(t.db, { role: "teacher", scope: schoolScope(school) });
    const [assignment] = await t.db.select().from(roleAssignments).where(eq(roleAssignments.personId, teacher.id));
    const end = await t.app.inject({ method: "DELETE", url: `${API}/role-assignments/${assignment!.id}`, headers: cookieOnly });
    expectProblem(end, 403, "auth.csrf");
    const [still] = await t.db.select().from(roleAssignments).where(eq(roleAssignments.id, assignment!.id));
    expect(still?.endedAt).toBeNull();

    // Reads need no token; with the right token every write goes through.
    expect((await get(`/schools/${school.id}`, cookieOnly)).statusCode).toBe(200);
    const patched = await t.app.inject({ method: "PATCH", url: `${API}/schools/${school.id}`, headers: session.headers, payload: patch });
    expect(patched.statusCode).toBe(200);
    expect((await schoolRow(school.id)).name).toBe("Lycée Renommé");
    const created = await t.app.inject({
      method: "POST",
      url: `${API}/organisations`,
      headers: session.headers,
      payload: { regionId: region.id, name: "Prestataire Avec Jeton", kind: "contractor" },
    });
    expect(created.statusCode).toBe(201);
    const ended = await t.app.inject({ method: "DELETE", url: `${API}/role-assignments/${assignment!.id}`, headers: session.headers });
    expect(ended.statusCode).toBe(204);
  });

  it("asks no CSRF token of Bearer tokens", async () => {
    const { school, admin } = await buildRegionWithPeople();
    const session = await signIn(admin);
    const created = await t.app.inject({ method: "POST", url: `${API}/api-tokens`, headers: session.headers, payload: { name: "Intégration" } });
    expect(created.statusCode).toBe(201);
    const { token } = created.json() as { token: string };
    const before = await schoolRow(school.id);
    const patched = await t.app.inject({
      method: "PATCH",
      url: `${API}/schools/${school.id}`,
      headers: bearer(token),
      payload: { commune: "Marseille", version: before.version },
    });
    expect(patched.statusCode).toBe(200);
    expect((await schoolRow(school.id)).commune).toBe("Marseille");
  });
});

describe("two-factor authentication", () => {
  it("makes an administrator without TOTP enrol before anything else", async () => {
    const region = await buildRegion(t.db);
    const admin = await buildPerson(t.db, { role: "region_admin", scope: { kind: "region", regionId: region.id } });
    const login = await attemptLogin(admin.email, TEST_PASSWORD);
    expect(login.json().stage).toBe("mfa_enrolment");
    const cookie = sessionCookie(login.headers["set-cookie"]).split(";")[0]!;
    const headers = { cookie, "x-csrf-token": login.json().csrfToken as string };

    const blocked = expectProblem(await get("/schools", headers), 403, "auth.stage_required");
    expect(blocked.detail).toMatch(/double authentification/);
    expect((blocked as unknown as { stage: string }).stage).toBe("mfa_enrolment");
    expectProblem(await t.app.inject({ method: "POST", url: `${API}/api-tokens`, headers, payload: { name: "Trop tôt" } }), 403, "auth.stage_required");
    expect((await get("/me", headers)).json().stage).toBe("mfa_enrolment");

    // Confirming before asking for a secret is refused.
    expectProblem(await t.app.inject({ method: "POST", url: `${API}/auth/mfa/confirm`, headers, payload: { code: "123456" } }), 403, "auth.stage_required");

    const setup = await t.app.inject({ method: "POST", url: `${API}/auth/mfa/setup`, headers });
    expect(setup.statusCode).toBe(200);
    const { secret, otpauthUrl, qrCodeSvg } = setup.json() as { secret: string; otpauthUrl: string; qrCodeSvg: string };
    expect(otpauthUrl).toContain(`secret=${secret}`);
    expect(qrCodeSvg).toContain("<svg");

    const wrongCode = codeThatDoesNotMatch(secret, clock.now());
    expectProblem(await t.app.inject({ method: "POST", url: `${API}/auth/mfa/confirm`, headers, payload: { code: wrongCode } }), 401, "auth.invalid_code");
    expectProblem(await get("/schools", headers), 403, "auth.stage_required");

    const confirm = await t.app.inject({ method: "POST", url: `${API}/auth/mfa/confirm`, headers, payload: { code: currentTotpCode(secret, clock.now()) } });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.json().stage).toBe("active");
    expect((await get("/schools", headers)).statusCode).toBe(200);
    const [creds] = await t.db.select().from(credentials).where(eq(credentials.personId, admin.id));
    expect(creds?.totpConfirmedAt).not.toBeNull();

    // From now on, a login asks for the code.
    clock.advance(30_000);
    expect((await attemptLogin(admin.email, TEST_PASSWORD)).json().stage).toBe("mfa");
  });

  it("asks a person with TOTP for a code, refuses a wrong one and a replayed one", async () => {
    const region = await buildRegion(t.db);
    const school = await buildSchool(t.db, { regionId: region.id });
    const teacher = await buildPerson(t.db, { role: "teacher", scope: schoolScope(school), withTotp: true });
    const secret = teacher.totpSecret!;
    clock.advance(30_000);

    const first = await attemptLogin(teacher.email, TEST_PASSWORD);
    expect(first.json().stage).toBe("mfa");
    const headers = { cookie: sessionCookie(first.headers["set-cookie"]).split(";")[0]!, "x-csrf-token": first.json().csrfToken as string };
    expectProblem(await get("/schools", headers), 403, "auth.stage_required");

    const wrong = await t.app.inject({ method: "POST", url: `${API}/auth/mfa/verify`, headers, payload: { code: codeThatDoesNotMatch(secret, clock.now()) } });
    expect(expectProblem(wrong, 401, "auth.invalid_code").detail).toMatch(/Code de vérification incorrect/);
    expectProblem(await get("/schools", headers), 403, "auth.stage_required");

    const code = currentTotpCode(secret, clock.now());
    const verified = await t.app.inject({ method: "POST", url: `${API}/auth/mfa/verify`, headers, payload: { code } });
    expect(verified.json().stage).toBe("active");
    expect((await get("/schools", headers)).statusCode).toBe(200);

    // Same code, new login: a replay.
    const second = await attemptLogin(teacher.email, TEST_PASSWORD);
    const headers2 = { cookie: sessionCookie(second.headers["set-cookie"]).split(";")[0]!, "x-csrf-token": second.json().csrfToken as string };
    expectProblem(await t.app.inject({ method: "POST", url: `${API}/auth/mfa/verify`, headers: headers2, payload: { code } }), 401, "auth.invalid_code");
    expectProblem(await get("/schools", headers2), 403, "auth.stage_required");

    // The next code works.
    clock.advance(30_000);
    const next = await t.app.inject({
      method: "POST",
      url: `${API}/auth/mfa/verify`,
      headers: headers2,
      payload: { code: currentTotpCode(secret, clock.now()) },
    });
    expect(next.json().stage).toBe("active");

    const failures = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.actorId, teacher.id), eq(auditEvents.action, "auth.mfa_failed")));
    expect(failures).toHaveLength(2);
  });
});

describe("password renewal", () => {
  it("makes an administrator whose password is older than 6 months change it after the second factor", async () => {
    const region = await buildRegion(t.db);
    const admin = await buildPerson(t.db, {
      role: "region_admin",
      scope: { kind: "region", regionId: region.id },
      withTotp: true,
      passwordChangedAt: new Date(clock.now().getTime() - 200 * 86_400_000),
    });
    clock.advance(30_000);
    const login = await attemptLogin(admin.email, TEST_PASSWORD);
    expect(login.json().stage).toBe("mfa");
    const headers = { cookie: sessionCookie(login.headers["set-cookie"]).split(";")[0]!, "x-csrf-token": login.json().csrfToken as string };
    const verified = await t.app.inject({
      method: "POST",
      url: `${API}/auth/mfa/verify`,
      headers,
      payload: { code: currentTotpCode(admin.totpSecret!, clock.now()) },
    });
    expect(verified.json().stage).toBe("password_change");
    const blocked = expectProblem(await get("/schools", headers), 403, "auth.stage_required");
    expect(blocked.detail).toMatch(/plus de 6 mois/);

    const change = (newPassword: string, currentPassword = TEST_PASSWORD) =>
      t.app.inject({ method: "POST", url: `${API}/auth/password`, headers, payload: { currentPassword, newPassword } });
    expectProblem(await change("court"), 400, "auth.password_weak");
    expectProblem(await change(TEST_PASSWORD), 400, "auth.password_reused");
    expectProblem(await change("Tout-Nouveau-Secret-42", "Pas-Le-Bon-Mot-2-Passe"), 400, "validation.failed");
    expectProblem(await get("/schools", headers), 403, "auth.stage_required");

    const changed = await change("Tout-Nouveau-Secret-42");
    expect(changed.json().stage).toBe("active");
    expect((await get("/schools", headers)).statusCode).toBe(200);

    expectProblem(await attemptLogin(admin.email, TEST_PASSWORD), 401, "auth.invalid_credentials");
    const again = await signIn(admin, "Tout-Nouveau-Secret-42");
    expect((await get("/schools", again.headers)).statusCode).toBe(200);
  });

  it("does not ask it of someone without an administrator role", async () => {
    const region = await buildRegion(t.db);
    const school = await buildSchool(t.db, { regionId: region.id });
    const head = await buildPerson(t.db, { role: "head", scope: schoolScope(school), passwordChangedAt: new Date(clock.now().getTime() - 400 * 86_400_000) });
    expect((await attemptLogin(head.email, TEST_PASSWORD)).json().stage).toBe("active");
  });
});

describe("password reset by e-mail", () => {
  it("sends a link through SMTP that resets the password once", async () => {
    const { head } = await buildRegionWithPeople();
    const oldSession = await signIn(head);

    const request = await t.app.inject({ method: "POST", url: `${API}/auth/password-reset/request`, payload: { email: head.email.toUpperCase() } });
    expect(request.statusCode).toBe(202);
    expect(request.json().message).toMatch(/Si un compte existe/);

    const counts = await deliverOutbox(t.db, createTransport(t.config.SMTP_URL), t.config.MAIL_FROM);
    expect(counts.sent).toBeGreaterThanOrEqual(1);
    expect(counts.failed).toBe(0);
    const delivered = smtp.received.filter((m) => m.envelopeTo.includes(head.email));
    expect(delivered).toHaveLength(1);
    const mail = parseMail(delivered[0]!.raw);
    expect(mail.headers.to).toContain(head.email);
    expect(mail.headers.from).toContain("ne-pas-repondre@relais.localhost");
    expect(mail.subject).toBe("Relais — réinitialisation de votre mot de passe");
    expect(mail.text).toContain(`Bonjour ${head.firstName} ${head.lastName}`);
    const link = /(https?:\/\/\S+)/.exec(mail.text)?.[1];
    expect(link).toBeDefined();
    const url = new URL(link!);
    expect(url.origin).toBe("http://relais.test");
    expect(url.pathname).toBe("/reinitialiser-mot-de-passe");
    const token = url.searchParams.get("jeton")!;
    expect(token.length).toBeGreaterThanOrEqual(40);
    expect(mail.html).toContain(token);

    // The database holds only the token's hash.
    const stored = await t.db.select().from(passwordResetTokens).where(eq(passwordResetTokens.personId, head.id));
    expect(stored).toHaveLength(1);
    expect(stored[0]?.tokenHash).toBe(sha256(token));
    expect(JSON.stringify(stored)).not.toContain(token);

    const confirm = (newPassword: string) => t.app.inject({ method: "POST", url: `${API}/auth/password-reset/confirm`, payload: { token, newPassword } });
    expect((await confirm("Mot-De-Passe-Retrouve-7")).statusCode).toBe(204);
    expect((await attemptLogin(head.email, "Mot-De-Passe-Retrouve-7")).statusCode).toBe(200);
    expectProblem(await attemptLogin(head.email, TEST_PASSWORD), 401, "auth.invalid_credentials");
    // Sessions opened with the old password are closed.
    expectProblem(await get("/me", oldSession.headers), 401, "auth.required");

    const reused = expectProblem(await confirm("Encore-Un-Autre-Secret-8"), 400, "auth.reset_token_invalid");
    expect(reused.detail).toMatch(/invalide, expiré ou déjà utilisé/);
    expect((await attemptLogin(head.email, "Mot-De-Passe-Retrouve-7")).statusCode).toBe(200);
  });

  it("refuses a made-up token and answers an unknown address like a known one, sending nothing", async () => {
    expectProblem(
      await t.app.inject({
        method: "POST",
        url: `${API}/auth/password-reset/confirm`,
        payload: { token: "jeton-invente-0123456789", newPassword: "Mot-De-Passe-Retrouve-7" },
      }),
      400,
      "auth.reset_token_invalid",
    );
    const before = await t.db.select({ n: sql<number>`count(*)::int` }).from(outboxMessages);
    const response = await t.app.inject({ method: "POST", url: `${API}/auth/password-reset/request`, payload: { email: "jamais.vu@exemple.test" } });
    expect(response.statusCode).toBe(202);
    expect(response.json().message).toMatch(/Si un compte existe/);
    const after = await t.db.select({ n: sql<number>`count(*)::int` }).from(outboxMessages);
    expect(after[0]?.n).toBe(before[0]?.n);
  });

  it("without SMTP, holds the message where a region administrator can read it", async () => {
    const { admin, head } = await buildRegionWithPeople();
    expect((await t.app.inject({ method: "POST", url: `${API}/auth/password-reset/request`, payload: { email: head.email } })).statusCode).toBe(202);
    const counts = await deliverOutbox(t.db, createTransport(undefined), t.config.MAIL_FROM);
    expect(counts.held).toBeGreaterThanOrEqual(1);
    expect(counts.sent).toBe(0);

    const session = await signIn(admin);
    const outbox = await get(`/outbox?status=held&to=${encodeURIComponent(head.email)}`, session.headers);
    expect(outbox.statusCode).toBe(200);
    const items = outbox.json().items as { id: string; toAddress: string; status: string; template: string; textBody: string }[];
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ toAddress: head.email, status: "held", template: "password-reset" });
    expect(items[0]?.textBody).toContain("/reinitialiser-mot-de-passe?jeton=");
    expect((await get(`/outbox/${items[0]!.id}`, session.headers)).statusCode).toBe(200);

    // The head is not an administrator: the outbox is closed to them.
    const headSession = await signIn(head);
    expectProblem(await get("/outbox", headSession.headers), 403, "forbidden");
  });
});

describe("API tokens", () => {
  it("are shown once, stored hashed, and act with the creator's rights only", async () => {
    const { school, head } = await buildRegionWithPeople();
    const other = await buildRegionWithPeople();
    const session = await signIn(head);

    const created = await t.app.inject({ method: "POST", url: `${API}/api-tokens`, headers: session.headers, payload: { name: "Script de l'établissement" } });
    expect(created.statusCode).toBe(201);
    const { token, id, prefix } = created.json() as { token: string; id: string; prefix: string };
    expect(token).toMatch(/^rls_/);
    expect(token.startsWith(prefix)).toBe(true);

    const listed = await get("/api-tokens", session.headers);
    expect(listed.statusCode).toBe(200);
    expect(listed.body).not.toContain(token);
    expect(listed.json().items.map((i: { id: string }) => i.id)).toEqual([id]);

    const rows = await t.db.select().from(apiTokens).where(eq(apiTokens.personId, head.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.tokenHash).toBe(sha256(token));
    expect(JSON.stringify(rows)).not.toContain(token.slice(4));

    // Bearer works, within the head's scope.
    const mine = await get("/schools", bearer(token));
    expect(mine.statusCode).toBe(200);
    expect(mine.json().items.map((s: { id: string }) => s.id)).toEqual([school.id]);
    expect((await get(`/schools?regionId=${other.region.id}`, bearer(token))).json().items).toEqual([]);
    expectProblem(await get(`/schools/${other.school.id}`, bearer(token)), 404, "not_found");
    expect((await get("/me", bearer(token))).json()).toMatchObject({ email: head.email, via: "token", csrfToken: null });

    // It writes what the head may write, and nothing the head may not.
    const enrol = await t.app.inject({
      method: "PUT",
      url: `${API}/schools/${school.id}/enrolment`,
      headers: bearer(token),
      payload: { schoolYear: schoolYearOf(clock.now()), lines: [{ track: "general", level: "2de", students: 300 }] },
    });
    expect(enrol.statusCode).toBe(200);
    const before = await schoolRow(school.id);
    expectProblem(
      await t.app.inject({
        method: "PATCH",
        url: `${API}/schools/${school.id}`,
        headers: bearer(token),
        payload: { name: "Lycée Piraté", version: before.version },
      }),
      403,
      "forbidden",
    );
    expectProblem(
      await t.app.inject({ method: "PATCH", url: `${API}/schools/${other.school.id}`, headers: bearer(token), payload: { name: "Lycée Piraté", version: 1 } }),
      404,
      "not_found",
    );
    expect(await schoolRow(school.id)).toEqual(before);

    // A token cannot mint another token.
    expectProblem(await t.app.inject({ method: "POST", url: `${API}/api-tokens`, headers: bearer(token), payload: { name: "Jeton fils" } }), 403, "forbidden");
    expect(await t.db.select().from(apiTokens).where(eq(apiTokens.personId, head.id))).toHaveLength(1);

    // Rights follow the creator: once the head's designation ends, the token sees nothing.
    await t.db.update(roleAssignments).set({ endedAt: new Date() }).where(eq(roleAssignments.personId, head.id));
    expect((await get("/schools", bearer(token))).json().items).toEqual([]);
    expectProblem(await get(`/schools/${school.id}`, bearer(token)), 404, "not_found");

    // Revoked: refused.
    expect((await t.app.inject({ method: "DELETE", url: `${API}/api-tokens/${id}`, headers: session.headers })).statusCode).toBe(204);
    expectProblem(await get("/schools", bearer(token)), 401, "auth.token_invalid");
    expectProblem(await t.app.inject({ method: "DELETE", url: `${API}/api-tokens/${id}`, headers: session.headers }), 404, "not_found");
  });

  it("read-only tokens read but cannot write", async () => {
    const { school, head } = await buildRegionWithPeople();
    const session = await signIn(head);
    const created = await t.app.inject({
      method: "POST",
      url: `${API}/api-tokens`,
      headers: session.headers,
      payload: { name: "Tableau de bord", isReadOnly: true },
    });
    const { token, isReadOnly } = created.json() as { token: string; isReadOnly: boolean };
    expect(isReadOnly).toBe(true);
    expect((await get(`/schools/${school.id}`, bearer(token))).statusCode).toBe(200);
    const before = await schoolRow(school.id);
    const refused = await t.app.inject({
      method: "PUT",
      url: `${API}/schools/${school.id}/enrolment`,
      headers: bearer(token),
      payload: { schoolYear: schoolYearOf(clock.now()), lines: [{ track: "general", level: "2de", students: 1 }] },
    });
    expect(expectProblem(refused, 403, "auth.read_only_token").detail).toMatch(/lecture seule/);
    expect(await schoolRow(school.id)).toEqual(before);
  });

  it("refuses unknown, expired, malformed and other people's tokens", async () => {
    const { head, admin } = await buildRegionWithPeople();
    expectProblem(await get("/schools", bearer("rls_nimporte-quoi")), 401, "auth.token_invalid");
    expectProblem(await get("/schools", { authorization: "Basic dXNlcjpwYXNz" }), 401, "auth.token_invalid");

    const session = await signIn(head);
    const { token, id } = (
      await t.app.inject({ method: "POST", url: `${API}/api-tokens`, headers: session.headers, payload: { name: "Court", expiresInDays: 1 } })
    ).json() as { token: string; id: string };
    expect((await get("/schools", bearer(token))).statusCode).toBe(200);

    // Somebody else cannot revoke it.
    const adminSession = await signIn(admin);
    expectProblem(await t.app.inject({ method: "DELETE", url: `${API}/api-tokens/${id}`, headers: adminSession.headers }), 404, "not_found");
    expect((await get("/schools", bearer(token))).statusCode).toBe(200);

    await t.db
      .update(apiTokens)
      .set({ expiresAt: new Date(Date.now() - MINUTE) })
      .where(eq(apiTokens.id, id));
    expectProblem(await get("/schools", bearer(token)), 401, "auth.token_invalid");
  });
});

/** A six-digit code that the secret does not accept right now (checked, not hoped). */
function codeThatDoesNotMatch(secret: string, now: Date): string {
  for (let n = 0; ; n++) {
    const code = String((123_457 + n * 7_919) % 1_000_000).padStart(6, "0");
    if (matchTotp(secret, code, now) === null) return code;
  }
}
