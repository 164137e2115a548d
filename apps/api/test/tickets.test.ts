import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemActor } from "../src/context.ts";
import { auditEvents, outboxMessages, regions, schools, tickets } from "../src/db/schema.ts";
import { autoCloseResolvedTickets, escalateOverdueTickets } from "../src/modules/tickets/tickets.jobs.ts";
import { noJobs } from "../src/plugins/jobs.ts";
import { buildDesk, type DeskOptions, incident } from "./desk-fixture.ts";
import { buildPerson, buildRegion, logIn, type Session } from "./factories.ts";
import { buildTestApp, testClock } from "./setup.ts";

/**
 * The support desk's core (issue 3): filing with a number given at once and deadlines from the
 * business calendar, the workflow with its owners, the restricted security chain, and no
 * silent overwrite. The clock is Monday 23 November 2026, 09:00 in Paris.
 */
type TestApp = Awaited<ReturnType<typeof buildTestApp>>;
const clock = testClock(new Date("2026-11-23T08:00:00Z"));
let t: TestApp;
let address = 0;

beforeAll(async () => {
  t = await buildTestApp({ clock });
});
afterAll(() => t.close());

const login = (person: { email: string; totpSecret?: string | null }) => logIn(t.app, person, { now: clock.now(), remoteAddress: `10.9.0.${++address % 250}` });
const send = (session: Session, method: "GET" | "POST", url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: session.headers, ...(payload ? { payload } : {}) });

const desk = (options: DeskOptions = {}) => buildDesk(t, login, options);

describe("filing a ticket", () => {
  it("gives a readable number at once, computes the deadlines and records the first step", async () => {
    const d = await desk();
    const response = await send(d.sessions.correspondent, "POST", "/tickets", incident(d.school.uai));
    expect(response.statusCode, response.body).toBe(201);
    const { ticket, events } = response.json();
    expect(ticket.number).toBe(`${d.region.code.toUpperCase()}-2026-000001`);
    expect(ticket).toMatchObject({ status: "new", channel: "web", priority: 1, requesterId: d.people.correspondent.id });
    expect(ticket.takeChargeDueAt).toBe("2026-11-23T10:00:00.000Z"); // 09:00 + 2 business hours
    expect(ticket.resolutionDueAt).toBe("2026-11-24T17:00:00.000Z"); // J+1, 18:00 Paris, until dispatch moves it
    expect(events.map((e: { type: string }) => e.type)).toEqual(["created"]);
    const [audit] = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, ticket.id));
    expect(audit?.action).toBe("ticket.filed");
  });

  it("never gives one number twice, even to tickets filed at the same moment", async () => {
    const d = await desk();
    const responses = await Promise.all([1, 2, 3, 4, 5].map(() => send(d.sessions.correspondent, "POST", "/tickets", incident(d.school.id))));
    expect(responses.map((r) => r.statusCode)).toEqual([201, 201, 201, 201, 201]);
    const numbers = responses.map((r) => r.json().ticket.number).sort();
    expect(new Set(numbers).size).toBe(5);
    expect(numbers.at(-1)).toMatch(/-2026-000005$/);
  });

  it("lets the correspondent, the head and the desk file; not a teacher; a coordinator only where the region allows", async () => {
    const d = await desk();
    expect((await send(d.sessions.head, "POST", "/tickets", incident(d.school.id))).statusCode).toBe(201);
    const byDesk = await send(d.sessions.operator, "POST", "/tickets", incident(d.school.id, { channel: "phone", requesterId: d.people.correspondent.id }));
    expect(byDesk.statusCode, byDesk.body).toBe(201);
    expect(byDesk.json().ticket).toMatchObject({ channel: "phone", requesterId: d.people.correspondent.id });
    const teacher = await send(d.sessions.teacher, "POST", "/tickets", incident(d.school.id));
    expect(teacher.statusCode).toBe(403);
    const coordinator = await send(d.sessions.coordinator, "POST", "/tickets", incident(d.school.id));
    expect(coordinator.statusCode).toBe(403);
    expect(coordinator.json().detail).toMatch(/correspondant/);

    const allowing = await desk({ coordinatorsMayFile: true });
    expect((await send(allowing.sessions.coordinator, "POST", "/tickets", incident(allowing.school.id))).statusCode).toBe(201);
  });

  it("refuses a school outside the filer's scope and an unknown category, writing nothing", async () => {
    const d = await desk();
    const other = await desk();
    const before = (await t.db.select().from(tickets)).length;
    const outside = await send(d.sessions.correspondent, "POST", "/tickets", incident(other.school.id));
    expect(outside.statusCode).toBe(400);
    expect(outside.json().errors).toEqual([{ field: "body.school", message: "Établissement inconnu." }]);
    const unknown = await send(d.sessions.correspondent, "POST", "/tickets", incident(d.school.id, { category: "teleportation" }));
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors[0].field).toBe("body.category");
    const badUrgency = await send(d.sessions.correspondent, "POST", "/tickets", incident(d.school.id, { urgency: "critical" }));
    expect(badUrgency.statusCode).toBe(400);
    expect(badUrgency.json().errors[0].message).toContain("Urgence inconnue");
    expect((await t.db.select().from(tickets)).length).toBe(before);
  });
});

