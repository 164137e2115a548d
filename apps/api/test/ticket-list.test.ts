import { visibleScopes } from "@relais/shared/permissions";
import { OPEN_STATUSES, type TicketStatus } from "@relais/shared/tickets";
import { and, asc, count, desc, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findActorByPersonId } from "../src/modules/auth/actor.ts";
import { orderOf } from "../src/modules/tickets/ticket-list.ts";
import { findTickets, TICKET_COUNT_CAP, type TicketFilters, type TicketVisibility, visibilityCondition } from "../src/modules/tickets/tickets.repository.ts";
import { tickets } from "../src/modules/tickets/tickets.schema.ts";
import { buildDesk } from "./desk-fixture.ts";
import { assignRole, buildPerson, buildSchool, logIn, type Session } from "./factories.ts";
import { buildTestApp, testClock } from "./setup.ts";

/**
 * The ticket list reads the actor's visibility as disjoint branches, each walking its own index
 * (ADR 0006). Whatever the actor, filters, sort and page, it must give exactly the rows, in the
 * order, of the plain query with the one visibility condition; and count them up to a cap.
 */
type TestApp = Awaited<ReturnType<typeof buildTestApp>>;
const clock = testClock(new Date("2027-01-04T07:00:00Z"));
let t: TestApp;
let address = 0;

beforeAll(async () => {
  t = await buildTestApp({ clock });
});
afterAll(() => t.close());

const login = (person: { email: string }) => logIn(t.app, person, { now: clock.now(), remoteAddress: `10.8.0.${++address % 250}` });
const send = (session: Session, url: string) => t.app.inject({ method: "GET", url: `/api/v1${url}`, headers: session.headers });

async function visibilityOf(personId: string): Promise<TicketVisibility> {
  const actor = await findActorByPersonId(t.db, personId);
  if (!actor) throw new Error(`no actor ${personId}`);
  return { personId, read: visibleScopes(actor.assignments, "ticket.read"), readRestricted: visibleScopes(actor.assignments, "ticket.read_security") };
}

/** The list as one plain query: the definition the branches must match. */
async function plainList(v: TicketVisibility, filters: TicketFilters, page: { sort: string; limit: number; offset: number }) {
  const conditions = [visibilityCondition(v)];
  if (filters.status) conditions.push(inArray(tickets.status, filters.status));
  if (filters.schoolId) conditions.push(eq(tickets.schoolId, filters.schoolId));
  if (filters.category) conditions.push(eq(tickets.category, filters.category));
  if (filters.kind) conditions.push(eq(tickets.kind, filters.kind));
  if (filters.assignedToMe) conditions.push(eq(tickets.assigneePersonId, v.personId));
  if (filters.q)
    conditions.push(sql`(strpos(lower(${tickets.title}), ${filters.q.toLowerCase()}) > 0 or strpos(lower(${tickets.number}), ${filters.q.toLowerCase()}) > 0)`);
  const { columns, descending } = orderOf(page.sort);
  const rows = await t.db
    .select({ id: tickets.id })
    .from(tickets)
    .where(and(...conditions))
    .orderBy(...columns.map((c) => (descending ? desc(c) : asc(c))))
    .limit(page.limit)
    .offset(page.offset);
  const [total] = await t.db
    .select({ n: count() })
    .from(tickets)
    .where(and(...conditions));
  return { ids: rows.map((r) => r.id), total: total?.n ?? 0 };
}

