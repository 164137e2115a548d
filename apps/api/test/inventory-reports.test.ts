import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assetEvents, assets, assetTickets, interventions, regions, rooms, tickets } from "../src/db/schema.ts";
import { buildPerson, buildRegion, buildSchool, buildZone, logIn, type Session, schoolScope } from "./factories.ts";
import { buildTestApp, testClock } from "./setup.ts";

/**
 * The inventory reports (seed 004 §7.5.4): renewal candidates and their reasons, warranties
 * ending, projector age per room, room homogeneity, counts, the total-cost estimate, the room
 * view, the region's settings, and tickets linked to assets — on a clock fixed at 1 December 2026.
 */
type TestApp = Awaited<ReturnType<typeof buildTestApp>>;
const NOW = new Date("2026-12-01T10:00:00Z");
let t: TestApp;
let regionId: string;
let otherRegionId: string;
let admin: Session;
let otherAdmin: Session;
let technician: Session;
let head: Session;
let teacher: Session;
let technicianId: string;
let requesterId: string;
let school: Awaited<ReturnType<typeof buildSchool>>;
let neighbour: Awaited<ReturnType<typeof buildSchool>>;
let serial = 0;

beforeAll(async () => {
  t = await buildTestApp({ clock: testClock(NOW) });
  const region = await buildRegion(t.db);
  regionId = region.id;
  otherRegionId = (await buildRegion(t.db)).id;
  const login = (p: { email: string; totpSecret?: string | null }) => logIn(t.app, p, { now: NOW });
  admin = await login(await buildPerson(t.db, { role: "region_admin", scope: { kind: "region", regionId }, withTotp: true }));
  otherAdmin = await login(await buildPerson(t.db, { role: "region_admin", scope: { kind: "region", regionId: otherRegionId }, withTotp: true }));
  const zone = await buildZone(t.db, { regionId });
  school = await buildSchool(t.db, { regionId, sectorId: zone.sectorId, zoneId: zone.id });
  neighbour = await buildSchool(t.db, { regionId, sectorId: zone.sectorId, zoneId: zone.id });
  const tech = await buildPerson(t.db, { role: "technician", scope: { kind: "zone", regionId, sectorId: zone.sectorId, zoneId: zone.id } });
  technicianId = tech.id;
  technician = await login(tech);
  const headPerson = await buildPerson(t.db, { role: "head", scope: schoolScope(school) });
  requesterId = headPerson.id;
  head = await login(headPerson);
  teacher = await login(await buildPerson(t.db, { role: "teacher", scope: schoolScope(school) }));
});
afterAll(() => t.close());

const api = (session: Session, method: "GET" | "POST" | "PUT" | "DELETE", url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: session.headers, ...(payload ? { payload } : {}) });

type SchoolRow = typeof school;
async function room(s: SchoolRow, name: string, use: "computer_room" | "classroom" = "classroom") {
  const [row] = await t.db.insert(rooms).values({ regionId: s.regionId, schoolId: s.id, name, use, createdAt: NOW }).returning();
  return row!;
}
async function asset(s: SchoolRow, values: Partial<typeof assets.$inferInsert> = {}) {
  const [row] = await t.db
    .insert(assets)
    .values({ regionId: s.regionId, schoolId: s.id, type: "desktop", name: `PC-${++serial}`, source: "manual", createdAt: NOW, updatedAt: NOW, ...values })
    .returning();
  return row!;
}
async function ticket(s: SchoolRow, values: Partial<typeof tickets.$inferInsert> = {}) {
  const [row] = await t.db
    .insert(tickets)
    .values({
      regionId: s.regionId,
      schoolId: s.id,
      number: `INV-${process.pid}-${++serial}`,
      kind: "incident",
      category: "workstation",
      channel: "web",
      urgency: "medium",
      impact: "user",
      priority: 3,
      title: `Poste en panne ${serial}`,
      description: "Le poste ne démarre plus.",
      requesterId,
      filedById: requesterId,
      takeChargeDueAt: NOW,
      receivedAt: new Date("2026-10-01T08:00:00Z"),
      ...values,
    })
    .returning();
  return row!;
}
const link = (assetId: string, ticketId: string) => t.db.insert(assetTickets).values({ assetId, ticketId, linkedAt: NOW });