describe("the workflow", () => {
  it("goes from filing to administrative closure, each step by its owner, with deadlines from dispatch and waiting added back", async () => {
    const d = await desk();
    clock.set("2026-11-23T08:00:00Z");
    const filed = (
      await send(d.sessions.correspondent, "POST", "/tickets", incident(d.school.id, { category: "printer", urgency: "medium", impact: "user" }))
    ).json().ticket;
    const step = async (session: Session, body: Record<string, unknown>) => {
      const current = (await send(session, "GET", `/tickets/${filed.number}`)).json().ticket;
      return send(session, "POST", `/tickets/${filed.id}/transitions`, { version: current.version, ...body });
    };

    // The desk changes the urgency only with a reason.
    expect((await step(d.sessions.operator, { action: "qualify", urgency: "very_high" })).statusCode).toBe(400);
    const qualified = await step(d.sessions.operator, { action: "qualify", urgency: "very_high", reason: "Imprimante de la vie scolaire, seule du bâtiment" });
    expect(qualified.statusCode, qualified.body).toBe(200);
    expect(qualified.json().ticket.urgency).toBe("very_high");

    // Dispatch on Tuesday 10:00: office IT at very high urgency is J+3 from there.
    clock.set("2026-11-24T09:00:00Z");
    const assigned = await step(d.sessions.operator, { action: "assign", assigneePersonId: d.people.technician.id });
    expect(assigned.statusCode, assigned.body).toBe(200);
    expect(assigned.json().ticket.resolutionDueAt).toBe("2026-11-27T17:00:00.000Z");

    // The school may not work the ticket, nor close it before it is resolved.
    expect((await step(d.sessions.correspondent, { action: "start" })).statusCode).toBe(403);
    expect((await step(d.sessions.correspondent, { action: "close" })).statusCode).toBe(409);

    expect((await step(d.sessions.technician, { action: "start" })).statusCode).toBe(200);
    expect((await step(d.sessions.technician, { action: "wait", comment: "Attente du code de l'armoire" })).statusCode).toBe(200);
    clock.set("2026-11-24T11:00:00Z"); // two business hours later
    const resumed = await step(d.sessions.technician, { action: "resume" });
    expect(resumed.json().ticket.resolutionDueAt).toBe("2026-11-30T09:00:00.000Z"); // Friday 18:00 + 2 h → Monday 10:00

    expect((await step(d.sessions.technician, { action: "resolve" })).statusCode).toBe(400);
    const resolved = await step(d.sessions.technician, { action: "resolve", resolution: "Tambour remplacé", timeSpentMinutes: 45 });
    expect(resolved.json().ticket.status).toBe("resolved");
    expect((await step(d.sessions.technician, { action: "close" })).statusCode).toBe(403);

    const reopened = await step(d.sessions.correspondent, { action: "reopen", reason: "Bourrage dès la deuxième page" });
    expect(reopened.json().ticket.status).toBe("in_progress");
    await step(d.sessions.technician, { action: "resolve", resolution: "Rouleau d'entraînement changé" });
    const closed = await step(d.sessions.correspondent, { action: "close" });
    expect(closed.statusCode).toBe(200);
    expect(closed.json().ticket.status).toBe("closed");
    expect(closed.json().events.map((e: { type: string }) => e.type)).toEqual([
      "created",
      "qualify",
      "assign",
      "start",
      "wait",
      "resume",
      "resolve",
      "reopen",
      "resolve",
      "close",
    ]);
  });

  it("answers 409 to a write based on a stale version, and changes nothing", async () => {
    const d = await desk();
    const filed = (await send(d.sessions.correspondent, "POST", "/tickets", incident(d.school.id))).json().ticket;
    expect((await send(d.sessions.operator, "POST", `/tickets/${filed.id}/transitions`, { action: "qualify", version: filed.version })).statusCode).toBe(200);
    const stale = await send(d.sessions.operator, "POST", `/tickets/${filed.id}/transitions`, {
      action: "reroute",
      destination: "ent_supplier",
      version: filed.version,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe("conflict.version");
    const [row] = await t.db.select().from(tickets).where(eq(tickets.id, filed.id));
    expect(row?.status).toBe("qualified");
  });

  it("re-routes what is not the Region's, recording where the requester must turn", async () => {
    const d = await desk();
    const filed = (await send(d.sessions.correspondent, "POST", "/tickets", incident(d.school.id, { category: "ent" }))).json().ticket;
    const rerouted = await send(d.sessions.operator, "POST", `/tickets/${filed.id}/transitions`, {
      action: "reroute",
      destination: "ent_supplier",
      version: filed.version,
      comment: "Voir le support de l'ENT.",
    });
    expect(rerouted.json().ticket.status).toBe("rerouted");
    const [row] = await t.db.select().from(tickets).where(eq(tickets.id, filed.id));
    expect(row?.reroutedTo).toBe("ent_supplier");
    expect((await send(d.sessions.correspondent, "POST", `/tickets/${filed.id}/comments`, { body: "Merci" })).statusCode).toBe(409);
  });

  it("lets the desk fold a duplicate into the ticket it repeats, at the same school only", async () => {
    const d = await desk();
    const other = await desk();
    const first = (await send(d.sessions.correspondent, "POST", "/tickets", incident(d.school.id))).json().ticket;
    const again = (await send(d.sessions.head, "POST", "/tickets", incident(d.school.id, { title: "Réseau coupé bâtiment B" }))).json().ticket;
    const elsewhere = (await send(other.sessions.correspondent, "POST", "/tickets", incident(other.school.id))).json().ticket;
    expect(
      (await send(d.sessions.correspondent, "POST", `/tickets/${again.id}/transitions`, { action: "merge", into: first.number, version: 1 })).statusCode,
    ).toBe(403);
    expect((await send(d.sessions.operator, "POST", `/tickets/${again.id}/transitions`, { action: "merge", into: again.number, version: 1 })).statusCode).toBe(
      400,
    );
    expect(
      (await send(d.sessions.operator, "POST", `/tickets/${again.id}/transitions`, { action: "merge", into: elsewhere.number, version: 1 })).statusCode,
    ).toBe(400);
    const merged = await send(d.sessions.operator, "POST", `/tickets/${again.id}/transitions`, { action: "merge", into: first.number, version: 1 });
    expect(merged.statusCode, merged.body).toBe(200);
    expect(merged.json().ticket.status).toBe("merged");
    const kept = (await send(d.sessions.correspondent, "GET", `/tickets/${first.id}`)).json();
    expect(kept.events.at(-1)).toMatchObject({ type: "merged_in", body: `Le ticket ${again.number} (« Réseau coupé bâtiment B ») y a été fusionné.` });
    const [row] = await t.db.select().from(tickets).where(eq(tickets.id, again.id));
    expect(row?.mergedIntoId).toBe(first.id);
  });

  it("takes an evolution request through study and decision: a refusal ends it with its reason, an acceptance starts the works", async () => {
    const d = await desk();
    const engineer = await buildPerson(t.db, { role: "engineer", scope: { kind: "region", regionId: d.region.id } });
    const engineerSession = await login(engineer);
    const request = (body: Record<string, unknown>) =>
      send(
        d.sessions.correspondent,
        "POST",
        "/tickets",
        incident(d.school.id, { kind: "evolution", category: "wifi", title: "Couvrir le gymnase en Wi-Fi", ...body }),
      );
    const refusedOne = (await request({})).json().ticket;
    const acceptedOne = (await request({ title: "Ajouter une baie au bâtiment C" })).json().ticket;
    expect(refusedOne.resolutionDueAt).toBeNull(); // no resolution deadline: study, decision and works run at their own pace
    for (const ticket of [refusedOne, acceptedOne]) {
      await send(d.sessions.operator, "POST", `/tickets/${ticket.id}/transitions`, { action: "qualify", version: 1 });
      await send(d.sessions.operator, "POST", `/tickets/${ticket.id}/transitions`, { action: "assign", assigneePersonId: engineer.id, version: 2 });
    }
    expect((await send(engineerSession, "GET", `/tickets/${refusedOne.id}`)).json().allowedActions).toContain("decide");
    expect(
      (await send(engineerSession, "POST", `/tickets/${refusedOne.id}/transitions`, { action: "decide", decision: "refused", version: 3 })).statusCode,
    ).toBe(400);
    const refused = await send(engineerSession, "POST", `/tickets/${refusedOne.id}/transitions`, {
      action: "decide",
      decision: "refused",
      reason: "Le gymnase sera reconstruit en 2028",
      version: 3,
    });
    expect(refused.json().ticket.status).toBe("closed");
    const accepted = await send(engineerSession, "POST", `/tickets/${acceptedOne.id}/transitions`, { action: "decide", decision: "accepted", version: 3 });
    expect(accepted.json().ticket.status).toBe("in_progress");
    const [row] = await t.db.select().from(tickets).where(eq(tickets.id, refusedOne.id));
    expect(row?.decision).toBe("refused");

    const plain = (await send(d.sessions.correspondent, "POST", "/tickets", incident(d.school.id))).json().ticket;
    await send(d.sessions.operator, "POST", `/tickets/${plain.id}/transitions`, { action: "qualify", version: 1 });
    expect(
      (await send(d.sessions.operator, "POST", `/tickets/${plain.id}/transitions`, { action: "decide", decision: "accepted", version: 2 })).statusCode,
    ).toBe(409);
  });

  it("keeps internal notes from the school", async () => {
    const d = await desk();
    const filed = (await send(d.sessions.correspondent, "POST", "/tickets", incident(d.school.id))).json().ticket;
    expect((await send(d.sessions.correspondent, "POST", `/tickets/${filed.id}/comments`, { body: "Note", internal: true })).statusCode).toBe(403);
    expect((await send(d.sessions.operator, "POST", `/tickets/${filed.id}/comments`, { body: "Appeler SPIE", internal: true })).statusCode).toBe(201);
    expect((await send(d.sessions.operator, "POST", `/tickets/${filed.id}/comments`, { body: "Nous intervenons demain." })).statusCode).toBe(201);
    const seenBySchool = (await send(d.sessions.correspondent, "GET", `/tickets/${filed.id}`)).json().events.map((e: { body: string }) => e.body);
    expect(seenBySchool).toContain("Nous intervenons demain.");
    expect(seenBySchool).not.toContain("Appeler SPIE");
    expect((await send(d.sessions.technician, "GET", `/tickets/${filed.id}`)).json().events.map((e: { body: string }) => e.body)).toContain("Appeler SPIE");
  });
});

describe("who sees which ticket", () => {
  it("shows a school's tickets to its people, its zone's technician and the desk; not to another zone", async () => {
    const d = await desk();
    const filed = (await send(d.sessions.correspondent, "POST", "/tickets", incident(d.school.id))).json().ticket;
    for (const who of ["correspondent", "head", "coordinator", "operator", "technician"] as const) {
      expect((await send(d.sessions[who], "GET", `/tickets/${filed.number}`)).statusCode, who).toBe(200);
      expect(
        (await send(d.sessions[who], "GET", "/tickets")).json().items.map((i: { id: string }) => i.id),
        who,
      ).toEqual([filed.id]);
    }
    for (const who of ["otherTechnician", "teacher", "contractor"] as const) {
      expect((await send(d.sessions[who], "GET", `/tickets/${filed.id}`)).statusCode, who).toBe(404);
      expect((await send(d.sessions[who], "GET", "/tickets")).json().total, who).toBe(0);
    }
  });

  it("shows a contractor the tickets assigned to its organisation, and lets it work them", async () => {
    const d = await desk();
    const filed = (await send(d.sessions.correspondent, "POST", "/tickets", incident(d.school.id))).json().ticket;
    await send(d.sessions.operator, "POST", `/tickets/${filed.id}/transitions`, { action: "qualify", version: 1 });
    await send(d.sessions.operator, "POST", `/tickets/${filed.id}/transitions`, { action: "assign", assigneeOrganisationId: d.organisation.id, version: 2 });
    const seen = await send(d.sessions.contractor, "GET", `/tickets/${filed.id}`);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().allowedActions).toContain("start");
    expect((await send(d.sessions.contractor, "POST", `/tickets/${filed.id}/transitions`, { action: "start", version: 3 })).statusCode).toBe(200);
  });

  it("keeps a personal-data breach to the head, the DPO and the requester", async () => {
    const d = await desk();
    const breach = (
      await send(
        d.sessions.correspondent,
        "POST",
        "/tickets",
        incident(d.school.id, { kind: "data_breach", category: "other", title: "Clé USB perdue", description: "Une clé USB avec des bulletins a été perdue." }),
      )
    ).json().ticket;
    for (const who of ["correspondent", "head", "dpo"] as const)
      expect((await send(d.sessions[who], "GET", `/tickets/${breach.id}`)).statusCode, who).toBe(200);
    for (const who of ["coordinator", "operator", "technician"] as const)
      expect((await send(d.sessions[who], "GET", `/tickets/${breach.id}`)).statusCode, who).toBe(404);
  });

  it("lists with filters, sort and CSV export", async () => {
    const d = await desk();
    await send(d.sessions.correspondent, "POST", "/tickets", incident(d.school.id, { title: "Wi-Fi absent en salle 12", category: "wifi" }));
    await send(d.sessions.correspondent, "POST", "/tickets", incident(d.school.id, { title: "Imprimante bloquée", category: "printer", urgency: "low" }));
    const wifi = (await send(d.sessions.operator, "GET", "/tickets?category=wifi")).json();
    expect(wifi.items.map((i: { title: string }) => i.title)).toEqual(["Wi-Fi absent en salle 12"]);
    const byPriority = (await send(d.sessions.operator, "GET", "/tickets?sort=-priority")).json().items.map((i: { priority: number }) => i.priority);
    expect(byPriority).toEqual([...byPriority].sort((a, b) => b - a));
    expect((await send(d.sessions.operator, "GET", "/tickets?status=nonsense")).statusCode).toBe(400);
    const csv = await send(d.sessions.operator, "GET", "/tickets?format=csv");
    expect(csv.headers["content-type"]).toContain("text/csv");
    expect(csv.body).toContain("Imprimante bloquée");
    expect(csv.body.split("\n")[0]).toContain("Numéro");
  });
});

describe("steering figures", () => {
  it("measures processing time in business minutes, deadline compliance, backlog and reopen rate, over the tickets in scope", async () => {
    const d = await desk();
    const at = (iso: string) => clock.set(iso);
    const go = async (session: Session, id: string, body: Record<string, unknown>) => {
      const version = (await send(session, "GET", `/tickets/${id}`)).json().ticket.version;
      const response = await send(session, "POST", `/tickets/${id}/transitions`, { version, ...body });
      expect(response.statusCode, response.body).toBe(200);
    };
    at("2026-11-23T08:00:00Z"); // Monday 09:00 Paris
    const t1 = (await send(d.sessions.correspondent, "POST", "/tickets", incident(d.school.id))).json().ticket;
    const t2 = (await send(d.sessions.correspondent, "POST", "/tickets", incident(d.school.id, { category: "printer", urgency: "low", impact: "user" }))).json()
      .ticket;
    const t3 = (await send(d.sessions.correspondent, "POST", "/tickets", incident(d.school.id))).json().ticket;
    at("2026-11-23T09:00:00Z"); // 10:00: taken in charge within the 2 business hours
    for (const id of [t1.id, t3.id]) {
      await go(d.sessions.operator, id, { action: "qualify" });
      await go(d.sessions.operator, id, { action: "assign", assigneePersonId: d.people.technician.id });
    }
    at("2026-11-23T12:00:00Z"); // 13:00: late
    await go(d.sessions.operator, t2.id, { action: "qualify" });
    at("2026-11-24T11:00:00Z"); // Tuesday 12:00: within J+1
    await go(d.sessions.technician, t1.id, { action: "resolve", resolution: "Port du commutateur réactivé" });
    at("2026-11-26T09:00:00Z"); // Thursday 10:00: past J+1
    await go(d.sessions.technician, t3.id, { action: "resolve", resolution: "Câble remplacé" });

    const stats = (await send(d.sessions.operator, "GET", "/tickets/stats?groupBy=category")).json();
    expect(stats.totals).toMatchObject({
      total: 3,
      open: 1,
      overdue: 0,
      ageing: [0, 0, 1, 0],
      meanProcessingMinutes: (780 + 1860) / 2,
      resolutionCompliance: 0.5,
      reopenRate: 0,
    });
    expect(stats.totals.takeChargeCompliance).toBeCloseTo(2 / 3);
    expect(stats.groups.map((g: { key: string; total: number; open: number }) => [g.key, g.total, g.open])).toEqual([
      ["printer", 1, 1],
      ["network", 2, 0],
    ]);
    const csv = await send(d.sessions.operator, "GET", "/tickets/stats?groupBy=category&format=csv");
    expect(csv.body).toContain("Imprimante");
    expect((await send(d.sessions.otherTechnician, "GET", "/tickets/stats")).json().totals.total).toBe(0);
    expect((await send(d.sessions.operator, "GET", "/tickets/stats?groupBy=planet")).statusCode).toBe(400);
    at("2026-11-23T08:00:00Z");
  });
});

describe("reports to the correspondent", () => {
  it("lets a teacher report; the correspondent files it (the teacher follows it), folds one into an open ticket, or answers one", async () => {
    const d = await desk();
    const report = (title: string) =>
      send(d.sessions.teacher, "POST", "/reports", { school: d.school.uai, title, description: "Le vidéoprojecteur ne s'allume plus depuis lundi." });
    expect((await send(d.sessions.teacher, "POST", "/tickets", incident(d.school.id))).statusCode).toBe(403);
    const a = (await report("Vidéoprojecteur salle 204")).json();
    const b = (await report("Vidéoprojecteur salle 204 (bis)")).json();
    const c = (await report("Comment projeter depuis ma tablette ?")).json();
    expect(a.status).toBe("open");

    const inbox = (await send(d.sessions.correspondent, "GET", "/reports?status=open")).json().items.map((r: { title: string }) => r.title);
    expect(inbox.sort()).toEqual(["Comment projeter depuis ma tablette ?", "Vidéoprojecteur salle 204", "Vidéoprojecteur salle 204 (bis)"]);
    expect((await send(d.sessions.teacher, "POST", `/reports/${a.id}/answer`, { answer: "Moi-même" })).statusCode).toBe(403);

    const filed = await send(d.sessions.correspondent, "POST", `/reports/${a.id}/ticket`, {
      category: "projector",
      urgency: "medium",
      impact: "group",
      title: "Vidéoprojecteur salle 204",
      description: "Ne s'allume plus depuis lundi.",
    });
    expect(filed.statusCode, filed.body).toBe(201);
    expect(filed.json().ticket.requesterId).toBe(d.people.teacher.id);
    expect((await send(d.sessions.teacher, "GET", `/tickets/${filed.json().ticket.id}`)).statusCode).toBe(200);
    expect((await send(d.sessions.correspondent, "POST", `/reports/${a.id}/answer`, { answer: "Déjà traité" })).statusCode).toBe(409);

    expect((await send(d.sessions.correspondent, "POST", `/reports/${b.id}/merge`, { into: filed.json().ticket.number })).statusCode).toBe(204);
    const timeline = (await send(d.sessions.correspondent, "GET", `/tickets/${filed.json().ticket.id}`)).json().events;
    expect(timeline.at(-1).body).toContain("Vidéoprojecteur salle 204 (bis)");
    expect(
      (await send(d.sessions.correspondent, "POST", `/reports/${c.id}/answer`, { answer: "Utilisez le boîtier sans fil posé sur le bureau." })).statusCode,
    ).toBe(204);

    const mine = (await send(d.sessions.teacher, "GET", "/reports")).json().items;
    expect(Object.fromEntries(mine.map((r: { title: string; status: string }) => [r.title, r.status]))).toEqual({
      "Vidéoprojecteur salle 204": "filed",
      "Vidéoprojecteur salle 204 (bis)": "merged",
      "Comment projeter depuis ma tablette ?": "answered",
    });
    const other = await desk();
    expect((await send(other.sessions.correspondent, "GET", "/reports")).json().items).toEqual([]);
  });
});

describe("reminders", () => {
  it("lets the correspondent remind an open ticket: in the timeline and mailed to the assignee", async () => {
    const d = await desk();
    const filed = (await send(d.sessions.head, "POST", "/tickets", incident(d.school.id))).json().ticket;
    await send(d.sessions.operator, "POST", `/tickets/${filed.id}/transitions`, { action: "qualify", version: 1 });
    await send(d.sessions.operator, "POST", `/tickets/${filed.id}/transitions`, { action: "assign", assigneePersonId: d.people.technician.id, version: 2 });
    const reminded = await send(d.sessions.correspondent, "POST", `/tickets/${filed.id}/reminders`, { message: "Les élèves passent un examen demain." });
    expect(reminded.statusCode, reminded.body).toBe(201);
    expect(reminded.json().events.at(-1)).toMatchObject({ type: "reminder", body: "Les élèves passent un examen demain." });
    const toTechnician = await t.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, d.people.technician.email));
    expect(toTechnician.map((m) => m.textBody).join()).toContain("relance de l'établissement");
    expect((await send(d.sessions.technician, "POST", `/tickets/${filed.id}/reminders`, {})).statusCode).toBe(403);
    expect((await send(d.sessions.coordinator, "POST", `/tickets/${filed.id}/reminders`, {})).statusCode).toBe(403);
  });

  it("has nothing to remind on a closed ticket", async () => {
    const d = await desk();
    const filed = (await send(d.sessions.correspondent, "POST", "/tickets", incident(d.school.id, { category: "ent" }))).json().ticket;
    await send(d.sessions.operator, "POST", `/tickets/${filed.id}/transitions`, { action: "reroute", destination: "ent_supplier", version: 1 });
    expect((await send(d.sessions.correspondent, "POST", `/tickets/${filed.id}/reminders`, {})).statusCode).toBe(409);
  });
});

