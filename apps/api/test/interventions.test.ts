import { inflateSync } from "node:zlib";
import { and, eq, inArray, sql } from "drizzle-orm";
import { PDFDocument } from "pdf-lib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../src/context.ts";
import { assets, auditEvents, interventions, outboxMessages, schools, ticketEvents, tickets } from "../src/db/schema.ts";
import { interventionJobs, sendWeeklySummaries } from "../src/modules/interventions/interventions.jobs.ts";
import { noJobs } from "../src/plugins/jobs.ts";
import { buildDesk, incident } from "./desk-fixture.ts";
import { buildOrganisation, buildPerson, buildSchool, logIn, type Session, schoolScope } from "./factories.ts";
import { buildTestApp, testClock } from "./setup.ts";

/**
 * Interventions (issue 3): visits and remote sessions planned for a ticket by those who work
 * it, done with a report, certified by the school's coordinator (DOMAIN §7); the PDF report;
 * the technician's ICS feed; the Friday summary (seed 004); preventive visits from the estate
 * size (seed 003) on business days. The clock starts Monday 23 November 2026, 09:00 in Paris.
 */
type TestApp = Awaited<ReturnType<typeof buildTestApp>>;
const START = new Date("2026-11-23T08:00:00Z");
const clock = testClock(START);
let t: TestApp;
let address = 0;

beforeAll(async () => {
  t = await buildTestApp({ clock });
});
afterAll(() => t.close());

const login = (person: { email: string; totpSecret?: string | null }) => logIn(t.app, person, { now: clock.now(), remoteAddress: `10.8.0.${++address % 250}` });
const send = (session: Session | null, method: "GET" | "POST" | "PUT", url: string, payload?: object) =>
  t.app.inject({ method, url: url.startsWith("/api/") ? url : `/api/v1${url}`, headers: session?.headers ?? {}, ...(payload ? { payload } : {}) });

type Desk = Awaited<ReturnType<typeof buildDesk>>;
const desk = () => buildDesk(t, login);

/** A ticket filed by the correspondent and assigned to the zone's technician (or to an organisation). */
async function assignedTicket(d: Desk, assignee: { personId?: string; organisationId?: string } = {}) {
  const filed = await send(d.sessions.correspondent, "POST", "/tickets", incident(d.school.id));
  expect(filed.statusCode, filed.body).toBe(201);
  const id = filed.json().ticket.id as string;
  await t.db
    .update(tickets)
    .set({
      status: "assigned",
      assigneePersonId: assignee.organisationId ? null : (assignee.personId ?? d.people.technician.id),
      assigneeOrganisationId: assignee.organisationId ?? null,
    })
    .where(eq(tickets.id, id));
  const [row] = await t.db.select().from(tickets).where(eq(tickets.id, id));
  return row!;
}

const onSite = (ticket: string, technicianId: string, overrides: Record<string, unknown> = {}) => ({
  kind: "on_site",
  ticket,
  technicianId,
  startsAt: "2026-11-24T09:00:00+01:00",
  durationMinutes: 90,
  ...overrides,
});
/** The page content streams of a PDF, inflated (pdf-lib writes them with FlateDecode). */
function pageText(pdf: Buffer): string {
  const raw = pdf.toString("latin1");
  const parts: string[] = [];
  for (const match of raw.matchAll(/stream\r?\n/g)) {
    const start = (match.index ?? 0) + match[0].length;
    const end = raw.indexOf("endstream", start);
    try {
      parts.push(inflateSync(pdf.subarray(start, end)).toString("latin1"));
    } catch {
      // Not a deflated stream (or an object stream's tail): skipped.
    }
  }
  return parts.join("\n");
}
const countInterventions = async () => (await t.db.select({ n: sql<number>`count(*)::int` }).from(interventions))[0]!.n;
const events = async (ticketId: string) => (await t.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticketId))).map((e) => e.type);

