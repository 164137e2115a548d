import type { Role } from "@relais/shared/roles";
import { schoolYearOf } from "@relais/shared/school-year";
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  agentCredentials,
  apiTokens,
  assetEvents,
  assets,
  assetTickets,
  auditEvents,
  calendarFeeds,
  inboundMessages,
  interventions,
  mobileProjects,
  organisations,
  outboxMessages,
  pendingAgentReports,
  people,
  regionApplications,
  regions,
  roleAssignments,
  rooms,
  savedTicketFilters,
  schoolEnrolments,
  schoolEstates,
  schools,
  sectors,
  sessions,
  software,
  ticketAttachments,
  ticketEvents,
  ticketReports,
  tickets,
  zones,
} from "../src/db/schema.ts";
import { storeAttachment } from "../src/modules/attachments/attachments.service.ts";
import { randomToken, sha256 } from "../src/modules/auth/secrets.ts";
import {
  assignRole,
  buildOrganisation,
  buildPerson,
  buildRegion,
  buildSchool,
  buildSector,
  buildZone,
  insertTicket as insertTicketRow,
  logIn,
  type ScopeNode,
  type Session,
  schoolScope,
  uniqueUai,
} from "./factories.ts";
import { fakeWebDist, listRoutes, openApiRoutes, routeKey } from "./routes.ts";
import { buildTestApp } from "./setup.ts";

/**
 * Scope rules, proved over every route the app registers: two regions, each with sectors,
 * zones, schools and an organisation, and an actor of every role family. Each route is listed
 * in ROUTES with what each actor must get; a route missing from the table fails the suite.
 */
type TestApp = Awaited<ReturnType<typeof buildTestApp>>;
const API = "/api/v1";

const ACTORS = ["platform", "regionAdminA", "sectorHeadA", "technicianA", "headA", "coordinatorA", "teacherA", "orgManagerA", "regionAdminB"] as const;
type ActorName = (typeof ACTORS)[number];
const OTHER_PEOPLE = ["teacherA3", "orgTechnicianA", "headB"] as const;
type PersonName = ActorName | (typeof OTHER_PEOPLE)[number];

let t: TestApp;
type Row<T extends { $inferSelect: unknown }> = T["$inferSelect"];
type World = {
  regionA: Row<typeof regions>;
  regionB: Row<typeof regions>;
  sectorA1: Row<typeof sectors>;
  sectorA2: Row<typeof sectors>;
  sectorB1: Row<typeof sectors>;
  sectorB2: Row<typeof sectors>;
  zoneA1: Row<typeof zones>;
  zoneA2: Row<typeof zones>;
  zoneA3: Row<typeof zones>;
  zoneB1: Row<typeof zones>;
  zoneB2: Row<typeof zones>;
  schoolA1: Row<typeof schools>;
  schoolA2: Row<typeof schools>;
  schoolA3: Row<typeof schools>;
  schoolA4: Row<typeof schools>;
  schoolB1: Row<typeof schools>;
  schoolB2: Row<typeof schools>;
  orgA: Row<typeof organisations>;
  orgB: Row<typeof organisations>;
  people: Record<PersonName, Awaited<ReturnType<typeof buildPerson>>>;
  sessions: Record<ActorName, Session>;
  messageA: string;
  messageB: string;
  tickets: Row<typeof tickets>[];
};
let w: World;

/** A ticket written straight to the database, as filing would leave it. */
const insertTicket = (school: Row<typeof schools>, overrides: Partial<typeof tickets.$inferInsert> & { requesterId: string }) =>
  insertTicketRow(t.db, school, overrides);

async function buildWorld(): Promise<World> {
  const db = t.db;
  const regionA = await buildRegion(db, { name: "Région A" });
  const regionB = await buildRegion(db, { name: "Région B" });
  const sectorA1 = await buildSector(db, { regionId: regionA.id });
  const sectorA2 = await buildSector(db, { regionId: regionA.id });
  const sectorB1 = await buildSector(db, { regionId: regionB.id });
  const sectorB2 = await buildSector(db, { regionId: regionB.id });
  const zoneA1 = await buildZone(db, { regionId: regionA.id, sectorId: sectorA1.id });
  const zoneA2 = await buildZone(db, { regionId: regionA.id, sectorId: sectorA1.id });
  const zoneA3 = await buildZone(db, { regionId: regionA.id, sectorId: sectorA2.id });
  const zoneB1 = await buildZone(db, { regionId: regionB.id, sectorId: sectorB1.id });
  const zoneB2 = await buildZone(db, { regionId: regionB.id, sectorId: sectorB2.id });
  const schoolIn = (zone: Row<typeof zones>, academie: string) =>
    buildSchool(db, { regionId: zone.regionId, sectorId: zone.sectorId, zoneId: zone.id, academie });
  const schoolA1 = await schoolIn(zoneA1, "Académie A1");
  const schoolA2 = await schoolIn(zoneA1, "Académie A2");
  const schoolA3 = await schoolIn(zoneA2, "Académie A3");
  const schoolA4 = await schoolIn(zoneA3, "Académie A4");
  const schoolB1 = await schoolIn(zoneB1, "Académie B1");
  const schoolB2 = await schoolIn(zoneB2, "Académie B2");
  const orgA = await buildOrganisation(db, { regionId: regionA.id });
  const orgB = await buildOrganisation(db, { regionId: regionB.id });

  const scopes: Record<PersonName, { role: Role; scope: ScopeNode; withTotp?: boolean }> = {
    platform: { role: "platform_admin", scope: { kind: "platform" }, withTotp: true },
    regionAdminA: { role: "region_admin", scope: { kind: "region", regionId: regionA.id }, withTotp: true },
    sectorHeadA: { role: "sector_head", scope: { kind: "sector", regionId: regionA.id, sectorId: sectorA1.id } },
    technicianA: { role: "technician", scope: { kind: "zone", regionId: regionA.id, sectorId: sectorA1.id, zoneId: zoneA1.id } },
    headA: { role: "head", scope: schoolScope(schoolA1) },
    coordinatorA: { role: "coordinator", scope: schoolScope(schoolA1) },
    teacherA: { role: "teacher", scope: schoolScope(schoolA1) },
    orgManagerA: { role: "org_manager", scope: { kind: "organisation", regionId: regionA.id, organisationId: orgA.id } },
    regionAdminB: { role: "region_admin", scope: { kind: "region", regionId: regionB.id }, withTotp: true },
    teacherA3: { role: "teacher", scope: schoolScope(schoolA3) },
    orgTechnicianA: { role: "org_technician", scope: { kind: "organisation", regionId: regionA.id, organisationId: orgA.id } },
    headB: { role: "head", scope: schoolScope(schoolB1) },
  };
  const builtPeople = {} as World["people"];
  for (const [name, spec] of Object.entries(scopes) as [PersonName, (typeof scopes)[PersonName]][]) {
    builtPeople[name] = await buildPerson(db, { role: spec.role, scope: spec.scope, withTotp: spec.withTotp ?? false });
  }
  const builtSessions = {} as World["sessions"];
  for (const name of ACTORS) builtSessions[name] = await logIn(t.app, builtPeople[name]);

  const message = async (regionId: string) => {
    const [row] = await db
      .insert(outboxMessages)
      .values({ regionId, template: "account-created", toAddress: `msg-${regionId}@exemple.test`, subject: "Sujet", textBody: "Corps" })
      .returning();
    return row!.id;
  };
  // Audit events outside any region the admins hold: nobody but the platform sees them.
  await db.insert(auditEvents).values([
    { regionId: null, actorLabel: "Système", category: "security", action: "auth.login_failed", entityType: "person" },
    {
      regionId: regionB.id,
      actorLabel: "Système",
      category: "change",
      action: "school.updated",
      entityType: "school",
      entityId: schoolB1.id,
      schoolId: schoolB1.id,
    },
  ]);
  const worldTickets = [
    await insertTicket(schoolA1, { requesterId: builtPeople.headA.id }),
    await insertTicket(schoolA3, { requesterId: builtPeople.teacherA3.id }),
    await insertTicket(schoolA4, { requesterId: builtPeople.regionAdminA.id, assigneeOrganisationId: orgA.id, status: "assigned" }),
    await insertTicket(schoolA1, { requesterId: builtPeople.regionAdminA.id, kind: "data_breach" }),
    await insertTicket(schoolA2, { requesterId: builtPeople.regionAdminA.id, kind: "security_incident", assigneePersonId: builtPeople.technicianA.id }),
    await insertTicket(schoolB1, { requesterId: builtPeople.headB.id }),
  ];
  return {
    tickets: worldTickets,
    regionA,
    regionB,
    sectorA1,
    sectorA2,
    sectorB1,
    sectorB2,
    zoneA1,
    zoneA2,
    zoneA3,
    zoneB1,
    zoneB2,
    schoolA1,
    schoolA2,
    schoolA3,
    schoolA4,
    schoolB1,
    schoolB2,
    orgA,
    orgB,
    people: builtPeople,
    sessions: builtSessions,
    messageA: await message(regionA.id),
    messageB: await message(regionB.id),
  };
}

beforeAll(async () => {
  t = await buildTestApp({ env: { WEB_DIST_DIR: fakeWebDist() } });
  w = await buildWorld();
});
afterAll(() => t.close());

// ——— The rules, written from the domain (DOMAIN "People and roles", permissions.ts), not from the queries ———

const fixtureSchools = () => [w.schoolA1, w.schoolA2, w.schoolA3, w.schoolA4, w.schoolB1, w.schoolB2];
const regionOf = (actor: ActorName) => (actor === "regionAdminB" ? w.regionB.id : actor === "platform" ? null : w.regionA.id);

type TreeRow = { regionId: string | null; sectorId?: string | null; zoneId?: string | null; schoolId?: string | null; organisationId?: string | null };

/** Does the actor's assignment cover this node of the tree for reading the directory (schools, regions)? */
function readsDirectory(actor: ActorName, node: TreeRow): boolean {
  switch (actor) {
    case "platform":
      return true;
    case "regionAdminA":
    case "orgManagerA": // contractors intervene anywhere in the region they serve
      return node.regionId === w.regionA.id;
    case "regionAdminB":
      return node.regionId === w.regionB.id;
    case "sectorHeadA":
      return node.sectorId === w.sectorA1.id;
    case "technicianA":
      return node.zoneId === w.zoneA1.id;
    case "headA":
    case "coordinatorA":
    case "teacherA":
      return node.schoolId === w.schoolA1.id;
  }
}
const seesSchool = (actor: ActorName, school: Row<typeof schools>) => readsDirectory(actor, { ...school, schoolId: school.id });

/** Role holders an actor sees: where they may read roles (organisation people: their organisation only), and themself. */
function seesAssignment(actor: ActorName, ra: Row<typeof roleAssignments>): boolean {
  if (ra.personId === w.people[actor].id) return true;
  if (actor === "orgManagerA") return ra.organisationId === w.orgA.id;
  return readsDirectory(actor, ra);
}

const SEES_PEOPLE: Record<ActorName, readonly PersonName[] | "all"> = {
  platform: "all",
  regionAdminA: ["regionAdminA", "sectorHeadA", "technicianA", "headA", "coordinatorA", "teacherA", "teacherA3", "orgManagerA", "orgTechnicianA"],
  sectorHeadA: ["sectorHeadA", "technicianA", "headA", "coordinatorA", "teacherA", "teacherA3"],
  technicianA: ["technicianA", "headA", "coordinatorA", "teacherA"],
  headA: ["headA", "coordinatorA", "teacherA"],
  coordinatorA: ["headA", "coordinatorA", "teacherA"],
  teacherA: ["teacherA"], // a teacher has no access to the people directory, only to themself
  orgManagerA: ["orgManagerA", "orgTechnicianA"],
  regionAdminB: ["regionAdminB", "headB"],
};
const seesPerson = (actor: ActorName, person: PersonName) => SEES_PEOPLE[actor] === "all" || (SEES_PEOPLE[actor] as readonly PersonName[]).includes(person);

/** Organisations: the Region's administrators and the organisation's own people. */
function seesOrganisation(actor: ActorName, org: Row<typeof organisations>): boolean {
  if (actor === "platform") return true;
  if (actor === "regionAdminA") return org.regionId === w.regionA.id;
  if (actor === "regionAdminB") return org.regionId === w.regionB.id;
  if (actor === "orgManagerA") return org.id === w.orgA.id;
  return false;
}

/**
 * Tickets: those of the schools where the actor reads tickets, those assigned to their
 * organisation, and their own (requested or assigned). Security incidents and breaches only
 * for the restricted chain (the head, Region administrators), the requester and the assignee.
 */
function seesTicket(actor: ActorName, ticket: Row<typeof tickets>): boolean {
  const me = w.people[actor].id;
  if (ticket.requesterId === me || ticket.assigneePersonId === me) return true;
  const school = [w.schoolA1, w.schoolA2, w.schoolA3, w.schoolA4, w.schoolB1, w.schoolB2].find((s) => s.id === ticket.schoolId)!;
  const restricted = ticket.kind === "data_breach" || ticket.kind === "security_incident";
  switch (actor) {
    case "platform":
      return true;
    case "regionAdminA":
      return school.regionId === w.regionA.id;
    case "regionAdminB":
      return school.regionId === w.regionB.id;
    case "headA":
      return school.id === w.schoolA1.id;
    case "sectorHeadA":
      return !restricted && school.sectorId === w.sectorA1.id;
    case "technicianA":
      return !restricted && school.zoneId === w.zoneA1.id;
    case "coordinatorA":
      return !restricted && school.id === w.schoolA1.id;
    case "orgManagerA":
      return !restricted && ticket.assigneeOrganisationId === w.orgA.id;
    case "teacherA":
      return false;
  }
}
/** Working tickets (qualify, assign, resolve…): the Region's staff over the ticket's school, and the assigned organisation. */
function worksTicket(actor: ActorName, ticket: Row<typeof tickets>): boolean {
  if (!seesTicket(actor, ticket) || ticket.assigneePersonId === w.people[actor].id) return seesTicket(actor, ticket);
  const school = [w.schoolA1, w.schoolA2, w.schoolA3, w.schoolA4, w.schoolB1, w.schoolB2].find((s) => s.id === ticket.schoolId)!;
  switch (actor) {
    case "platform":
      return true;
    case "regionAdminA":
      return school.regionId === w.regionA.id;
    case "regionAdminB":
      return school.regionId === w.regionB.id;
    case "sectorHeadA":
      return school.sectorId === w.sectorA1.id;
    case "technicianA":
      return school.zoneId === w.zoneA1.id;
    case "orgManagerA":
      return ticket.assigneeOrganisationId === w.orgA.id;
    default:
      return false;
  }
}
/** Filing: the school's correspondents and head, the desk, the Region's administrators (coordinators only where the region allows). */
const filesFor = (actor: ActorName, school: Row<typeof schools>) => writesRegion(actor, school.regionId) || (actor === "headA" && school.id === w.schoolA1.id);

/** Reports: teachers and other staff send them; the correspondent (here: the Region's administrators) handles them. */
const reportsFor = (actor: ActorName, school: Row<typeof schools>) =>
  writesRegion(actor, school.regionId) || ((actor === "teacherA" || actor === "coordinatorA") && school.id === w.schoolA1.id);
const handlesReportsOf = (actor: ActorName, school: Row<typeof schools>) => writesRegion(actor, school.regionId);
async function insertReport(school: Row<typeof schools>, authorId: string) {
  const [row] = await t.db
    .insert(ticketReports)
    .values({ regionId: school.regionId, schoolId: school.id, authorId, title: `Signalement ${next()}`, description: "Le poste ne démarre plus." })
    .returning();
  return row!;
}

/** Writing the Region's data (schools, people, organisations, any role): its administrators. */
const writesRegion = (actor: ActorName, regionId: string | null) =>
  actor === "platform" || (regionId !== null && regionOf(actor) === regionId && actor.startsWith("regionAdmin"));
/** The head designates the school's role holders and enters its enrolment. */
const writesSchool = (actor: ActorName, school: Row<typeof schools>) =>
  writesRegion(actor, school.regionId) || (actor === "headA" && school.id === w.schoolA1.id);
const readsAudit = (actor: ActorName) => actor === "platform" || actor === "regionAdminA" || actor === "regionAdminB";
const hasTotp = (actor: ActorName) => actor === "platform" || actor === "regionAdminA" || actor === "regionAdminB";

/** The inventory: read by the Region's staff over their scope and by the school's head, coordinator and correspondents; kept by the technicians and the Region. */
const readsAssets = (actor: ActorName, school: Row<typeof schools>) =>
  ["platform", "regionAdminA", "regionAdminB", "sectorHeadA", "technicianA", "headA", "coordinatorA"].includes(actor) &&
  readsDirectory(actor, { ...school, schoolId: school.id });
const writesAssets = (actor: ActorName, school: Row<typeof schools>) =>
  ["platform", "regionAdminA", "regionAdminB", "sectorHeadA", "technicianA"].includes(actor) && readsDirectory(actor, { ...school, schoolId: school.id });
const readsRegionInventory = (actor: ActorName, regionId: string) =>
  actor === "platform" || (regionOf(actor) === regionId && !["teacherA", "orgManagerA"].includes(actor));
let seededAssets: { id: string; school: Row<typeof schools> }[] | null = null;
/** One asset in each school of the fixture, written straight to the database. */
async function seedAssets() {
  if (seededAssets) return seededAssets;
  seededAssets = [];
  for (const school of fixtureSchools()) {
    const [row] = await t.db
      .insert(assets)
      .values({
        regionId: school.regionId,
        schoolId: school.id,
        type: "desktop",
        name: `scope-asset-${next()}`,
        source: "manual",
        createdAt: new Date(),
        updatedAt: new Date(),
      })
      .returning();
    seededAssets.push({ id: row!.id, school });
  }
  return seededAssets;
}
let reportWorld: { school: Row<typeof schools>; roomId: string; assetId: string }[] | null = null;
/**
 * In each school of the fixture, a room holding two computer models (not homogeneous), an old
 * desktop whose warranty ends in ten days (a renewal candidate by age) and an old projector.
 */
async function seedReportWorld() {
  if (reportWorld) return reportWorld;
  reportWorld = [];
  const soon = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
  for (const school of fixtureSchools()) {
    const [room] = await t.db
      .insert(rooms)
      .values({ regionId: school.regionId, schoolId: school.id, name: `scope-room-${next()}`, use: "computer_room", createdAt: new Date() })
      .returning();
    const values = { regionId: school.regionId, schoolId: school.id, roomId: room!.id, source: "manual", createdAt: new Date(), updatedAt: new Date() };
    const [desktop] = await t.db
      .insert(assets)
      .values([
        { ...values, type: "desktop", name: `scope-report-${next()}`, model: "Modèle A", acquiredOn: "2010-01-01", warrantyEndsOn: soon },
        { ...values, type: "desktop", name: `scope-report-${next()}`, model: "Modèle B" },
        { ...values, type: "video_projector", name: `scope-report-${next()}`, acquiredOn: "2012-01-01" },
      ])
      .returning();
    reportWorld.push({ school, roomId: room!.id, assetId: desktop!.id });
  }
  return reportWorld;
}
/** The schools of region A whose inventory the actor reads, where the report world put a row. */
const reportSchoolsOf = (actor: ActorName) =>
  fixtureSchools()
    .filter((s) => s.regionId === w.regionA.id && readsAssets(actor, s))
    .map((s) => s.id)
    .sort();
const reportSchoolIds = (items: { schoolId: string; name: string | null }[]) =>
  [...new Set(items.filter((i) => i.name?.startsWith("scope-report-")).map((i) => i.schoolId))].sort();
