import { visibleScopes } from "@relais/shared/permissions";
import { sql } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../src/db/client.ts";
import { findActorByPersonId } from "../src/modules/auth/actor.ts";
import { STAT_DIMENSIONS, type StatsPeriod, ticketStats, ticketStatsWithTotals } from "../src/modules/tickets/ticket-stats.ts";
import { periodPlan } from "../src/modules/tickets/ticket-stats-period.ts";
import type { TicketVisibility } from "../src/modules/tickets/tickets.repository.ts";
import { buildDesk, incident } from "./desk-fixture.ts";
import { assignRole, buildPerson, buildSchool, logIn, type Session, schoolScope } from "./factories.ts";
import { buildTestApp, testClock } from "./setup.ts";
import { directTicketStats } from "./ticket-stats-oracle.ts";

/**
 * The steering figures come from rollups kept by triggers (ADR 0006): whatever happens to the
 * tickets, they must equal the figures computed from every ticket, for every reader, grouping
 * and period.
 */
type TestApp = Awaited<ReturnType<typeof buildTestApp>>;
// In the future of the machine's clock, by which sessions expire: Monday 4 January 2027, 08:00 in Paris.
const clock = testClock(new Date("2027-01-04T07:00:00Z"));
let t: TestApp;
let address = 0;

beforeAll(async () => {
  t = await buildTestApp({ clock });
});
afterAll(() => t.close());

const login = (person: { email: string }) => logIn(t.app, person, { now: clock.now(), remoteAddress: `10.7.0.${++address % 250}` });
const send = (session: Session, method: "GET" | "POST", url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: session.headers, ...(payload ? { payload } : {}) });

async function visibilityOf(personId: string): Promise<TicketVisibility> {
  const actor = await findActorByPersonId(t.db, personId);
  if (!actor) throw new Error(`no actor ${personId}`);
  return { personId, read: visibleScopes(actor.assignments, "ticket.read"), readRestricted: visibleScopes(actor.assignments, "ticket.read_security") };
}