describe("renewal candidates", () => {
  let old: { id: string };
  let noisy: { id: string };
  let quiet: { id: string };
  let young: { id: string };
  beforeAll(async () => {
    old = await asset(school, { name: "REN-old", acquiredOn: "2018-03-01", warrantyEndsOn: "2023-03-01" });
    noisy = await asset(school, { name: "REN-noisy", acquiredOn: "2025-01-10", warrantyEndsOn: "2030-01-10" });
    quiet = await asset(school, { name: "REN-quiet", acquiredOn: "2023-06-01", warrantyEndsOn: "2028-06-01" });
    young = await asset(school, { name: "REN-young", acquiredOn: "2026-01-01", warrantyEndsOn: "2031-01-01" });
    await asset(school, { name: "REN-retired", acquiredOn: "2010-01-01", warrantyEndsOn: "2013-01-01", status: "retired" });
    for (let i = 0; i < 3; i++) await link(noisy.id, (await ticket(school)).id);
    // Two recent incidents, one 13 months old, one evolution request and one merged duplicate: below the threshold of 3.
    for (let i = 0; i < 2; i++) await link(quiet.id, (await ticket(school)).id);
    await link(quiet.id, (await ticket(school, { receivedAt: new Date("2025-11-01T08:00:00Z") })).id);
    await link(quiet.id, (await ticket(school, { kind: "evolution" })).id);
    await link(quiet.id, (await ticket(school, { status: "merged" })).id);
  });

  const candidates = async (session: Session, query = `school=${school.uai}`) => {
    const response = await api(session, "GET", `/inventory/reports/renewal-candidates?${query}&pageSize=200`);
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as { items: { id: string; name: string; reasons: string[]; recentIncidents: number }[]; total: number; rule: object };
  };

  it("lists each held item with every reason that holds, and nothing else", async () => {
    const body = await candidates(technician);
    const byName = Object.fromEntries(body.items.filter((i) => i.name.startsWith("REN-")).map((i) => [i.name, i]));
    expect(Object.keys(byName).sort()).toEqual(["REN-noisy", "REN-old"]);
    expect(byName["REN-old"]?.reasons).toEqual(["out_of_warranty", "too_old"]);
    expect(byName["REN-noisy"]).toMatchObject({ reasons: ["frequent_incidents"], recentIncidents: 3 });
    expect(body.rule).toEqual({ today: "2026-12-01", renewalAgeYears: 7, frequentIncidentTickets: 3, incidentWindowMonths: 12 });
    expect(body.items.map((i) => i.id)).not.toContain(young.id);
    expect(old.id).toBeTruthy();
  });

  it("follows the age and threshold the region sets", async () => {
    const put = await api(admin, "PUT", `/regions/${regionId}/inventory-settings`, { renewalAgeYears: 3, frequentIncidentTickets: 2 });
    expect(put.statusCode, put.body).toBe(200);
    try {
      const byName = Object.fromEntries((await candidates(head)).items.map((i) => [i.name, i.reasons]));
      expect(byName["REN-quiet"]).toEqual(["too_old", "frequent_incidents"]);
      expect(byName["REN-young"]).toBeUndefined();
    } finally {
      await api(admin, "PUT", `/regions/${regionId}/inventory-settings`, {});
    }
  });

  it("exports the whole list as CSV with the reasons in French", async () => {
    const response = await api(technician, "GET", `/inventory/reports/renewal-candidates?school=${school.uai}&format=csv`);
    expect(response.statusCode).toBe(200);
    expect(String(response.headers["content-type"])).toContain("text/csv");
    expect(response.body).toContain("Motifs");
    expect(response.body).toMatch(/REN-old.*Hors garantie, Âge dépassé/);
  });

  it("shows a school's people their school only, and another region nothing", async () => {
    await asset(neighbour, { name: "REN-neighbour", warrantyEndsOn: "2020-01-01" });
    const mine = await candidates(head, `region=${regionId}`);
    expect(mine.items.map((i) => i.name)).not.toContain("REN-neighbour");
    const region = await candidates(admin, `region=${regionId}`);
    expect(region.items.map((i) => i.name)).toEqual(expect.arrayContaining(["REN-neighbour", "REN-old"]));
    const other = await api(otherAdmin, "GET", `/inventory/reports/renewal-candidates?region=${regionId}`);
    expect(other.statusCode).toBe(403);
    expect(other.json().detail).toMatch(/Région/);
    const teacherView = await api(teacher, "GET", `/inventory/reports/renewal-candidates?school=${school.uai}`);
    expect(teacherView.statusCode).toBe(403);
  });
});