describe("an intervention for a ticket, from planning to the school's certification", () => {
  it("is planned by the technician, done with its report, certified by the coordinator, each step on the ticket's timeline", async () => {
    clock.set(START);
    const d = await desk();
    const ticket = await assignedTicket(d);
    const planned = await send(d.sessions.technician, "POST", "/interventions", onSite(ticket.number, d.people.technician.id));
    expect(planned.statusCode, planned.body).toBe(201);
    const intervention = planned.json();
    expect(intervention).toMatchObject({
      kind: "on_site",
      status: "planned",
      ticketNumber: ticket.number,
      schoolUai: d.school.uai,
      technicianId: d.people.technician.id,
      startsAt: "2026-11-24T08:00:00.000Z",
      endsAt: "2026-11-24T09:30:00.000Z",
      durationMinutes: 90,
      version: 1,
      can: { markDone: true, certify: false, cancel: true },
    });

    // Not yet: the visit is tomorrow.
    const early = await send(d.sessions.technician, "POST", `/interventions/${intervention.id}/done`, {
      version: 1,
      report: "Switch remplacé.",
      timeSpentMinutes: 80,
    });
    expect(early.statusCode).toBe(409);

    clock.set("2026-11-24T11:00:00Z");
    const stale = await send(d.sessions.technician, "POST", `/interventions/${intervention.id}/done`, {
      version: 7,
      report: "Switch remplacé.",
      timeSpentMinutes: 80,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe("conflict.version");
    const done = await send(d.sessions.technician, "POST", `/interventions/${intervention.id}/done`, {
      version: 1,
      report: "Switch du bâtiment B remplacé, VLAN PEDA rétabli.",
      timeSpentMinutes: 80,
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: "done", timeSpentMinutes: 80, doneAt: "2026-11-24T11:00:00.000Z", version: 2 });

    // The coordinator is asked to certify, by mail (DOMAIN §7).
    const asked = await t.db.select().from(outboxMessages).where(eq(outboxMessages.template, "intervention-to-certify"));
    const toCoordinator = asked.filter((m) => m.toAddress === d.people.coordinator.email);
    expect(toCoordinator).toHaveLength(1);
    expect(toCoordinator[0]!.subject).toContain(ticket.number);
    expect(toCoordinator[0]!.textBody).toContain(`http://relais.test/tickets/${ticket.number}`);
    expect(asked.some((m) => m.toAddress === d.people.head.email)).toBe(false);

    // Only the school's coordinator or head certifies.
    expect(
      (await send(d.sessions.technician, "POST", `/interventions/${intervention.id}/certification`, { version: 2, decision: "certified" })).statusCode,
    ).toBe(403);
    expect(
      (await send(d.sessions.correspondent, "POST", `/interventions/${intervention.id}/certification`, { version: 2, decision: "certified" })).statusCode,
    ).toBe(403);
    const coordinatorView = await send(d.sessions.coordinator, "GET", `/interventions/${intervention.id}`);
    expect(coordinatorView.json().can).toEqual({ markDone: false, certify: true, cancel: false });
    const certified = await send(d.sessions.coordinator, "POST", `/interventions/${intervention.id}/certification`, { version: 2, decision: "certified" });
    expect(certified.statusCode, certified.body).toBe(200);
    expect(certified.json()).toMatchObject({ status: "certified", certifiedById: d.people.coordinator.id, certifiedAt: "2026-11-24T11:00:00.000Z" });
    // Certified is final.
    expect(
      (await send(d.sessions.coordinator, "POST", `/interventions/${intervention.id}/certification`, { version: 3, decision: "disputed", comment: "Non." }))
        .statusCode,
    ).toBe(409);

    expect(await events(ticket.id)).toEqual(expect.arrayContaining(["intervention_planned", "intervention_done", "intervention_certified"]));
    const timeline = await send(d.sessions.correspondent, "GET", `/tickets/${ticket.number}`);
    expect(timeline.json().events.map((e: { type: string }) => e.type)).toContain("intervention_certified");
    const audit = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, intervention.id));
    expect(audit.map((a) => a.action).sort()).toEqual(["intervention.certified", "intervention.done", "intervention.planned"]);
  });

  it("refuses a teacher, another zone's technician and the coordinator as planners, and another school's coordinator as certifier", async () => {
    clock.set(START);
    const d = await desk();
    const ticket = await assignedTicket(d);
    const before = await countInterventions();
    // A teacher does not see the ticket; another zone's technician neither; the coordinator sees it but does not work it.
    expect((await send(d.sessions.teacher, "POST", "/interventions", onSite(ticket.id, d.people.technician.id))).statusCode).toBe(404);
    expect((await send(d.sessions.otherTechnician, "POST", "/interventions", onSite(ticket.id, d.people.otherTechnician.id))).statusCode).toBe(404);
    expect((await send(d.sessions.coordinator, "POST", "/interventions", onSite(ticket.id, d.people.technician.id))).statusCode).toBe(403);
    // The desk may plan, but not with a technician of another zone.
    const elsewhere = await send(d.sessions.operator, "POST", "/interventions", onSite(ticket.id, d.people.otherTechnician.id));
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json().errors).toEqual([{ field: "body.technicianId", message: "Technicien hors périmètre." }]);
    expect(await countInterventions()).toBe(before);

    const byDesk = await send(d.sessions.operator, "POST", "/interventions", onSite(ticket.id, d.people.technician.id));
    expect(byDesk.statusCode, byDesk.body).toBe(201);
    const id = byDesk.json().id;
    clock.set("2026-11-24T12:00:00Z");
    expect((await send(d.sessions.teacher, "POST", `/interventions/${id}/done`, { version: 1, report: "Fait.", timeSpentMinutes: 30 })).statusCode).toBe(404);
    expect(
      (await send(d.sessions.otherTechnician, "POST", `/interventions/${id}/done`, { version: 1, report: "Fait.", timeSpentMinutes: 30 })).statusCode,
    ).toBe(404);
    expect((await send(d.sessions.technician, "POST", `/interventions/${id}/done`, { version: 1, report: "Fait.", timeSpentMinutes: 30 })).statusCode).toBe(
      200,
    );

    const otherSchool = await buildSchool(t.db, { regionId: d.region.id, sectorId: d.sector.id, zoneId: d.zone.id });
    const otherCoordinator = await buildPerson(t.db, { role: "coordinator", scope: schoolScope(otherSchool) });
    const refused = await send(await login(otherCoordinator), "POST", `/interventions/${id}/certification`, { version: 2, decision: "certified" });
    expect(refused.statusCode).toBe(404);
    const [row] = await t.db.select().from(interventions).where(eq(interventions.id, id));
    expect(row).toMatchObject({ status: "done", certifiedById: null });
    // The head certifies too.
    expect((await send(d.sessions.head, "POST", `/interventions/${id}/certification`, { version: 2, decision: "certified" })).statusCode).toBe(200);
  });

  it("is disputed with a comment, completed and done again, then certified; only a planned one is cancelled", async () => {
    clock.set(START);
    const d = await desk();
    const ticket = await assignedTicket(d);
    const id = (await send(d.sessions.technician, "POST", "/interventions", onSite(ticket.id, d.people.technician.id))).json().id;
    clock.set("2026-11-24T12:00:00Z");
    await send(d.sessions.technician, "POST", `/interventions/${id}/done`, { version: 1, report: "Poste réinstallé.", timeSpentMinutes: 60 });
    const bare = await send(d.sessions.coordinator, "POST", `/interventions/${id}/certification`, { version: 2, decision: "disputed" });
    expect(bare.statusCode).toBe(400);
    const disputed = await send(d.sessions.coordinator, "POST", `/interventions/${id}/certification`, {
      version: 2,
      decision: "disputed",
      comment: "Le vidéoprojecteur de la salle 12 ne fonctionne toujours pas.",
    });
    expect(disputed.json()).toMatchObject({ status: "disputed", certificationComment: "Le vidéoprojecteur de la salle 12 ne fonctionne toujours pas." });
    expect(await events(ticket.id)).toContain("intervention_disputed");
    const again = await send(d.sessions.technician, "POST", `/interventions/${id}/done`, {
      version: 3,
      report: "Lampe du vidéoprojecteur changée.",
      timeSpentMinutes: 20,
    });
    expect(again.json()).toMatchObject({ status: "done", certifiedById: null, timeSpentMinutes: 20 });
    expect((await send(d.sessions.coordinator, "POST", `/interventions/${id}/certification`, { version: 4, decision: "certified" })).json().status).toBe(
      "certified",
    );
    expect((await send(d.sessions.technician, "POST", `/interventions/${id}/cancellation`, { version: 5, reason: "Erreur de saisie." })).statusCode).toBe(409);

    clock.set(START);
    const other = (
      await send(d.sessions.technician, "POST", "/interventions", onSite(ticket.id, d.people.technician.id, { startsAt: "2026-11-26T14:00:00+01:00" }))
    ).json();
    expect((await send(d.sessions.coordinator, "POST", `/interventions/${other.id}/cancellation`, { version: 1, reason: "Absent." })).statusCode).toBe(403);
    const cancelled = await send(d.sessions.technician, "POST", `/interventions/${other.id}/cancellation`, { version: 1, reason: "Lycée fermé (grève)." });
    expect(cancelled.json()).toMatchObject({ status: "cancelled", cancellationReason: "Lycée fermé (grève)." });
    expect(await events(ticket.id)).toContain("intervention_cancelled");
  });

  it("offers a remote session only where the school has the remote support, and refuses double booking", async () => {
    clock.set(START);
    const d = await desk();
    const ticket = await assignedTicket(d);
    const remote = await send(
      d.sessions.technician,
      "POST",
      "/interventions",
      onSite(ticket.id, d.people.technician.id, { kind: "remote", durationMinutes: 30 }),
    );
    expect(remote.statusCode).toBe(400);
    expect(remote.json().errors).toEqual([{ field: "body.kind", message: "Pas de prise en main à distance." }]);
    await t.db.update(schools).set({ hasRemoteSupport: true }).where(eq(schools.id, d.school.id));
    const allowed = await send(
      d.sessions.technician,
      "POST",
      "/interventions",
      onSite(ticket.id, d.people.technician.id, { kind: "remote", durationMinutes: 30 }),
    );
    expect(allowed.statusCode, allowed.body).toBe(201);
    // 09:00–09:30 is taken; 09:15 clashes, 09:30 does not.
    const clash = await send(
      d.sessions.technician,
      "POST",
      "/interventions",
      onSite(ticket.id, d.people.technician.id, { startsAt: "2026-11-24T09:15:00+01:00" }),
    );
    expect(clash.statusCode).toBe(409);
    expect(
      (await send(d.sessions.technician, "POST", "/interventions", onSite(ticket.id, d.people.technician.id, { startsAt: "2026-11-24T09:30:00+01:00" })))
        .statusCode,
    ).toBe(201);
  });

  it("starts the work on an assigned ticket (in progress, version bumped, on its timeline, mailed), and only on an assigned one", async () => {
    clock.set(START);
    const d = await desk();
    const ticket = await assignedTicket(d);
    const mailsBefore = (await t.db.select().from(outboxMessages).where(eq(outboxMessages.template, "ticket-step"))).length;
    const planned = await send(d.sessions.technician, "POST", "/interventions", onSite(ticket.id, d.people.technician.id));
    expect(planned.statusCode, planned.body).toBe(201);
    const [after] = await t.db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(after).toMatchObject({ status: "in_progress", version: ticket.version + 1 });
    const timeline = (await t.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticket.id))).filter((e) => e.type === "start");
    expect(timeline).toHaveLength(1);
    expect(timeline[0]).toMatchObject({ actorId: d.people.technician.id, data: { from: "assigned", to: "in_progress" } });
    expect(timeline[0]!.body).toContain("sur site planifiée le mardi 24 novembre 2026");
    // The requester (the correspondent) is told, like at any other step; the technician who planned is not.
    const mails = (await t.db.select().from(outboxMessages).where(eq(outboxMessages.template, "ticket-step"))).slice(mailsBefore);
    const started = mails.filter((m) => m.subject.startsWith(`[${ticket.number}]`) && m.textBody.includes("prendre en charge"));
    expect(started.map((m) => m.toAddress)).toContain(d.people.correspondent.email);
    expect(started.map((m) => m.toAddress)).not.toContain(d.people.technician.email);
    expect(started[0]!.textBody).toContain("En cours");

    // A second visit on the ticket in progress plans it and leaves the ticket where it is.
    const second = await send(
      d.sessions.technician,
      "POST",
      "/interventions",
      onSite(ticket.id, d.people.technician.id, { startsAt: "2026-11-25T09:00:00+01:00" }),
    );
    expect(second.statusCode, second.body).toBe(201);
    const [still] = await t.db.select().from(tickets).where(eq(tickets.id, ticket.id));
    expect(still).toMatchObject({ status: "in_progress", version: ticket.version + 1 });

    // Waiting for the school: a visit is planned, the ticket stays waiting (its clock stopped until someone resumes it).
    const waiting = await assignedTicket(d);
    await t.db.update(tickets).set({ status: "waiting", waitingSince: START }).where(eq(tickets.id, waiting.id));
    expect(
      (await send(d.sessions.technician, "POST", "/interventions", onSite(waiting.id, d.people.technician.id, { startsAt: "2026-11-26T09:00:00+01:00" })))
        .statusCode,
    ).toBe(201);
    expect((await t.db.select().from(tickets).where(eq(tickets.id, waiting.id)))[0]).toMatchObject({ status: "waiting" });
  });

  it("plans nothing when the ticket moved on since it was read: the start is refused and the visit not saved", async () => {
    clock.set(START);
    const d = await desk();
    const ticket = await assignedTicket(d);
    const before = await countInterventions();
    // Another desk agent's change lands between the planner's read and the write: a trigger stands in for them.
    await t.db.execute(sql`create or replace function relais_test_bump() returns trigger language plpgsql as $$
      begin update tickets set version = version + 1 where id = new.ticket_id; return new; end $$`);
    await t.db.execute(sql`create trigger relais_test_bump after insert on interventions for each row execute function relais_test_bump()`);
    try {
      const planned = await send(d.sessions.technician, "POST", "/interventions", onSite(ticket.id, d.people.technician.id));
      expect(planned.statusCode, planned.body).toBe(409);
      expect(planned.json().code).toBe("conflict.version");
    } finally {
      await t.db.execute(sql`drop trigger relais_test_bump on interventions`);
      await t.db.execute(sql`drop function relais_test_bump()`);
    }
    expect(await countInterventions()).toBe(before);
    expect((await t.db.select().from(tickets).where(eq(tickets.id, ticket.id)))[0]).toMatchObject({ status: "assigned", version: ticket.version });
    expect(await events(ticket.id)).not.toContain("intervention_planned");
  });

  it("lets a contractor's technician plan for their organisation's tickets only", async () => {
    clock.set(START);
    const d = await desk();
    const theirs = await assignedTicket(d, { organisationId: d.organisation.id });
    const notTheirs = await assignedTicket(d);
    const planned = await send(d.sessions.contractor, "POST", "/interventions", onSite(theirs.id, d.people.contractor.id));
    expect(planned.statusCode, planned.body).toBe(201);
    expect(planned.json()).toMatchObject({ organisationId: d.organisation.id, organisationName: d.organisation.name });
    expect(
      (await send(d.sessions.contractor, "POST", "/interventions", onSite(notTheirs.id, d.people.contractor.id, { startsAt: "2026-11-25T09:00:00+01:00" })))
        .statusCode,
    ).toBe(404);
    // The zone's technician may not be sent on the contractor's visit in the contractor's name, but the desk may plan either.
    expect((await send(d.sessions.operator, "POST", "/interventions", onSite(notTheirs.id, d.people.contractor.id))).statusCode).toBe(400);
  });

  it("answers 400 to bad dates and durations, and writes nothing", async () => {
    clock.set(START);
    const d = await desk();
    const ticket = await assignedTicket(d);
    const before = await countInterventions();
    const bad = [
      { startsAt: "2026-02-30T09:00:00+01:00" },
      { startsAt: "demain matin" },
      { startsAt: "2026-11-24T09:00:00" },
      { startsAt: "2030-01-01T09:00:00+01:00" },
      { startsAt: "2020-01-01T09:00:00+01:00" },
      { durationMinutes: 0 },
      { durationMinutes: 3 },
      { durationMinutes: 1.5 },
      { durationMinutes: 100_000 },
      { durationMinutes: "une heure" },
      { kind: "teleportation" },
      { technicianId: "pas-un-uuid" },
      { ticket: undefined },
    ];
    for (const overrides of bad) {
      const response = await send(d.sessions.technician, "POST", "/interventions", onSite(ticket.id, d.people.technician.id, overrides));
      expect(response.statusCode, `${JSON.stringify(overrides)}: ${response.body}`).toBe(400);
      expect(String(response.headers["content-type"])).toContain("application/problem+json");
    }
    const id = (await send(d.sessions.technician, "POST", "/interventions", onSite(ticket.id, d.people.technician.id))).json().id;
    clock.set("2026-11-24T12:00:00Z");
    for (const body of [
      { version: 1, report: "ok", timeSpentMinutes: 30 },
      { version: 1, report: "Fait.", timeSpentMinutes: -5 },
      { version: 1, report: "Fait." },
    ]) {
      expect((await send(d.sessions.technician, "POST", `/interventions/${id}/done`, body)).statusCode).toBe(400);
    }
    expect(await countInterventions()).toBe(before + 1);
    const [row] = await t.db.select().from(interventions).where(eq(interventions.id, id));
    expect(row).toMatchObject({ status: "planned", version: 1, report: null });
  });
});

