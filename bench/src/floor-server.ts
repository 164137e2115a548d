import Fastify from "fastify";
import pg from "pg";
import { BENCH_ADMIN } from "./seed.ts";

const OPEN = "'new', 'qualified', 'assigned', 'in_progress', 'waiting'";
const RESTRICTED = "'security_incident', 'data_breach'";

/**
 * The floor: plain Fastify routes running the same SQL as the scoped lists (one page of 50,
 * and the count), with no auth, validation or serialisation schema. The ticket list's SQL is
 * Relais's for a region-wide reader of tickets without the restricted chain: their own
 * tickets, or the region's tickets that are not security incidents or breaches.
 */
export async function startFloorServer(databaseUrl: string, regionId: string, port: number) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const app = Fastify({ logger: false });
  const [actor] = (await pool.query("select id from people where email = $1", [BENCH_ADMIN])).rows as { id: string }[];
  const visible = `((t.assignee_person_id = $1 or t.requester_id = $1) or (t.kind not in (${RESTRICTED}) and t.region_id in ($2)) or (t.kind in (${RESTRICTED}) and false))`;
  app.get("/tickets", async () => {
    const [page, count] = await Promise.all([
      pool.query(
        `select t.id, t.number, t.region_id, t.school_id, s.uai, s.name, t.kind, t.category, t.channel, t.urgency, t.impact, t.priority, t.title, t.status,
                t.requester_id, r.first_name || ' ' || r.last_name as requester_name, t.assignee_person_id,
                case when a.id is null then null else a.first_name || ' ' || a.last_name end as assignee_name, t.assignee_organisation_id, o.name,
                t.received_at, t.take_charge_due_at, t.resolution_due_at, t.qualified_at, t.resolved_at, t.closed_at, t.version
         from tickets t join schools s on s.id = t.school_id join people r on r.id = t.requester_id
         left join people a on a.id = t.assignee_person_id left join organisations o on o.id = t.assignee_organisation_id
         where ${visible} and t.status in (${OPEN})
         order by t.received_at desc, t.id desc limit 50 offset 0`,
        [actor!.id, regionId],
      ),
      pool.query(`select count(*)::int as total from tickets t where ${visible} and t.status in (${OPEN})`, [actor!.id, regionId]),
    ]);
    return { items: page.rows, total: count.rows[0].total, page: 1, pageSize: 50 };
  });
  app.get("/schools", async () => {
    const [page, count] = await Promise.all([
      pool.query(
        `select s.id, s.region_id, s.uai, s.name, s.type, s.is_public, s.academie, s.department_code, s.commune, s.sector_id, se.name as sector_name,
                s.zone_id, z.name as zone_name, s.digital_mode, s.has_remote_support, s.bandwidth_mbps, s.wifi_status, s.student_count, s.version
         from schools s left join sectors se on se.id = s.sector_id left join zones z on z.id = s.zone_id
         where s.region_id in ($1) order by s.name asc, s.id asc limit 50 offset 0`,
        [regionId],
      ),
      pool.query("select count(*)::int as total from schools where region_id in ($1)", [regionId]),
    ]);
    return { items: page.rows, total: count.rows[0].total, page: 1, pageSize: 50 };
  });
  await app.listen({ port, host: "127.0.0.1" });
  return { close: async () => (await app.close(), await pool.end()) };
}