describe("the ticket list", () => {
  it("gives every actor the rows and order of the plain visibility query, for every filter, sort and page", async () => {
    const d = await buildDesk(t, login);
    const elsewhere = await buildDesk(t, login);
    const otherZone = (await t.db.execute(sql`select zone_id from role_assignments where person_id = ${d.people.otherTechnician.id}`)) as unknown as {
      rows: { zone_id: string }[];
    };
    const second = await buildSchool(t.db, { regionId: d.region.id, sectorId: d.sector.id, zoneId: otherZone.rows[0]!.zone_id });
    const sectorHead = await buildPerson(t.db, { role: "sector_head", scope: { kind: "sector", regionId: d.region.id, sectorId: d.sector.id } });
    const platform = await buildPerson(t.db, { role: "platform_admin", scope: { kind: "platform" } });
    const mixed = await buildPerson(t.db, { role: "technician", scope: { kind: "zone", regionId: d.region.id, sectorId: d.sector.id, zoneId: d.zone.id } });
    await assignRole(t.db, mixed.id, "org_technician", { kind: "organisation", regionId: d.region.id, organisationId: d.organisation.id });
    // A region's reader who also reads the security chain of one lycée of another region.
    const twoRegions = await buildPerson(t.db, { role: "helpdesk_operator", scope: { kind: "region", regionId: d.region.id } });
    await assignRole(t.db, twoRegions.id, "head", {
      kind: "school",
      regionId: elsewhere.region.id,
      sectorId: elsewhere.sector.id,
      zoneId: elsewhere.zone.id,
      schoolId: elsewhere.school.id,
    });

    // Tickets of every kind, status and owner, some received at the same instant.
    const schoolsOf = [d.school, second, elsewhere.school];
    const requesters = [
      d.people.correspondent.id,
      d.people.head.id,
      d.people.technician.id,
      d.people.otherTechnician.id,
      elsewhere.people.correspondent.id,
      mixed.id,
    ];
    const assignees = [null, d.people.technician.id, d.people.otherTechnician.id, mixed.id, null];
    const kinds = ["incident", "incident", "evolution", "security_incident", "incident", "data_breach"] as const;
    const statuses = Object.keys({
      new: 1,
      qualified: 1,
      assigned: 1,
      in_progress: 1,
      waiting: 1,
      resolved: 1,
      closed: 1,
      rerouted: 1,
      merged: 1,
    }) as TicketStatus[];
    const categories = ["network", "printer", "wifi", "workstation"];
    const rows = Array.from({ length: 90 }, (_, i) => {
      const school = schoolsOf[i % 3]!;
      return {
        regionId: school.regionId,
        schoolId: school.id,
        number: `L-${process.pid}-${String(i).padStart(3, "0")}`,
        kind: kinds[i % kinds.length]!,
        category: categories[(i * 7) % categories.length]!,
        channel: "web" as const,
        urgency: "medium",
        impact: "user",
        priority: 1 + ((i * 3) % 5),
        title: i % 4 === 0 ? `Panne de réseau ${i}` : `Imprimante ${i}`,
        description: "—",
        status: statuses[(i * 5) % statuses.length]!,
        requesterId: requesters[i % requesters.length]!,
        filedById: requesters[i % requesters.length]!,
        assigneePersonId: assignees[(i * 3) % assignees.length] ?? null,
        assigneeOrganisationId: i % 7 === 0 ? d.organisation.id : null,
        receivedAt: new Date(Date.UTC(2026, 9, 1) + Math.floor(i / 3) * 3_600_000),
        takeChargeDueAt: new Date(Date.UTC(2026, 9, 2)),
        resolutionDueAt: i % 5 === 0 ? null : new Date(Date.UTC(2026, 9, 3) + (i % 11) * 3_600_000),
      };
    });
    await t.db.insert(tickets).values(rows);

    const actors = {
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
      twoRegions: twoRegions.id,
    };
    const filterSets: TicketFilters[] = [
      {},
      { status: [...OPEN_STATUSES] },
      { status: ["new"] },
      { status: ["resolved", "closed"] },
      // Two values of one filter share a statement compiled once (their values are placeholders).
      { category: "printer" },
      { category: "wifi" },
      { kind: "security_incident" },
      { kind: "incident", status: ["assigned", "in_progress"] },
      { assignedToMe: true },
      { schoolId: d.school.id },
      { schoolId: second.id },
      { q: "réseau" },
      { q: "l-" },
    ];
    const sorts = ["-receivedAt", "receivedAt", "priority", "-priority", "-resolutionDueAt", "resolutionDueAt", "number", "-status"];
    let compared = 0;
    for (const [name, personId] of Object.entries(actors)) {
      const v = await visibilityOf(personId);
      for (const filters of filterSets) {
        for (const sort of sorts) {
          for (const offset of [0, 6]) {
            const page = { sort, limit: 6, offset };
            const expected = await plainList(v, filters, page);
            const actual = await findTickets(t.db, v, filters, page);
            const label = `${name} ${JSON.stringify(filters)} ${sort} +${offset}`;
            expect(
              actual.items.map((i) => i.id),
              label,
            ).toEqual(expected.ids);
            expect(actual.total, label).toBe(expected.total);
            expect(actual.totalExact, label).toBe(true);
            compared += expected.ids.length;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it("counts up to 10 000 and then says there are more, without counting them", async () => {
    const d = await buildDesk(t, login);
    await t.db.execute(sql`
      insert into tickets (region_id, school_id, number, kind, category, channel, urgency, impact, priority, title, description, status,
                           requester_id, filed_by_id, received_at, take_charge_due_at)
      select ${d.region.id}, ${d.school.id}, 'CAP-' || g, 'incident', 'network', 'web', 'low', 'user', 5, 'Ticket ' || g, '—',
             case when g <= 3 then 'new' else 'closed' end, ${d.people.correspondent.id}, ${d.people.correspondent.id},
             now() - g * interval '1 minute', now()
      from generate_series(1, ${TICKET_COUNT_CAP + 5}) g`);
    const all = (await send(d.sessions.operator, "/tickets?pageSize=5")).json();
    expect(all).toMatchObject({ total: TICKET_COUNT_CAP, totalExact: false });
    expect(all.items.map((i: { number: string }) => i.number)).toEqual(["CAP-1", "CAP-2", "CAP-3", "CAP-4", "CAP-5"]);
    const open = (await send(d.sessions.operator, "/tickets?status=new")).json();
    expect(open).toMatchObject({ total: 3, totalExact: true });
  });
});