async function seedApplication(regionId: string) {
  const key = `scope-app-${next()}`;
  const [entry] = await t.db.insert(software).values({ nameKey: key, publisherKey: "", name: key }).returning();
  await t.db.insert(regionApplications).values({ regionId, softwareId: entry!.id, status: "to_evaluate", firstSeenAt: new Date() });
  return entry!.id;
}

// ——— Requests ———

type Response = Awaited<ReturnType<TestApp["app"]["inject"]>>;
function call(actor: ActorName | null, method: string, url: string, payload?: unknown): Promise<Response> {
  const headers = actor ? w.sessions[actor].headers : {};
  return t.app.inject({
    method: method as "GET",
    url: url.startsWith("/api/") || url.startsWith("/index") || url === "/" ? url : `${API}${url}`,
    headers,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

function expectStatus(response: Response, status: number, context: string) {
  expect(response.statusCode, `${context}: ${response.body.slice(0, 300)}`).toBe(status);
  if (status >= 400) expect(String(response.headers["content-type"]), context).toContain("application/problem+json");
}

async function allPages<T>(actor: ActorName, url: string): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    const response = await call(actor, "GET", `${url}${url.includes("?") ? "&" : "?"}page=${page}&pageSize=200`);
    expectStatus(response, 200, `${actor} GET ${url}`);
    const body = response.json() as { items: T[]; total: number };
    items.push(...body.items);
    if (items.length >= body.total || body.items.length === 0) return items;
  }
}

const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort();
const schoolRow = async (id: string) => (await t.db.select().from(schools).where(eq(schools.id, id)))[0]!;
const personRow = async (id: string) => (await t.db.select().from(people).where(eq(people.id, id)))[0]!;
const countWhere = async (
  table: typeof people | typeof schools | typeof organisations | typeof sectors | typeof zones | typeof tickets,
  condition: ReturnType<typeof sql>,
) => (await t.db.select({ n: sql<number>`count(*)::int` }).from(table).where(condition))[0]!.n;

let unique = 0;
const next = () => `${Date.now().toString(36)}${++unique}`;

/** A session at a pre-login stage, written straight into the database. */
async function stageSession(personId: string, stage: string) {
  const token = randomToken();
  const csrf = randomToken(24);
  await t.db.insert(sessions).values({ tokenHash: sha256(token), personId, csrfToken: csrf, stage, expiresAt: new Date(Date.now() + 600_000) });
  return { cookie: `relais_session=${token}`, "x-csrf-token": csrf };
}

// ——— The table: every route, what it is for, and what each actor must get ———

/** Campaigns (envelopes, top-ups): region A's textbook campaign, created once by its administrator. */
let campaignA: Promise<string> | null = null;
const theCampaignA = () =>
  (campaignA ??= call("regionAdminA", "POST", "/campaigns", { regionId: w.regionA.id, programme: "textbooks", period: "2024-2025" }).then((r) => {
    expectStatus(r, 201, "campaign A");
    return r.json().id as string;
  }));
let campaignSerial = 0;
/** The Region manages its campaigns: its administrators (and the platform's). */
const managesCampaignsOf = (actor: ActorName, regionId: string) => writesRegion(actor, regionId);
/** A school's envelope: its head (and bursar, CRRE prescribers and validators, not in the walk) and the Region. */
const readsEnvelopeOf = (actor: ActorName, school: Row<typeof schools>) =>
  writesRegion(actor, school.regionId) || (actor === "headA" && school.id === w.schoolA1.id);
const pendingTopUp = async () => {
  const r = await call("headA", "POST", `/campaigns/${await theCampaignA()}/top-ups`, {
    school: w.schoolA1.id,
    track: "general",
    level: "2de",
    students: 3,
    reason: "Ouverture d'une classe de seconde.",
  });
  expectStatus(r, 201, "top-up");
  return r.json().id as string;
};

/** Catalogues: kept by the Region, browsed by everyone of the region. */
let catalogueSerial = 0;
const CATALOGUE_LAPTOP = { category: "laptop", label: "Portable 14 pouces", unitPriceCents: 60_000, warrantyYears: 4, supplier: "SCC", isMobile: true };
const inRegionA = (actor: ActorName) => actor !== "regionAdminB";

/** Orders: a textbook campaign of region A whose window is open today, and one orderable book. */
let orderCampaignA: Promise<{ campaign: string; item: string }> | null = null;
const theOrderCampaignA = () =>
  (orderCampaignA ??= (async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const calendar = {
      windows: [{ label: "Commandes", opensOn: day(-30), closesOn: day(365) }],
      returnDeadlines: [{ label: "Retours des manuels papier", orderedBy: day(365), returnBy: day(366) }],
    };
    // The envelope comes from the enrolment of the school year before the campaign's.
    await t.db.insert(schoolEnrolments).values({ schoolId: w.schoolA1.id, schoolYear: "2038-2039", track: "general", level: "2de", students: 100 });
    const created = await call("regionAdminA", "POST", "/campaigns", { regionId: w.regionA.id, programme: "textbooks", period: "2039-2040", calendar });
    expectStatus(created, 201, "order campaign A");
    const item = {
      kind: "paper_textbook",
      ean: "9782000000037",
      title: "Physique 1re",
      publisher: "Hachette",
      subject: "Physique",
      priceCents: 100,
      licenceYears: null,
    };
    const saved = await call("regionAdminA", "POST", "/catalogue/resources", { regionId: w.regionA.id, item });
    expectStatus(saved, 200, "order item A");
    return { campaign: created.json().id as string, item: saved.json().id as string };
  })());
/** A cart of school A1 built by region A's administrator, with one line; submitted when asked. */
async function orderOfA1(state: "cart" | "submitted") {
  const { campaign, item } = await theOrderCampaignA();
  const created = await call("regionAdminA", "POST", `/campaigns/${campaign}/carts`, { school: w.schoolA1.id });
  expectStatus(created, 201, "cart");
  const filled = await call("regionAdminA", "PUT", `/orders/${created.json().id}/lines`, {
    version: created.json().version,
    lines: [{ itemId: item, quantity: 1 }],
  });
  expectStatus(filled, 200, "cart lines");
  if (state === "cart") return filled.json() as { id: string; version: number };
  const submitted = await call("regionAdminA", "POST", `/orders/${created.json().id}/submit`, { version: filled.json().version });
  expectStatus(submitted, 200, "submitted");
  return submitted.json() as { id: string; version: number };
}
/** Seeing school A1's orders: those who read its envelope (its head, the Region). */
const seesOrdersOfA1 = (actor: ActorName) => readsEnvelopeOf(actor, w.schoolA1);
const orderRefusal = (actor: ActorName) => (actor === "regionAdminB" || !seesOrdersOfA1(actor) ? 404 : 403);

/** Deliveries: an approved equipment order of school A1 in a campaign of region A open today. */
let equipmentCampaignA: Promise<{ campaign: string; item: string }> | null = null;
async function approvedEquipmentOrderOfA1() {
  equipmentCampaignA ??= (async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const created = await call("regionAdminA", "POST", "/campaigns", {
      regionId: w.regionA.id,
      programme: "equipment",
      period: "2038",
      calendar: { windows: [{ label: "Saisie du PPE", opensOn: day(-30), closesOn: day(365) }], returnDeadlines: [] },
      equipmentFormula: { basePerSchoolCents: 5_000_000, perStudentCents: 0, weights: [] },
    });
    expectStatus(created, 201, "equipment campaign A");
    const desktop = {
      reference: `SCOPE-PC-${next()}`,
      label: "Poste fixe",
      category: "desktop",
      unitPriceCents: 50_000,
      warrantyYears: 5,
      supplier: "SCC",
      isMobile: false,
    };
    const saved = await call("regionAdminA", "POST", "/catalogue/equipment", { ...desktop, regionId: w.regionA.id });
    expectStatus(saved, 200, "desktop A");
    return { campaign: created.json().id as string, item: saved.json().id as string };
  })();
  const { campaign, item } = await equipmentCampaignA;
  const cart = await call("regionAdminA", "POST", `/campaigns/${campaign}/carts`, { school: w.schoolA1.id });
  const filled = await call("regionAdminA", "PUT", `/orders/${cart.json().id}/lines`, { version: cart.json().version, lines: [{ itemId: item, quantity: 1 }] });
  const submitted = await call("regionAdminA", "POST", `/orders/${cart.json().id}/submit`, { version: filled.json().version });
  const approved = await call("regionAdminA", "POST", `/orders/${cart.json().id}/review`, { version: submitted.json().version, decision: "approve" });
  expectStatus(approved, 200, "approved equipment order");
  return approved.json() as { id: string; version: number };
}

const MOBILE_PROJECT = {
  reference: "Classe mobile de SNT",
  description: "Deux classes de seconde travaillent en SNT sur ordinateurs portables, au CDI couvert par le Wi-Fi.",
  devices: 30,
};
let mobileCampaignA: Promise<string> | null = null;
/** One equipment campaign of region A for the projects; each check first clears school A1's live project (one per school). */
async function mobileCampaignWithRoomForA1() {
  mobileCampaignA ??= (async () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const created = await call("regionAdminA", "POST", "/campaigns", {
      regionId: w.regionA.id,
      programme: "equipment",
      period: "2039",
      calendar: { windows: [{ label: "Saisie du PPE", opensOn: day(-30), closesOn: day(365) }], returnDeadlines: [] },
      equipmentFormula: { basePerSchoolCents: 1_000_000, perStudentCents: 0, weights: [] },
    });
    expectStatus(created, 201, "mobile project campaign A");
    return created.json().id as string;
  })();
  const campaign = await mobileCampaignA;
  await t.db
    .update(mobileProjects)
    .set({ status: "rejected" })
    .where(and(eq(mobileProjects.campaignId, campaign), ne(mobileProjects.status, "rejected")));
  return campaign;
}
/** School A1's project, filed by its head; past the académie's opinion when asked (written straight, the advisor is not in the walk). */
async function mobileProjectOfA1(stage: "submitted" | "academie_approved") {
  const campaign = await mobileCampaignWithRoomForA1();
  const filed = await call("headA", "POST", `/campaigns/${campaign}/mobile-projects`, { ...MOBILE_PROJECT, school: w.schoolA1.id });
  expectStatus(filed, 201, "mobile project");
  let project = filed.json() as { id: string; version: number };
  if (stage === "academie_approved") {
    const [row] = await t.db
      .update(mobileProjects)
      .set({ status: "academie_approved", academieDecidedAt: new Date(), version: project.version + 1 })
      .where(eq(mobileProjects.id, project.id))
      .returning();
    project = { id: row!.id, version: row!.version };
  }
  return { campaign, project };
}

/** Teacher licences: a licence of school A1 bought in region A's order campaign, then a request for teachers. */
let licenceItemA: Promise<string> | null = null;
async function teacherLicenceRequestOfA1() {
  const { campaign } = await theOrderCampaignA();
  licenceItemA ??= (async () => {
    const item = {
      kind: "digital_textbook",
      ean: "9782000000044",
      title: "SVT 1re numérique",
      publisher: "Belin",
      subject: "SVT",
      priceCents: 100,
      licenceYears: 1,
    };
    const saved = await call("regionAdminA", "POST", "/catalogue/resources", { regionId: w.regionA.id, item });
    expectStatus(saved, 200, "licence item A");
    return saved.json().id as string;
  })();
  const itemId = await licenceItemA;
  const cart = await call("regionAdminA", "POST", `/campaigns/${campaign}/carts`, { school: w.schoolA1.id });
  const filled = await call("regionAdminA", "PUT", `/orders/${cart.json().id}/lines`, { version: cart.json().version, lines: [{ itemId, quantity: 2 }] });
  expectStatus(
    await call("regionAdminA", "POST", `/orders/${cart.json().id}/submit`, { version: filled.json().version, acknowledgeNoCancellation: true }),
    200,
    "licence order",
  );
  const request = await call("regionAdminA", "POST", `/campaigns/${campaign}/teacher-licence-requests`, {
    school: w.schoolA1.id,
    publisher: "Belin",
    lines: [{ ean: "9782000000044", teacherLicences: 1 }],
  });
  expectStatus(request, 201, "teacher licence request");
  return request.json().id as string;
}

type RouteSpec = {
  /** public: no login; session: a logged-in, fully open session (unless `stages` lets a pre-login stage in). */
  access: "public" | "session" | "agent";
  stages?: readonly ("mfa" | "mfa_enrolment" | "password_change")[];
  /** A concrete request, for the checks every route shares (anonymous, stages). */
  sample: () => { url: string; payload?: unknown };
  /** What this actor gets, with the database checked after refused writes. */
  check: (actor: ActorName) => Promise<void>;
};

const VALID_ENROLMENT = () => ({ schoolYear: schoolYearOf(new Date()), lines: [{ track: "general", level: "2de", students: 123 }] });

// ——— Interventions: a few written straight to the database, as planning would leave them ———
type ScopeIntervention = { id: string; label: string; schoolId: string; ticketId: string | null; technicianId: string; organisationId: string | null };
let worldInterventions: Promise<ScopeIntervention[]> | null = null;
const TECHNICIAN_FEED = "jeton-du-technicien-A-0123456789abcdef";
async function insertIntervention(values: Partial<typeof interventions.$inferInsert> & { schoolId: string }) {
  const school = fixtureSchools().find((s) => s.id === values.schoolId)!;
  const [row] = await t.db
    .insert(interventions)
    .values({
      regionId: school.regionId,
      kind: values.ticketId ? "on_site" : "preventive",
      technicianId: w.people.technicianA.id,
      startsAt: new Date(Date.now() - 3_600_000),
      durationMinutes: 60,
      ...values,
    })
    .returning();
  return row!;
}
/** A1's ticket with technician A; A4's (assigned to organisation A) with its technician; preventive in A3 and B1; technician A's feed; A1's estate. */
function scopeInterventions(): Promise<ScopeIntervention[]> {
  worldInterventions ??= (async () => {
    const specs = [
      { label: "A1's ticket visit", ticketId: w.tickets[0]!.id, schoolId: w.schoolA1.id, technicianId: w.people.technicianA.id, organisationId: null },
      {
        label: "A4's contractor visit",
        ticketId: w.tickets[2]!.id,
        schoolId: w.schoolA4.id,
        technicianId: w.people.orgTechnicianA.id,
        organisationId: w.orgA.id,
      },
      {
        label: "A2's security incident visit",
        ticketId: w.tickets[4]!.id,
        schoolId: w.schoolA2.id,
        technicianId: w.people.technicianA.id,
        organisationId: null,
      },
      { label: "A3's preventive visit", ticketId: null, schoolId: w.schoolA3.id, technicianId: w.people.sectorHeadA.id, organisationId: null },
      { label: "B1's preventive visit", ticketId: null, schoolId: w.schoolB1.id, technicianId: w.people.regionAdminB.id, organisationId: null },
    ];
    const rows: ScopeIntervention[] = [];
    for (const spec of specs) rows.push({ ...spec, id: (await insertIntervention({ ...spec, status: "done", report: "Fait." })).id });
    await t.db
      .insert(calendarFeeds)
      .values({ personId: w.people.technicianA.id, tokenHash: sha256(TECHNICIAN_FEED) })
      .onConflictDoNothing();
    await t.db.insert(schoolEstates).values({ schoolId: w.schoolA1.id, pcCount: 100 }).onConflictDoNothing();
    return rows;
  })();
  return worldInterventions;
}
/** An intervention is seen by its technician, as its ticket is, or (preventive) by those who read tickets over its school. */
function seesIntervention(actor: ActorName, i: ScopeIntervention): boolean {
  if (i.technicianId === w.people[actor].id) return true;
  if (i.ticketId) return seesTicket(actor, w.tickets.find((tk) => tk.id === i.ticketId)!);
  const school = fixtureSchools().find((s) => s.id === i.schoolId)!;
  if (actor === "orgManagerA") return i.organisationId === w.orgA.id;
  if (actor === "teacherA") return false;
  return readsDirectory(actor, { ...school, schoolId: school.id });
}
/** Preventive planning and estates: the Region's staff who work tickets over the school, and its administrators. */
const plansPreventive = (actor: ActorName, school: Row<typeof schools>) =>
  writesRegion(actor, school.regionId) ||
  (actor === "sectorHeadA" && school.sectorId === w.sectorA1.id) ||
  (actor === "technicianA" && school.zoneId === w.zoneA1.id);
const countInterventions = async (ticketId: string) =>
  (await t.db.select({ n: sql<number>`count(*)::int` }).from(interventions).where(eq(interventions.ticketId, ticketId)))[0]!.n;
const interventionRow = async (id: string) => (await t.db.select().from(interventions).where(eq(interventions.id, id)))[0]!;
function nextMonth(): string {
  const now = new Date();
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return next.toISOString().slice(0, 7);
}

let settingsSerial = 0;
/** Attachments: one public and one internal file on each ticket of the world, stored once. */
let worldFiles: Promise<{ ticket: Row<typeof tickets>; id: string; visibility: "public" | "internal"; bytes: Buffer }[]> | null = null;
const filesOfWorld = () =>
  (worldFiles ??= (async () => {
    const stored = [];
    for (const ticket of w.tickets)
      for (const visibility of ["public", "internal"] as const) {
        const bytes = Buffer.from(`Pièce ${visibility} du ticket ${ticket.number}\n`);
        const file = await storeAttachment(t.db, {
          ticketId: ticket.id,
          eventId: null,
          fileName: "note.txt",
          bytes,
          visibility,
          uploadedById: null,
          at: new Date(),
        });
        stored.push({ ticket, id: file.id, visibility, bytes });
      }
    return stored;
  })());
/** A multipart upload of one text file, as the web app sends it. */
async function uploadAs(actor: ActorName, ticketId: string, text: string) {
  const data = new FormData();
  data.append("files", new Blob([text], { type: "text/plain" }), "note.txt");
  const request = new Request("http://relais.test/", { method: "POST", body: data });
  return t.app.inject({
    method: "POST",
    url: `${API}/tickets/${ticketId}/attachments`,
    headers: { ...w.sessions[actor].headers, "content-type": request.headers.get("content-type")! },
    payload: Buffer.from(await request.arrayBuffer()),
  });
}

