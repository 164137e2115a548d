import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../src/context.ts";
import { auditEvents, outboxMessages, regions, tickets } from "../src/db/schema.ts";
import { escalateOverdueTickets } from "../src/modules/tickets/tickets.jobs.ts";
import { noJobs } from "../src/plugins/jobs.ts";
import { buildDesk, type DeskOptions, incident } from "./desk-fixture.ts";
import { buildOrganisation, buildPerson, logIn, type Session } from "./factories.ts";
import { buildTestApp, testClock } from "./setup.ts";

/**
 * The desk's adjustments (issue 3): the ticket page's details and capabilities, reclassifying
 * with a reason and recomputed deadlines, manual escalation, the region's category routing,
 * and each person's saved filters. The clock is Monday 23 November 2026, 09:00 in Paris.
 */
type TestApp = Awaited<ReturnType<typeof buildTestApp>>;
const clock = testClock(new Date("2026-11-23T08:00:00Z"));
let t: TestApp;
let address = 0;

beforeAll(async () => {
  t = await buildTestApp({ clock });
});
afterAll(() => t.close());

const login = (person: { email: string; totpSecret?: string | null }) => logIn(t.app, person, { now: clock.now(), remoteAddress: `10.8.0.${++address % 250}` });
const send = (session: Session, method: "GET" | "POST" | "PUT" | "DELETE", url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: session.headers, ...(payload ? { payload } : {}) });
const desk = (options: DeskOptions = {}) => buildDesk(t, login, options);

async function fileAndAssign(d: Awaited<ReturnType<typeof desk>>, overrides: Record<string, unknown> = {}) {
  const filed = (await send(d.sessions.correspondent, "POST", "/tickets", incident(d.school.id, overrides))).json().ticket;
  const qualified = (await send(d.sessions.operator, "POST", `/tickets/${filed.id}/transitions`, { action: "qualify", version: filed.version })).json().ticket;
  const assigned = await send(d.sessions.operator, "POST", `/tickets/${filed.id}/transitions`, {
    action: "assign",
    version: qualified.version,
    assigneePersonId: d.people.technician.id,
  });
  expect(assigned.statusCode, assigned.body).toBe(200);
  return assigned.json().ticket;
}

describe("the ticket page", () => {
  it("shows the description and what each viewer may do, and nothing they may not", async () => {
    const d = await desk();
    const ticket = await fileAndAssign(d);
    const forTechnician = (await send(d.sessions.technician, "GET", `/tickets/${ticket.number}`)).json();
    expect(forTechnician.details.description).toContain("bâtiment B");
    expect(forTechnician.can).toEqual({ comment: true, internalNote: true, remind: false, reclassify: true, escalate: true });
    expect(forTechnician.allowedActions).toContain("resolve");
    const forCorrespondent = (await send(d.sessions.correspondent, "GET", `/tickets/${ticket.number}`)).json();
    expect(forCorrespondent.can).toEqual({ comment: true, internalNote: false, remind: true, reclassify: false, escalate: false });
    expect(forCorrespondent.allowedActions).toEqual([]);
    expect(forCorrespondent.suggestedRoute).toBeNull();
  });

  it("shows a personal-data breach's 72-hour deadline to notify the CNIL, and no such deadline otherwise", async () => {
    const d = await desk();
    const breach = (await send(d.sessions.head, "POST", "/tickets", incident(d.school.id, { kind: "data_breach", category: "other" }))).json();
    expect(breach.details.breachNotificationDueAt).toBe("2026-11-26T08:00:00.000Z");
    const plain = (await send(d.sessions.head, "POST", "/tickets", incident(d.school.id))).json();
    expect(plain.details.breachNotificationDueAt).toBeNull();
  });
});

