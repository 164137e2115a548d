import { visibleScopes } from "@relais/shared/permissions";
import Fastify from "fastify";
import pg from "pg";
import { openPostgres } from "../../apps/api/src/db/client.ts";
import { findActorByPersonId } from "../../apps/api/src/modules/auth/actor.ts";
import { assetListSql, COUNT_CAP } from "../../apps/api/src/modules/inventory/assets.repository.ts";
import { ticketStatsQuery } from "../../apps/api/src/modules/tickets/ticket-stats.ts";
import { TICKET_COUNT_CAP, type TicketVisibility, ticketListSql } from "../../apps/api/src/modules/tickets/tickets.repository.ts";
import { assetScenarios, LIST_SCENARIOS, statsScenarios } from "./scenarios.ts";
import { BENCH_ADMIN } from "./seed.ts";

/**
 * The floor: plain Fastify routes running the SQL that Relais's routes run for the measured
 * actor, built once at start by the same builders (ticketListSql, ticketStatsQuery, assetListSql), with no
 * session, validation or serialisation schema.
 */
export async function startFloorServer(databaseUrl: string, regionId: string, schoolId: string, port: number) {
  // Pooled as Relais pools (db/client.ts): idle connections kept, so neither side meets a cold backend.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10, idleTimeoutMillis: 0, allowExitOnIdle: true });
  const app = Fastify({ logger: false });
  const builder = await openPostgres(databaseUrl, 1);
  const [person] = (await pool.query("select id from people where email = $1", [BENCH_ADMIN])).rows as { id: string }[];
  const actor = await findActorByPersonId(builder.db, person!.id);
  if (!actor) throw new Error("bench actor missing");
  const visibility: TicketVisibility = {
    personId: actor.personId,
    read: visibleScopes(actor.assignments, "ticket.read"),
    readRestricted: visibleScopes(actor.assignments, "ticket.read_security"),
  };

  for (const scenario of LIST_SCENARIOS) {
    const { page, count } = ticketListSql(builder.db, visibility, scenario.filters, { sort: scenario.sort, limit: 50, offset: 0 });
    app.get(`/tickets/${scenario.name}`, async () => {
      const [items, total] = await Promise.all([pool.query(page.sql, page.params as unknown[]), pool.query(count.sql, count.params as unknown[])]);
      const n = Number(total.rows[0].total);
      return { items: items.rows, total: Math.min(n, TICKET_COUNT_CAP), totalExact: n <= TICKET_COUNT_CAP, page: 1, pageSize: 50 };
    });
  }
  for (const scenario of statsScenarios(new Date())) {
    const period = { from: new Date(`${scenario.from}T00:00:00Z`) };
    const now = new Date();
    // Relais answers the totals and the groups in one statement (grouping sets): so does the floor.
    const statement = ticketStatsQuery(builder.db, visibility, scenario.groupBy, period, now, { withTotals: true });
    app.get(`/stats/${scenario.name}`, async () => {
      const { rows } = await pool.query(statement.sql, statement.params as unknown[]);
      return { totals: rows.find((r) => r.is_total === 1), groups: rows.filter((r) => r.is_total !== 1) };
    });
  }
  const assetScopes = visibleScopes(actor.assignments, "asset.read");
  for (const scenario of assetScenarios(schoolId)) {
    const { page, count, exactCount } = assetListSql(builder.db, assetScopes, scenario.filters, { sort: scenario.sort, limit: 50, offset: 0 });
    app.get(`/assets/${scenario.name}`, async () => {
      const [items, total] = await Promise.all([pool.query(page.sql, page.params as unknown[]), pool.query(count.sql, count.params as unknown[])]);
      const n = Number(total.rows[0].n);
      if (exactCount) return { items: items.rows, total: n, totalExact: true, page: 1, pageSize: 50 };
      return { items: items.rows, total: Math.min(n, COUNT_CAP), totalExact: n <= COUNT_CAP, page: 1, pageSize: 50 };
    });
  }
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
  return {
    close: async () => {
      await app.close();
      await pool.end();
      await builder.close();
    },
  };
}