describe("automatic closure", () => {
  it("closes a resolved ticket the school leaves alone after the region's 10 days, once", async () => {
    const d = await desk();
    clock.set("2026-11-23T08:00:00Z");
    const filed = (await send(d.sessions.correspondent, "POST", "/tickets", incident(d.school.id))).json().ticket;
    await send(d.sessions.operator, "POST", `/tickets/${filed.id}/transitions`, { action: "qualify", version: 1 });
    await send(d.sessions.operator, "POST", `/tickets/${filed.id}/transitions`, { action: "assign", assigneePersonId: d.people.technician.id, version: 2 });
    await send(d.sessions.technician, "POST", `/tickets/${filed.id}/transitions`, { action: "resolve", resolution: "Commutateur redémarré", version: 3 });
    const ctx = { db: t.db, actor: systemActor(), log: t.app.log, jobs: noJobs, clock, config: t.config, requestId: null, ip: null };
    const status = async () => (await t.db.select().from(tickets).where(eq(tickets.id, filed.id)))[0]?.status;

    clock.set("2026-12-03T07:00:00Z"); // 9 days 23 hours later
    await autoCloseResolvedTickets(ctx);
    expect(await status()).toBe("resolved");
    clock.set("2026-12-03T09:00:00Z");
    expect(await autoCloseResolvedTickets(ctx)).toBeGreaterThanOrEqual(1);
    expect(await status()).toBe("closed");
    const detail = (await send(d.sessions.correspondent, "GET", `/tickets/${filed.id}`)).json();
    expect(detail.events.at(-1)).toMatchObject({ type: "close", actorLabel: "Relais (clôture automatique)" });
    expect(await autoCloseResolvedTickets(ctx)).toBe(0);
    clock.set("2026-11-23T08:00:00Z");
  });
});

