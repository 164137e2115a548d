import { isAdministratorRole, ROLE_CODES } from "@relais/shared/roles";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildRegion } from "../../../test/factories.ts";
import { buildTestApp, openTestDatabase } from "../../../test/setup.ts";
import { buildApp } from "../../app.ts";
import { loadConfig } from "../../config.ts";
import { systemActor, systemClock } from "../../context.ts";
import { type Database, queryRows } from "../../db/client.ts";
import { currentTotpCode } from "../auth/secrets.ts";
import { loadDemoData } from "./demo.service.ts";
import { DEMO_ACCOUNTS, DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, DEMO_TOTP_SECRET } from "./demo-accounts.ts";

describe("demo accounts", () => {
  it("cover every role, with unique e-mails at the demo domain", () => {
    expect(new Set(DEMO_ACCOUNTS.map((a) => a.role))).toEqual(new Set(ROLE_CODES));
    expect(new Set(DEMO_ACCOUNTS.map((a) => a.email)).size).toBe(DEMO_ACCOUNTS.length);
    for (const account of DEMO_ACCOUNTS) expect(account.email).toMatch(new RegExp(`^[a-z.-]+@${DEMO_EMAIL_DOMAIN.replaceAll(".", "\\.")}$`));
  });
});

describe("loadDemoData", () => {
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  const ctx = () => ({ db: t.db, actor: systemActor("Test"), clock: systemClock, requestId: null, ip: null });
  const rows = <T>(query: ReturnType<typeof sql>) => queryRows<T>(t.db, query);

  beforeAll(async () => {
    t = await buildTestApp({ env: { RELAIS_DEMO: "true" } });
    const result = await loadDemoData(ctx());
    expect(result.status).toBe("loaded");
  });
  afterAll(() => t.close());

  it("is idempotent", async () => {
    expect(await loadDemoData(ctx())).toEqual({ status: "already_loaded" });
    expect(await rows<{ n: number }>(sql`select count(*)::int as n from regions`)).toEqual([{ n: 2 }]);
  });

  it("loads the public lycées of both regions, PACA in 5 sectors cut into zones of 2 to 4 schools", async () => {
    const perRegion = await rows<{ code: string; schools: number; paper: number }>(sql`
      select r.code, count(*)::int as schools, count(*) filter (where s.digital_mode = 'paper')::int as paper
      from schools s join regions r on r.id = s.region_id group by r.code order by r.code`);
    expect(perRegion.map((r) => [r.code, r.schools])).toEqual([
      ["idf", 452],
      ["paca", 158],
    ]);
    const paperShare = perRegion.reduce((sum, r) => sum + r.paper, 0) / 610;
    expect(paperShare).toBeGreaterThan(0.15);
    expect(paperShare).toBeLessThan(0.25);

    const zones = await rows<{ sector: string; schools: number }>(sql`
      select sc.code as sector, (select count(*)::int from schools s where s.zone_id = z.id) as schools
      from zones z join sectors sc on sc.id = z.sector_id join regions r on r.id = z.region_id where r.code = 'paca'`);
    expect(new Set(zones.map((z) => z.sector)).size).toBe(5);
    for (const zone of zones) expect(zone.schools).toBeGreaterThanOrEqual(2);
    for (const zone of zones) expect(zone.schools).toBeLessThanOrEqual(4);
    expect(await rows(sql`select uai from schools where zone_id is null or sector_id is null`)).toEqual([]);
  });

  it("fills each region's desk with tickets at every stage, numbered from the region's counter and filed by the school's correspondent", async () => {
    const perRegion = await rows<{ code: string; tickets: number; statuses: number; last: number }>(sql`
      select r.code, count(t.id)::int as tickets, count(distinct t.status)::int as statuses, max(c.last)::int as last
      from tickets t join regions r on r.id = t.region_id join ticket_counters c on c.region_id = r.id group by r.code order by r.code`);
    expect(perRegion.map((r) => r.code)).toEqual(["idf", "paca"]);
    for (const region of perRegion) {
      expect(region.tickets).toBeGreaterThan(50);
      expect(region.statuses).toBe(7);
      expect(region.last).toBe(region.tickets);
    }
    const notByCorrespondent = await rows(sql`
      select t.number from tickets t
      where not exists (select 1 from role_assignments ra where ra.person_id = t.requester_id and ra.school_id = t.school_id and ra.role = 'correspondent')`);
    expect(notByCorrespondent).toEqual([]);
    expect(
      await rows(sql`select number from tickets where status not in ('new', 'qualified') and assignee_person_id is null and assignee_organisation_id is null`),
    ).toEqual([]);
    // The steering page's mean processing time reads what technical closure records.
    expect(await rows(sql`select number from tickets where resolved_at is not null and (processing_minutes is null or processing_minutes < 0)`)).toEqual([]);
    expect((await rows<{ n: number }>(sql`select count(*)::int as n from tickets where processing_minutes > 0`))[0]!.n).toBeGreaterThan(10);
  });

  it("gives each region on-site visits and remote sessions: certified, awaiting certification, and to come in the days ahead, on the tickets' timelines", async () => {
    const perRegion = await rows<{ code: string; on_site: number; remote: number; certified: number; done: number; upcoming: number; soon: number }>(sql`
      select r.code,
        count(*) filter (where i.kind = 'on_site')::int as on_site,
        count(*) filter (where i.kind = 'remote')::int as remote,
        count(*) filter (where i.status = 'certified')::int as certified,
        count(*) filter (where i.status = 'done')::int as done,
        count(*) filter (where i.status = 'planned' and i.starts_at > now())::int as upcoming,
        count(*) filter (where i.status = 'planned' and i.starts_at < now() + interval '7 days')::int as soon
      from interventions i join regions r on r.id = i.region_id group by r.code order by r.code`);
    expect(perRegion.map((r) => r.code)).toEqual(["idf", "paca"]);
    for (const region of perRegion) for (const [key, n] of Object.entries(region)) if (key !== "code") expect(n, `${region.code} ${key}`).toBeGreaterThan(0);
    // Done before now, certified after done, by the school's coordinator or head; remote only where the school has the remote support.
    expect(
      await rows(sql`select i.id from interventions i join schools s on s.id = i.school_id
        where (i.done_at is not null and (i.done_at > now() or i.done_at < i.starts_at))
           or (i.certified_at is not null and i.certified_at < i.done_at)
           or (i.kind = 'remote' and not s.has_remote_support)
           or (i.status = 'certified' and not exists (select 1 from role_assignments ra where ra.person_id = i.certified_by_id and ra.school_id = i.school_id and ra.role in ('coordinator', 'head')))`),
    ).toEqual([]);
    // The technician is the ticket's assignee, or one of its contractor's own; never booked twice at once.
    expect(
      await rows(sql`select i.id from interventions i join tickets t on t.id = i.ticket_id
        where i.technician_id is distinct from t.assignee_person_id
          and not exists (select 1 from role_assignments ra where ra.person_id = i.technician_id and ra.role = 'org_technician' and ra.organisation_id = t.assignee_organisation_id)`),
    ).toEqual([]);
    expect(
      await rows(sql`select a.id from interventions a join interventions b on a.technician_id = b.technician_id and a.id < b.id
        and a.starts_at < b.starts_at + make_interval(mins => b.duration_minutes) and b.starts_at < a.starts_at + make_interval(mins => a.duration_minutes)`),
    ).toEqual([]);
    expect(
      await rows(
        sql`select i.id from interventions i where not exists (select 1 from ticket_events e where e.ticket_id = i.ticket_id and e.type = 'intervention_planned' and e.data ->> 'interventionId' = i.id::text)`,
      ),
    ).toEqual([]);
  });

  it("opens each region's textbook campaign of the school year and an equipment plan, with a catalogue and every public lycée's envelope computed", async () => {
    const campaigns = await rows<{ code: string; programme: string; envelopes: number; funded: number; open_today: boolean }>(sql`
      select r.code, c.programme, count(e.id)::int as envelopes, count(e.id) filter (where e.computed_cents > 0)::int as funded,
        exists (select 1 from jsonb_array_elements(c.calendar->'windows') w
                where (w->>'opensOn')::date <= current_date and (w->>'closesOn')::date >= current_date) as open_today
      from campaigns c join regions r on r.id = c.region_id left join campaign_envelopes e on e.campaign_id = c.id
      group by r.code, c.id, c.programme order by r.code, c.programme`);
    expect(campaigns.map((c) => `${c.code}/${c.programme}`)).toEqual(["idf/equipment", "idf/textbooks", "paca/equipment", "paca/textbooks"]);
    const schools = await rows<{ code: string; n: number }>(sql`
      select r.code, count(*)::int as n from schools s join regions r on r.id = s.region_id where s.is_public group by r.code`);
    for (const campaign of campaigns) {
      expect(campaign.envelopes).toBe(schools.find((s) => s.code === campaign.code)!.n);
      // Every lycée has students, so every envelope holds money, explained by its lines.
      expect(campaign.funded).toBe(campaign.envelopes);
      // Ordering is open on the day the demo is loaded (18 September excepted for textbooks, between two windows).
      if (campaign.programme === "equipment") expect(campaign.open_today).toBe(true);
    }
    const catalogue = await rows<{ resources: number; equipment: number }>(sql`
      select (select count(*)::int from resource_items) as resources, (select count(*)::int from equipment_items) as equipment`);
    expect(catalogue[0]!.resources).toBeGreaterThanOrEqual(8 * 2);
    expect(catalogue[0]!.equipment).toBeGreaterThanOrEqual(5 * 2);
  });

  it("keeps student_count equal to the current year's enrolment, vocational lines included for LPs", async () => {
    const mismatches = await rows(sql`
      select s.uai from schools s
      where s.student_count <> coalesce((select sum(e.students) from school_enrolments e where e.school_id = s.id), 0)`);
    expect(mismatches).toEqual([]);
    const lpsWithoutVocational = await rows(sql`
      select s.uai from schools s where s.type = 'LP'
        and not exists (select 1 from school_enrolments e where e.school_id = s.id and e.track = 'vocational')`);
    expect(lpsWithoutVocational).toEqual([]);
  });

  it("gives every school a head, and leaves some PACA schools (the PACA head's included) without a coordinator", async () => {
    expect(
      await rows(sql`select s.uai from schools s where not exists (select 1 from role_assignments ra where ra.school_id = s.id and ra.role = 'head')`),
    ).toEqual([]);
    const withoutCoordinator = await rows<{ code: string; email: string | null }>(sql`
      select r.code, (select p.email from role_assignments ra join people p on p.id = ra.person_id where ra.school_id = s.id and ra.role = 'head') as email
      from schools s join regions r on r.id = s.region_id
      where not exists (select 1 from role_assignments ra where ra.school_id = s.id and ra.role = 'coordinator')`);
    expect(withoutCoordinator.length).toBeGreaterThan(5);
    expect(withoutCoordinator.every((s) => s.code === "paca")).toBe(true);
    expect(withoutCoordinator.map((s) => s.email)).toContain(`paca.chef-etablissement@${DEMO_EMAIL_DOMAIN}`);
  });

  it("marks every person as a demo account, and gives the TOTP secret to administrator roles only", async () => {
    expect(await rows(sql`select email from people where not is_demo or email not like ${`%@${DEMO_EMAIL_DOMAIN}`}`)).toEqual([]);
    const withTotp = await rows<{ role: string }>(sql`
      select distinct ra.role from role_assignments ra join credentials c on c.person_id = ra.person_id where c.totp_secret is not null`);
    expect(withTotp.map((r) => r.role).sort()).toEqual(ROLE_CODES.filter(isAdministratorRole).sort());
  });

  it("lets a demo head log in with the demo password, and a demo administrator pass 2FA with the published secret", async () => {
    const head = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: `paca.chef-etablissement@${DEMO_EMAIL_DOMAIN}`, password: DEMO_PASSWORD },
    });
    expect(head.json()).toMatchObject({ stage: "active" });

    const admin = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: `idf.admin@${DEMO_EMAIL_DOMAIN}`, password: DEMO_PASSWORD },
    });
    expect(admin.json()).toMatchObject({ stage: "mfa" });
    const cookie = String(admin.headers["set-cookie"]).split(";")[0] as string;
    const verify = await t.app.inject({
      method: "POST",
      url: "/api/v1/auth/mfa/verify",
      headers: { cookie, "x-csrf-token": admin.json().csrfToken },
      payload: { code: currentTotpCode(DEMO_TOTP_SECRET, new Date()) },
    });
    expect(verify.json()).toEqual({ stage: "active" });
  });

  it("gives the inventory reports something to show: projectors of every age, mixed rooms, ended warranties, tickets on assets", async () => {
    const [estate] = await rows<{ schools: number; ages: number; mixed: number; ended: number; links: number; unlinked: number }>(sql`
      select
        (select count(distinct school_id)::int from assets) as schools,
        (select count(distinct extract(year from age(now(), acquired_on)))::int from assets where type = 'video_projector') as ages,
        (select count(*)::int from (select room_id from assets where type = 'desktop' and status = 'in_service' and room_id is not null
           group by room_id having count(distinct model) > 1) m) as mixed,
        (select count(*)::int from assets where status = 'in_service' and warranty_ends_on < current_date) as ended,
        (select count(*)::int from asset_tickets) as links,
        (select count(*)::int from asset_tickets l join assets a on a.id = l.asset_id join tickets t on t.id = l.ticket_id where a.school_id <> t.school_id) as unlinked`);
    expect(estate!.schools).toBeGreaterThanOrEqual(20);
    expect(estate!.ages).toBeGreaterThanOrEqual(5);
    expect(estate!.mixed).toBeGreaterThan(0);
    expect(estate!.ended).toBeGreaterThan(0);
    expect(estate!.links).toBeGreaterThan(0);
    expect(estate!.unlinked, "a ticket is linked only to an asset of its own school").toBe(0);
  });

  it("refuses the demo accounts when the server is not in demo mode", async () => {
    const production = await buildApp({ config: loadConfig({ NODE_ENV: "test", LOG_LEVEL: "silent" }), database: t.database, logger: false });
    try {
      const response = await production.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { email: `paca.chef-etablissement@${DEMO_EMAIL_DOMAIN}`, password: DEMO_PASSWORD },
      });
      expect(response.statusCode).toBe(401);
    } finally {
      await production.close();
    }
  });
});

describe("loadDemoData on a database with a real region using a demo code", () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  it("refuses, and writes nothing", async () => {
    await buildRegion(database.db, { code: "idf", name: "Île-de-France" });
    await expect(loadDemoData({ db: database.db, actor: systemActor("Test"), clock: systemClock, requestId: null, ip: null })).rejects.toMatchObject({
      code: "conflict",
    });
    expect(await queryRows(database.db, sql`select id from schools`)).toEqual([]);
  });
});