describe("reclassifying", () => {
  it("lets the desk change the urgency with a reason, recomputes the deadlines, tells the school and audits it", async () => {
    const d = await desk();
    const ticket = await fileAndAssign(d, { category: "printer", urgency: "low", impact: "user" });
    expect(ticket.resolutionDueAt).toBe("2026-11-30T17:00:00.000Z"); // office, low: J+5
    const outboxBefore = (await t.db.select().from(outboxMessages)).length;
    const response = await send(d.sessions.operator, "POST", `/tickets/${ticket.id}/reclassification`, {
      version: ticket.version,
      urgency: "very_high",
      reason: "Imprimante des examens",
    });
    expect(response.statusCode, response.body).toBe(200);
    const after = response.json();
    expect(after.ticket).toMatchObject({ urgency: "very_high", resolutionDueAt: "2026-11-26T17:00:00.000Z" }); // office, very high: J+3
    expect(after.events.at(-1)).toMatchObject({ type: "reclassify", body: "Imprimante des examens" });
    expect((await t.db.select().from(outboxMessages)).length).toBeGreaterThan(outboxBefore);
    const audits = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, ticket.id));
    expect(audits.map((a) => a.action)).toContain("ticket.reclassified");
  });

  it("refuses without a reason, with nothing new, from the school, or on a stale version, and changes nothing", async () => {
    const d = await desk();
    const ticket = await fileAndAssign(d);
    const cases = [
      [d.sessions.operator, { version: ticket.version, urgency: "low" }, 400],
      [d.sessions.operator, { version: ticket.version, urgency: ticket.urgency, reason: "Pas de changement" }, 400],
      [d.sessions.operator, { version: ticket.version, category: "teleportation", reason: "Catégorie inventée" }, 400],
      [d.sessions.correspondent, { version: ticket.version, urgency: "low", reason: "Moins urgent" }, 403],
      [d.sessions.operator, { version: ticket.version - 1, urgency: "low", reason: "Version périmée" }, 409],
    ] as const;
    for (const [session, body, status] of cases) {
      const response = await send(session, "POST", `/tickets/${ticket.id}/reclassification`, body);
      expect(response.statusCode, response.body).toBe(status);
      expect(response.json().detail).toMatch(/[a-zé]/);
    }
    const [row] = await t.db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(row).toMatchObject({ urgency: ticket.urgency, version: ticket.version });
  });
});

describe("manual escalation", () => {
  it("up the chain mails the sector head (in-house region) and leaves an internal trace", async () => {
    const d = await desk();
    const sectorHead = await buildPerson(t.db, { role: "sector_head", scope: { kind: "sector", regionId: d.region.id, sectorId: d.sector.id } });
    const ticket = await fileAndAssign(d);
    const response = await send(d.sessions.technician, "POST", `/tickets/${ticket.id}/escalations`, {
      version: ticket.version,
      to: "chain",
      reason: "Panne du cœur de réseau",
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().events.at(-1)).toMatchObject({ type: "escalation", visibility: "internal" });
    const mails = await t.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, sectorHead.email));
    expect(mails).toHaveLength(1);
    const forSchool = (await send(d.sessions.correspondent, "GET", `/tickets/${ticket.id}`)).json();
    expect(forSchool.events.map((e: { type: string }) => e.type)).not.toContain("escalation");
  });

  it("to a contractor with an after-sales contract hands the ticket over to it", async () => {
    const d = await desk();
    const ticket = await fileAndAssign(d);
    const response = await send(d.sessions.technician, "POST", `/tickets/${ticket.id}/escalations`, {
      version: ticket.version,
      to: "organisation",
      organisationId: d.organisation.id,
      reason: "Sous garantie constructeur",
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().ticket).toMatchObject({ assigneeOrganisationId: d.organisation.id, assigneePersonId: null });
    // The contractor now sees and works it.
    const forContractor = await send(d.sessions.contractor, "GET", `/tickets/${ticket.id}`);
    expect(forContractor.json().allowedActions).toContain("resolve");
  });

  it("refuses another region's organisation, a new ticket, and the school", async () => {
    const d = await desk();
    const foreign = await buildOrganisation(t.db);
    const ticket = await fileAndAssign(d);
    const foreignResponse = await send(d.sessions.technician, "POST", `/tickets/${ticket.id}/escalations`, {
      version: ticket.version,
      to: "organisation",
      organisationId: foreign.id,
      reason: "Ailleurs",
    });
    expect(foreignResponse.statusCode).toBe(400);
    expect(
      (await send(d.sessions.correspondent, "POST", `/tickets/${ticket.id}/escalations`, { version: ticket.version, to: "chain", reason: "Je veux escalader" }))
        .statusCode,
    ).toBe(403);
    const fresh = (await send(d.sessions.correspondent, "POST", "/tickets", incident(d.school.id))).json().ticket;
    expect(
      (await send(d.sessions.operator, "POST", `/tickets/${fresh.id}/escalations`, { version: fresh.version, to: "chain", reason: "Trop tôt" })).statusCode,
    ).toBe(409);
    const [row] = await t.db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(row?.version).toBe(ticket.version);
  });
});