describe("the agenda", () => {
  it("lists, by period and technician, what each actor sees", async () => {
    clock.set(START);
    const d = await desk();
    const ticket = await assignedTicket(d);
    const id = (await send(d.sessions.technician, "POST", "/interventions", onSite(ticket.id, d.people.technician.id))).json().id;
    const week = `from=${encodeURIComponent("2026-11-23T00:00:00+01:00")}&to=${encodeURIComponent("2026-11-30T00:00:00+01:00")}`;
    const ids = async (session: Session, query: string) => {
      const response = await send(session, "GET", `/interventions?${query}`);
      expect(response.statusCode, response.body).toBe(200);
      return response.json().items.map((i: { id: string }) => i.id);
    };
    expect(await ids(d.sessions.technician, `technician=${d.people.technician.id}&${week}`)).toEqual([id]);
    expect(await ids(d.sessions.coordinator, `school=${d.school.id}`)).toEqual([id]);
    expect(await ids(d.sessions.operator, `ticket=${ticket.number}`)).toEqual([id]);
    expect(await ids(d.sessions.otherTechnician, `school=${d.school.id}`)).toEqual([]);
    expect(await ids(d.sessions.teacher, `school=${d.school.id}`)).toEqual([]);
    expect(await ids(d.sessions.technician, `technician=${d.people.technician.id}&from=${encodeURIComponent("2026-11-25T00:00:00Z")}`)).toEqual([]);
    expect((await send(d.sessions.technician, "GET", `/interventions?from=2026-11-30T00:00:00Z&to=2026-11-23T00:00:00Z`)).statusCode).toBe(400);
    expect((await send(d.sessions.technician, "GET", "/interventions?from=hier")).statusCode).toBe(400);
  });
});