describe("the period read from the rollups", () => {
  const DAY = 86_400_000;
  const start = Date.UTC(2025, 0, 1);
  const day = fc.integer({ min: 0, max: 800 }).map((n) => new Date(start + n * DAY));
  const instant = fc.integer({ min: 0, max: 800 * 24 }).map((h) => new Date(start + h * 3_600_000 + 1_800_000));
  const bound = fc.option(fc.oneof(day, instant), { nil: undefined });

  it("counts every day of [from, to) once and no other day, from months, days and what is left of a day", () => {
    fc.assert(
      fc.property(bound, bound, (from, to) => {
        const plan = periodPlan({ from, to });
        // Each hour of the calendar, counted by the plan's segments and ranges, with their signs.
        for (let h = -24; h < 820 * 24; h += 7) {
          const at = new Date(start + h * 3_600_000);
          const dayOf = at.toISOString().slice(0, 10);
          const monthOf = `${dayOf.slice(0, 7)}-01`;
          let count = 0;
          for (const s of plan.segments) {
            const key = s.grain === "day" ? dayOf : monthOf;
            if (key >= s.from.replace("-infinity", "0000") && key < s.to.replace("infinity", "9999")) count += s.sign;
          }
          for (const r of plan.partial) if (at >= r.from && at < r.to) count += r.sign;
          const inside = (!from || at >= from) && (!to || at < to);
          if (count !== (inside ? 1 : 0)) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it("reads at most about a fortnight of days on each side of the months", () => {
    fc.assert(
      fc.property(day, day, (a, b) => {
        const [from, to] = a < b ? [a, b] : [b, a];
        const plan = periodPlan({ from, to });
        return plan.segments.filter((s) => s.grain === "day").length <= 2 && plan.partial.length === 0;
      }),
    );
    // From the 8th: the whole month less its first seven days, rather than twenty-four days.
    expect(periodPlan({ from: new Date("2026-10-08T00:00:00Z") }).segments).toEqual([
      { grain: "month", from: "2026-11-01", to: "infinity", sign: 1 },
      { grain: "month", from: "2026-10-01", to: "2026-11-01", sign: 1 },
      { grain: "day", from: "2026-10-01", to: "2026-10-08", sign: -1 },
    ]);
    // From the 20th: the twelve days left.
    expect(periodPlan({ from: new Date("2026-10-20T00:00:00Z") }).segments).toEqual([
      { grain: "month", from: "2026-11-01", to: "infinity", sign: 1 },
      { grain: "day", from: "2026-10-20", to: "2026-11-01", sign: 1 },
    ]);
  });
});

describe("steering figures from the rollups", () => {
  it("stay equal to the figures computed from the tickets, for every reader, grouping and period, whatever happens to the tickets", async () => {
    const d = await buildDesk(t, login);
    // A second lycée, in the other technician's zone.
    const [otherZone] = await queryRows<{ zone_id: string }>(t.db, sql`select zone_id from role_assignments where person_id = ${d.people.otherTechnician.id}`);
    const secondSchool = await buildSchool(t.db, { regionId: d.region.id, sectorId: d.sector.id, zoneId: otherZone!.zone_id });
    const secondCorrespondent = await buildPerson(t.db, { role: "correspondent", scope: schoolScope(secondSchool) });
    const elsewhere = await buildDesk(t, login);
    const sectorHead = await buildPerson(t.db, { role: "sector_head", scope: { kind: "sector", regionId: d.region.id, sectorId: d.sector.id } });
    const platform = await buildPerson(t.db, { role: "platform_admin", scope: { kind: "platform" } });
    // A zone technician who is also a contractor's: two grounds that overlap.
    const mixed = await buildPerson(t.db, { role: "technician", scope: { kind: "zone", regionId: d.region.id, sectorId: d.sector.id, zoneId: d.zone.id } });
    await assignRole(t.db, mixed.id, "org_technician", { kind: "organisation", regionId: d.region.id, organisationId: d.organisation.id });
    const sessions = { ...d.sessions, secondCorrespondent: await login(secondCorrespondent), elsewhere: elsewhere.sessions.correspondent };

    const file = async (session: Session, school: string, overrides: Record<string, unknown> = {}) => {
      const response = await send(session, "POST", "/tickets", incident(school, overrides));
      expect(response.statusCode, response.body).toBe(201);
      return response.json().ticket as { id: string; number: string };
    };
    const step = async (session: Session, id: string, body: Record<string, unknown>) => {
      const version = (await send(session, "GET", `/tickets/${id}`)).json().ticket.version;
      const response = await send(session, "POST", `/tickets/${id}/transitions`, { version, ...body });
      expect(response.statusCode, response.body).toBe(200);
    };
    const at = (iso: string) => clock.set(iso);

    // January: a handful of tickets in each lycée and in another region.
    type Filed = { id: string; number: string };
    const first: Filed[] = [];
    const second: Filed[] = [];
    const other: Filed[] = [];
    for (const [i, when] of ["2027-01-04T07:00:00Z", "2027-01-11T08:30:00Z", "2027-01-18T13:00:00Z", "2027-01-29T15:00:00Z"].entries()) {
      at(when);
      first.push(await file(sessions.correspondent, d.school.id, { category: ["network", "printer", "wifi", "workstation"][i] }));
      second.push(await file(sessions.secondCorrespondent, secondSchool.id, { category: ["printer", "network"][i % 2], urgency: "low", impact: "user" }));
      other.push(await file(sessions.elsewhere, elsewhere.school.id));
    }
    const [a0, a1, a2, a3] = first as [
      { id: string; number: string },
      { id: string; number: string },
      { id: string; number: string },
      { id: string; number: string },
    ];
    const [b0, b1, b2] = second as [{ id: string; number: string }, { id: string; number: string }, { id: string; number: string }];
    at("2027-01-19T09:00:00Z");
    const breach = await file(sessions.head, d.school.id, { kind: "security_incident", category: "security-gateway" });
    for (const ticket of [...first, ...second]) await step(sessions.operator, ticket.id, { action: "qualify" });
    await step(sessions.operator, a0.id, { action: "assign", assigneePersonId: d.people.technician.id });
    await step(sessions.operator, b0.id, { action: "assign", assigneeOrganisationId: d.organisation.id });
    // A ticket of the first lycée assigned to the other zone's technician: theirs, outside their zone.
    await step(sessions.operator, a1.id, { action: "assign", assigneePersonId: d.people.otherTechnician.id });
    await step(sessions.operator, b1.id, { action: "assign", assigneePersonId: d.people.otherTechnician.id });
    // A security incident, assigned to the zone technician (by the region's administrators,
    // written here directly): theirs, though restricted.
    await t.db.execute(
      sql`update tickets set status = 'assigned', qualified_at = ${clock.now().toISOString()}::timestamptz, assignee_person_id = ${d.people.technician.id} where id = ${breach.id}`,
    );
    at("2027-01-20T09:00:00Z");
    await step(sessions.technician, a0.id, { action: "start" });
    await step(sessions.technician, a0.id, { action: "wait" });
    at("2027-01-21T12:00:00Z");
    await step(sessions.technician, a0.id, { action: "resume" });
    await step(sessions.technician, a0.id, { action: "resolve", resolution: "Commutateur redémarré" });
    await step(sessions.contractor, b0.id, { action: "start" });
    await step(sessions.contractor, b0.id, { action: "resolve", resolution: "Bac remplacé" });
    await step(sessions.otherTechnician, b1.id, { action: "start" });
    await step(sessions.otherTechnician, b1.id, { action: "resolve", resolution: "Pilote réinstallé" });
    at("2027-02-02T10:00:00Z");
    await step(sessions.correspondent, a0.id, { action: "reopen", reason: "Coupures l'après-midi" });
    await step(sessions.secondCorrespondent, b0.id, { action: "close" });
    await step(sessions.secondCorrespondent, b1.id, { action: "close" });
    await step(sessions.operator, a2.id, { action: "reroute", destination: "ent_supplier" });
    await step(sessions.operator, a3.id, { action: "merge", into: a1.number });
    const reclassified = await send(sessions.operator, "POST", `/tickets/${a1.id}/reclassification`, {
      version: (await send(sessions.operator, "GET", `/tickets/${a1.id}`)).json().ticket.version,
      category: "server",
      reason: "C'est le serveur de fichiers",
    });
    expect(reclassified.statusCode, reclassified.body).toBe(200);
    at("2027-02-15T16:00:00Z");
    await file(sessions.correspondent, d.school.id, { category: "projector" });
    await step(sessions.technician, a0.id, { action: "resolve", resolution: "Alimentation changée" });
    // Tickets changed several at a time, outside the service (an import, a correction): one statement.
    await t.db.execute(
      sql`update tickets set received_at = received_at - interval '20 days', category = 'other' where id in (${sql.join(
        [a2.id, b2.id, other[1]!.id],
        sql`, `,
      )})`,
    );

    const readers = {
      operator: d.people.operator.id,
      dpo: d.people.dpo.id,
      head: d.people.head.id,
      correspondent: d.people.correspondent.id,
      technician: d.people.technician.id,
      otherTechnician: d.people.otherTechnician.id,
      contractor: d.people.contractor.id,
      sectorHead: sectorHead.id,
      platform: platform.id,
      mixed: mixed.id,
      elsewhere: elsewhere.people.operator.id,
    };
    const periods: Record<string, StatsPeriod> = {
      always: {},
      since: { from: new Date("2027-01-14T00:00:00Z") },
      // The same shapes as `since` and `instants` with other dates: one kept statement, other values.
      sinceEarlier: { from: new Date("2027-01-12T00:00:00Z") },
      month: { from: new Date("2027-01-01T00:00:00Z"), to: new Date("2027-02-01T00:00:00Z") },
      across: { from: new Date("2027-01-12T00:00:00Z"), to: new Date("2027-02-09T00:00:00Z") },
      days: { from: new Date("2027-01-18T00:00:00Z"), to: new Date("2027-01-20T00:00:00Z") },
      until: { to: new Date("2027-01-24T00:00:00Z") },
      instants: { from: new Date("2027-01-11T09:00:00Z"), to: new Date("2027-01-29T16:00:00Z") },
      otherInstants: { from: new Date("2027-01-13T14:30:00Z"), to: new Date("2027-01-27T08:15:00Z") },
      empty: { from: new Date("2027-03-01T00:00:00Z"), to: new Date("2027-02-01T00:00:00Z") },
    };
    const now = clock.now();
    let compared = 0;
    for (const [reader, personId] of Object.entries(readers)) {
      const v = await visibilityOf(personId);
      for (const [name, period] of Object.entries(periods)) {
        for (const dimension of STAT_DIMENSIONS) {
          const expected = await directTicketStats(t.db, v, dimension, period, now);
          const actual = await ticketStats(t.db, v, dimension, period, now);
          expect(actual, `${reader}, ${name}, by ${dimension}`).toEqual(expected);
          // The steering page's one statement: the same groups, and the whole as the oracle counts it.
          const combined = await ticketStatsWithTotals(t.db, v, dimension, period, now);
          const [whole] = await directTicketStats(t.db, v, "none", period, now);
          expect(combined, `${reader}, ${name}, by ${dimension} with totals`).toEqual({ totals: whole, groups: dimension === "none" ? [] : expected });
          compared += expected.reduce((sum, g) => sum + g.total, 0);
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
    // Sanity: the figures are not all empty, and each reader sees only their own.
    const operator = await ticketStats(t.db, await visibilityOf(d.people.operator.id), "none", {}, now);
    expect(operator[0]).toMatchObject({ total: 9, reopenRate: 1 / 3 });
    const head = await ticketStats(t.db, await visibilityOf(d.people.head.id), "none", {}, now);
    expect(head[0]?.total).toBe(6); // four, the projector and the security incident, not the second lycée's
  });
});