describe("escalation", () => {
  it("reminds the assignee at 75 % of the resolution time in business time, then tells the sector head at 100 %, once each", async () => {
    const d = await desk();
    const school = (await t.db.select().from(schools).where(eq(schools.id, d.school.id)))[0]!;
    const sectorHead = await buildPerson(t.db, { role: "sector_head", scope: { kind: "sector", regionId: d.region.id, sectorId: school.sectorId } });
    clock.set("2026-11-23T08:00:00Z");
    const filed = (await send(d.sessions.correspondent, "POST", "/tickets", incident(d.school.id))).json().ticket;
    clock.set("2026-11-23T09:00:00Z"); // dispatched Monday 10:00; J+1 is Tuesday 18:00: 18 business hours
    await send(d.sessions.operator, "POST", `/tickets/${filed.id}/transitions`, { action: "qualify", version: 1 });
    await send(d.sessions.operator, "POST", `/tickets/${filed.id}/transitions`, { action: "assign", assigneePersonId: d.people.technician.id, version: 2 });
    const ctx = { db: t.db, actor: systemActor(), log: t.app.log, jobs: noJobs, clock, config: t.config, requestId: null, ip: null };
    const escalations = async () =>
      (await t.db.select().from(outboxMessages).where(eq(outboxMessages.template, "ticket-step"))).filter(
        (m) => m.subject.startsWith(`[${filed.number}]`) && m.textBody.includes("escalade"),
      );
    const level = async () => (await t.db.select().from(tickets).where(eq(tickets.id, filed.id)))[0]?.escalationLevel;

    clock.set("2026-11-24T12:00:00Z"); // Tuesday 13:00: 13 h of 18 spent, under 75 %
    await escalateOverdueTickets(ctx);
    expect(await level()).toBe(0);
    clock.set("2026-11-24T13:00:00Z"); // Tuesday 14:00: 14 h, past 75 % (13.5 h)
    await escalateOverdueTickets(ctx);
    await escalateOverdueTickets(ctx);
    expect(await level()).toBe(1);
    expect((await escalations()).map((m) => m.toAddress)).toEqual([d.people.technician.email]);
    clock.set("2026-11-25T08:00:00Z"); // Wednesday 09:00: past the deadline
    await escalateOverdueTickets(ctx);
    expect(await level()).toBe(2);
    expect((await escalations()).map((m) => m.toAddress).sort()).toEqual([d.people.technician.email, sectorHead.email].sort());
    const events = (await send(d.sessions.operator, "GET", `/tickets/${filed.id}`)).json().events;
    expect(events.filter((e: { type: string; visibility: string }) => e.type === "escalation" && e.visibility === "internal")).toHaveLength(2);
    expect((await send(d.sessions.correspondent, "GET", `/tickets/${filed.id}`)).json().events.some((e: { type: string }) => e.type === "escalation")).toBe(
      false,
    );
    clock.set("2026-11-23T08:00:00Z");
  });
});