const ROUTES: Record<string, RouteSpec> = {
  "POST /api/v1/campaigns/:id/gar-usage/import": {
    access: "session",
    sample: () => ({ url: "/campaigns/00000000-0000-4000-8000-000000000000/gar-usage/import", payload: { csv: "x" } }),
    check: async (a) => {
      const { campaign } = await theOrderCampaignA();
      const resourceId = `scope-${next()}`;
      const csv = `UAI;idAbonnement;codeProjetRessource;idRessource;cumulAffectationEleve;cumulAffectationEnseignant\n${w.schoolA1.uai};A;P;${resourceId};3;1\n`;
      const response = await call(a, "POST", `/campaigns/${campaign}/gar-usage/import`, { csv });
      const unmatched = (await call("regionAdminA", "GET", `/campaigns/${campaign}/gar-usage`)).json().unmatched as { resourceId: string }[];
      if (managesCampaignsOf(a, w.regionA.id)) {
        expectStatus(response, 200, a);
        expect(
          unmatched.map((u) => u.resourceId),
          a,
        ).toEqual([resourceId]);
      } else {
        expectStatus(response, a === "regionAdminB" ? 404 : 403, a);
        expect(
          unmatched.some((u) => u.resourceId === resourceId),
          a,
        ).toBe(false);
      }
    },
  },
  "GET /api/v1/campaigns/:id/gar-usage": {
    access: "session",
    sample: () => ({ url: "/campaigns/00000000-0000-4000-8000-000000000000/gar-usage" }),
    check: async (a) => {
      const { campaign } = await theOrderCampaignA();
      const csv = `UAI;idAbonnement;codeProjetRessource;idRessource;cumulAffectationEleve;cumulAffectationEnseignant\n${w.schoolA1.uai};A;P;walk-resource;3;1\n${w.schoolA2.uai};A;P;walk-resource;5;0\n`;
      expectStatus(await call("regionAdminA", "POST", `/campaigns/${campaign}/gar-usage/import`, { csv }), 200, "usage A");
      const response = await call(a, "GET", `/campaigns/${campaign}/gar-usage`);
      if (a === "regionAdminB") return expectStatus(response, 404, a);
      expectStatus(response, 200, a);
      const schoolsSeen = (response.json().unmatched as { schoolId: string }[]).map((u) => u.schoolId).sort();
      const expected = [w.schoolA1, w.schoolA2]
        .filter((s) => readsEnvelopeOf(a, s))
        .map((s) => s.id)
        .sort();
      expect(schoolsSeen, a).toEqual(expected);
    },
  },
  "GET /api/v1/campaigns/:id/teacher-licence-requests": {
    access: "session",
    sample: () => ({ url: "/campaigns/00000000-0000-4000-8000-000000000000/teacher-licence-requests" }),
    check: async (a) => {
      const id = await teacherLicenceRequestOfA1();
      const response = await call(a, "GET", `/campaigns/${(await theOrderCampaignA()).campaign}/teacher-licence-requests`);
      if (a === "regionAdminB") return expectStatus(response, 404, a);
      expectStatus(response, 200, a);
      const items = response.json().items as { id: string; schoolId: string }[];
      expect(
        items.some((r) => r.id === id),
        a,
      ).toBe(seesOrdersOfA1(a));
      expect(
        items.every((r) => r.schoolId === w.schoolA1.id),
        a,
      ).toBe(true);
    },
  },
  "POST /api/v1/campaigns/:id/teacher-licence-requests": {
    access: "session",
    sample: () => ({ url: "/campaigns/00000000-0000-4000-8000-000000000000/teacher-licence-requests", payload: {} }),
    // The school's CRRE prescribers and validators (not in the walk) and the Region; not the head.
    check: async (a) => {
      await teacherLicenceRequestOfA1();
      const { campaign } = await theOrderCampaignA();
      const count = async () => (await call("regionAdminA", "GET", `/campaigns/${campaign}/teacher-licence-requests`)).json().items.length;
      const before = await count();
      const response = await call(a, "POST", `/campaigns/${campaign}/teacher-licence-requests`, {
        school: w.schoolA1.id,
        publisher: "Belin",
        lines: [{ ean: "9782000000044", teacherLicences: 2 }],
      });
      if (managesCampaignsOf(a, w.regionA.id)) {
        expectStatus(response, 201, a);
        expect(await count(), a).toBe(before + 1);
      } else {
        expectStatus(response, a === "regionAdminB" ? 404 : 403, a);
        expect(await count(), a).toBe(before);
      }
    },
  },
  "POST /api/v1/teacher-licence-requests/:id/answer": {
    access: "session",
    sample: () => ({ url: "/teacher-licence-requests/00000000-0000-4000-8000-000000000000/answer", payload: { answer: "Réponse" } }),
    check: async (a) => {
      const id = await teacherLicenceRequestOfA1();
      const response = await call(a, "POST", `/teacher-licence-requests/${id}/answer`, { answer: "Licences ajoutées par l'éditeur." });
      const status = (await call("regionAdminA", "GET", `/campaigns/${(await theOrderCampaignA()).campaign}/teacher-licence-requests`))
        .json()
        .items.find((r: { id: string }) => r.id === id).status;
      if (managesCampaignsOf(a, w.regionA.id)) {
        expectStatus(response, 200, a);
        expect(status, a).toBe("answered");
      } else {
        expectStatus(response, a === "regionAdminB" ? 404 : 403, a);
        expect(status, a).toBe("pending");
      }
    },
  },
  "GET /api/v1/campaigns/:id/gar-checklist/:school": {
    access: "session",
    sample: () => ({ url: `/campaigns/00000000-0000-4000-8000-000000000000/gar-checklist/${w.schoolA1.id}` }),
    // The school's RESP-AFFECT-GAR (not in the walk), its head, and the Region.
    check: async (a) => {
      const { campaign } = await theOrderCampaignA();
      const response = await call(a, "GET", `/campaigns/${campaign}/gar-checklist/${w.schoolA1.uai}`);
      if (readsEnvelopeOf(a, w.schoolA1)) {
        expectStatus(response, 200, a);
        expect(response.json(), a).toMatchObject({ schoolId: w.schoolA1.id, resetOn: expect.stringMatching(/^\d{4}-08-15$/) });
      } else expectStatus(response, a === "regionAdminB" ? 404 : 403, a);
    },
  },
  "POST /api/v1/inventory/imports/assets": {
    access: "session",
    sample: () => ({ url: "/inventory/imports/assets", payload: { csv: "uai;type" } }),
    check: async (a) => {
      const name = `IMP-${a}-${next()}`;
      const response = await call(a, "POST", "/inventory/imports/assets", { csv: `uai;type;nom\n${w.schoolA1.uai};ups;${name}`, dryRun: false });
      const stored = await t.db.select().from(assets).where(eq(assets.name, name));
      if (!["platform", "regionAdminA", "regionAdminB", "sectorHeadA", "technicianA"].includes(a)) {
        expectStatus(response, 403, a);
        return expect(stored).toHaveLength(0);
      }
      expectStatus(response, 200, a);
      expect(response.json().created, a).toBe(writesAssets(a, w.schoolA1) ? 1 : 0);
      expect(stored).toHaveLength(writesAssets(a, w.schoolA1) ? 1 : 0);
    },
  },
  "POST /api/v1/orders/:id/delivery": {
    access: "session",
    sample: () => ({ url: "/orders/00000000-0000-4000-8000-000000000000/delivery", payload: { version: 1 } }),
    // The Region records deliveries; the units enter school A1's inventory, named after the order.
    check: async (a) => {
      const order = await approvedEquipmentOrderOfA1();
      const response = await call(a, "POST", `/orders/${order.id}/delivery`, { version: order.version });
      const entered = await t.db
        .select()
        .from(assets)
        .where(sql`${assets.inventoryNumber} like ${`CMD-${order.id.slice(0, 8).toUpperCase()}-%`}`);
      if (managesCampaignsOf(a, w.regionA.id)) {
        expectStatus(response, 200, a);
        expect(
          entered.map((x) => [x.schoolId, x.status, x.funding]),
          a,
        ).toEqual([[w.schoolA1.id, "in_stock", "region_contract"]]);
      } else {
        expectStatus(response, orderRefusal(a), a);
        expect(entered, a).toEqual([]);
      }
    },
  },
  "GET /api/v1/campaigns/:id/summary": {
    access: "session",
    sample: () => ({ url: "/campaigns/00000000-0000-4000-8000-000000000000/summary" }),
    check: async (a) => {
      const response = await call(a, "GET", `/campaigns/${await theCampaignA()}/summary`);
      if (managesCampaignsOf(a, w.regionA.id)) {
        expectStatus(response, 200, a);
        const schoolsOfA = fixtureSchools()
          .filter((s) => s.regionId === w.regionA.id)
          .map((s) => s.id)
          .sort();
        expect(
          response
            .json()
            .schools.map((s: { schoolId: string }) => s.schoolId)
            .sort(),
          a,
        ).toEqual(schoolsOfA);
      } else expectStatus(response, a === "regionAdminB" ? 404 : 403, a);
    },
  },
  "GET /api/v1/inventory/rooms": {
    access: "session",
    sample: () => ({ url: `/inventory/rooms?school=${w.schoolA1.uai}` }),
    check: async (a) => {
      for (const school of fixtureSchools()) {
        await t.db.insert(rooms).values({ regionId: school.regionId, schoolId: school.id, name: `R-${next()}`, use: "classroom", createdAt: new Date() });
        const response = await call(a, "GET", `/inventory/rooms?school=${school.uai}`);
        const status = readsAssets(a, school) ? 200 : seesSchool(a, school) ? 403 : 404;
        expectStatus(response, status, `${a} ${school.academie}`);
        if (status === 200) expect((response.json().items as { schoolId: string }[]).every((r) => r.schoolId === school.id)).toBe(true);
      }
    },
  },
  "POST /api/v1/inventory/rooms": {
    access: "session",
    sample: () => ({ url: "/inventory/rooms", payload: { school: w.schoolA1.uai, name: "x", use: "cdi" } }),
    check: async (a) => {
      const name = `R-${a}-${next()}`;
      const response = await call(a, "POST", "/inventory/rooms", { school: w.schoolA1.uai, name, use: "cdi" });
      const stored = await t.db.select().from(rooms).where(eq(rooms.name, name));
      if (writesAssets(a, w.schoolA1)) {
        expectStatus(response, 201, a);
        return expect(stored).toMatchObject([{ schoolId: w.schoolA1.id }]);
      }
      expectStatus(response, seesSchool(a, w.schoolA1) ? 403 : 404, a);
      expect(stored).toHaveLength(0);
    },
  },
  "GET /api/v1/inventory/reports/estate": {
    access: "session",
    sample: () => ({ url: `/inventory/reports/estate?school=${w.schoolA1.uai}` }),
    check: async (a) => {
      await seedAssets();
      for (const school of fixtureSchools()) {
        const response = await call(a, "GET", `/inventory/reports/estate?school=${school.uai}`);
        const status = readsAssets(a, school) ? 200 : seesSchool(a, school) ? 403 : 404;
        expectStatus(response, status, `${a} ${school.academie}`);
        if (status === 200)
          expect(response.json()).toMatchObject({ schoolId: school.id, byType: expect.arrayContaining([expect.objectContaining({ key: "desktop" })]) });
      }
    },
  },
  // ——— Inventory reports: region-wide for the Region's staff, their schools only for the others ———
  "GET /api/v1/inventory/reports/counts": {
    access: "session",
    sample: () => ({ url: `/inventory/reports/counts?by=type&region=${w.regionA.id}` }),
    check: async (a) => {
      await seedReportWorld();
      const response = await call(a, "GET", `/inventory/reports/counts?by=school&region=${w.regionA.id}`);
      if (!readsRegionInventory(a, w.regionA.id)) return expectStatus(response, 403, a);
      expectStatus(response, 200, a);
      expect((response.json().items as { key: string }[]).map((r) => r.key).sort(), a).toEqual(reportSchoolsOf(a));
      for (const school of fixtureSchools()) {
        const bySchool = await call(a, "GET", `/inventory/reports/counts?by=type&school=${school.uai}`);
        expectStatus(bySchool, readsAssets(a, school) ? 200 : seesSchool(a, school) ? 403 : 404, `${a} ${school.academie}`);
      }
    },
  },
  "GET /api/v1/inventory/reports/renewal-candidates": {
    access: "session",
    sample: () => ({ url: `/inventory/reports/renewal-candidates?region=${w.regionA.id}` }),
    check: async (a) => {
      await seedReportWorld();
      const response = await call(a, "GET", `/inventory/reports/renewal-candidates?region=${w.regionA.id}&pageSize=200`);
      if (!readsRegionInventory(a, w.regionA.id)) return expectStatus(response, 403, a);
      expectStatus(response, 200, a);
      expect(reportSchoolIds(response.json().items), a).toEqual(reportSchoolsOf(a));
    },
  },
  "GET /api/v1/inventory/reports/warranties": {
    access: "session",
    sample: () => ({ url: `/inventory/reports/warranties?region=${w.regionA.id}` }),
    check: async (a) => {
      await seedReportWorld();
      const response = await call(a, "GET", `/inventory/reports/warranties?region=${w.regionA.id}&withinDays=30&pageSize=200`);
      if (!readsRegionInventory(a, w.regionA.id)) return expectStatus(response, 403, a);
      expectStatus(response, 200, a);
      expect(reportSchoolIds(response.json().items), a).toEqual(reportSchoolsOf(a));
    },
  },
  "GET /api/v1/inventory/reports/projector-ages": {
    access: "session",
    sample: () => ({ url: `/inventory/reports/projector-ages?region=${w.regionA.id}` }),
    check: async (a) => {
      await seedReportWorld();
      const response = await call(a, "GET", `/inventory/reports/projector-ages?region=${w.regionA.id}&pageSize=200`);
      if (!readsRegionInventory(a, w.regionA.id)) return expectStatus(response, 403, a);
      expectStatus(response, 200, a);
      const rows = (response.json().items as { schoolId: string; roomName: string | null }[]).filter((r) => r.roomName?.startsWith("scope-room-"));
      expect([...new Set(rows.map((r) => r.schoolId))].sort(), a).toEqual(reportSchoolsOf(a));
    },
  },
  "GET /api/v1/inventory/reports/room-homogeneity": {
    access: "session",
    sample: () => ({ url: `/inventory/reports/room-homogeneity?region=${w.regionA.id}` }),
    check: async (a) => {
      await seedReportWorld();
      const response = await call(a, "GET", `/inventory/reports/room-homogeneity?region=${w.regionA.id}&mixedOnly=true&pageSize=200`);
      if (!readsRegionInventory(a, w.regionA.id)) return expectStatus(response, 403, a);
      expectStatus(response, 200, a);
      expect([...new Set((response.json().items as { schoolId: string }[]).map((r) => r.schoolId))].sort(), a).toEqual(reportSchoolsOf(a));
    },
  },
  "GET /api/v1/inventory/reports/total-cost": {
    access: "session",
    sample: () => ({ url: `/inventory/reports/total-cost?region=${w.regionA.id}` }),
    check: async (a) => {
      await seedReportWorld();
      const response = await call(a, "GET", `/inventory/reports/total-cost?region=${w.regionA.id}`);
      if (!readsRegionInventory(a, w.regionA.id)) return expectStatus(response, 403, a);
      expectStatus(response, 200, a);
      const projectors = (response.json().items as { type: string; count: number }[]).find((i) => i.type === "video_projector");
      const counted = await call(a, "GET", `/inventory/reports/counts?by=type&region=${w.regionA.id}`);
      expect(projectors?.count ?? 0, a).toBeGreaterThanOrEqual(reportSchoolsOf(a).length);
      expect(projectors?.count ?? 0, a).toBeLessThanOrEqual(
        (counted.json().items as { key: string; count: number }[]).find((i) => i.key === "video_projector")?.count ?? 0,
      );
    },
  },
  "GET /api/v1/inventory/rooms/:id": {
    access: "session",
    sample: () => ({ url: `/inventory/rooms/${crypto.randomUUID()}` }),
    check: async (a) => {
      for (const x of await seedReportWorld()) {
        const response = await call(a, "GET", `/inventory/rooms/${x.roomId}`);
        expectStatus(response, readsAssets(a, x.school) ? 200 : 404, `${a} ${x.school.academie}`);
        if (response.statusCode === 200) expect(response.json().canEdit, a).toBe(writesAssets(a, x.school));
      }
    },
  },
  "GET /api/v1/regions/:region/inventory-settings": {
    access: "session",
    sample: () => ({ url: `/regions/${w.regionA.id}/inventory-settings` }),
    check: async (a) => {
      for (const region of [w.regionA, w.regionB]) {
        const response = await call(a, "GET", `/regions/${region.id}/inventory-settings`);
        expectStatus(response, readsRegionInventory(a, region.id) ? 200 : 404, `${a} ${region.name}`);
      }
    },
  },
  "PUT /api/v1/regions/:region/inventory-settings": {
    access: "session",
    sample: () => ({ url: `/regions/${w.regionA.id}/inventory-settings`, payload: { renewalAgeYears: 6 } }),
    check: async (a) => {
      for (const region of [w.regionA, w.regionB]) {
        const stored = async () =>
          ((await t.db.select().from(regions).where(eq(regions.id, region.id)))[0]?.settings as { inventory?: object } | undefined)?.inventory;
        const before = await stored();
        const response = await call(a, "PUT", `/regions/${region.id}/inventory-settings`, { renewalAgeYears: 6 });
        if (writesRegion(a, region.id)) {
          expectStatus(response, 200, `${a} ${region.name}`);
          expect(await stored()).toEqual({ renewalAgeYears: 6 });
          await call(a, "PUT", `/regions/${region.id}/inventory-settings`, {});
        } else {
          expectStatus(response, readsRegionInventory(a, region.id) ? 403 : 404, `${a} ${region.name}`);
          expect(await stored()).toEqual(before);
        }
      }
    },
  },
  "POST /api/v1/inventory/assets/:id/tickets": {
    access: "session",
    sample: () => ({ url: `/inventory/assets/${crypto.randomUUID()}/tickets`, payload: { ticket: "IDF-2026-000001" } }),
    check: async (a) => {
      for (const x of await seedReportWorld()) {
        const ticket = await insertTicket(x.school, { requesterId: w.people.teacherA3.id });
        const response = await call(a, "POST", `/inventory/assets/${x.assetId}/tickets`, { ticket: ticket.id });
        const links = await t.db.select().from(assetTickets).where(eq(assetTickets.ticketId, ticket.id));
        const expected = !readsAssets(a, x.school) || !seesTicket(a, ticket) ? 404 : worksTicket(a, ticket) || writesAssets(a, x.school) ? 201 : 403;
        expectStatus(response, expected, `${a} ${x.school.academie}`);
        expect(links, a).toHaveLength(expected === 201 ? 1 : 0);
      }
    },
  },
  "GET /api/v1/inventory/tickets/:ticket/assets": {
    access: "session",
    sample: () => ({ url: "/inventory/tickets/IDF-2026-000001/assets" }),
    check: async (a) => {
      for (const x of await seedReportWorld()) {
        const ticket = await insertTicket(x.school, { requesterId: w.people.teacherA3.id });
        await t.db.insert(assetTickets).values({ assetId: x.assetId, ticketId: ticket.id, linkedAt: new Date() });
        const response = await call(a, "GET", `/inventory/tickets/${ticket.number}/assets`);
        expectStatus(response, seesTicket(a, ticket) ? 200 : 404, `${a} ${x.school.academie}`);
        if (response.statusCode === 200)
          expect(
            (response.json().items as { id: string }[]).map((i) => i.id),
            a,
          ).toEqual(readsAssets(a, x.school) ? [x.assetId] : []);
      }
    },
  },
  "DELETE /api/v1/inventory/assets/:id/tickets/:ticketId": {
    access: "session",
    sample: () => ({ url: `/inventory/assets/${crypto.randomUUID()}/tickets/${crypto.randomUUID()}` }),
    check: async (a) => {
      for (const x of await seedReportWorld()) {
        const ticket = await insertTicket(x.school, { requesterId: w.people.teacherA3.id });
        await t.db.insert(assetTickets).values({ assetId: x.assetId, ticketId: ticket.id, linkedAt: new Date() });
        const response = await call(a, "DELETE", `/inventory/assets/${x.assetId}/tickets/${ticket.id}`);
        const links = await t.db.select().from(assetTickets).where(eq(assetTickets.ticketId, ticket.id));
        const expected = !readsAssets(a, x.school) || !seesTicket(a, ticket) ? 404 : worksTicket(a, ticket) || writesAssets(a, x.school) ? 200 : 403;
        expectStatus(response, expected, `${a} ${x.school.academie}`);
        expect(links, a).toHaveLength(expected === 200 ? 0 : 1);
      }
    },
  },
  "POST /api/v1/orders/:id/returns": {
    access: "session",
    sample: () => ({ url: "/orders/00000000-0000-4000-8000-000000000000/returns", payload: {} }),
    // Paper items go back through the school's cart builders (CRRE, not in the walk) and the Region.
    check: async (a) => {
      const order = await orderOfA1("submitted");
      const lineId = (await call("regionAdminA", "GET", `/orders/${order.id}`)).json().lines[0].id;
      const response = await call(a, "POST", `/orders/${order.id}/returns`, { lineId, quantity: 1 });
      const line = (await call("regionAdminA", "GET", `/orders/${order.id}`)).json().lines[0];
      if (managesCampaignsOf(a, w.regionA.id)) {
        expectStatus(response, 200, a);
        expect(line, a).toMatchObject({ quantity: 0, returnedQuantity: 1 });
      } else {
        expectStatus(response, orderRefusal(a), a);
        expect(line, a).toMatchObject({ quantity: 1, returnedQuantity: 0 });
      }
    },
  },
  "GET /api/v1/campaigns/:id/orders": {
    access: "session",
    sample: () => ({ url: "/campaigns/00000000-0000-4000-8000-000000000000/orders" }),
    check: async (a) => {
      const order = await orderOfA1("cart");
      const response = await call(a, "GET", `/campaigns/${(await theOrderCampaignA()).campaign}/orders`);
      if (a === "regionAdminB") return expectStatus(response, 404, a);
      expectStatus(response, 200, a);
      expect(
        response.json().items.some((o: { id: string }) => o.id === order.id),
        a,
      ).toBe(seesOrdersOfA1(a));
      if (!seesOrdersOfA1(a)) expect(response.json().items, a).toEqual([]);
    },
  },
  "POST /api/v1/campaigns/:id/carts": {
    access: "session",
    sample: () => ({ url: "/campaigns/00000000-0000-4000-8000-000000000000/carts", payload: {} }),
    // Textbook carts: the school's CRRE prescribers and validators (not in the walk) and the Region; not the head.
    check: async (a) => {
      const { campaign } = await theOrderCampaignA();
      const count = async () => (await call("regionAdminA", "GET", `/campaigns/${campaign}/orders`)).json().items.length;
      const before = await count();
      const response = await call(a, "POST", `/campaigns/${campaign}/carts`, { school: w.schoolA1.id });
      if (managesCampaignsOf(a, w.regionA.id)) {
        expectStatus(response, 201, a);
        expect(await count(), a).toBe(before + 1);
      } else {
        expectStatus(response, a === "regionAdminB" ? 404 : 403, a);
        expect(await count(), a).toBe(before);
      }
    },
  },
  "GET /api/v1/orders/:id": {
    access: "session",
    sample: () => ({ url: "/orders/00000000-0000-4000-8000-000000000000" }),
    check: async (a) => {
      const order = await orderOfA1("cart");
      const response = await call(a, "GET", `/orders/${order.id}`);
      if (seesOrdersOfA1(a)) {
        expectStatus(response, 200, a);
        expect(response.json(), a).toMatchObject({ id: order.id, schoolId: w.schoolA1.id, totalCents: 100 });
      } else expectStatus(response, 404, a);
    },
  },
  "PUT /api/v1/orders/:id/lines": {
    access: "session",
    sample: () => ({ url: "/orders/00000000-0000-4000-8000-000000000000/lines", payload: { version: 1, lines: [] } }),
    check: async (a) => {
      const order = await orderOfA1("cart");
      const { item } = await theOrderCampaignA();
      const response = await call(a, "PUT", `/orders/${order.id}/lines`, { version: order.version, lines: [{ itemId: item, quantity: 3 }] });
      const total = (await call("regionAdminA", "GET", `/orders/${order.id}`)).json().totalCents;
      if (managesCampaignsOf(a, w.regionA.id)) {
        expectStatus(response, 200, a);
        expect(total, a).toBe(300);
      } else {
        expectStatus(response, orderRefusal(a), a);
        expect(total, a).toBe(100);
      }
    },
  },
  "POST /api/v1/orders/:id/submit": {
    access: "session",
    sample: () => ({ url: "/orders/00000000-0000-4000-8000-000000000000/submit", payload: { version: 1 } }),
    check: async (a) => {
      const order = await orderOfA1("cart");
      const response = await call(a, "POST", `/orders/${order.id}/submit`, { version: order.version });
      const status = (await call("regionAdminA", "GET", `/orders/${order.id}`)).json().status;
      if (managesCampaignsOf(a, w.regionA.id)) {
        expectStatus(response, 200, a);
        expect(status, a).toBe("submitted");
      } else {
        expectStatus(response, orderRefusal(a), a);
        expect(status, a).toBe("cart");
      }
    },
  },
  "POST /api/v1/orders/:id/review": {
    access: "session",
    sample: () => ({ url: "/orders/00000000-0000-4000-8000-000000000000/review", payload: { version: 1, decision: "approve" } }),
    check: async (a) => {
      const order = await orderOfA1("submitted");
      const response = await call(a, "POST", `/orders/${order.id}/review`, { version: order.version, decision: "approve" });
      const status = (await call("regionAdminA", "GET", `/orders/${order.id}`)).json().status;
      if (managesCampaignsOf(a, w.regionA.id)) {
        expectStatus(response, 200, a);
        expect(status, a).toBe("approved");
      } else {
        expectStatus(response, orderRefusal(a), a);
        expect(status, a).toBe("submitted");
      }
    },
  },
  "GET /api/v1/campaigns/:id/mobile-projects": {
    access: "session",
    sample: () => ({ url: "/campaigns/00000000-0000-4000-8000-000000000000/mobile-projects" }),
    // School A1's project: its head and the Region see it; the académie's advisors too (not in the walk).
    check: async (a) => {
      const { campaign, project } = await mobileProjectOfA1("submitted");
      const response = await call(a, "GET", `/campaigns/${campaign}/mobile-projects`);
      if (a === "regionAdminB") return expectStatus(response, 404, a);
      expectStatus(response, 200, a);
      const ids = response.json().items.map((p: { id: string }) => p.id);
      expect(ids.includes(project.id), a).toBe(seesOrdersOfA1(a));
    },
  },
  "POST /api/v1/campaigns/:id/mobile-projects": {
    access: "session",
    sample: () => ({ url: "/campaigns/00000000-0000-4000-8000-000000000000/mobile-projects", payload: {} }),
    // The school's head files (the Region's administrators hold the same right), once school A1 has no live project.
    check: async (a) => {
      const campaign = await mobileCampaignWithRoomForA1();
      const response = await call(a, "POST", `/campaigns/${campaign}/mobile-projects`, { ...MOBILE_PROJECT, school: w.schoolA1.id });
      const filed = await t.db
        .select()
        .from(mobileProjects)
        .where(and(eq(mobileProjects.campaignId, campaign), ne(mobileProjects.status, "rejected")));
      if (managesCampaignsOf(a, w.regionA.id) || a === "headA") {
        expectStatus(response, 201, a);
        expect(
          filed.map((p) => [p.schoolId, p.status]),
          a,
        ).toEqual([[w.schoolA1.id, "submitted"]]);
      } else {
        if (a === "regionAdminB") expectStatus(response, 404, a);
        else expect([403, 404], `${a}: ${response.body}`).toContain(response.statusCode);
        expect(filed, a).toEqual([]);
      }
    },
  },
  "POST /api/v1/mobile-projects/:id/academie-decision": {
    access: "session",
    sample: () => ({ url: "/mobile-projects/00000000-0000-4000-8000-000000000000/academie-decision", payload: { version: 1, decision: "approve" } }),
    // The académie's advisor gives its opinion (only the platform in the walk; not the Region, which decides after it).
    check: async (a) => {
      const { project } = await mobileProjectOfA1("submitted");
      const response = await call(a, "POST", `/mobile-projects/${project.id}/academie-decision`, { version: project.version, decision: "approve" });
      const [after] = await t.db.select().from(mobileProjects).where(eq(mobileProjects.id, project.id));
      if (a === "platform") {
        expectStatus(response, 200, a);
        expect(after?.status, a).toBe("academie_approved");
      } else {
        expectStatus(response, seesOrdersOfA1(a) ? 403 : 404, a);
        expect(after?.status, a).toBe("submitted");
      }
    },
  },
  "POST /api/v1/mobile-projects/:id/region-decision": {
    access: "session",
    sample: () => ({ url: "/mobile-projects/00000000-0000-4000-8000-000000000000/region-decision", payload: { version: 1, decision: "approve" } }),
    // After the académie's opinion, the Region decides.
    check: async (a) => {
      const { project } = await mobileProjectOfA1("academie_approved");
      const response = await call(a, "POST", `/mobile-projects/${project.id}/region-decision`, { version: project.version, decision: "approve" });
      const [after] = await t.db.select().from(mobileProjects).where(eq(mobileProjects.id, project.id));
      if (managesCampaignsOf(a, w.regionA.id)) {
        expectStatus(response, 200, a);
        expect(after?.status, a).toBe("approved");
      } else {
        expectStatus(response, seesOrdersOfA1(a) ? 403 : 404, a);
        expect(after?.status, a).toBe("academie_approved");
      }
    },
  },
  "GET /api/v1/orders/:id/delivered-assets": {
    access: "session",
    sample: () => ({ url: "/orders/00000000-0000-4000-8000-000000000000/delivered-assets" }),
    // Whoever sees the order sees what its delivery put in the inventory.
    check: async (a) => {
      const order = await approvedEquipmentOrderOfA1();
      expectStatus(await call("regionAdminA", "POST", `/orders/${order.id}/delivery`, { version: order.version }), 200, "delivery");
      const response = await call(a, "GET", `/orders/${order.id}/delivered-assets`);
      if (seesOrdersOfA1(a)) {
        expectStatus(response, 200, a);
        expect(response.json().items, a).toHaveLength(1);
      } else expectStatus(response, 404, a);
    },
  },
  "GET /api/v1/campaigns/:id/orders/by-supplier": {
    access: "session",
    sample: () => ({ url: "/campaigns/00000000-0000-4000-8000-000000000000/orders/by-supplier" }),
    check: async (a) => {
      const response = await call(a, "GET", `/campaigns/${(await theOrderCampaignA()).campaign}/orders/by-supplier`);
      if (managesCampaignsOf(a, w.regionA.id)) {
        expectStatus(response, 200, a);
        expect(new Set(response.json().items.map((r: { uai: string }) => r.uai)), a).toEqual(new Set(response.json().items.length ? [w.schoolA1.uai] : []));
      } else expectStatus(response, a === "regionAdminB" ? 404 : 403, a);
    },
  },
  "GET /api/v1/catalogue/equipment": {
    access: "session",
    sample: () => ({ url: "/catalogue/equipment" }),
    check: async (a) => {
      const reference = `SCOPE-EQ-${++catalogueSerial}`;
      expectStatus(await call("regionAdminA", "POST", "/catalogue/equipment", { ...CATALOGUE_LAPTOP, reference, regionId: w.regionA.id }), 200, "seed item");
      const response = await call(a, "GET", `/catalogue/equipment?q=${reference}`);
      expectStatus(response, 200, a);
      expect(
        response.json().items.map((i: { reference: string }) => i.reference),
        a,
      ).toEqual(inRegionA(a) ? [reference] : []);
    },
  },
  "POST /api/v1/catalogue/equipment": {
    access: "session",
    sample: () => ({ url: "/catalogue/equipment", payload: {} }),
    check: async (a) => {
      const reference = `SCOPE-EQ-${++catalogueSerial}`;
      const response = await call(a, "POST", "/catalogue/equipment", { ...CATALOGUE_LAPTOP, reference, regionId: w.regionA.id });
      const listed = (await call("regionAdminA", "GET", `/catalogue/equipment?q=${reference}`)).json().items.length;
      if (managesCampaignsOf(a, w.regionA.id)) {
        expectStatus(response, 200, a);
        expect(listed, a).toBe(1);
      } else {
        expectStatus(response, 403, a);
        expect(listed, a).toBe(0);
      }
    },
  },
  "GET /api/v1/catalogue/resources": {
    access: "session",
    sample: () => ({ url: "/catalogue/resources" }),
    check: async (a) => {
      const item = {
        kind: "digital_textbook",
        ean: "9782091725451",
        title: "Mathématiques 2de",
        publisher: "Nathan",
        subject: "Mathématiques",
        priceCents: 900,
        licenceYears: 1,
      };
      expectStatus(await call("regionAdminA", "POST", "/catalogue/resources", { regionId: w.regionA.id, item }), 200, "seed item");
      const response = await call(a, "GET", "/catalogue/resources?q=9782091725451");
      expectStatus(response, 200, a);
      expect(response.json().items.length, a).toBe(inRegionA(a) ? 1 : 0);
    },
  },
  "POST /api/v1/catalogue/resources": {
    access: "session",
    sample: () => ({ url: "/catalogue/resources", payload: {} }),
    check: async (a) => {
      const title = `Manuel ${next()}`;
      const item = { kind: "paper_textbook", ean: "9780306406157", title, publisher: "Hatier", subject: "Histoire", priceCents: 2_000, licenceYears: null };
      const response = await call(a, "POST", "/catalogue/resources", { regionId: w.regionA.id, item });
      const stored = (await call("regionAdminA", "GET", "/catalogue/resources?q=9780306406157")).json().items[0]?.title;
      if (managesCampaignsOf(a, w.regionA.id)) {
        expectStatus(response, 200, a);
        expect(stored, a).toBe(title);
      } else {
        expectStatus(response, 403, a);
        expect(stored, a).not.toBe(title);
      }
    },
  },
  "POST /api/v1/catalogue/import": {
    access: "session",
    sample: () => ({ url: "/catalogue/import", payload: {} }),
    check: async (a) => {
      const reference = `SCOPE-IMP-${++catalogueSerial}`;
      const csv = `reference;libelle;categorie;prix;garantie_ans;fournisseur\n${reference};Imprimante laser;printer;320;3;SCC\n`;
      const response = await call(a, "POST", "/catalogue/import", { regionId: w.regionA.id, catalogue: "equipment", csv });
      const listed = (await call("regionAdminA", "GET", `/catalogue/equipment?q=${reference}`)).json().items.length;
      if (managesCampaignsOf(a, w.regionA.id)) {
        expectStatus(response, 200, a);
        expect(response.json(), a).toMatchObject({ created: 1, written: true });
        expect(listed, a).toBe(1);
      } else {
        expectStatus(response, 403, a);
        expect(listed, a).toBe(0);
      }
    },
  },
  "GET /api/v1/inventory/assets": {
    access: "session",
    sample: () => ({ url: "/inventory/assets" }),
    check: async (a) => {
      const seeded = await seedAssets();
      const listed = await allPages<{ id: string }>(a, "/inventory/assets?q=scope-asset");
      const expected = seeded.filter((x) => readsAssets(a, x.school)).map((x) => x.id);
      expect(ids(listed), a).toEqual(expected.sort());
    },
  },
  "GET /api/v1/inventory/assets/:id": {
    access: "session",
    sample: () => ({ url: `/inventory/assets/${crypto.randomUUID()}` }),
    check: async (a) => {
      for (const x of await seedAssets()) {
        const response = await call(a, "GET", `/inventory/assets/${x.id}`);
        expectStatus(response, readsAssets(a, x.school) ? 200 : 404, `${a} ${x.school.academie}`);
        if (response.statusCode === 200) expect(response.json().canEdit, a).toBe(writesAssets(a, x.school));
      }
    },
  },
  "POST /api/v1/inventory/assets": {
    access: "session",
    sample: () => ({ url: "/inventory/assets", payload: { school: w.schoolA1.uai, type: "ups" } }),
    check: async (a) => {
      const name = `VP-${a}-${next()}`;
      const response = await call(a, "POST", "/inventory/assets", { school: w.schoolA1.uai, type: "video_projector", name, funding: "own_funds" });
      const stored = await t.db.select().from(assets).where(eq(assets.name, name));
      if (writesAssets(a, w.schoolA1)) {
        expectStatus(response, 201, a);
        expect(response.json().asset).toMatchObject({ schoolId: w.schoolA1.id, source: "manual", isSupported: false });
        return expect(stored).toHaveLength(1);
      }
      expectStatus(response, seesSchool(a, w.schoolA1) ? 403 : 404, a);
      expect(stored).toHaveLength(0);
    },
  },
  "PATCH /api/v1/inventory/assets/:id": {
    access: "session",
    sample: () => ({ url: `/inventory/assets/${crypto.randomUUID()}`, payload: { version: 1 } }),
    check: async (a) => {
      for (const x of await seedAssets()) {
        const [before] = await t.db.select().from(assets).where(eq(assets.id, x.id));
        const next = before!.status === "broken" ? "in_service" : "broken";
        const response = await call(a, "PATCH", `/inventory/assets/${x.id}`, { version: before!.version, status: next });
        const [after] = await t.db.select().from(assets).where(eq(assets.id, x.id));
        if (writesAssets(a, x.school)) {
          expectStatus(response, 200, `${a} ${x.school.academie}`);
          expect(after?.status).toBe(next);
          const events = await t.db.select().from(assetEvents).where(eq(assetEvents.assetId, x.id));
          expect(events.some((e) => e.kind === "status_changed" && e.details.to === next)).toBe(true);
        } else {
          expectStatus(response, readsAssets(a, x.school) ? 403 : 404, `${a} ${x.school.academie}`);
          expect(after?.status).toBe(before!.status);
        }
      }
    },
  },
  "GET /api/v1/inventory/applications": {
    access: "session",
    sample: () => ({ url: `/inventory/applications?region=${crypto.randomUUID()}` }),
    check: async (a) => {
      const mine = await seedApplication(w.regionA.id);
      const theirs = await seedApplication(w.regionB.id);
      const response = await call(a, "GET", `/inventory/applications?region=${w.regionA.id}&pageSize=200`);
      if (!readsRegionInventory(a, w.regionA.id)) return expectStatus(response, 403, a);
      expectStatus(response, 200, a);
      const listed = (response.json().items as { softwareId: string }[]).map((x) => x.softwareId);
      expect(listed).toContain(mine);
      expect(listed).not.toContain(theirs);
    },
  },
  "POST /api/v1/inventory/applications/:id/decision": {
    access: "session",
    sample: () => ({ url: `/inventory/applications/${crypto.randomUUID()}/decision`, payload: { status: "qualified" } }),
    check: async (a) => {
      const softwareId = await seedApplication(w.regionA.id);
      const response = await call(a, "POST", `/inventory/applications/${softwareId}/decision`, { status: "qualified", regionId: w.regionA.id });
      const [after] = await t.db.select().from(regionApplications).where(eq(regionApplications.softwareId, softwareId));
      if (writesRegion(a, w.regionA.id)) {
        expectStatus(response, 200, a);
        return expect(after?.status).toBe("qualified");
      }
      expectStatus(response, readsRegionInventory(a, w.regionA.id) ? 403 : 404, a);
      expect(after?.status).toBe("to_evaluate");
    },
  },
  "POST /api/v1/tickets/:ticket/attachments": {
    access: "session",
    sample: () => ({ url: `/tickets/${w.tickets[0]!.id}/attachments`, payload: {} }),
    check: async (a) => {
      // Joining files follows commenting: whoever sees the ticket.
      for (const ticket of w.tickets) {
        const text = `Fichier ${next()}\n`;
        const response = await uploadAs(a, ticket.id, text);
        expectStatus(response, seesTicket(a, ticket) ? 201 : 404, `${a} uploads to ${ticket.number}`);
        const sizeBytes = Buffer.byteLength(text);
        const rows = await t.db.select().from(ticketAttachments).where(eq(ticketAttachments.ticketId, ticket.id));
        const mine = rows.filter((r) => r.uploadedById === w.people[a].id && r.sizeBytes === sizeBytes && r.visibility === "public");
        expect(mine.length, `${a} uploads to ${ticket.number}`).toBe(seesTicket(a, ticket) ? 1 : 0);
      }
    },
  },
  "GET /api/v1/tickets/:ticket/attachments": {
    access: "session",
    sample: () => ({ url: `/tickets/${w.tickets[0]!.id}/attachments` }),
    check: async (a) => {
      await filesOfWorld();
      for (const ticket of w.tickets) {
        const response = await call(a, "GET", `/tickets/${ticket.id}/attachments`);
        expectStatus(response, seesTicket(a, ticket) ? 200 : 404, `${a} lists the files of ${ticket.number}`);
        if (!seesTicket(a, ticket)) continue;
        // Internal files, like internal notes, only for those who work the ticket.
        const rows = await t.db.select().from(ticketAttachments).where(eq(ticketAttachments.ticketId, ticket.id));
        const expected = rows.filter((r) => r.visibility === "public" || worksTicket(a, ticket)).map((r) => r.id);
        expect(
          response
            .json()
            .items.map((i: { id: string }) => i.id)
            .sort(),
          `${a} lists the files of ${ticket.number}`,
        ).toEqual(expected.sort());
        expect(response.body).not.toContain("Pièce");
      }
    },
  },
  "GET /api/v1/attachments/:id/content": {
    access: "session",
    sample: () => ({ url: "/attachments/00000000-0000-4000-8000-000000000000/content" }),
    check: async (a) => {
      for (const file of await filesOfWorld()) {
        const allowed = seesTicket(a, file.ticket) && (file.visibility === "public" || worksTicket(a, file.ticket));
        const response = await call(a, "GET", `/attachments/${file.id}/content`);
        expectStatus(response, allowed ? 200 : 404, `${a} downloads the ${file.visibility} file of ${file.ticket.number}`);
        if (allowed) expect(Buffer.compare(response.rawPayload, file.bytes)).toBe(0);
      }
    },
  },
  "GET /api/v1/inbound-messages": {
    access: "session",
    sample: () => ({ url: "/inbound-messages" }),
    check: async (a) => {
      // What came into each region's desk mailbox: its administrators (and helpdesk operators, not in the walk) and the platform.
      const rows = await t.db
        .insert(inboundMessages)
        .values(
          [w.regionA, w.regionB].map((region) => ({
            regionId: region.id,
            messageId: `<${next()}@scope.test>`,
            fromAddress: "x@lycee.test",
            subject: "Panne",
            outcome: "ignored" as const,
          })),
        )
        .returning();
      const response = await call(a, "GET", "/inbound-messages?pageSize=200");
      if (!writesRegion(a, w.regionA.id) && !writesRegion(a, w.regionB.id)) return expectStatus(response, 403, a);
      expectStatus(response, 200, a);
      const got = (response.json().items as { id: string }[]).map((i) => i.id);
      for (const row of rows) expect(got.includes(row.id), `${a} sees a message of ${row.regionId}`).toBe(writesRegion(a, row.regionId));
    },
  },
  "GET /api/v1/regions/:region/mailbox": {
    access: "session",
    sample: () => ({ url: `/regions/${w.regionA.id}/mailbox` }),
    check: async (a) => {
      await t.db.execute(
        sql`update regions set settings = jsonb_set(settings, '{mailbox}', ${JSON.stringify({ enabled: false, host: "imap.a.test", port: 993, tls: true, user: "support", password: "secret-scope-A", folder: "INBOX" })}::jsonb, true) where id = ${w.regionA.id}`,
      );
      for (const region of [w.regionA, w.regionB]) {
        const response = await call(a, "GET", `/regions/${region.id}/mailbox`);
        expectStatus(response, writesRegion(a, region.id) ? 200 : 404, `${a} reads the mailbox of ${region.name}`);
        expect(response.body).not.toContain("secret-scope-A");
      }
    },
  },
  "PUT /api/v1/regions/:region/mailbox": {
    access: "session",
    sample: () => ({ url: `/regions/${w.regionA.id}/mailbox`, payload: {} }),
    check: async (a) => {
      for (const region of [w.regionA, w.regionB]) {
        const user = `support-${next()}`;
        const response = await call(a, "PUT", `/regions/${region.id}/mailbox`, { enabled: false, host: "imap.region.test", user, password: "pw" });
        if (writesRegion(a, region.id)) expectStatus(response, 200, `${a} sets the mailbox of ${region.name}`);
        else expect([403, 404], `${a} sets the mailbox of ${region.name}: ${response.body}`).toContain(response.statusCode);
        const [after] = await t.db.select().from(regions).where(eq(regions.id, region.id));
        expect((after!.settings as { mailbox?: { user?: string } }).mailbox?.user === user).toBe(writesRegion(a, region.id));
      }
    },
  },
  "POST /api/v1/regions/:region/mailbox/poll": {
    access: "session",
    sample: () => ({ url: `/regions/${w.regionA.id}/mailbox/poll` }),
    // Polling now is for those who read what comes in; a switched-off mailbox answers them 409 and reaches no server.
    check: async (a) => {
      for (const region of [w.regionA, w.regionB]) {
        await t.db.execute(
          sql`update regions set settings = jsonb_set(settings, '{mailbox}', ${JSON.stringify({ enabled: false, host: "imap.scope.test", port: 993, tls: true, user: "support", password: "pw", folder: "INBOX" })}::jsonb, true) where id = ${region.id}`,
        );
        const response = await call(a, "POST", `/regions/${region.id}/mailbox/poll`);
        if (writesRegion(a, region.id)) expectStatus(response, 409, `${a} polls the mailbox of ${region.name}`);
        else expect([403, 404], `${a} polls the mailbox of ${region.name}: ${response.body}`).toContain(response.statusCode);
      }
    },
  },
  "GET /api/v1/campaigns": {
    access: "session",
    sample: () => ({ url: "/campaigns" }),
    // Everyone of a region sees its campaigns (the calendar concerns them all); nobody sees another region's.
    check: async (a) => {
      const id = await theCampaignA();
      const response = await call(a, "GET", "/campaigns");
      expectStatus(response, 200, a);
      const regions = new Set(response.json().items.map((c: { regionId: string }) => c.regionId));
      expect(
        response.json().items.some((c: { id: string }) => c.id === id),
        a,
      ).toBe(a !== "regionAdminB");
      if (a !== "platform")
        expect(
          [...regions].every((r) => r === regionOf(a)),
          a,
        ).toBe(true);
    },
  },
  "POST /api/v1/campaigns": {
    access: "session",
    sample: () => ({ url: "/campaigns", payload: { regionId: w.regionA.id, programme: "textbooks", period: "2040-2041" } }),
    check: async (a) => {
      const year = 2050 + ++campaignSerial;
      const response = await call(a, "POST", "/campaigns", { regionId: w.regionA.id, programme: "textbooks", period: `${year}-${year + 1}` });
      const listed = async () =>
        (await call("regionAdminA", "GET", "/campaigns")).json().items.some((c: { period: string }) => c.period === `${year}-${year + 1}`);
      if (managesCampaignsOf(a, w.regionA.id)) {
        expectStatus(response, 201, a);
        expect(await listed(), a).toBe(true);
      } else {
        expectStatus(response, 403, a);
        expect(await listed(), a).toBe(false);
      }
    },
  },
  "GET /api/v1/campaigns/:id": {
    access: "session",
    sample: () => ({ url: "/campaigns/00000000-0000-4000-8000-000000000000" }),
    check: async (a) => {
      const response = await call(a, "GET", `/campaigns/${await theCampaignA()}`);
      if (a === "regionAdminB") return expectStatus(response, 404, a);
      expectStatus(response, 200, a);
      expect(response.json().calendar.windows[0].opensOn, a).toBe("2024-06-26");
    },
  },
  "PATCH /api/v1/campaigns/:id": {
    access: "session",
    sample: () => ({ url: "/campaigns/00000000-0000-4000-8000-000000000000", payload: { version: 1 } }),
    check: async (a) => {
      const id = await theCampaignA();
      const before = (await call("regionAdminA", "GET", `/campaigns/${id}`)).json();
      const label = `Manuels A ${next()}`;
      const response = await call(a, "PATCH", `/campaigns/${id}`, { version: before.version, label });
      const after = (await call("regionAdminA", "GET", `/campaigns/${id}`)).json();
      if (managesCampaignsOf(a, w.regionA.id)) {
        expectStatus(response, 200, a);
        expect(after.label, a).toBe(label);
      } else {
        expectStatus(response, a === "regionAdminB" ? 404 : 403, a);
        expect(after, a).toEqual(before);
      }
    },
  },
  "POST /api/v1/campaigns/:id/envelopes/compute": {
    access: "session",
    sample: () => ({ url: "/campaigns/00000000-0000-4000-8000-000000000000/envelopes/compute", payload: {} }),
    check: async (a) => {
      const response = await call(a, "POST", `/campaigns/${await theCampaignA()}/envelopes/compute`, { school: w.schoolA2.id });
      if (managesCampaignsOf(a, w.regionA.id)) {
        expectStatus(response, 200, a);
        expect(response.json(), a).toEqual({ computed: 1, skipped: [] });
      } else expectStatus(response, a === "regionAdminB" ? 404 : 403, a);
    },
  },
  "GET /api/v1/campaigns/:id/envelopes": {
    access: "session",
    sample: () => ({ url: "/campaigns/00000000-0000-4000-8000-000000000000/envelopes" }),
    check: async (a) => {
      const response = await call(a, "GET", `/campaigns/${await theCampaignA()}/envelopes`);
      if (a === "regionAdminB") return expectStatus(response, 404, a);
      expectStatus(response, 200, a);
      const expected = fixtureSchools()
        .filter((s) => s.regionId === w.regionA.id && readsEnvelopeOf(a, s))
        .map((s) => s.id)
        .sort();
      expect(
        response
          .json()
          .items.map((e: { schoolId: string }) => e.schoolId)
          .sort(),
        a,
      ).toEqual(expected);
    },
  },
  "GET /api/v1/campaigns/:id/envelopes/:school": {
    access: "session",
    sample: () => ({ url: `/campaigns/00000000-0000-4000-8000-000000000000/envelopes/${w.schoolA1.id}` }),
    check: async (a) => {
      const response = await call(a, "GET", `/campaigns/${await theCampaignA()}/envelopes/${w.schoolA1.uai}`);
      if (readsEnvelopeOf(a, w.schoolA1)) {
        expectStatus(response, 200, a);
        expect(response.json().schoolId, a).toBe(w.schoolA1.id);
      } else expectStatus(response, a === "regionAdminB" ? 404 : 403, a);
    },
  },
  "GET /api/v1/campaigns/:id/top-ups": {
    access: "session",
    sample: () => ({ url: "/campaigns/00000000-0000-4000-8000-000000000000/top-ups" }),
    check: async (a) => {
      await pendingTopUp();
      const response = await call(a, "GET", `/campaigns/${await theCampaignA()}/top-ups`);
      if (a === "regionAdminB") return expectStatus(response, 404, a);
      expectStatus(response, 200, a);
      const schoolIds = new Set(response.json().items.map((x: { schoolId: string }) => x.schoolId));
      expect([...schoolIds], a).toEqual(readsEnvelopeOf(a, w.schoolA1) ? [w.schoolA1.id] : []);
    },
  },
  "POST /api/v1/campaigns/:id/top-ups": {
    access: "session",
    sample: () => ({ url: "/campaigns/00000000-0000-4000-8000-000000000000/top-ups", payload: {} }),
    check: async (a) => {
      const id = await theCampaignA();
      const count = async () => (await call("regionAdminA", "GET", `/campaigns/${id}/top-ups`)).json().items.length;
      const before = await count();
      const response = await call(a, "POST", `/campaigns/${id}/top-ups`, {
        school: w.schoolA1.id,
        track: "vocational",
        level: "cap1",
        students: 12,
        reason: "Ouverture d'un CAP à la rentrée.",
      });
      if (readsEnvelopeOf(a, w.schoolA1)) {
        expectStatus(response, 201, a);
        expect(response.json(), a).toMatchObject({ status: "pending", amountCents: 12 * 4200, consumablesCents: 12 * 2400 });
        expect(await count(), a).toBe(before + 1);
      } else {
        expectStatus(response, a === "regionAdminB" ? 404 : 403, a);
        expect(await count(), a).toBe(before);
      }
    },
  },
  "POST /api/v1/top-ups/:id/decision": {
    access: "session",
    sample: () => ({ url: "/top-ups/00000000-0000-4000-8000-000000000000/decision", payload: { decision: "approve" } }),
    check: async (a) => {
      const topUp = await pendingTopUp();
      const response = await call(a, "POST", `/top-ups/${topUp}/decision`, { decision: "refuse", note: "Effectifs non confirmés." });
      const status = async () =>
        (await call("regionAdminA", "GET", `/campaigns/${await theCampaignA()}/top-ups`)).json().items.find((x: { id: string }) => x.id === topUp).status;
      if (managesCampaignsOf(a, w.regionA.id)) {
        expectStatus(response, 200, a);
        expect(await status(), a).toBe("refused");
      } else {
        expectStatus(response, a === "regionAdminB" ? 404 : 403, a);
        expect(await status(), a).toBe("pending");
      }
    },
  },
  // A session is not an agent credential: every actor is asked for the region's agent login, and nothing is stored.
  ...Object.fromEntries(
    ["/api/v1/inventory/agent", "/front/inventory.php"].map((path) => [
      `POST ${path}`,
      {
        access: "agent",
        sample: () => ({ url: path, payload: "<REQUEST><QUERY>PROLOG</QUERY></REQUEST>" }),
        check: async (a: ActorName) => {
          const before = await t.db.select({ n: sql<number>`count(*)::int` }).from(pendingAgentReports);
          const response = await t.app.inject({
            method: "POST",
            url: path,
            headers: { ...w.sessions[a].headers, "content-type": "application/xml" },
            payload: `<REQUEST><QUERY>INVENTORY</QUERY><CONTENT><HARDWARE><NAME>PC-${a}</NAME></HARDWARE></CONTENT></REQUEST>`,
          });
          expect(response.statusCode, a).toBe(401);
          expect(response.body).toContain("<REPLY><ERROR>");
          expect(await t.db.select({ n: sql<number>`count(*)::int` }).from(pendingAgentReports)).toEqual(before);
        },
      } satisfies RouteSpec,
    ]),
  ),
  "GET /api/v1/inventory/agent-credentials": {
    access: "session",
    sample: () => ({ url: "/inventory/agent-credentials" }),
    check: async (a) => {
      await t.db.insert(agentCredentials).values([
        { regionId: w.regionA.id, login: `scope-a-${next()}`, secretHash: "x", label: "A", createdAt: new Date() },
        { regionId: w.regionB.id, login: `scope-b-${next()}`, secretHash: "x", label: "B", createdAt: new Date() },
      ]);
      const response = await call(a, "GET", `/inventory/agent-credentials?region=${w.regionA.id}`);
      if (!writesRegion(a, w.regionA.id)) return expectStatus(response, 403, a);
      expectStatus(response, 200, a);
      const items = response.json().items as { regionId: string; login: string }[];
      expect(items.length).toBeGreaterThan(0);
      expect(items.every((c) => c.regionId === w.regionA.id)).toBe(true);
      expect(JSON.stringify(items)).not.toContain("secretHash");
    },
  },
  "POST /api/v1/inventory/agent-credentials": {
    access: "session",
    sample: () => ({ url: "/inventory/agent-credentials", payload: { label: "x" } }),
    check: async (a) => {
      const label = `scope-${a}-${next()}`;
      const response = await call(a, "POST", "/inventory/agent-credentials", { label, regionId: w.regionA.id });
      const stored = await t.db.select().from(agentCredentials).where(eq(agentCredentials.label, label));
      if (!writesRegion(a, w.regionA.id)) {
        expectStatus(response, 403, a);
        return expect(stored).toHaveLength(0);
      }
      expectStatus(response, 201, a);
      expect(stored).toMatchObject([{ regionId: w.regionA.id, secretHash: sha256(response.json().password) }]);
    },
  },
  "POST /api/v1/inventory/agent-credentials/:id/revoke": {
    access: "session",
    sample: () => ({ url: `/inventory/agent-credentials/${crypto.randomUUID()}/revoke` }),
    check: async (a) => {
      const [credential] = await t.db
        .insert(agentCredentials)
        .values({ regionId: w.regionA.id, login: `scope-r-${next()}`, secretHash: "x", label: "A", createdAt: new Date() })
        .returning();
      const response = await call(a, "POST", `/inventory/agent-credentials/${credential!.id}/revoke`);
      const [after] = await t.db.select().from(agentCredentials).where(eq(agentCredentials.id, credential!.id));
      if (!writesRegion(a, w.regionA.id)) {
        expectStatus(response, 404, a);
        return expect(after?.revokedAt).toBeNull();
      }
      expectStatus(response, 200, a);
      expect(after?.revokedAt).not.toBeNull();
    },
  },
  "GET /api/v1/inventory/pending-reports": {
    access: "session",
    sample: () => ({ url: "/inventory/pending-reports" }),
    check: async (a) => {
      for (const region of [w.regionA, w.regionB]) {
        await t.db.insert(pendingAgentReports).values({ regionId: region.id, tag: "INCONNU", name: `PC-${next()}`, report: {}, receivedAt: new Date() });
      }
      const response = await call(a, "GET", `/inventory/pending-reports?region=${w.regionA.id}`);
      if (!writesRegion(a, w.regionA.id)) return expectStatus(response, 403, a);
      expectStatus(response, 200, a);
      const items = response.json().items as { regionId: string }[];
      expect(items.length).toBeGreaterThan(0);
      expect(items.every((r) => r.regionId === w.regionA.id)).toBe(true);
    },
  },
  "POST /api/v1/inventory/pending-reports/:id/attach": {
    access: "session",
    sample: () => ({ url: `/inventory/pending-reports/${crypto.randomUUID()}/attach`, payload: { school: "0750001A" } }),
    check: async (a) => {
      const name = `PC-ATTACH-${next()}`;
      const machine = {
        name,
        serial: null,
        serialFallback: null,
        uuid: null,
        manufacturer: null,
        model: null,
        assetTag: null,
        type: "desktop",
        sections: {},
        softwares: [],
      };
      const [pending] = await t.db
        .insert(pendingAgentReports)
        .values({ regionId: w.regionA.id, tag: "INCONNU", name, report: { deviceId: null, partial: false, machine }, receivedAt: new Date() })
        .returning();
      const response = await call(a, "POST", `/inventory/pending-reports/${pending!.id}/attach`, { school: w.schoolA1.uai });
      const [after] = await t.db.select().from(pendingAgentReports).where(eq(pendingAgentReports.id, pending!.id));
      if (!writesRegion(a, w.regionA.id)) {
        expectStatus(response, 404, a);
        return expect(after).toMatchObject({ status: "pending", assetId: null });
      }
      expectStatus(response, 200, a);
      expect(after).toMatchObject({ status: "attached", schoolId: w.schoolA1.id });
      expect(after?.assetId).toBeTruthy();
    },
  },
  // ——— Interventions (issue 3): visible as their ticket, or, preventive, to those who read tickets over the school ———
  "GET /api/v1/interventions": {
    access: "session",
    sample: () => ({ url: "/interventions" }),
    check: async (a) => {
      const world = await scopeInterventions();
      const response = await call(a, "GET", "/interventions");
      expectStatus(response, 200, a);
      const seen = new Set(response.json().items.map((i: { id: string }) => i.id));
      for (const i of world) expect(seen.has(i.id), `${a} lists ${i.label}`).toBe(seesIntervention(a, i));
    },
  },
  "GET /api/v1/interventions/:intervention": {
    access: "session",
    sample: () => ({ url: `/interventions/${w.tickets[0]!.id}` }),
    check: async (a) => {
      for (const i of await scopeInterventions()) {
        const response = await call(a, "GET", `/interventions/${i.id}`);
        expectStatus(response, seesIntervention(a, i) ? 200 : 404, `${a} reads ${i.label}`);
        if (response.statusCode === 200) expect(response.json().schoolId).toBe(i.schoolId);
      }
    },
  },
  "GET /api/v1/interventions/:intervention/report.pdf": {
    access: "session",
    sample: () => ({ url: `/interventions/${w.tickets[0]!.id}/report.pdf` }),
    check: async (a) => {
      for (const i of await scopeInterventions()) {
        const response = await call(a, "GET", `/interventions/${i.id}/report.pdf`);
        expectStatus(response, seesIntervention(a, i) ? 200 : 404, `${a} downloads the report of ${i.label}`);
        if (response.statusCode === 200) expect(response.rawPayload.subarray(0, 5).toString("latin1")).toBe("%PDF-");
      }
    },
  },
  "POST /api/v1/interventions": {
    access: "session",
    sample: () => ({ url: "/interventions", payload: {} }),
    check: async (a) => {
      const ticket = w.tickets[0]!;
      // A day of its own for each actor: the technician is never double-booked by the walk.
      const today = new Date(new Date().toISOString().slice(0, 10));
      const startsAt = new Date(today.getTime() + (ACTORS.indexOf(a) + 1) * 86_400_000 + 14 * 3_600_000);
      const before = await countInterventions(ticket.id);
      const response = await call(a, "POST", "/interventions", {
        kind: "on_site",
        ticket: ticket.id,
        technicianId: w.people.technicianA.id,
        startsAt: startsAt.toISOString(),
        durationMinutes: 60,
      });
      expectStatus(response, worksTicket(a, ticket) ? 201 : seesTicket(a, ticket) ? 403 : 404, `${a} plans a visit for ${ticket.number}`);
      expect(await countInterventions(ticket.id)).toBe(before + (worksTicket(a, ticket) ? 1 : 0));
    },
  },
  "POST /api/v1/interventions/:intervention/done": {
    access: "session",
    sample: () => ({ url: `/interventions/${w.tickets[0]!.id}/done`, payload: {} }),
    check: async (a) => {
      const ticket = w.tickets[0]!;
      const i = await insertIntervention({ ticketId: ticket.id, schoolId: ticket.schoolId, status: "planned" });
      const response = await call(a, "POST", `/interventions/${i.id}/done`, { version: 1, report: "Poste remplacé.", timeSpentMinutes: 45 });
      const allowed = worksTicket(a, ticket);
      expectStatus(response, allowed ? 200 : seesTicket(a, ticket) ? 403 : 404, `${a} marks done a visit of ${ticket.number}`);
      expect((await interventionRow(i.id)).status).toBe(allowed ? "done" : "planned");
    },
  },
  "POST /api/v1/interventions/:intervention/certification": {
    access: "session",
    sample: () => ({ url: `/interventions/${w.tickets[0]!.id}/certification`, payload: {} }),
    check: async (a) => {
      const ticket = w.tickets[0]!;
      const i = await insertIntervention({ ticketId: ticket.id, schoolId: ticket.schoolId, status: "done" });
      const response = await call(a, "POST", `/interventions/${i.id}/certification`, { version: 1, decision: "certified" });
      // DOMAIN §7: the school's coordinator certifies (and its head).
      const allowed = a === "headA" || a === "coordinatorA";
      expectStatus(response, allowed ? 200 : seesTicket(a, ticket) ? 403 : 404, `${a} certifies a visit of ${ticket.number}`);
      const after = await interventionRow(i.id);
      expect(after.status).toBe(allowed ? "certified" : "done");
      expect(after.certifiedById).toBe(allowed ? w.people[a].id : null);
    },
  },
  "POST /api/v1/interventions/:intervention/cancellation": {
    access: "session",
    sample: () => ({ url: `/interventions/${w.tickets[0]!.id}/cancellation`, payload: {} }),
    check: async (a) => {
      for (const ticket of [w.tickets[0]!, w.tickets[2]!]) {
        const i = await insertIntervention({
          ticketId: ticket.id,
          schoolId: ticket.schoolId,
          status: "planned",
          ...(ticket.assigneeOrganisationId ? { technicianId: w.people.orgTechnicianA.id, organisationId: w.orgA.id } : {}),
        });
        const response = await call(a, "POST", `/interventions/${i.id}/cancellation`, { version: 1, reason: "Reportée." });
        const allowed = worksTicket(a, ticket);
        expectStatus(response, allowed ? 200 : seesTicket(a, ticket) ? 403 : 404, `${a} cancels a visit of ${ticket.number}`);
        expect((await interventionRow(i.id)).status).toBe(allowed ? "cancelled" : "planned");
      }
    },
  },
  "POST /api/v1/preventive-plans/preview": {
    access: "session",
    sample: () => ({ url: "/preventive-plans/preview", payload: {} }),
    check: async (a) => {
      await scopeInterventions();
      const response = await call(a, "POST", "/preventive-plans/preview", { school: w.schoolA1.id, month: nextMonth(), technicianId: w.people.technicianA.id });
      expectStatus(response, plansPreventive(a, w.schoolA1) ? 200 : seesSchool(a, w.schoolA1) ? 403 : 404, `${a} previews A1's preventive visits`);
      if (response.statusCode === 200) expect(response.json().visits).toHaveLength(2); // 100 PCs: one visit a fortnight
    },
  },
  "POST /api/v1/preventive-plans": {
    access: "session",
    sample: () => ({ url: "/preventive-plans", payload: {} }),
    check: async (a) => {
      await scopeInterventions();
      const response = await call(a, "POST", "/preventive-plans", { school: w.schoolA1.id, month: nextMonth(), technicianId: w.people.technicianA.id });
      expectStatus(response, plansPreventive(a, w.schoolA1) ? 201 : seesSchool(a, w.schoolA1) ? 403 : 404, `${a} plans A1's preventive visits`);
      // Written once, by the first who may; a second plan of the same month adds nothing.
      const rows = await t.db
        .select()
        .from(interventions)
        .where(
          sql`${interventions.schoolId} = ${w.schoolA1.id} and ${interventions.kind} = 'preventive' and ${interventions.technicianId} = ${w.people.technicianA.id}`,
        );
      expect(rows.length, a).toBe(ACTORS.slice(0, ACTORS.indexOf(a) + 1).some((x) => plansPreventive(x, w.schoolA1)) ? 2 : 0);
    },
  },
  "PUT /api/v1/school-estates/:school": {
    access: "session",
    sample: () => ({ url: `/school-estates/${w.schoolA1.id}`, payload: {} }),
    check: async (a) => {
      for (const school of [w.schoolA1, w.schoolB1]) {
        const response = await call(a, "PUT", `/school-estates/${school.id}`, { pcCount: 100 });
        const allowed = plansPreventive(a, school);
        expectStatus(response, allowed ? 200 : seesSchool(a, school) ? 403 : 404, `${a} declares ${school.name}'s estate`);
        const [estate] = await t.db.select().from(schoolEstates).where(eq(schoolEstates.schoolId, school.id));
        if (allowed) expect(estate?.updatedById).toBe(w.people[a].id);
        else expect(estate?.updatedById ?? null).not.toBe(w.people[a].id);
      }
    },
  },
  "POST /api/v1/calendar-feed": {
    access: "session",
    sample: () => ({ url: "/calendar-feed" }),
    check: async (a) => {
      // People who work tickets have an agenda; the school's staff do not.
      const allowed = !["headA", "coordinatorA", "teacherA"].includes(a);
      const response = await call(a, "POST", "/calendar-feed");
      expectStatus(response, allowed ? 201 : 403, a);
      const [feed] = await t.db.select().from(calendarFeeds).where(eq(calendarFeeds.personId, w.people[a].id));
      if (!allowed) expect(feed).toBeUndefined();
      else {
        const token = response.json().url.split("/calendar/")[1].replace(".ics", "");
        expect(feed!.tokenHash).toBe(sha256(token));
        expectStatus(await call(null, "GET", `/calendar/${token}.ics`), 200, `${a}'s own feed`);
      }
    },
  },
  "GET /api/v1/calendar/:token.ics": {
    access: "public",
    sample: () => ({ url: "/calendar/jeton-inconnu-0123456789abcdef.ics" }),
    check: async (a) => {
      await scopeInterventions();
      // Technician A may have renewed their address in the walk: the known secret is put back.
      await t.db
        .insert(calendarFeeds)
        .values({ personId: w.people.technicianA.id, tokenHash: sha256(TECHNICIAN_FEED) })
        .onConflictDoUpdate({ target: calendarFeeds.personId, set: { tokenHash: sha256(TECHNICIAN_FEED) } });
      // The secret in the address is the credential: a session changes nothing.
      expectStatus(await call(a, "GET", "/calendar/jeton-inconnu-0123456789abcdef.ics"), 404, `${a} with an unknown token`);
      const feed = await call(a, "GET", `/calendar/${TECHNICIAN_FEED}.ics`);
      expectStatus(feed, 200, `${a} with technician A's token`);
      const uids = [...feed.body.matchAll(/UID:intervention-([0-9a-f-]+)@relais/g)].map((m) => m[1]);
      const rows = await t.db
        .select()
        .from(interventions)
        .where(inArray(interventions.id, uids as string[]));
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.technicianId === w.people.technicianA.id)).toBe(true);
    },
  },
  "POST /api/v1/textbook-envelopes/preview": {
    access: "session",
    sample: () => ({ url: "/textbook-envelopes/preview", payload: { schoolKind: "digital", enrolment: [] } }),
    // A simulator that reads and writes nothing: every logged-in person gets the same figures.
    check: async (a) => {
      const response = await call(a, "POST", "/textbook-envelopes/preview", {
        schoolKind: "digital",
        enrolment: [{ track: "vocational", level: "2de", students: 10 }],
      });
      expectStatus(response, 200, a);
      expect(response.json(), a).toMatchObject({ textbooksCents: 42_000, consumablesCents: 24_000, totalCents: 66_000 });
    },
  },
  "GET /api/v1/health": { access: "public", sample: () => ({ url: "/health" }), check: async (a) => expectStatus(await call(a, "GET", "/health"), 200, a) },
  "GET /api/v1/openapi.json": {
    access: "public",
    sample: () => ({ url: "/openapi.json" }),
    check: async (a) => expectStatus(await call(a, "GET", "/openapi.json"), 200, a),
  },
  "GET /api/docs": {
    access: "public",
    sample: () => ({ url: "/api/docs" }),
    check: async (a) => expect((await call(a, "GET", "/api/docs")).statusCode).toBeLessThan(400),
  },
  "GET /api/docs/": {
    access: "public",
    sample: () => ({ url: "/api/docs/" }),
    check: async (a) => expect((await call(a, "GET", "/api/docs/")).statusCode).toBeLessThan(400),
  },
  "GET /api/docs/static/index.html": {
    access: "public",
    sample: () => ({ url: "/api/docs/static/index.html" }),
    check: async (a) => expect((await call(a, "GET", "/api/docs/static/index.html")).statusCode).toBeLessThan(400),
  },
  "GET /api/docs/static/swagger-initializer.js": {
    access: "public",
    sample: () => ({ url: "/api/docs/static/swagger-initializer.js" }),
    check: async (a) => expectStatus(await call(a, "GET", "/api/docs/static/swagger-initializer.js"), 200, a),
  },
  "GET /api/docs/*": {
    access: "public",
    sample: () => ({ url: "/api/docs/static/swagger-ui.css" }),
    check: async (a) => expectStatus(await call(a, "GET", "/api/docs/static/swagger-ui.css"), 200, a),
  },
  "GET /api/docs/json": {
    access: "public",
    sample: () => ({ url: "/api/docs/json" }),
    check: async (a) => expectStatus(await call(a, "GET", "/api/docs/json"), 200, a),
  },
  "GET /api/docs/yaml": {
    access: "public",
    sample: () => ({ url: "/api/docs/yaml" }),
    check: async (a) => expectStatus(await call(a, "GET", "/api/docs/yaml"), 200, a),
  },
  "GET /*": {
    access: "public",
    sample: () => ({ url: "/" }),
    check: async (a) => {
      for (const url of ["/", "/etablissements/quelque-part", "/index.html", "/assets/app.js"]) {
        const page = await t.app.inject({ method: "GET", url, headers: w.sessions[a].headers });
        expectStatus(page, 200, `${a} ${url}`);
      }
      expect((await t.app.inject({ method: "GET", url: "/assets/app.js" })).body).toBe("console.log('relais');");
    },
  },

  "POST /api/v1/auth/login": {
    access: "public",
    sample: () => ({ url: "/auth/login", payload: {} }),
    check: async (a) => expectStatus(await call(a, "POST", "/auth/login", { email: "pas-une-adresse", password: "" }), 400, a),
  },
  "POST /api/v1/auth/password-reset/request": {
    access: "public",
    sample: () => ({ url: "/auth/password-reset/request", payload: {} }),
    check: async (a) => expectStatus(await call(a, "POST", "/auth/password-reset/request", { email: "pas-une-adresse" }), 400, a),
  },
  "POST /api/v1/auth/password-reset/confirm": {
    access: "public",
    sample: () => ({ url: "/auth/password-reset/confirm", payload: {} }),
    check: async (a) =>
      expectStatus(await call(a, "POST", "/auth/password-reset/confirm", { token: "jeton-invente-0123456789", newPassword: "Un-Mot-De-Passe-42" }), 400, a),
  },
  "POST /api/v1/auth/logout": {
    access: "session",
    stages: ["mfa", "mfa_enrolment", "password_change"],
    sample: () => ({ url: "/auth/logout" }),
    check: async (a) => {
      const headers = await stageSession(w.people[a].id, "active");
      const response = await t.app.inject({ method: "POST", url: `${API}/auth/logout`, headers });
      expectStatus(response, 204, a);
      expectStatus(await t.app.inject({ method: "GET", url: `${API}/me`, headers }), 401, `${a} after logout`);
      expectStatus(await call(a, "GET", "/me"), 200, `${a}'s other session`);
    },
  },
  "GET /api/v1/me": {
    access: "session",
    stages: ["mfa", "mfa_enrolment", "password_change"],
    sample: () => ({ url: "/me" }),
    check: async (a) => {
      const response = await call(a, "GET", "/me");
      expectStatus(response, 200, a);
      expect(response.json().email).toBe(w.people[a].email);
    },
  },
  "POST /api/v1/auth/mfa/verify": {
    access: "session",
    stages: ["mfa"],
    sample: () => ({ url: "/auth/mfa/verify", payload: { code: "abc" } }),
    check: async (a) => expectStatus(await call(a, "POST", "/auth/mfa/verify", { code: "abc" }), 400, a),
  },
  "POST /api/v1/auth/mfa/setup": {
    access: "session",
    stages: ["mfa_enrolment"],
    sample: () => ({ url: "/auth/mfa/setup" }),
    // Anyone may enrol a second factor; those who have one already are told so.
    check: async (a) => expectStatus(await call(a, "POST", "/auth/mfa/setup"), hasTotp(a) ? 409 : 200, a),
  },
  "POST /api/v1/auth/mfa/confirm": {
    access: "session",
    stages: ["mfa_enrolment"],
    sample: () => ({ url: "/auth/mfa/confirm", payload: { code: "abc" } }),
    check: async (a) => expectStatus(await call(a, "POST", "/auth/mfa/confirm", { code: "abc" }), 400, a),
  },
  "POST /api/v1/auth/password": {
    access: "session",
    stages: ["password_change"],
    sample: () => ({ url: "/auth/password", payload: { currentPassword: "x", newPassword: "y" } }),
    check: async (a) => expectStatus(await call(a, "POST", "/auth/password", { currentPassword: "", newPassword: "" }), 400, a),
  },

  "GET /api/v1/api-tokens": {
    access: "session",
    sample: () => ({ url: "/api-tokens" }),
    check: async (a) => {
      const owner = a === "regionAdminA" ? "headB" : "regionAdminA";
      const [foreign] = await t.db
        .insert(apiTokens)
        .values({ personId: w.people[owner].id, name: "Jeton d'un autre", tokenHash: sha256(randomToken()), prefix: "rls_autre" })
        .returning();
      const [own] = await t.db
        .insert(apiTokens)
        .values({ personId: w.people[a].id, name: "Mon jeton", tokenHash: sha256(randomToken()), prefix: "rls_mien" })
        .returning();
      const response = await call(a, "GET", "/api-tokens");
      expectStatus(response, 200, a);
      const listed = response.json().items.map((i: { id: string }) => i.id);
      expect(listed).toContain(own!.id);
      expect(listed).not.toContain(foreign!.id);
    },
  },
  "POST /api/v1/api-tokens": {
    access: "session",
    sample: () => ({ url: "/api-tokens", payload: { name: "Échantillon" } }),
    check: async (a) => {
      const response = await call(a, "POST", "/api-tokens", { name: `Jeton de ${a}` });
      expectStatus(response, 201, a);
      const [row] = await t.db.select().from(apiTokens).where(eq(apiTokens.id, response.json().id));
      expect(row?.personId).toBe(w.people[a].id);
    },
  },
  "DELETE /api/v1/api-tokens/:id": {
    access: "session",
    sample: () => ({ url: `/api-tokens/${crypto.randomUUID()}` }),
    check: async (a) => {
      const owner = a === "regionAdminA" ? "headB" : "regionAdminA";
      const [foreign] = await t.db
        .insert(apiTokens)
        .values({ personId: w.people[owner].id, name: "Jeton d'un autre", tokenHash: sha256(randomToken()), prefix: "rls_autre" })
        .returning();
      expectStatus(await call(a, "DELETE", `/api-tokens/${foreign!.id}`), 404, a);
      expect((await t.db.select().from(apiTokens).where(eq(apiTokens.id, foreign!.id)))[0]?.revokedAt).toBeNull();
      const [own] = await t.db
        .insert(apiTokens)
        .values({ personId: w.people[a].id, name: "Mon jeton", tokenHash: sha256(randomToken()), prefix: "rls_mien" })
        .returning();
      expectStatus(await call(a, "DELETE", `/api-tokens/${own!.id}`), 204, a);
    },
  },

  "GET /api/v1/regions": {
    access: "session",
    sample: () => ({ url: "/regions" }),
    check: async (a) => {
      const response = await call(a, "GET", "/regions");
      expectStatus(response, 200, a);
      // Everyone works in the region of their node (contractors in the region they serve).
      const expected = a === "platform" ? await t.db.select().from(regions) : [a === "regionAdminB" ? w.regionB : w.regionA];
      expect(ids(response.json().items)).toEqual(ids(expected));
    },
  },
  "GET /api/v1/sectors": {
    access: "session",
    sample: () => ({ url: "/sectors" }),
    check: async (a) => {
      const response = await call(a, "GET", "/sectors");
      expectStatus(response, 200, a);
      const got = Object.fromEntries((response.json().items as { id: string; zones: { id: string }[] }[]).map((s) => [s.id, ids(s.zones)]));
      // Region-wide readers see the region's whole tree; narrower ones their branch of it.
      const allZones = await t.db.select().from(zones);
      const wholeRegion = async (regionId: string | null) =>
        Object.fromEntries(
          (await t.db.select().from(sectors))
            .filter((s) => regionId === null || s.regionId === regionId)
            .map((s) => [s.id, ids(allZones.filter((z) => z.sectorId === s.id))]),
        );
      const expected: Record<ActorName, () => Promise<Record<string, string[]>>> = {
        platform: () => wholeRegion(null),
        regionAdminA: () => wholeRegion(w.regionA.id),
        orgManagerA: () => wholeRegion(w.regionA.id),
        regionAdminB: () => wholeRegion(w.regionB.id),
        sectorHeadA: async () => ({ [w.sectorA1.id]: ids([w.zoneA1, w.zoneA2]) }),
        technicianA: async () => ({ [w.sectorA1.id]: [w.zoneA1.id] }),
        headA: async () => ({ [w.sectorA1.id]: [w.zoneA1.id] }),
        coordinatorA: async () => ({ [w.sectorA1.id]: [w.zoneA1.id] }),
        teacherA: async () => ({ [w.sectorA1.id]: [w.zoneA1.id] }),
      };
      expect(got).toEqual(await expected[a]());
    },
  },

  "POST /api/v1/sectors": {
    access: "session",
    sample: () => ({ url: "/sectors", payload: {} }),
    check: async (a) => {
      for (const region of [w.regionA, w.regionB]) {
        const code = `s-${next()}`;
        const response = await call(a, "POST", "/sectors", { regionId: region.id, code, name: `Secteur ${code}` });
        expectStatus(response, writesRegion(a, region.id) ? 201 : 403, `${a} POST sector in ${region.name}`);
        expect(await countWhere(sectors, sql`${sectors.code} = ${code}`)).toBe(writesRegion(a, region.id) ? 1 : 0);
      }
    },
  },
  "POST /api/v1/zones": {
    access: "session",
    sample: () => ({ url: "/zones", payload: {} }),
    check: async (a) => {
      for (const sector of [w.sectorA1, w.sectorB1]) {
        const code = `z-${next()}`;
        const response = await call(a, "POST", "/zones", { sectorId: sector.id, code, name: `Zone ${code}` });
        const allowed = writesRegion(a, sector.regionId);
        // Out of scope, the sector reads as unknown (400) or the write is refused (403): never created.
        if (allowed) expectStatus(response, 201, `${a} POST zone in ${sector.name}`);
        else expect([400, 403], `${a} POST zone in ${sector.name}`).toContain(response.statusCode);
        expect(await countWhere(zones, sql`${zones.code} = ${code}`)).toBe(allowed ? 1 : 0);
      }
    },
  },

  "GET /api/v1/schools": {
    access: "session",
    sample: () => ({ url: "/schools" }),
    check: async (a) => {
      const got = await allPages<{ id: string }>(a, "/schools");
      const expected = (await t.db.select().from(schools)).filter((s) => seesSchool(a, s));
      expect(ids(got)).toEqual(ids(expected));
      // Filters narrow within the scope, never widen it.
      expect(ids(await allPages<{ id: string }>(a, `/schools?regionId=${w.regionB.id}`))).toEqual(ids(expected.filter((s) => s.regionId === w.regionB.id)));
    },
  },
  "GET /api/v1/schools/academies": {
    access: "session",
    sample: () => ({ url: "/schools/academies" }),
    check: async (a) => {
      const response = await call(a, "GET", "/schools/academies");
      expectStatus(response, 200, a);
      const expected = [...new Set((await t.db.select().from(schools)).filter((s) => seesSchool(a, s)).map((s) => s.academie))].sort();
      expect([...response.json().items].sort()).toEqual(expected);
    },
  },
  "GET /api/v1/schools/:school": {
    access: "session",
    sample: () => ({ url: `/schools/${w.schoolA1.id}` }),
    check: async (a) => {
      for (const school of fixtureSchools()) {
        expectStatus(await call(a, "GET", `/schools/${school.id}`), seesSchool(a, school) ? 200 : 404, `${a} GET school ${school.name}`);
        expectStatus(await call(a, "GET", `/schools/${school.uai.toLowerCase()}`), seesSchool(a, school) ? 200 : 404, `${a} GET school by UAI ${school.uai}`);
      }
    },
  },
  "POST /api/v1/schools": {
    access: "session",
    sample: () => ({ url: "/schools", payload: {} }),
    check: async (a) => {
      for (const region of [w.regionA, w.regionB]) {
        const uai = uniqueUai("013");
        const response = await call(a, "POST", "/schools", {
          regionId: region.id,
          uai,
          name: `Lycée créé par ${a}`,
          type: "LP",
          academie: "Aix-Marseille",
          departmentCode: "13",
          commune: "Marseille",
        });
        expectStatus(response, writesRegion(a, region.id) ? 201 : 403, `${a} POST school in ${region.name}`);
        expect(await countWhere(schools, sql`${schools.uai} = ${uai}`)).toBe(writesRegion(a, region.id) ? 1 : 0);
      }
    },
  },
  "PATCH /api/v1/schools/:school": {
    access: "session",
    sample: () => ({ url: `/schools/${w.schoolA1.id}`, payload: { version: 1 } }),
    check: async (a) => {
      for (const school of fixtureSchools()) {
        const before = await schoolRow(school.id);
        const commune = `Commune ${next()}`;
        const response = await call(a, "PATCH", `/schools/${school.id}`, { commune, version: before.version });
        const context = `${a} PATCH ${school.name}`;
        if (writesRegion(a, school.regionId)) {
          expectStatus(response, 200, context);
          expect((await schoolRow(school.id)).commune).toBe(commune);
        } else {
          expectStatus(response, seesSchool(a, school) ? 403 : 404, context);
          expect(await schoolRow(school.id)).toEqual(before);
        }
      }
    },
  },
  "GET /api/v1/schools/:school/enrolment": {
    access: "session",
    sample: () => ({ url: `/schools/${w.schoolA1.id}/enrolment` }),
    check: async (a) => {
      for (const school of fixtureSchools())
        expectStatus(await call(a, "GET", `/schools/${school.id}/enrolment`), seesSchool(a, school) ? 200 : 404, `${a} GET enrolment ${school.name}`);
    },
  },
  "PUT /api/v1/schools/:school/enrolment": {
    access: "session",
    sample: () => ({ url: `/schools/${w.schoolA1.id}/enrolment`, payload: VALID_ENROLMENT() }),
    check: async (a) => {
      for (const school of fixtureSchools()) {
        const before = await schoolRow(school.id);
        const linesBefore = await t.db.select().from(schoolEnrolments).where(eq(schoolEnrolments.schoolId, school.id));
        const students = 100 + Math.floor(Math.random() * 900);
        const response = await call(a, "PUT", `/schools/${school.id}/enrolment`, {
          ...VALID_ENROLMENT(),
          lines: [{ track: "general", level: "2de", students }],
        });
        const context = `${a} PUT enrolment ${school.name}`;
        if (writesSchool(a, school)) {
          expectStatus(response, 200, context);
          expect((await schoolRow(school.id)).studentCount).toBe(students);
        } else {
          expectStatus(response, seesSchool(a, school) ? 403 : 404, context);
          expect(await schoolRow(school.id)).toEqual(before);
          expect(await t.db.select().from(schoolEnrolments).where(eq(schoolEnrolments.schoolId, school.id))).toEqual(linesBefore);
        }
      }
    },
  },

  "GET /api/v1/organisations": {
    access: "session",
    sample: () => ({ url: "/organisations" }),
    check: async (a) => {
      const response = await call(a, "GET", "/organisations");
      expectStatus(response, 200, a);
      const expected = (await t.db.select().from(organisations)).filter((o) => seesOrganisation(a, o));
      expect(ids(response.json().items)).toEqual(ids(expected));
    },
  },
  "POST /api/v1/organisations": {
    access: "session",
    sample: () => ({ url: "/organisations", payload: {} }),
    check: async (a) => {
      for (const region of [w.regionA, w.regionB]) {
        const name = `Prestataire ${next()}`;
        const response = await call(a, "POST", "/organisations", { regionId: region.id, name, kind: "contractor" });
        expectStatus(response, writesRegion(a, region.id) ? 201 : 403, `${a} POST organisation in ${region.name}`);
        expect(await countWhere(organisations, sql`${organisations.name} = ${name}`)).toBe(writesRegion(a, region.id) ? 1 : 0);
      }
    },
  },

  "GET /api/v1/people": {
    access: "session",
    sample: () => ({ url: "/people" }),
    check: async (a) => {
      const got = new Set((await allPages<{ id: string; regionId: string | null }>(a, "/people")).map((p) => p.id));
      for (const name of [...ACTORS, ...OTHER_PEOPLE]) expect(got.has(w.people[name].id), `${a} sees ${name} in the list`).toBe(seesPerson(a, name));
      if (a !== "platform") {
        const listed = await t.db
          .select()
          .from(people)
          .where(inArray(people.id, [...got]));
        const region = regionOf(a);
        for (const person of listed) expect(person.regionId, `${a} lists ${person.email}`).toBe(region);
      }
    },
  },
  "GET /api/v1/people/:id": {
    access: "session",
    sample: () => ({ url: `/people/${w.people.headA.id}` }),
    check: async (a) => {
      for (const name of [...ACTORS, ...OTHER_PEOPLE])
        expectStatus(await call(a, "GET", `/people/${w.people[name].id}`), seesPerson(a, name) ? 200 : 404, `${a} GET person ${name}`);
    },
  },
  "POST /api/v1/people": {
    access: "session",
    sample: () => ({ url: "/people", payload: {} }),
    check: async (a) => {
      for (const region of [w.regionA, w.regionB]) {
        const email = `cree-${next()}@exemple.test`;
        const response = await call(a, "POST", "/people", { regionId: region.id, email, firstName: "Camille", lastName: "Créée" });
        expectStatus(response, writesRegion(a, region.id) ? 201 : 403, `${a} POST person in ${region.name}`);
        expect(await countWhere(people, sql`${people.email} = ${email}`)).toBe(writesRegion(a, region.id) ? 1 : 0);
      }
    },
  },
  "PATCH /api/v1/people/:id": {
    access: "session",
    sample: () => ({ url: `/people/${w.people.headA.id}`, payload: { version: 1 } }),
    check: async (a) => {
      for (const name of ["teacherA3", "headB", "coordinatorA"] as const) {
        const target = w.people[name];
        const before = await personRow(target.id);
        const phone = `01 02 03 ${String(Math.floor(Math.random() * 90) + 10)} ${String(Math.floor(Math.random() * 90) + 10)}`;
        const response = await call(a, "PATCH", `/people/${target.id}`, { phone, version: before.version });
        const context = `${a} PATCH person ${name}`;
        if (writesRegion(a, before.regionId)) {
          expectStatus(response, 200, context);
          expect((await personRow(target.id)).phone).toBe(phone);
        } else {
          expectStatus(response, seesPerson(a, name) ? 403 : 404, context);
          expect(await personRow(target.id)).toEqual(before);
        }
      }
    },
  },

  "GET /api/v1/role-assignments": {
    access: "session",
    sample: () => ({ url: "/role-assignments" }),
    check: async (a) => {
      const got = ids(await allPages<{ id: string }>(a, "/role-assignments"));
      const expected = (await t.db.select().from(roleAssignments)).filter((ra) => seesAssignment(a, ra));
      expect(got).toEqual(ids(expected));
    },
  },
  "POST /api/v1/role-assignments": {
    access: "session",
    sample: () => ({ url: "/role-assignments", payload: {} }),
    check: async (a) => {
      const cases = [
        // a role the head designates, at the head's school, at another school of A, and in region B
        {
          role: "digital_referent",
          scope: { kind: "school", id: w.schoolA1.id },
          expected: writesSchool(a, w.schoolA1) ? 201 : seesSchool(a, w.schoolA1) ? 403 : 404,
        },
        {
          role: "digital_referent",
          scope: { kind: "school", id: w.schoolA2.id },
          expected: writesSchool(a, w.schoolA2) ? 201 : seesSchool(a, w.schoolA2) ? 403 : 404,
        },
        {
          role: "digital_referent",
          scope: { kind: "school", id: w.schoolB1.id },
          expected: writesSchool(a, w.schoolB1) ? 201 : seesSchool(a, w.schoolB1) ? 403 : 404,
        },
        // heads are designated by the Region only (409: allowed, but the school has its head)
        { role: "head", scope: { kind: "school", id: w.schoolA1.id }, expected: writesRegion(a, w.regionA.id) ? 409 : seesSchool(a, w.schoolA1) ? 403 : 404 },
        // the Region's own staff
        { role: "technician", scope: { kind: "zone", id: w.zoneA1.id }, expected: writesRegion(a, w.regionA.id) ? 201 : 403 },
        { role: "sector_head", scope: { kind: "sector", id: w.sectorB2.id }, expected: writesRegion(a, w.regionB.id) ? 201 : 403 },
        { role: "org_technician", scope: { kind: "organisation", id: w.orgA.id }, expected: writesRegion(a, w.regionA.id) ? 201 : 403 },
        { role: "platform_admin", scope: { kind: "platform", id: null }, expected: a === "platform" ? 201 : 403 },
      ];
      for (const c of cases) {
        const email = `designe-${next()}@exemple.test`;
        const before = (await t.db.select({ n: sql<number>`count(*)::int` }).from(roleAssignments))[0]!.n;
        const response = await call(a, "POST", "/role-assignments", {
          role: c.role,
          scope: c.scope,
          newPerson: { email, firstName: "Dominique", lastName: "Désigné" },
        });
        const context = `${a} designates ${c.role} at ${c.scope.kind} ${c.scope.id}`;
        expectStatus(response, c.expected, context);
        const after = (await t.db.select({ n: sql<number>`count(*)::int` }).from(roleAssignments))[0]!.n;
        expect(after - before, context).toBe(c.expected === 201 ? 1 : 0);
        expect(await countWhere(people, sql`${people.email} = ${email}`), context).toBe(c.expected === 201 ? 1 : 0);
      }
    },
  },
  "DELETE /api/v1/role-assignments/:id": {
    access: "session",
    sample: () => ({ url: `/role-assignments/${crypto.randomUUID()}` }),
    check: async (a) => {
      const holder = async (role: "teacher" | "technician", scope: ScopeNode) => {
        const person = await buildPerson(t.db, { withPassword: false, regionId: scope.regionId ?? null });
        return assignRole(t.db, person.id, role, scope);
      };
      const cases = [
        await holder("teacher", schoolScope(w.schoolA1)),
        await holder("teacher", schoolScope(w.schoolB1)),
        await holder("technician", { kind: "zone", regionId: w.regionA.id, sectorId: w.sectorA1.id, zoneId: w.zoneA1.id }),
      ];
      for (const ra of cases) {
        const school = ra.schoolId ? fixtureSchools().find((s) => s.id === ra.schoolId)! : null;
        const mayEnd = school ? writesSchool(a, school) : writesRegion(a, ra.regionId);
        const response = await call(a, "DELETE", `/role-assignments/${ra.id}`);
        const context = `${a} ends ${ra.role} at ${ra.scopeKind}`;
        expectStatus(response, mayEnd ? 204 : seesAssignment(a, ra) ? 403 : 404, context);
        const [row] = await t.db.select().from(roleAssignments).where(eq(roleAssignments.id, ra.id));
        if (mayEnd) expect(row?.endedAt, context).not.toBeNull();
        else expect(row, context).toEqual(ra);
      }
    },
  },

  "GET /api/v1/audit-events": {
    access: "session",
    sample: () => ({ url: "/audit-events" }),
    check: async (a) => {
      if (!readsAudit(a)) return expectStatus(await call(a, "GET", "/audit-events"), 403, a);
      const got = await allPages<{ id: number; regionId: string | null }>(a, "/audit-events");
      const all = await t.db
        .select({ id: auditEvents.id, regionId: auditEvents.regionId })
        .from(auditEvents)
        .where(sql`${auditEvents.id} <= ${Math.max(0, ...got.map((e) => e.id))}`);
      const expected = all.filter((e) => a === "platform" || e.regionId === regionOf(a));
      expect(got.length).toBeGreaterThan(0);
      expect(got.map((e) => e.id).sort((x, y) => x - y)).toEqual(expected.map((e) => e.id).sort((x, y) => x - y));
    },
  },
  "GET /api/v1/tickets": {
    access: "session",
    sample: () => ({ url: "/tickets" }),
    check: async (a) => {
      const response = await call(a, "GET", "/tickets?pageSize=200");
      expectStatus(response, 200, a);
      const all = await t.db
        .select()
        .from(tickets)
        .where(inArray(tickets.id, ids(w.tickets)));
      expect(ids(response.json().items.filter((i: { id: string }) => ids(w.tickets).includes(i.id))).sort()).toEqual(
        ids(all.filter((tk) => seesTicket(a, tk))).sort(),
      );
    },
  },
  "GET /api/v1/tickets/:ticket": {
    access: "session",
    sample: () => ({ url: `/tickets/${w.tickets[0]!.id}` }),
    check: async (a) => {
      for (const ticket of w.tickets) {
        const response = await call(a, "GET", `/tickets/${ticket.number}`);
        expectStatus(response, seesTicket(a, ticket) ? 200 : 404, `${a} GET ticket ${ticket.number} (${ticket.kind})`);
      }
    },
  },
  "GET /api/v1/tickets/stats": {
    access: "session",
    sample: () => ({ url: "/tickets/stats" }),
    check: async (a) => {
      const response = await call(a, "GET", "/tickets/stats");
      expectStatus(response, 200, a);
      // Every ticket in the database at this point (the walk files more as it goes), as the actor sees them.
      const all = await t.db.select().from(tickets);
      expect(response.json().totals.total, a).toBe(all.filter((tk) => seesTicket(a, tk)).length);
    },
  },
  "GET /api/v1/sla/deadlines": {
    access: "session",
    sample: () => ({ url: `/sla/deadlines?school=${w.schoolA1.id}&category=wifi&urgency=low&impact=user` }),
    check: async (a) => {
      for (const school of [w.schoolA1, w.schoolB1]) {
        const response = await call(a, "GET", `/sla/deadlines?school=${school.id}&category=wifi&urgency=low&impact=user`);
        expectStatus(response, seesSchool(a, school) ? 200 : 400, `${a} previews deadlines for ${school.name}`);
      }
    },
  },
  "POST /api/v1/tickets": {
    access: "session",
    sample: () => ({ url: "/tickets", payload: {} }),
    check: async (a) => {
      for (const school of [w.schoolA1, w.schoolB1]) {
        const title = `Panne ${next()}`;
        const response = await call(a, "POST", "/tickets", {
          school: school.id,
          category: "wifi",
          urgency: "low",
          impact: "user",
          title,
          description: "Le Wi-Fi ne répond plus en salle 3.",
        });
        if (filesFor(a, school)) expectStatus(response, 201, `${a} files for ${school.name}`);
        else expect([400, 403], `${a} files for ${school.name}: ${response.body}`).toContain(response.statusCode);
        expect(await countWhere(tickets, sql`${tickets.title} = ${title}`)).toBe(filesFor(a, school) ? 1 : 0);
      }
    },
  },
  "POST /api/v1/tickets/:ticket/transitions": {
    access: "session",
    sample: () => ({ url: `/tickets/${w.tickets[0]!.id}/transitions`, payload: {} }),
    check: async (a) => {
      for (const school of [w.schoolA1, w.schoolA4, w.schoolB1]) {
        const ticket = await insertTicket(school, {
          requesterId: w.people.regionAdminA.id,
          assigneeOrganisationId: school.id === w.schoolA4.id ? w.orgA.id : null,
          status: "assigned",
        });
        const response = await call(a, "POST", `/tickets/${ticket.id}/transitions`, { action: "start", version: ticket.version });
        expectStatus(
          response,
          worksTicket(a, ticket) ? 200 : seesTicket(a, ticket) ? 403 : 404,
          `${a} starts work on a ticket of ${school.name} (${school.id === w.schoolA1.id ? "A1" : school.id === w.schoolA4.id ? "A4" : "B1"})`,
        );
        const [after] = await t.db.select().from(tickets).where(eq(tickets.id, ticket.id));
        expect(after!.status).toBe(worksTicket(a, ticket) ? "in_progress" : "assigned");
      }
    },
  },
  "POST /api/v1/tickets/:ticket/comments": {
    access: "session",
    sample: () => ({ url: `/tickets/${w.tickets[0]!.id}/comments`, payload: {} }),
    check: async (a) => {
      for (const ticket of w.tickets) {
        const body = `Commentaire ${next()}`;
        const response = await call(a, "POST", `/tickets/${ticket.id}/comments`, { body });
        expectStatus(response, seesTicket(a, ticket) ? 201 : 404, `${a} comments ${ticket.number}`);
        expect((await t.db.select().from(ticketEvents).where(eq(ticketEvents.body, body))).length).toBe(seesTicket(a, ticket) ? 1 : 0);
      }
    },
  },

  "POST /api/v1/tickets/:ticket/reminders": {
    access: "session",
    sample: () => ({ url: `/tickets/${w.tickets[0]!.id}/reminders`, payload: {} }),
    check: async (a) => {
      for (const ticket of w.tickets) {
        const message = `Relance ${next()}`;
        const response = await call(a, "POST", `/tickets/${ticket.id}/reminders`, { message });
        // The requester, and whoever closes for the school (its correspondents, the Region's administrators).
        const reminds = seesTicket(a, ticket) && (ticket.requesterId === w.people[a].id || writesRegion(a, ticket.regionId));
        expectStatus(response, reminds ? 201 : seesTicket(a, ticket) ? 403 : 404, `${a} reminds ${ticket.number}`);
        expect((await t.db.select().from(ticketEvents).where(eq(ticketEvents.body, message))).length).toBe(reminds ? 1 : 0);
      }
    },
  },
  "GET /api/v1/tickets/:ticket/assignees": {
    access: "session",
    sample: () => ({ url: `/tickets/${w.tickets[0]!.id}/assignees` }),
    check: async (a) => {
      for (const ticket of w.tickets) {
        const response = await call(a, "GET", `/tickets/${ticket.id}/assignees`);
        expectStatus(response, worksTicket(a, ticket) ? 200 : seesTicket(a, ticket) ? 403 : 404, `${a} lists assignees of ${ticket.number}`);
      }
    },
  },
  "POST /api/v1/tickets/:ticket/reclassification": {
    access: "session",
    sample: () => ({ url: `/tickets/${w.tickets[0]!.id}/reclassification`, payload: {} }),
    check: async (a) => {
      for (const school of [w.schoolA1, w.schoolA4, w.schoolB1]) {
        const ticket = await insertTicket(school, {
          requesterId: w.people.regionAdminA.id,
          assigneeOrganisationId: school.id === w.schoolA4.id ? w.orgA.id : null,
          status: "assigned",
          urgency: "medium",
        });
        const response = await call(a, "POST", `/tickets/${ticket.id}/reclassification`, {
          version: ticket.version,
          urgency: "low",
          reason: "Moins urgent que prévu",
        });
        expectStatus(response, worksTicket(a, ticket) ? 200 : seesTicket(a, ticket) ? 403 : 404, `${a} reclassifies a ticket of ${school.name}`);
        const [after] = await t.db.select().from(tickets).where(eq(tickets.id, ticket.id));
        expect(after!.urgency).toBe(worksTicket(a, ticket) ? "low" : "medium");
      }
    },
  },
  "POST /api/v1/tickets/:ticket/escalations": {
    access: "session",
    sample: () => ({ url: `/tickets/${w.tickets[0]!.id}/escalations`, payload: {} }),
    check: async (a) => {
      for (const school of [w.schoolA1, w.schoolA4, w.schoolB1]) {
        const ticket = await insertTicket(school, {
          requesterId: w.people.regionAdminA.id,
          assigneeOrganisationId: school.id === w.schoolA4.id ? w.orgA.id : null,
          status: "in_progress",
        });
        const response = await call(a, "POST", `/tickets/${ticket.id}/escalations`, { version: ticket.version, to: "chain", reason: "Panne persistante" });
        expectStatus(response, worksTicket(a, ticket) ? 201 : seesTicket(a, ticket) ? 403 : 404, `${a} escalates a ticket of ${school.name}`);
        const [after] = await t.db.select().from(tickets).where(eq(tickets.id, ticket.id));
        expect(after!.version).toBe(worksTicket(a, ticket) ? ticket.version + 1 : ticket.version);
      }
    },
  },
  "GET /api/v1/regions/:region/ticket-settings": {
    access: "session",
    sample: () => ({ url: `/regions/${w.regionA.id}/ticket-settings` }),
    check: async (a) => {
      for (const region of [w.regionA, w.regionB]) {
        expectStatus(
          await call(a, "GET", `/regions/${region.id}/ticket-settings`),
          writesRegion(a, region.id) ? 200 : 404,
          `${a} reads the desk settings of ${region.name}`,
        );
      }
    },
  },
  "PUT /api/v1/regions/:region/ticket-settings": {
    access: "session",
    sample: () => ({ url: `/regions/${w.regionA.id}/ticket-settings`, payload: {} }),
    check: async (a) => {
      for (const region of [w.regionA, w.regionB]) {
        const autoCloseDays = 2 + (++settingsSerial % 85); // a value no earlier actor wrote
        const response = await call(a, "PUT", `/regions/${region.id}/ticket-settings`, { autoCloseDays });
        if (writesRegion(a, region.id)) expectStatus(response, 200, `${a} sets the desk of ${region.name}`);
        else expect([403, 404], `${a} sets the desk of ${region.name}: ${response.body}`).toContain(response.statusCode);
        const [after] = await t.db.select().from(regions).where(eq(regions.id, region.id));
        expect((after!.settings as { tickets?: { autoCloseDays?: number } }).tickets?.autoCloseDays === autoCloseDays).toBe(writesRegion(a, region.id));
      }
    },
  },
  "GET /api/v1/me/ticket-filters": {
    access: "session",
    sample: () => ({ url: "/me/ticket-filters" }),
    check: async (a) => {
      const response = await call(a, "GET", "/me/ticket-filters");
      expectStatus(response, 200, a);
      const owners = await t.db
        .select({ personId: savedTicketFilters.personId })
        .from(savedTicketFilters)
        .where(inArray(savedTicketFilters.id, ids(response.json().items)));
      expect(owners.every((o) => o.personId === w.people[a].id)).toBe(true);
    },
  },
  "POST /api/v1/me/ticket-filters": {
    access: "session",
    sample: () => ({ url: "/me/ticket-filters", payload: {} }),
    check: async (a) => {
      const name = `Filtre ${next()}`;
      expectStatus(await call(a, "POST", "/me/ticket-filters", { name, query: "status=new" }), 201, a);
      const [row] = await t.db.select().from(savedTicketFilters).where(eq(savedTicketFilters.name, name));
      expect(row!.personId).toBe(w.people[a].id);
    },
  },
  "DELETE /api/v1/me/ticket-filters/:id": {
    access: "session",
    sample: () => ({ url: "/me/ticket-filters/00000000-0000-4000-8000-000000000000" }),
    check: async (a) => {
      const [mine] = await t.db
        .insert(savedTicketFilters)
        .values({ personId: w.people[a].id, name: `À moi ${next()}`, query: "status=new" })
        .returning();
      const [theirs] = await t.db
        .insert(savedTicketFilters)
        .values({ personId: w.people.headB.id, name: `À autrui ${next()}`, query: "status=new" })
        .returning();
      expectStatus(await call(a, "DELETE", `/me/ticket-filters/${theirs!.id}`), 404, `${a} deletes another's filter`);
      expectStatus(await call(a, "DELETE", `/me/ticket-filters/${mine!.id}`), 204, `${a} deletes their filter`);
      expect(
        await t.db
          .select()
          .from(savedTicketFilters)
          .where(inArray(savedTicketFilters.id, [mine!.id, theirs!.id])),
      ).toHaveLength(1);
    },
  },
  "GET /api/v1/reports": {
    access: "session",
    sample: () => ({ url: "/reports" }),
    check: async (a) => {
      const reportA = await insertReport(w.schoolA1, w.people.teacherA.id);
      const reportB = await insertReport(w.schoolB1, w.people.headB.id);
      const response = await call(a, "GET", "/reports");
      expectStatus(response, 200, a);
      const got = (response.json().items as { id: string }[]).map((r) => r.id);
      expect(got.includes(reportA.id), `${a} sees A1's report`).toBe(a === "teacherA" || handlesReportsOf(a, w.schoolA1));
      expect(got.includes(reportB.id), `${a} sees B1's report`).toBe(handlesReportsOf(a, w.schoolB1));
    },
  },
  "POST /api/v1/reports": {
    access: "session",
    sample: () => ({ url: "/reports", payload: {} }),
    check: async (a) => {
      for (const school of [w.schoolA1, w.schoolB1]) {
        const title = `Signalement ${next()}`;
        const response = await call(a, "POST", "/reports", { school: school.id, title, description: "Le poste ne démarre plus." });
        if (reportsFor(a, school)) expectStatus(response, 201, `${a} reports for ${school.name}`);
        else expect([400, 403], `${a} reports for ${school.name}`).toContain(response.statusCode);
        expect((await t.db.select().from(ticketReports).where(eq(ticketReports.title, title))).length).toBe(reportsFor(a, school) ? 1 : 0);
      }
    },
  },
  "POST /api/v1/reports/:id/ticket": {
    access: "session",
    sample: () => ({ url: `/reports/${w.tickets[0]!.id}/ticket`, payload: {} }),
    check: async (a) => {
      for (const school of [w.schoolA1, w.schoolB1]) {
        const report = await insertReport(school, school.id === w.schoolA1.id ? w.people.teacherA.id : w.people.headB.id);
        const response = await call(a, "POST", `/reports/${report.id}/ticket`, {
          category: "workstation",
          urgency: "low",
          impact: "user",
          title: "Poste en panne",
          description: "Le poste ne démarre plus.",
        });
        const sees = a === "teacherA" && school.id === w.schoolA1.id;
        expectStatus(response, handlesReportsOf(a, school) ? 201 : sees ? 403 : 404, `${a} files from a report of ${school.name}`);
        const [after] = await t.db.select().from(ticketReports).where(eq(ticketReports.id, report.id));
        expect(after!.status).toBe(handlesReportsOf(a, school) ? "filed" : "open");
      }
    },
  },
  "POST /api/v1/reports/:id/merge": {
    access: "session",
    sample: () => ({ url: `/reports/${w.tickets[0]!.id}/merge`, payload: {} }),
    check: async (a) => {
      const report = await insertReport(w.schoolA1, w.people.teacherA.id);
      const response = await call(a, "POST", `/reports/${report.id}/merge`, { into: w.tickets[0]!.number });
      expectStatus(response, handlesReportsOf(a, w.schoolA1) ? 204 : a === "teacherA" ? 403 : 404, `${a} merges a report`);
    },
  },
  "POST /api/v1/reports/:id/answer": {
    access: "session",
    sample: () => ({ url: `/reports/${w.tickets[0]!.id}/answer`, payload: {} }),
    check: async (a) => {
      for (const school of [w.schoolA1, w.schoolB1]) {
        const report = await insertReport(school, school.id === w.schoolA1.id ? w.people.teacherA.id : w.people.headB.id);
        const response = await call(a, "POST", `/reports/${report.id}/answer`, { answer: "Redémarrez le poste." });
        expectStatus(
          response,
          handlesReportsOf(a, school) ? 204 : a === "teacherA" && school.id === w.schoolA1.id ? 403 : 404,
          `${a} answers a report of ${school.name}`,
        );
        const [after] = await t.db.select().from(ticketReports).where(eq(ticketReports.id, report.id));
        expect(after!.status).toBe(handlesReportsOf(a, school) ? "answered" : "open");
      }
    },
  },
  "GET /api/v1/outbox": {
    access: "session",
    sample: () => ({ url: "/outbox" }),
    check: async (a) => {
      if (!readsAudit(a)) return expectStatus(await call(a, "GET", "/outbox"), 403, a);
      const got = await allPages<{ id: string; regionId: string | null }>(a, "/outbox");
      const expected = (await t.db.select().from(outboxMessages)).filter((m) => a === "platform" || m.regionId === regionOf(a));
      expect(ids(got)).toEqual(ids(expected));
      expect(got.length).toBeGreaterThan(0);
    },
  },
  "GET /api/v1/outbox/:id": {
    access: "session",
    sample: () => ({ url: `/outbox/${w.messageA}` }),
    check: async (a) => {
      expectStatus(await call(a, "GET", `/outbox/${w.messageA}`), !readsAudit(a) ? 403 : a === "regionAdminB" ? 404 : 200, `${a} reads A's message`);
      expectStatus(await call(a, "GET", `/outbox/${w.messageB}`), !readsAudit(a) ? 403 : a === "regionAdminA" ? 404 : 200, `${a} reads B's message`);
    },
  },
};