describe("the intervention report (PDF)", () => {
  it("is a real PDF naming the ticket, the school, the technician and the certification, accents included", async () => {
    clock.set(START);
    const d = await desk();
    const ticket = await assignedTicket(d);
    const id = (await send(d.sessions.technician, "POST", "/interventions", onSite(ticket.id, d.people.technician.id))).json().id;
    clock.set("2026-11-24T12:00:00Z");
    const report = `Élève « Noël » : câble changé à l'accueil, coût estimé 12 € ; cœur de réseau vérifié, façade déjà traitée — clé ā remplacée.\n${"Ligne de détail. ".repeat(200)}`;
    await send(d.sessions.technician, "POST", `/interventions/${id}/done`, { version: 1, report, timeSpentMinutes: 75 });
    await send(d.sessions.coordinator, "POST", `/interventions/${id}/certification`, { version: 2, decision: "certified", comment: "Très bien, merci." });

    const response = await send(d.sessions.correspondent, "GET", `/interventions/${id}/report.pdf`);
    expect(response.statusCode, response.body.slice(0, 200)).toBe(200);
    expect(response.headers["content-type"]).toBe("application/pdf");
    expect(String(response.headers["content-disposition"])).toContain(`rapport-intervention-${ticket.number}`);
    const bytes = response.rawPayload;
    expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const pdf = await PDFDocument.load(bytes);
    expect(pdf.getPageCount()).toBeGreaterThanOrEqual(1);
    expect(pdf.getPageCount()).toBeLessThanOrEqual(2);
    expect(pdf.getTitle()).toContain(ticket.number);
    // The text is written in WinAnsi hex strings: the ticket number and the UAI are in the page content.
    const hex = (s: string) => Buffer.from(s, "latin1").toString("hex").toUpperCase();
    const raw = pageText(bytes);
    expect(raw).toContain(hex(ticket.number));
    expect(raw).toContain(hex(d.school.uai));
    // "é", "€", "œ" and « » are kept in WinAnsi (E9, 80, 9C, AB, BB); "ā" falls back to "a".
    expect(raw).toContain(hex("Élève « Noël »"));
    expect(raw).toContain(`${hex("12 ")}80`);
    expect(raw).toContain(`63${"9C"}${hex("ur")}`);
    expect(raw).toContain(hex("clé a remplacée"));

    expect((await send(d.sessions.teacher, "GET", `/interventions/${id}/report.pdf`)).statusCode).toBe(404);
    expect((await send(d.sessions.otherTechnician, "GET", `/interventions/${id}/report.pdf`)).statusCode).toBe(404);
  });
});