describe("warranties, projectors, rooms", () => {
  let roomB1: { id: string };
  let lab: { id: string };
  beforeAll(async () => {
    const s = await buildSchool(t.db, { regionId });
    school2 = s;
    roomB1 = await room(s, "B1");
    const roomB2 = await room(s, "B2");
    lab = await room(s, "Labo", "computer_room");
    await asset(s, { type: "video_projector", roomId: roomB1.id, acquiredOn: "2012-05-01", warrantyEndsOn: "2026-12-20" });
    await asset(s, { type: "video_projector", roomId: roomB1.id, acquiredOn: "2020-09-01", warrantyEndsOn: "2027-01-20" });
    await asset(s, { type: "video_projector", roomId: roomB2.id, acquiredOn: "2022-09-01" });
    await asset(s, { type: "video_projector", roomId: roomB2.id, acquiredOn: "2000-01-01", status: "recycled" });
    await asset(s, { type: "interactive_display", roomId: roomB2.id, acquiredOn: "2025-09-01", warrantyEndsOn: "2026-11-30" });
    await asset(s, { roomId: lab.id, manufacturer: "Dell", model: "OptiPlex 7010" });
    await asset(s, { roomId: lab.id, manufacturer: "Dell", model: "OptiPlex 7010" });
    await asset(s, { roomId: lab.id, manufacturer: "HP", model: "EliteDesk 800" });
    await asset(s, { roomId: roomB1.id, manufacturer: "Dell", model: "OptiPlex 7010" });
  });
  let school2: SchoolRow;

  it("lists the warranties ending within the window, soonest first, not those already ended or later", async () => {
    const response = await api(admin, "GET", `/inventory/reports/warranties?school=${school2.uai}&withinDays=30`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.items.map((i: { warrantyEndsOn: string; daysLeft: number }) => [i.warrantyEndsOn, i.daysLeft])).toEqual([["2026-12-20", 19]]);
    expect(body).toMatchObject({ from: "2026-12-01", to: "2026-12-31", total: 1 });
    const wider = await api(admin, "GET", `/inventory/reports/warranties?school=${school2.uai}&withinDays=60`);
    expect(wider.json().total).toBe(2);
  });

  it("gives projector age per room, oldest first, with the room's displays, and the age distribution", async () => {
    const response = await api(admin, "GET", `/inventory/reports/projector-ages?school=${school2.uai}`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(
      body.items.map((r: { roomName: string; projectors: number; oldestAgeYears: number; interactiveDisplays: number }) => [
        r.roomName,
        r.projectors,
        r.oldestAgeYears,
        r.interactiveDisplays,
      ]),
    ).toEqual([
      ["B1", 2, 14, 0],
      ["B2", 1, 4, 1],
    ]);
    expect(body.distribution).toEqual([
      { ageYears: 4, count: 1 },
      { ageYears: 6, count: 1 },
      { ageYears: 14, count: 1 },
    ]);
  });

  it("flags the rooms whose computers are not all one model", async () => {
    const all = await api(admin, "GET", `/inventory/reports/room-homogeneity?school=${school2.uai}`);
    expect(all.statusCode, all.body).toBe(200);
    expect(all.json().items.map((r: { roomName: string; isHomogeneous: boolean; modelCount: number }) => [r.roomName, r.isHomogeneous, r.modelCount])).toEqual([
      ["Labo", false, 2],
      ["B1", true, 1],
    ]);
    const mixed = await api(admin, "GET", `/inventory/reports/room-homogeneity?school=${school2.uai}&mixedOnly=true`);
    expect(mixed.json()).toMatchObject({
      total: 1,
      items: [
        {
          roomName: "Labo",
          models: [
            { model: "Dell OptiPlex 7010", count: 2 },
            { model: "HP EliteDesk 800", count: 1 },
          ],
        },
      ],
    });
    const bad = await api(admin, "GET", `/inventory/reports/room-homogeneity?school=${school2.uai}&mixedOnly=oui`);
    expect(bad.statusCode).toBe(400);
  });

  it("shows a room with its items and models to whoever reads the school's inventory, and to nobody else", async () => {
    const response = await api(admin, "GET", `/inventory/rooms/${lab.id}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ room: { name: "Labo", schoolId: school2.id }, isHomogeneous: false, canEdit: true });
    expect(response.json().assets).toHaveLength(3);
    expect((await api(otherAdmin, "GET", `/inventory/rooms/${lab.id}`)).statusCode).toBe(404);
    expect((await api(head, "GET", `/inventory/rooms/${roomB1.id}`)).statusCode).toBe(404);
  });

  it("counts by type, status, funding and school, within the viewer's scope", async () => {
    const byType = await api(admin, "GET", `/inventory/reports/counts?by=type&school=${school2.uai}`);
    expect(byType.json().items).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: "video_projector", count: 4 }), expect.objectContaining({ key: "desktop", count: 4 })]),
    );
    const bySchool = await api(head, "GET", `/inventory/reports/counts?by=school&region=${regionId}`);
    expect(bySchool.json().items.map((r: { key: string }) => r.key)).toEqual([school.id]);
    const regionWide = await api(admin, "GET", `/inventory/reports/counts?by=school&region=${regionId}`);
    expect(regionWide.json().items.map((r: { key: string }) => r.key)).toEqual(expect.arrayContaining([school.id, neighbour.id, school2.id]));
    const csv = await api(admin, "GET", `/inventory/reports/counts?by=status&school=${school2.uai}&format=csv`);
    expect(csv.body).toContain("Recyclé (DEEE)");
    expect((await api(admin, "GET", "/inventory/reports/counts?by=colour")).statusCode).toBe(400);
  });
});

describe("total cost of ownership", () => {
  it("adds known or default prices, deployment, support time shared among a ticket's items, and recycling", async () => {
    const s = await buildSchool(t.db, { regionId });
    const priced = await asset(s, { type: "laptop", acquisitionPriceCents: 80_000 });
    const unpriced = await asset(s, { type: "laptop" });
    const projector = await asset(s, { type: "video_projector" });
    // 60 minutes entered on the ticket, shared by a laptop and the projector: 30 each.
    const shared = await ticket(s, { timeSpentMinutes: 60 });
    await link(unpriced.id, shared.id);
    await link(projector.id, shared.id);
    // No time on the ticket: its done intervention's 45 minutes count (the cancelled one does not).
    const visited = await ticket(s);
    await link(priced.id, visited.id);
    const base = { regionId, schoolId: s.id, ticketId: visited.id, kind: "on_site" as const, technicianId, startsAt: NOW, durationMinutes: 60 };
    await t.db.insert(interventions).values([
      { ...base, status: "done", timeSpentMinutes: 45 },
      { ...base, status: "cancelled", timeSpentMinutes: 500 },
    ]);
    const settings = {
      supportHourCents: 6_000,
      classCosts: {
        laptop: { priceCents: 100_000, deploymentMinutes: 30, recyclingCents: 1_000 },
        video_projector: { priceCents: 90_000, deploymentMinutes: 60, recyclingCents: 2_000 },
      },
    };
    expect((await api(admin, "PUT", `/regions/${regionId}/inventory-settings`, settings)).statusCode).toBe(200);
    try {
      const response = await api(admin, "GET", `/inventory/reports/total-cost?school=${s.uai}`);
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json();
      const laptop = body.items.find((i: { type: string }) => i.type === "laptop");
      expect(laptop).toMatchObject({
        count: 2,
        pricedCount: 1,
        acquisitionCents: 80_000 + 100_000,
        deploymentCents: 2 * 30 * 100,
        supportMinutes: 30 + 45,
        supportCents: 75 * 100,
        recyclingCents: 2_000,
        totalCents: 180_000 + 6_000 + 7_500 + 2_000,
      });
      expect(body.items.find((i: { type: string }) => i.type === "video_projector")).toMatchObject({
        supportMinutes: 30,
        totalCents: 90_000 + 6_000 + 3_000 + 2_000,
      });
      expect(body.totalCents).toBe(195_500 + 101_000);
      expect(body.formula).toMatch(/acquisition/);
    } finally {
      await api(admin, "PUT", `/regions/${regionId}/inventory-settings`, {});
    }
  });
});

describe("inventory settings", () => {
  it("lets only the Region's administrators set them, refuses bad values in French, and changes nothing then", async () => {
    const before = await t.db.select({ settings: regions.settings }).from(regions).where(eq(regions.id, regionId));
    const byTech = await api(technician, "PUT", `/regions/${regionId}/inventory-settings`, { renewalAgeYears: 4 });
    expect(byTech.statusCode).toBe(403);
    const bad = await api(admin, "PUT", `/regions/${regionId}/inventory-settings`, { renewalAgeYears: 0 });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("Au moins 1 an");
    const unknown = await api(admin, "PUT", `/regions/${regionId}/inventory-settings`, { colour: "bleu" });
    expect(unknown.statusCode).toBe(400);
    const after = await t.db.select({ settings: regions.settings }).from(regions).where(eq(regions.id, regionId));
    expect(after).toEqual(before);
    const read = await api(technician, "GET", `/regions/${regionId}/inventory-settings`);
    expect(read.json().effective).toMatchObject({ renewalAgeYears: 7, frequentIncidentTickets: 3 });
    expect((await api(otherAdmin, "GET", `/regions/${regionId}/inventory-settings`)).statusCode).toBe(404);
  });

  it("stores per-class overrides as sent, merges them over the defaults, and refuses bad class costs in French with nothing changed", async () => {
    const put = await api(admin, "PUT", `/regions/${regionId}/inventory-settings`, { classCosts: { video_projector: { priceCents: 120_000 } } });
    expect(put.statusCode, put.body).toBe(200);
    try {
      expect(put.json().stored).toEqual({ classCosts: { video_projector: { priceCents: 120_000 } } });
      const read = (await api(technician, "GET", `/regions/${regionId}/inventory-settings`)).json();
      expect(read.effective.classCosts.video_projector).toEqual({ priceCents: 120_000, deploymentMinutes: 120, recyclingCents: 2_000 });
      expect(read.effective.classCosts.laptop).toEqual({ priceCents: 90_000, deploymentMinutes: 45, recyclingCents: 1_500 });

      const before = await t.db.select({ settings: regions.settings }).from(regions).where(eq(regions.id, regionId));
      for (const [classCosts, message] of [
        [{ laptop: { priceCents: -100 } }, "ne peut pas être négatif"],
        [{ laptop: { recyclingCents: 1_000_000_001 } }, "plus de 10 millions"],
        [{ laptop: { priceCents: 12.5 } }, "nombre entier de centimes"],
        [{ laptop: { deploymentMinutes: 30.5 } }, "nombre entier de minutes"],
        [{ laptop: { deploymentMinutes: 10_001 } }, "Au plus 10 000 minutes"],
        [{ laptop: { deploymentMinutes: "45" } }, "nombre de minutes"],
        [{ laptop: { priceEuros: 900 } }, "Clé non reconnue"],
        [{ toaster: { priceCents: 100 } }, "Clé non reconnue"],
      ] as const) {
        const bad = await api(admin, "PUT", `/regions/${regionId}/inventory-settings`, { classCosts });
        expect(bad.statusCode, JSON.stringify(classCosts)).toBe(400);
        expect(bad.json().detail, JSON.stringify(classCosts)).toContain(message);
      }
      const after = await t.db.select({ settings: regions.settings }).from(regions).where(eq(regions.id, regionId));
      expect(after).toEqual(before);
    } finally {
      await api(admin, "PUT", `/regions/${regionId}/inventory-settings`, {});
    }
  });
});

describe("tickets linked to an asset", () => {
  it("lets the technician link a ticket of the same school, shows it on the asset page and in its history, once", async () => {
    const item = await asset(school, { name: "LINK-1" });
    const tk = await ticket(school, { title: "Écran noir" });
    const linked = await api(technician, "POST", `/inventory/assets/${item.id}/tickets`, { ticket: tk.number });
    expect(linked.statusCode, linked.body).toBe(201);
    expect(linked.json().tickets).toMatchObject([{ id: tk.id, number: tk.number, title: "Écran noir" }]);
    expect(linked.json().history[0]).toMatchObject({ kind: "ticket_linked", details: { number: tk.number } });
    const again = await api(technician, "POST", `/inventory/assets/${item.id}/tickets`, { ticket: tk.id });
    expect(again.statusCode).toBe(409);
    // The head reads the asset and sees the ticket; may not link.
    const page = await api(head, "GET", `/inventory/assets/${item.id}`);
    expect(page.json().tickets.map((x: { id: string }) => x.id)).toEqual([tk.id]);
    const other = await ticket(school);
    expect((await api(head, "POST", `/inventory/assets/${item.id}/tickets`, { ticket: other.id })).statusCode).toBe(403);
    const unlinked = await api(technician, "DELETE", `/inventory/assets/${item.id}/tickets/${tk.id}`);
    expect(unlinked.statusCode, unlinked.body).toBe(200);
    expect(unlinked.json().tickets).toEqual([]);
    const events = await t.db.select().from(assetEvents).where(eq(assetEvents.assetId, item.id));
    expect(events.map((e) => e.kind).sort()).toEqual(["ticket_linked", "ticket_unlinked"]);
  });

  it("lists on the ticket side the items it concerns, to those who read the inventory", async () => {
    const item = await asset(school, { name: "LINK-4" });
    const tk = await ticket(school);
    await link(item.id, tk.id);
    const byTech = await api(technician, "GET", `/inventory/tickets/${tk.number}/assets`);
    expect(byTech.statusCode, byTech.body).toBe(200);
    expect(byTech.json()).toMatchObject({ number: tk.number, items: [{ id: item.id, name: "LINK-4" }] });
    // Another region's administrator does not see the ticket at all.
    expect((await api(otherAdmin, "GET", `/inventory/tickets/${tk.number}/assets`)).statusCode).toBe(404);
  });

  it("refuses a ticket of another school and an unknown ticket, storing nothing", async () => {
    const item = await asset(school, { name: "LINK-2" });
    const elsewhere = await ticket(neighbour);
    const response = await api(technician, "POST", `/inventory/assets/${item.id}/tickets`, { ticket: elsewhere.id });
    expect(response.statusCode).toBe(400);
    expect(response.json().detail).toMatch(/même établissement/);
    expect((await api(technician, "POST", `/inventory/assets/${item.id}/tickets`, { ticket: "IDF-1999-000001" })).statusCode).toBe(404);
    expect(await t.db.select().from(assetTickets).where(eq(assetTickets.assetId, item.id))).toEqual([]);
  });

  it("hides from the asset page a security incident the reader may not see", async () => {
    const item = await asset(school, { name: "LINK-3" });
    const secret = await ticket(school, { kind: "security_incident" });
    await link(item.id, secret.id);
    const tech = await api(technician, "GET", `/inventory/assets/${item.id}`);
    const headView = await api(head, "GET", `/inventory/assets/${item.id}`);
    expect(headView.statusCode).toBe(200);
    // The head is on the restricted chain (seed 001); a technician of the zone is not.
    expect(headView.json().tickets.map((x: { id: string }) => x.id)).toEqual([secret.id]);
    expect(tech.json().tickets).toEqual([]);
  });
});
