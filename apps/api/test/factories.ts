import type { Role, ScopeKind } from "@relais/shared/roles";
import { schoolYearBounds, schoolYearOf } from "@relais/shared/school-year";
import { computeUaiCheckLetter } from "@relais/shared/uai";
import type { FastifyInstance } from "fastify";
import type { Db } from "../src/db/client.ts";
import { credentials, organisations, people, regions, roleAssignments, schools, sectors, tickets, zones } from "../src/db/schema.ts";
import { currentTotpCode, hashPassword, newTotpSecret } from "../src/modules/auth/secrets.ts";

/**
 * Factories build what a test needs and its missing parents, with unique values, so tests
 * share no state and need no truncation.
 */
let counter = 0;
const next = () => ++counter + Math.floor(Math.random() * 1000) * 1000;

export const TEST_PASSWORD = "Correct-Horse-9-Battery";
let passwordHash: Promise<string> | null = null;
const testPasswordHash = () => (passwordHash ??= hashPassword(TEST_PASSWORD));

export function uniqueUai(department = "075"): string {
  const digits = `${department}${String(next() % 10000).padStart(4, "0")}`;
  return `${digits}${computeUaiCheckLetter(digits)}`;
}

export async function buildRegion(db: Db, overrides: Partial<typeof regions.$inferInsert> = {}) {
  const n = next();
  const [row] = await db
    .insert(regions)
    .values({ code: `r${n}`, name: `Région ${n}`, operatingModel: "in_house", ...overrides })
    .returning();
  return row!;
}

export async function buildSector(db: Db, overrides: Partial<typeof sectors.$inferInsert> = {}) {
  const regionId = overrides.regionId ?? (await buildRegion(db)).id;
  const n = next();
  const [row] = await db
    .insert(sectors)
    .values({ code: `S${n}`, name: `Secteur ${n}`, ...overrides, regionId })
    .returning();
  return row!;
}

export async function buildZone(db: Db, overrides: Partial<typeof zones.$inferInsert> = {}) {
  const sector = overrides.sectorId
    ? { id: overrides.sectorId, regionId: overrides.regionId! }
    : await buildSector(db, overrides.regionId ? { regionId: overrides.regionId } : {});
  const n = next();
  const [row] = await db
    .insert(zones)
    .values({ code: `Z${n}`, name: `Zone ${n}`, ...overrides, regionId: sector.regionId, sectorId: sector.id })
    .returning();
  return row!;
}

export async function buildSchool(db: Db, overrides: Partial<typeof schools.$inferInsert> = {}) {
  let { regionId, sectorId, zoneId } = overrides;
  if (zoneId && (!regionId || !sectorId)) throw new Error("buildSchool: give regionId and sectorId with zoneId");
  if (!regionId) {
    const zone = await buildZone(db);
    regionId = zone.regionId;
    sectorId = zone.sectorId;
    zoneId = zone.id;
  }
  const n = next();
  const [row] = await db
    .insert(schools)
    .values({
      uai: uniqueUai(),
      name: `Lycée Test ${n}`,
      type: "LEGT",
      academie: "Paris",
      departmentCode: "75",
      commune: "Paris",
      studentCount: 500,
      ...overrides,
      regionId,
      sectorId: sectorId ?? null,
      zoneId: zoneId ?? null,
    })
    .returning();
  return row!;
}

export async function buildOrganisation(db: Db, overrides: Partial<typeof organisations.$inferInsert> = {}) {
  const regionId = overrides.regionId ?? (await buildRegion(db)).id;
  const n = next();
  const [row] = await db
    .insert(organisations)
    .values({ name: `Prestataire ${n}`, kind: "contractor", ...overrides, regionId })
    .returning();
  return row!;
}

export type ScopeNode = {
  kind: ScopeKind;
  regionId?: string | null;
  sectorId?: string | null;
  zoneId?: string | null;
  schoolId?: string | null;
  organisationId?: string | null;
};