describe("the technician's calendar feed (ICS)", () => {
  it("serves the technician's own interventions without a session, and a renewed address replaces the old one", async () => {
    clock.set(START);
    const d = await desk();
    const ticket = await assignedTicket(d);
    const mine = (await send(d.sessions.technician, "POST", "/interventions", onSite(ticket.id, d.people.technician.id))).json();
    const cancelled = (
      await send(d.sessions.technician, "POST", "/interventions", onSite(ticket.id, d.people.technician.id, { startsAt: "2026-11-25T14:00:00+01:00" }))
    ).json();
    await send(d.sessions.technician, "POST", `/interventions/${cancelled.id}/cancellation`, { version: 1, reason: "Reportée ; salle indisponible, désolé." });
    const othersTicket = await assignedTicket(d);
    const theirs = (await send(d.sessions.operator, "POST", "/interventions", onSite(othersTicket.id, d.people.contractor.id))).statusCode;
    expect(theirs).toBe(400); // the contractor does not work this ticket: not in anyone's feed

    const teacherFeed = await send(d.sessions.teacher, "POST", "/calendar-feed");
    expect(teacherFeed.statusCode).toBe(403);
    const created = await send(d.sessions.technician, "POST", "/calendar-feed");
    expect(created.statusCode, created.body).toBe(201);
    const url = new URL(created.json().url);
    expect(url.origin).toBe("http://relais.test");
    expect(url.pathname).toMatch(/^\/api\/v1\/calendar\/[A-Za-z0-9_-]{20,}\.ics$/);
    const feeds = await t.db.execute(sql`select token_hash from calendar_feeds where person_id = ${d.people.technician.id}`);
    expect(JSON.stringify(feeds)).not.toContain(url.pathname.split("/").at(-1)!.replace(".ics", ""));

    const feed = await send(null, "GET", url.pathname);
    expect(feed.statusCode, feed.body).toBe(200);
    expect(feed.headers["content-type"]).toBe("text/calendar; charset=utf-8");
    const text = feed.body;
    expect(text.startsWith("BEGIN:VCALENDAR\r\n")).toBe(true);
    expect(text).toContain("PRODID:-//Relais//Interventions//FR\r\n");
    expect(text.match(/BEGIN:VEVENT/g)).toHaveLength(2);
    expect(text).toContain(`UID:intervention-${mine.id}@relais\r\n`);
    expect(text).toContain("DTSTART:20261124T080000Z\r\nDTEND:20261124T093000Z\r\n");
    const unfolded = text.replace(/\r\n /g, "");
    expect(unfolded).toContain(`SUMMARY:Intervention sur site — ${d.school.name} (${ticket.number})`);
    expect(unfolded).toContain("Motif d'annulation : Reportée \\; salle indisponible\\, désolé.");
    const cancelledEvent = unfolded.split("BEGIN:VEVENT").find((e) => e.includes(cancelled.id))!;
    expect(cancelledEvent).toContain("STATUS:CANCELLED");
    for (const line of text.split("\r\n")) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);

    expect((await send(null, "GET", "/api/v1/calendar/inconnu-0123456789abcdefghij.ics")).statusCode).toBe(404);
    expect((await send(null, "GET", "/api/v1/calendar/x.ics")).statusCode).toBe(404);

    const renewed = new URL((await send(d.sessions.technician, "POST", "/calendar-feed")).json().url);
    expect(renewed.pathname).not.toBe(url.pathname);
    expect((await send(null, "GET", url.pathname)).statusCode).toBe(404);
    expect((await send(null, "GET", renewed.pathname)).statusCode).toBe(200);

    // Another technician's feed holds none of these.
    const otherFeed = new URL((await send(d.sessions.otherTechnician, "POST", "/calendar-feed")).json().url);
    expect((await send(null, "GET", otherFeed.pathname)).body).not.toContain("BEGIN:VEVENT");
  });
});