describe("category routing", () => {
  it("suggests the zone's technicians in an in-house region by default", async () => {
    const d = await desk({ operatingModel: "in_house" });
    const filed = (await send(d.sessions.correspondent, "POST", "/tickets", incident(d.school.id))).json().ticket;
    const detail = (await send(d.sessions.operator, "GET", `/tickets/${filed.id}`)).json();
    expect(detail.suggestedRoute).toEqual({
      handler: "zone_technicians",
      technicians: [{ id: d.people.technician.id, name: `${d.people.technician.firstName} ${d.people.technician.lastName}`, role: "technician" }],
    });
  });

  it("follows the region's table: a contractor for the network, a supplier for laptops; the admin sets it and it is audited", async () => {
    const d = await desk({ operatingModel: "outsourced" });
    const admin = await buildPerson(t.db, { role: "region_admin", scope: { kind: "region", regionId: d.region.id }, withTotp: true });
    const adminSession = await login(admin);
    const settings = {
      routing: {
        network: { handler: "organisation", organisationId: d.organisation.id },
        "individual-laptop": { handler: "supplier", supplier: "Unowhy", contact: "support@unowhy.example" },
      },
      autoCloseDays: 7,
    };
    // Another section of the settings document (the desk mailbox) is written in place, not lost.
    const mailbox = { host: "imap.region.test", user: "support" };
    await t.db.update(regions).set({ settings: { mailbox } }).where(eq(regions.id, d.region.id));
    const saved = await send(adminSession, "PUT", `/regions/${d.region.id}/ticket-settings`, settings);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().effective).toMatchObject({ autoCloseDays: 7, routing: settings.routing });
    const [region] = await t.db.select().from(regions).where(eq(regions.id, d.region.id));
    expect(region!.settings).toEqual({ mailbox, tickets: settings });
    expect((await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, d.region.id))).map((a) => a.action)).toContain(
      "region.ticket_settings_updated",
    );

    const network = (await send(d.sessions.correspondent, "POST", "/tickets", incident(d.school.id))).json().ticket;
    expect((await send(d.sessions.operator, "GET", `/tickets/${network.id}`)).json().suggestedRoute).toEqual({
      handler: "organisation",
      organisationId: d.organisation.id,
      organisationName: d.organisation.name,
    });
    const laptop = (await send(d.sessions.correspondent, "POST", "/tickets", incident(d.school.id, { category: "individual-laptop" }))).json().ticket;
    expect((await send(d.sessions.operator, "GET", `/tickets/${laptop.id}`)).json().suggestedRoute).toEqual({
      handler: "supplier",
      supplier: "Unowhy",
      contact: "support@unowhy.example",
    });
  });

  it("refuses a route to an unknown category or another region's organisation, and an operator's edit, changing nothing", async () => {
    const d = await desk();
    const admin = await login(await buildPerson(t.db, { role: "region_admin", scope: { kind: "region", regionId: d.region.id }, withTotp: true }));
    const foreign = await buildOrganisation(t.db);
    for (const body of [
      { routing: { teleportation: { handler: "zone_technicians" } } },
      { routing: { wifi: { handler: "organisation", organisationId: foreign.id } } },
      { routing: { wifi: { handler: "carrier-pigeon" } } },
      { autoCloseDays: 0 },
      { unknownSetting: true },
    ]) {
      const response = await send(admin, "PUT", `/regions/${d.region.id}/ticket-settings`, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await send(d.sessions.operator, "PUT", `/regions/${d.region.id}/ticket-settings`, { autoCloseDays: 5 })).statusCode).toBe(403);
    const [region] = await t.db.select().from(regions).where(eq(regions.id, d.region.id));
    expect(region?.settings).toEqual({});
  });

  it("lists whom a ticket may be assigned to, for the desk only", async () => {
    const d = await desk();
    const filed = (await send(d.sessions.correspondent, "POST", "/tickets", incident(d.school.id))).json().ticket;
    const candidates = (await send(d.sessions.operator, "GET", `/tickets/${filed.id}/assignees`)).json();
    const ids = candidates.people.map((p: { id: string }) => p.id);
    expect(ids).toContain(d.people.technician.id);
    expect(ids).toContain(d.people.operator.id);
    expect(ids).not.toContain(d.people.otherTechnician.id); // another zone
    expect(candidates.organisations.map((o: { id: string }) => o.id)).toEqual([d.organisation.id]);
    expect((await send(d.sessions.correspondent, "GET", `/tickets/${filed.id}/assignees`)).statusCode).toBe(403);
  });
});