describe("e-mail at every step", () => {
  const mailsTo = async (email: string) => (await t.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, email))).map((m) => m.subject);

  it("acknowledges the filing with the number, then tells the requester, the correspondent and the assignee of each step", async () => {
    const d = await desk();
    const filed = (await send(d.sessions.correspondent, "POST", "/tickets", incident(d.school.id))).json().ticket;
    expect(await mailsTo(d.people.correspondent.email)).toEqual([`[${filed.number}] Plus de réseau au bâtiment B — Nouveau`]);
    await send(d.sessions.operator, "POST", `/tickets/${filed.id}/transitions`, { action: "qualify", version: 1 });
    await send(d.sessions.operator, "POST", `/tickets/${filed.id}/transitions`, { action: "assign", assigneePersonId: d.people.technician.id, version: 2 });
    expect(await mailsTo(d.people.technician.email)).toEqual([`[${filed.number}] Plus de réseau au bâtiment B — Attribué`]);
    expect(await mailsTo(d.people.correspondent.email)).toHaveLength(3);
    expect(await mailsTo(d.people.operator.email)).toEqual([]); // the desk is not told what it just did
    const [mail] = await t.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, d.people.technician.email));
    expect(mail?.textBody).toContain(`http://relais.test/tickets/${filed.number}`);
  });

  it("mails nothing of a breach to a correspondent outside its restricted chain, and nothing for an internal note", async () => {
    const d = await desk();
    const breach = (await send(d.sessions.head, "POST", "/tickets", incident(d.school.id, { kind: "data_breach", category: "other" }))).json().ticket;
    expect(await mailsTo(d.people.head.email)).toHaveLength(1);
    expect(await mailsTo(d.people.correspondent.email)).toEqual([]);
    const filed = (await send(d.sessions.correspondent, "POST", "/tickets", incident(d.school.id))).json().ticket;
    await send(d.sessions.operator, "POST", `/tickets/${filed.id}/comments`, { body: "Voir avec SPIE", internal: true });
    expect((await mailsTo(d.people.correspondent.email)).filter((s) => s.startsWith(`[${filed.number}]`))).toHaveLength(1);
    expect(breach.number).not.toBe(filed.number);
  });
});