describe("the Friday summary (seed 004)", () => {
  it("is scheduled on Fridays at 16:00 (the jobs plugin reads cron in Europe/Paris)", () => {
    const ctx = { db: t.db, actor: systemActor(), log: t.app.log, jobs: noJobs, clock, config: t.config, requestId: null, ip: null };
    expect(interventionJobs(ctx).map((j) => [j.name, j.cron])).toEqual([["interventions.weekly-summaries", "0 16 * * 5"]]);
  });

  it("mails each technician's week to their sector head and the heads of their zone's schools, once", async () => {
    clock.set(START);
    const d = await desk();
    const sectorHead = await buildPerson(t.db, { role: "sector_head", scope: { kind: "sector", regionId: d.region.id, sectorId: d.sector.id } });
    const neighbour = await buildSchool(t.db, { regionId: d.region.id, sectorId: d.sector.id, zoneId: d.zone.id });
    const neighbourHead = await buildPerson(t.db, { role: "head", scope: schoolScope(neighbour) });
    const ticket = await assignedTicket(d);
    const done = (await send(d.sessions.technician, "POST", "/interventions", onSite(ticket.id, d.people.technician.id))).json();
    await send(
      d.sessions.technician,
      "POST",
      "/interventions",
      onSite(ticket.id, d.people.technician.id, { startsAt: "2026-12-01T10:00:00+01:00", durationMinutes: 45 }),
    );
    clock.set("2026-11-24T12:00:00Z");
    await send(d.sessions.technician, "POST", `/interventions/${done.id}/done`, { version: 1, report: "Borne Wi-Fi remplacée.", timeSpentMinutes: 95 });
    await t.db
      .update(tickets)
      .set({ status: "resolved", resolvedAt: new Date("2026-11-26T10:00:00Z"), timeSpentMinutes: 120 })
      .where(eq(tickets.id, ticket.id));

    clock.set("2026-11-27T15:00:00Z"); // Friday 16:00 in Paris
    const ctx = { db: t.db, actor: systemActor(), log: t.app.log, jobs: noJobs, clock, config: t.config, requestId: null, ip: null };
    await sendWeeklySummaries(ctx);
    const everyone = [
      sectorHead.email,
      d.people.head.email,
      neighbourHead.email,
      d.people.coordinator.email,
      d.people.correspondent.email,
      d.people.otherTechnician.email,
    ];
    const mails = async () =>
      t.db
        .select()
        .from(outboxMessages)
        .where(and(eq(outboxMessages.template, "intervention-weekly-summary"), inArray(outboxMessages.toAddress, everyone)));
    const first = (await mails()).filter((m) => m.textBody.includes(`${d.people.technician.firstName} ${d.people.technician.lastName}`));
    expect(first.map((m) => m.toAddress).sort()).toEqual([sectorHead.email, d.people.head.email, neighbourHead.email].sort());
    const body = first[0]!.textBody;
    expect(first[0]!.subject).toContain("semaine du 23 novembre 2026");
    expect(body).toContain("Interventions réalisées : 1");
    expect(body).toContain("Tickets résolus : 1");
    expect(body).toContain(ticket.number);
    expect(body).toContain("Temps passé en intervention : 1 h 35");
    expect(body).toContain("temps déclaré à la résolution des tickets : 2 h");
    expect(body).toContain("Interventions prévues la semaine prochaine : 1");
    expect(body).toContain("mardi 1 décembre 2026");

    // A second run the same week (or a second process) sends nothing more.
    const sentBefore = (await mails()).length;
    clock.set("2026-11-27T15:05:00Z");
    await sendWeeklySummaries(ctx);
    expect(await mails()).toHaveLength(sentBefore);
    expect((await mails()).filter((m) => m.textBody.includes(`${d.people.technician.firstName} ${d.people.technician.lastName}`))).toHaveLength(3);
  });
});