describe("the route walk", () => {
  it("classifies every registered route, and no route that is gone", () => {
    const registered = listRoutes(t.app).map(routeKey).sort();
    expect(registered.length).toBeGreaterThan(30);
    expect(registered).toEqual(Object.keys(ROUTES).sort());
  });

  it("reads the route tree right (every documented operation is in it)", async () => {
    const doc = (await t.app.inject({ method: "GET", url: `${API}/openapi.json` })).json();
    const registered = listRoutes(t.app).map(routeKey);
    const documented = openApiRoutes(doc).map(routeKey);
    expect(documented.length).toBeGreaterThan(25);
    for (const route of documented) expect(registered).toContain(route);
  });

  it.each(Object.entries(ROUTES).filter(([, spec]) => spec.access === "session"))("%s needs a login", async (key, spec) => {
    const method = key.split(" ")[0]!;
    const { url, payload } = spec.sample();
    const response = await call(null, method, url, payload);
    expectStatus(response, 401, `anonymous ${key}`);
    expect(response.json().code).toBe("auth.required");
  });

  it.each(Object.entries(ROUTES).filter(([, spec]) => spec.access === "agent"))("%s asks inventory agents for HTTP Basic", async (_key, spec) => {
    const { url, payload } = spec.sample();
    const response = await t.app.inject({ method: "POST", url, payload: payload as string, headers: { "content-type": "application/xml" } });
    expect(response.statusCode).toBe(401);
    expect(response.headers["www-authenticate"]).toBe('Basic realm="Relais"');
  });

  it.each(Object.entries(ROUTES).filter(([, spec]) => spec.access === "public"))("%s is public", async (key, spec) => {
    const { url, payload } = spec.sample();
    const response = await call(null, key.split(" ")[0]!, url, payload);
    expect(response.statusCode).not.toBe(401);
    expect(response.statusCode).toBeLessThan(500);
  });

  it.each(["mfa", "mfa_enrolment", "password_change"] as const)("a session at stage %s reaches only the routes of that stage", async (stage) => {
    const admin = await buildPerson(t.db, { role: "region_admin", scope: { kind: "region", regionId: w.regionA.id }, withTotp: true });
    for (const [key, spec] of Object.entries(ROUTES).filter(([, s]) => s.access === "session")) {
      const headers = await stageSession(admin.id, stage);
      const { url, payload } = spec.sample();
      const response = await t.app.inject({
        method: key.split(" ")[0] as "GET",
        url: `${API}${url}`,
        headers,
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      if (spec.stages?.includes(stage)) expect(response.body, `${stage} ${key}`).not.toContain("auth.stage_required");
      else {
        expectStatus(response, 403, `${stage} ${key}`);
        expect(response.json().code, `${stage} ${key}`).toBe("auth.stage_required");
      }
    }
  });

  for (const [key, spec] of Object.entries(ROUTES)) {
    it(`${key}: every actor gets what their scope allows`, async () => {
      for (const actor of ACTORS) await spec.check(actor);
    });
  }
});

describe("scope rules, one by one", () => {
  it("a zone technician sees exactly the schools of their zone", async () => {
    const expected = ids([w.schoolA1, w.schoolA2]);
    expect(ids(await allPages<{ id: string }>("technicianA", "/schools"))).toEqual(expected);
    expect(ids(await allPages<{ id: string }>("technicianA", `/schools?zoneId=${w.zoneA1.id}`))).toEqual(expected);
    expect(await allPages("technicianA", `/schools?zoneId=${w.zoneA2.id}`)).toEqual([]);
    expect(await allPages("technicianA", `/schools?sectorId=${w.sectorA1.id}`)).toHaveLength(2);
    expect(await allPages("technicianA", `/schools?regionId=${w.regionB.id}`)).toEqual([]);
    expectStatus(await call("technicianA", "GET", `/schools/${w.schoolA3.id}`), 404, "school of the next zone");
    expectStatus(await call("technicianA", "GET", `/schools/${w.schoolA3.uai}`), 404, "same school by UAI");
  });

  it("a head designates a coordinator for their own school, not for another school, and never a head", async () => {
    // A school of its own, so that the walk's coordinator keeps their designation.
    const school = await buildSchool(t.db, { regionId: w.regionA.id, sectorId: w.sectorA1.id, zoneId: w.zoneA2.id });
    const head = await buildPerson(t.db, { role: "head", scope: schoolScope(school) });
    const session = await logIn(t.app, head);
    const before = await t.db
      .select()
      .from(roleAssignments)
      .where(inArray(roleAssignments.schoolId, [w.schoolA1.id, w.schoolB1.id]));
    const designate = (schoolId: string, role: string) =>
      t.app.inject({
        method: "POST",
        url: `${API}/role-assignments`,
        headers: session.headers,
        payload: {
          role,
          scope: { kind: "school", id: schoolId },
          newPerson: { email: `coord-${next()}@exemple.test`, firstName: "Claude", lastName: "Coordonnateur" },
          replaceCurrent: true,
        },
      });

    const own = await designate(school.id, "coordinator");
    expectStatus(own, 201, "own school");
    expect(own.json()).toMatchObject({ role: "coordinator", schoolId: school.id, isActive: true });

    expectStatus(await designate(w.schoolA1.id, "coordinator"), 404, "another school of the region");
    expectStatus(await designate(w.schoolB1.id, "coordinator"), 404, "a school of another region");
    const newHead = await designate(school.id, "head");
    expectStatus(newHead, 403, "a head");
    expect(newHead.json().detail).toBe("Seule la Région peut attribuer ce rôle.");
    expect(
      await t.db
        .select()
        .from(roleAssignments)
        .where(inArray(roleAssignments.schoolId, [w.schoolA1.id, w.schoolB1.id])),
    ).toEqual(before);
    const heads = await t.db
      .select()
      .from(roleAssignments)
      .where(sql`${roleAssignments.schoolId} = ${school.id} and ${roleAssignments.role} = 'head' and ${roleAssignments.endedAt} is null`);
    expect(heads.map((h) => h.personId)).toEqual([head.id]);
  });

  it("audit log reads are scoped to the region", async () => {
    await call("regionAdminA", "PATCH", `/schools/${w.schoolA4.id}`, { commune: "Toulon", version: (await schoolRow(w.schoolA4.id)).version });
    const a = await allPages<{ regionId: string | null; entityId: string | null }>("regionAdminA", "/audit-events");
    const b = await allPages<{ regionId: string | null; entityId: string | null }>("regionAdminB", "/audit-events");
    expect(a.some((e) => e.entityId === w.schoolA4.id)).toBe(true);
    expect(new Set(a.map((e) => e.regionId))).toEqual(new Set([w.regionA.id]));
    expect(new Set(b.map((e) => e.regionId))).toEqual(new Set([w.regionB.id]));
    expect(b.some((e) => e.entityId === w.schoolA4.id)).toBe(false);
    expect(await allPages("regionAdminB", `/audit-events?schoolId=${w.schoolA4.id}`)).toEqual([]);
    expectStatus(await call("headA", "GET", "/audit-events"), 403, "a head");
    expectStatus(await call("sectorHeadA", "GET", "/audit-events"), 403, "a sector head");
  });
});