describe("deadline preview", () => {
  it("answers the deadlines a ticket would get for any start instant, on the school's calendar", async () => {
    const d = await desk();
    const strasbourg = await desk({ department: "67" });
    const query = (school: string, from: string) =>
      `/sla/deadlines?school=${school}&category=network&urgency=very_high&impact=group&from=${encodeURIComponent(from)}`;
    const marseille = await send(d.sessions.correspondent, "GET", query(d.school.uai, "2027-03-25T10:00:00+01:00"));
    expect(marseille.statusCode, marseille.body).toBe(200);
    expect(marseille.json()).toEqual({ takeChargeDueAt: "2027-03-25T11:00:00.000Z", resolutionDueAt: "2027-03-26T17:00:00.000Z" });
    // In Alsace-Moselle Good Friday is a holiday: J+1 from Thursday is the Tuesday after Easter.
    const alsace = await send(strasbourg.sessions.correspondent, "GET", query(strasbourg.school.id, "2027-03-25T10:00:00+01:00"));
    expect(alsace.json().resolutionDueAt).toBe("2027-03-30T16:00:00.000Z");
  });

  it("explains a bad query field by field", async () => {
    const d = await desk();
    const response = await send(
      d.sessions.correspondent,
      "GET",
      `/sla/deadlines?school=${d.school.id}&category=network&urgency=urgent&impact=group&from=demain`,
    );
    expect(response.statusCode).toBe(400);
    const fields = (response.json().errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(["querystring.from", "querystring.urgency"]);
  });
});

describe("region settings", () => {
  it("stores no settings by default and reads the defaults", async () => {
    const region = await buildRegion(t.db);
    const [row] = await t.db.select().from(regions).where(eq(regions.id, region.id));
    expect(row?.settings).toEqual({});
  });
});