describe("the Friday summary covers every technician who worked, each reported to their own hierarchy", () => {
  const jobCtx = () => ({ db: t.db, actor: systemActor(), log: t.app.log, jobs: noJobs, clock, config: t.config, requestId: null, ip: null });
  const summariesOf = async (person: { firstName: string; lastName: string }, week: string) =>
    (await t.db.select().from(outboxMessages).where(eq(outboxMessages.template, "intervention-weekly-summary"))).filter(
      (m) => m.textBody.includes(`${person.firstName} ${person.lastName}`) && m.subject.includes(week),
    );
  /** Plans an intervention on Tuesday and reports it done the same afternoon. */
  async function workedOn(d: Desk, planner: Session, ticketId: string, technicianId: string, startsAt: string) {
    clock.set(START);
    const planned = await send(planner, "POST", "/interventions", onSite(ticketId, technicianId, { startsAt }));
    expect(planned.statusCode, planned.body).toBe(201);
    clock.set("2026-11-24T17:00:00Z");
    const done = await send(d.sessions.operator, "POST", `/interventions/${planned.json().id}/done`, { version: 1, report: "Fait.", timeSpentMinutes: 60 });
    expect(done.statusCode, done.body).toBe(200);
  }

  it("mails a contractor's technician's week to the contractor's managers (not the sector head) and the heads of the schools worked at", async () => {
    const d = await desk();
    const sectorHead = await buildPerson(t.db, { role: "sector_head", scope: { kind: "sector", regionId: d.region.id, sectorId: d.sector.id } });
    const manager = await buildPerson(t.db, { role: "org_manager", scope: { kind: "organisation", regionId: d.region.id, organisationId: d.organisation.id } });
    const otherOrganisationManager = await buildPerson(t.db, {
      role: "org_manager",
      scope: { kind: "organisation", regionId: d.region.id, organisationId: (await buildOrganisation(t.db, { regionId: d.region.id })).id },
    });
    const ticket = await assignedTicket(d, { organisationId: d.organisation.id });
    await workedOn(d, d.sessions.contractor, ticket.id, d.people.contractor.id, "2026-11-24T14:00:00+01:00");

    clock.set("2026-11-27T15:00:00Z");
    await sendWeeklySummaries(jobCtx());
    const mails = await summariesOf(d.people.contractor, "23 novembre 2026");
    expect(mails.map((m) => m.toAddress).sort()).toEqual([manager.email, d.people.head.email].sort());
    expect(mails.map((m) => m.toAddress)).not.toContain(sectorHead.email);
    expect(mails.map((m) => m.toAddress)).not.toContain(otherOrganisationManager.email);
    expect(mails[0]!.textBody).toContain("Interventions réalisées : 1");
  });

  it("mails a sector technician who worked to the sector head and that school's head; one who did nothing gets no summary", async () => {
    const d = await desk();
    const sectorHead = await buildPerson(t.db, { role: "sector_head", scope: { kind: "sector", regionId: d.region.id, sectorId: d.sector.id } });
    const sectorTechnician = await buildPerson(t.db, { role: "technician", scope: { kind: "sector", regionId: d.region.id, sectorId: d.sector.id } });
    const idle = await buildPerson(t.db, { role: "technician", scope: { kind: "sector", regionId: d.region.id, sectorId: d.sector.id } });
    const ticket = await assignedTicket(d);
    await workedOn(d, d.sessions.operator, ticket.id, sectorTechnician.id, "2026-11-24T10:00:00+01:00");

    clock.set("2026-11-27T15:00:00Z");
    await sendWeeklySummaries(jobCtx());
    const mails = await summariesOf(sectorTechnician, "23 novembre 2026");
    expect(mails.map((m) => m.toAddress).sort()).toEqual([sectorHead.email, d.people.head.email].sort());
    expect(await summariesOf(idle, "23 novembre 2026")).toHaveLength(0);
  });

  it("goes up the region's chain where the sector has no head: the unit head, else the service head", async () => {
    const d = await desk();
    const serviceHead = await buildPerson(t.db, { role: "service_head", scope: { kind: "region", regionId: d.region.id } });
    clock.set("2026-12-04T15:00:00Z");
    await sendWeeklySummaries(jobCtx());
    expect((await summariesOf(d.people.technician, "30 novembre 2026")).map((m) => m.toAddress).sort()).toEqual(
      [serviceHead.email, d.people.head.email].sort(),
    );
    const unitHead = await buildPerson(t.db, { role: "unit_head", scope: { kind: "region", regionId: d.region.id } });
    clock.set("2026-12-11T15:00:00Z");
    await sendWeeklySummaries(jobCtx());
    expect((await summariesOf(d.people.technician, "7 décembre 2026")).map((m) => m.toAddress).sort()).toEqual([unitHead.email, d.people.head.email].sort());
  });
});