export async function buildPerson(
  db: Db,
  options: {
    role?: Role;
    scope?: ScopeNode;
    withPassword?: boolean;
    withTotp?: boolean;
    email?: string;
    regionId?: string | null;
    passwordChangedAt?: Date;
    isDemo?: boolean;
  } = {},
) {
  const n = next();
  const regionId = options.regionId !== undefined ? options.regionId : (options.scope?.regionId ?? null);
  const [person] = await db
    .insert(people)
    .values({
      email: options.email ?? `personne${n}@exemple.test`,
      firstName: `Prénom${n}`,
      lastName: `Nom${n}`,
      regionId,
      organisationId: options.scope?.organisationId ?? null,
      isDemo: options.isDemo ?? false,
    })
    .returning();
  const totpSecret = options.withTotp ? newTotpSecret() : null;
  if (options.withPassword !== false) {
    await db.insert(credentials).values({
      personId: person!.id,
      passwordHash: await testPasswordHash(),
      passwordChangedAt: options.passwordChangedAt ?? new Date(),
      totpSecret,
      totpConfirmedAt: totpSecret ? new Date() : null,
    });
  }
  if (options.role && options.scope) await assignRole(db, person!.id, options.role, options.scope);
  return { ...person!, totpSecret };
}

export async function assignRole(db: Db, personId: string, role: Role, scope: ScopeNode) {
  const isSchool = scope.kind === "school";
  const schoolYear = schoolYearOf(new Date());
  const [row] = await db
    .insert(roleAssignments)
    .values({
      personId,
      role,
      scopeKind: scope.kind,
      regionId: scope.regionId ?? null,
      sectorId: scope.sectorId ?? null,
      zoneId: scope.zoneId ?? null,
      schoolId: scope.schoolId ?? null,
      organisationId: scope.organisationId ?? null,
      schoolYear: isSchool ? schoolYear : null,
      validFrom: isSchool ? schoolYearBounds(schoolYear).startsOn : "2020-01-01",
      validUntil: isSchool ? schoolYearBounds(schoolYear).endsOn : null,
    })
    .returning();
  return row!;
}

/** Scope nodes for a school and its parents. */
export function schoolScope(school: { id: string; regionId: string; sectorId: string | null; zoneId: string | null }): ScopeNode {
  return { kind: "school", regionId: school.regionId, sectorId: school.sectorId, zoneId: school.zoneId, schoolId: school.id };
}

export type Session = { cookie: string; csrf: string; headers: Record<string, string> };

/**
 * Logs in through the API (and passes the second factor when the person has one). `now` is the
 * app's time for the TOTP code (give it when the app runs on a test clock); `remoteAddress`
 * keeps a test's logins apart from the per-address throttle.
 */
export async function logIn(
  app: FastifyInstance,
  person: { email: string; totpSecret?: string | null },
  options: { password?: string; now?: Date; remoteAddress?: string } = {},
): Promise<Session> {
  const response = await app.inject({
    method: "POST",
    url: "/api/v1/auth/login",
    payload: { email: person.email, password: options.password ?? TEST_PASSWORD },
    ...(options.remoteAddress ? { remoteAddress: options.remoteAddress } : {}),
  });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  const cookie = String(response.headers["set-cookie"]).split(";")[0]!;
  const { csrfToken, stage } = response.json() as { csrfToken: string; stage: string };
  const session = { cookie, csrf: csrfToken, headers: { cookie, "x-csrf-token": csrfToken } };
  if (stage === "mfa" && person.totpSecret) {
    const verify = await app.inject({
      method: "POST",
      url: "/api/v1/auth/mfa/verify",
      headers: session.headers,
      payload: { code: currentTotpCode(person.totpSecret, options.now ?? new Date()) },
    });
    if (verify.statusCode !== 200) throw new Error(`mfa failed: ${verify.body}`);
  }
  return session;
}

/** A region of its own, with its administrator (second factor passed) logged in. */
export async function regionWithAdmin(app: FastifyInstance, db: Db) {
  const region = await buildRegion(db);
  const admin = await buildPerson(db, { role: "region_admin", scope: { kind: "region", regionId: region.id }, withTotp: true });
  return { region, admin, session: await logIn(app, admin) };
}

let ticketSerial = 0;
/** A ticket written straight to the database, as filing would leave it. */
export async function insertTicket(
  db: Db,
  school: { id: string; regionId: string },
  overrides: Partial<typeof tickets.$inferInsert> & { requesterId: string },
) {
  const [row] = await db
    .insert(tickets)
    .values({
      regionId: school.regionId,
      schoolId: school.id,
      number: `T-${process.pid}-${++ticketSerial}`,
      kind: "incident",
      category: "network",
      channel: "web",
      urgency: "medium",
      impact: "user",
      priority: 3,
      title: "Panne réseau",
      description: "Le réseau ne répond plus.",
      filedById: overrides.requesterId,
      takeChargeDueAt: new Date(),
      ...overrides,
    })
    .returning();
  return row!;
}
