import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp } from "../../../test/setup.ts";
import { systemActor, systemClock } from "../../context.ts";
import { queryRows } from "../../db/client.ts";
import { loadDemoData } from "./demo.service.ts";

/** The demo's campaign activity keeps the invariants the order services keep, and gives each school screen something to show. */
describe("demo campaign activity", () => {
  let t: Awaited<ReturnType<typeof buildTestApp>>;
  const rows = <T>(query: ReturnType<typeof sql>) => queryRows<T>(t.db, query);

  beforeAll(async () => {
    t = await buildTestApp({ env: { RELAIS_DEMO: "true" } });
    expect((await loadDemoData({ db: t.db, actor: systemActor("Test"), clock: systemClock, requestId: null, ip: null })).status).toBe("loaded");
  });
  afterAll(() => t.close());

  it("commits exactly the validated orders on each envelope, and each order totals its lines", async () => {
    expect(
      await rows(sql`
        select e.id from campaign_envelopes e
        left join (select envelope_id, sum(total_cents) as main, sum(consumables_cents) as consumables from orders
                   where status in ('submitted', 'approved') group by envelope_id) o on o.envelope_id = e.id
        where e.committed_cents <> coalesce(o.main, 0) or e.committed_consumables_cents <> coalesce(o.consumables, 0)`),
    ).toEqual([]);
    expect(
      await rows(sql`
        select o.id from orders o join order_lines l on l.order_id = o.id
        group by o.id having o.total_cents <> sum(l.amount_cents) filter (where l.envelope = 'main')
          or o.consumables_cents <> coalesce(sum(l.amount_cents) filter (where l.envelope = 'consumables'), 0)`),
    ).toEqual([]);
  });

  it("puts every delivered unit in the school's inventory, in stock, linked to its line", async () => {
    const delivered = await rows<{ code: string; units: number; assets: number; wrong: number }>(sql`
      select r.code, sum(l.quantity)::int as units, count(d.asset_id)::int as assets,
             count(*) filter (where a.status <> 'in_stock' or a.funding <> 'region_contract' or a.school_id <> o.school_id)::int as wrong
      from orders o join regions r on r.id = o.region_id join order_lines l on l.order_id = o.id
      left join delivered_assets d on d.order_line_id = l.id left join assets a on a.id = d.asset_id
      where o.delivered_at is not null group by r.code order by r.code`);
    expect(delivered.map((d) => d.code)).toEqual(["idf", "paca"]);
    for (const d of delivered) expect(d.wrong).toBe(0);
    // One asset per unit: the join above counts a line once per asset.
    const perLine = await rows(sql`
      select l.id from order_lines l join orders o on o.id = l.order_id where o.delivered_at is not null
      and l.quantity <> (select count(*) from delivered_assets d where d.order_line_id = l.id)`);
    expect(perLine).toEqual([]);
  });

  it("leaves mobile projects at each step, an order to deliver and GAR usage to set against purchases, in both regions", async () => {
    const projects = await rows<{ code: string; status: string }>(sql`
      select r.code, p.status from mobile_projects p join regions r on r.id = p.region_id order by r.code, p.status`);
    for (const code of ["idf", "paca"]) {
      expect(projects.filter((p) => p.code === code).map((p) => p.status)).toEqual(["academie_approved", "approved", "submitted"]);
    }
    const toDeliver = await rows<{ n: number }>(sql`
      select count(*)::int as n from orders where programme = 'equipment' and status = 'approved' and delivered_at is null`);
    expect(toDeliver[0]!.n).toBe(2);
    const usage = await rows<{ matched: number }>(sql`
      select count(*)::int as matched from gar_usage g join order_lines l on l.reference = g.ean
      join orders o on o.id = l.order_id and o.school_id = g.school_id and o.campaign_id = g.campaign_id`);
    expect(usage[0]!.matched).toBeGreaterThan(10);
    // The showcase lycées, where the named accounts log in, have their textbook licences and their delivery.
    const showcases = await rows<{ email: string; textbooks: number; delivered: number }>(sql`
      select p.email,
        (select count(*)::int from orders o join order_lines l on l.order_id = o.id where o.school_id = ra.school_id and o.programme = 'textbooks' and l.is_licence) as textbooks,
        (select count(*)::int from orders o where o.school_id = ra.school_id and o.delivered_at is not null) as delivered
      from people p join role_assignments ra on ra.person_id = p.id and ra.role = 'head'
      where p.email in ('idf.chef-etablissement@demo.relais.test', 'paca.chef-etablissement@demo.relais.test') order by p.email`);
    expect(showcases).toEqual([
      { email: "idf.chef-etablissement@demo.relais.test", textbooks: 3, delivered: 1 },
      { email: "paca.chef-etablissement@demo.relais.test", textbooks: 3, delivered: 1 },
    ]);
  });
});