describe("preventive visits (seed 003: 0.25 day per fortnight per 100 PCs)", () => {
  it("are planned from the declared estate on business days, previewed then created once", async () => {
    clock.set(START);
    const d = await desk();
    expect((await send(d.sessions.teacher, "PUT", `/school-estates/${d.school.id}`, { pcCount: 250 })).statusCode).toBe(403);
    expect((await send(d.sessions.technician, "PUT", `/school-estates/${d.school.id}`, { pcCount: -1 })).statusCode).toBe(400);
    const declared = await send(d.sessions.technician, "PUT", `/school-estates/${d.school.uai}`, { pcCount: 250 });
    expect(declared.statusCode, declared.body).toBe(200);
    expect(declared.json()).toMatchObject({ pcCount: 250, source: "declared" });

    const body = { school: d.school.id, month: "2026-12", technicianId: d.people.technician.id };
    expect((await send(d.sessions.coordinator, "POST", "/preventive-plans/preview", body)).statusCode).toBe(403);
    expect((await send(d.sessions.technician, "POST", "/preventive-plans/preview", { ...body, month: "2026-13" })).statusCode).toBe(400);
    expect((await send(d.sessions.technician, "POST", "/preventive-plans/preview", { ...body, technicianId: d.people.otherTechnician.id })).statusCode).toBe(
      400,
    );
    const preview = await send(d.sessions.technician, "POST", "/preventive-plans/preview", body);
    expect(preview.statusCode, preview.body).toBe(200);
    // 250 PCs: 3 tranches, 0.75 day (5 h 15) each fortnight; Tuesday 1 and Wednesday 16 December are the first business days.
    expect(preview.json()).toMatchObject({
      quotaDaysPerMonth: null,
      schools: [{ schoolId: d.school.id, pcCount: 250, pcSource: "declared", dueMinutes: 630 }],
      visits: [
        { date: "2026-12-01", startsAt: "2026-12-01T08:00:00.000Z", durationMinutes: 315 },
        { date: "2026-12-16", startsAt: "2026-12-16T08:00:00.000Z", durationMinutes: 315 },
      ],
      created: 0,
    });
    expect(await t.db.select().from(interventions).where(eq(interventions.schoolId, d.school.id))).toHaveLength(0);

    const created = await send(d.sessions.technician, "POST", "/preventive-plans", body);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().created).toBe(2);
    expect((await send(d.sessions.technician, "POST", "/preventive-plans", body)).json().created).toBe(0);
    const rows = await t.db.select().from(interventions).where(eq(interventions.schoolId, d.school.id));
    expect(rows.map((r) => [r.kind, r.status, r.durationMinutes])).toEqual([
      ["preventive", "planned", 315],
      ["preventive", "planned", 315],
    ]);
    // The coordinator sees the school's preventive visits in the agenda.
    expect((await send(d.sessions.coordinator, "GET", `/interventions?school=${d.school.id}`)).json().items).toHaveLength(2);
  });

  it("counts the inventory's PCs once the school has some, rather than the declared count", async () => {
    clock.set(START);
    const d = await desk();
    await send(d.sessions.technician, "PUT", `/school-estates/${d.school.id}`, { pcCount: 400 });
    const body = { school: d.school.id, month: "2026-12", technicianId: d.people.technician.id };
    expect((await send(d.sessions.technician, "POST", "/preventive-plans/preview", body)).json().schools[0]).toMatchObject({
      pcCount: 400,
      pcSource: "declared",
    });
    const now = clock.now();
    const asset = (type: string, status: string) => ({
      regionId: d.region.id,
      schoolId: d.school.id,
      type,
      status,
      source: "manual",
      createdAt: now,
      updatedAt: now,
    });
    // 120 desktops and 30 laptops maintained; retired machines and printers are not PCs to maintain.
    await t.db
      .insert(assets)
      .values([
        ...Array.from({ length: 110 }, () => asset("desktop", "in_service")),
        ...Array.from({ length: 10 }, () => asset("desktop", "broken")),
        ...Array.from({ length: 30 }, () => asset("laptop", "in_service")),
        ...Array.from({ length: 40 }, () => asset("desktop", "retired")),
        ...Array.from({ length: 5 }, () => asset("printer", "in_service")),
      ] as (typeof assets.$inferInsert)[]);
    const preview = (await send(d.sessions.technician, "POST", "/preventive-plans/preview", body)).json();
    // 150 PCs: 2 tranches, 0.5 day (3 h 30) each fortnight.
    expect(preview.schools[0]).toMatchObject({ pcCount: 150, pcSource: "inventory", dueMinutes: 420 });
    expect(preview.visits.map((v: { durationMinutes: number }) => v.durationMinutes)).toEqual([210, 210]);
  });

  it("shares a zone's technician days between its schools, capped by a contractor's 2 days a month (seed 001)", async () => {
    clock.set(START);
    const d = await desk();
    const second = await buildSchool(t.db, { regionId: d.region.id, sectorId: d.sector.id, zoneId: d.zone.id, name: "Lycée Zola", departmentCode: "13" });
    await send(d.sessions.technician, "PUT", `/school-estates/${d.school.id}`, { pcCount: 1000 });
    await send(d.sessions.technician, "PUT", `/school-estates/${second.id}`, { pcCount: 90 });
    const zone = await send(d.sessions.technician, "POST", "/preventive-plans/preview", {
      zone: d.zone.id,
      month: "2026-12",
      technicianId: d.people.technician.id,
    });
    expect(zone.statusCode, zone.body).toBe(200);
    const firstFortnight = zone.json().visits.filter((v: { date: string }) => v.date <= "2026-12-15");
    expect(firstFortnight.map((v: { schoolId: string; date: string; durationMinutes: number }) => [v.schoolId, v.date, v.durationMinutes])).toEqual([
      [d.school.id, "2026-12-01", 420],
      [d.school.id, "2026-12-02", 420],
      [d.school.id, "2026-12-03", 210],
      [second.id, "2026-12-03", 105],
    ]);
    expect(
      (
        await send(d.sessions.otherTechnician, "POST", "/preventive-plans/preview", {
          zone: d.zone.id,
          month: "2026-12",
          technicianId: d.people.otherTechnician.id,
        })
      ).statusCode,
    ).toBe(404);

    const contractor = await send(d.sessions.contractor, "POST", "/preventive-plans/preview", {
      school: d.school.id,
      month: "2026-12",
      technicianId: d.people.contractor.id,
      organisationId: d.organisation.id,
    });
    expect(contractor.statusCode, contractor.body).toBe(200);
    expect(contractor.json()).toMatchObject({ quotaDaysPerMonth: 2, schools: [{ dueMinutes: 840 }] });
    expect(contractor.json().visits.reduce((sum: number, v: { durationMinutes: number }) => sum + v.durationMinutes, 0)).toBe(840);
  });
});