describe("a region's own service levels", () => {
  it("apply its resolution table and impact overrides to new tickets, and its escalation shares to the job", async () => {
    const d = await desk({
      settings: { tickets: { sla: { resolutionDays: { office: { low: 2 } }, impactDays: { none: 10 } }, escalationShares: [0.5, 0.9] } },
    });
    const printer = await fileAndAssign(d, { category: "printer", urgency: "low", impact: "user" });
    expect(printer.resolutionDueAt).toBe("2026-11-25T17:00:00.000Z"); // office, low: J+2 here instead of J+5
    const relaxed = (
      await send(d.sessions.correspondent, "POST", "/tickets", incident(d.school.id, { category: "printer", urgency: "very_high", impact: "none" }))
    ).json().ticket;
    expect(relaxed.resolutionDueAt).toBe("2026-12-07T17:00:00.000Z"); // impact "none": J+10 in this region
    // Dispatched Monday 09:00, due Wednesday 18:00 (1,740 business minutes): half is spent on Tuesday 13:30.
    clock.set("2026-11-24T13:00:00Z");
    try {
      expect(
        await escalateOverdueTickets({ db: t.db, actor: systemActor(), log: t.app.log, jobs: noJobs, clock, config: t.config, requestId: null, ip: null }),
      ).toBeGreaterThanOrEqual(1);
      const [row] = await t.db.select().from(tickets).where(eq(tickets.id, printer.id));
      expect(row?.escalationLevel).toBe(1);
    } finally {
      clock.set("2026-11-23T08:00:00Z");
    }
  });

  it("refuses escalation shares out of order", async () => {
    const d = await desk();
    const admin = await login(await buildPerson(t.db, { role: "region_admin", scope: { kind: "region", regionId: d.region.id }, withTotp: true }));
    expect((await send(admin, "PUT", `/regions/${d.region.id}/ticket-settings`, { escalationShares: [1, 0.75] })).statusCode).toBe(400);
    expect((await send(admin, "PUT", `/regions/${d.region.id}/ticket-settings`, { sla: { resolutionDays: { office: { low: 0 } } } })).statusCode).toBe(400);
  });
});

describe("saved filters", () => {
  it("are each person's own: saved, listed, refused twice under one name, deleted only by their owner", async () => {
    const d = await desk();
    const created = await send(d.sessions.operator, "POST", "/me/ticket-filters", {
      name: "Réseau en cours",
      query: "status=assigned,in_progress&category=network",
    });
    expect(created.statusCode, created.body).toBe(201);
    expect((await send(d.sessions.operator, "POST", "/me/ticket-filters", { name: "Réseau en cours", query: "status=new" })).statusCode).toBe(409);
    expect((await send(d.sessions.operator, "POST", "/me/ticket-filters", { name: "Injection", query: "status=new<script>" })).statusCode).toBe(400);
    expect((await send(d.sessions.operator, "GET", "/me/ticket-filters")).json().items.map((f: { name: string }) => f.name)).toEqual(["Réseau en cours"]);
    expect((await send(d.sessions.technician, "GET", "/me/ticket-filters")).json().items).toEqual([]);
    expect((await send(d.sessions.technician, "DELETE", `/me/ticket-filters/${created.json().id}`)).statusCode).toBe(404);
    expect((await send(d.sessions.operator, "DELETE", `/me/ticket-filters/${created.json().id}`)).statusCode).toBe(204);
    expect((await send(d.sessions.operator, "GET", "/me/ticket-filters")).json().items).toEqual([]);
  });
});
