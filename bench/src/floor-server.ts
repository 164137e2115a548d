import Fastify from "fastify";
import pg from "pg";

/**
 * The floor: a plain Fastify route running the same SQL as the scoped school list (one page of
 * 50 by name, and the count), with no auth, validation or serialisation schema.
 */
export async function startFloorServer(databaseUrl: string, regionId: string, port: number) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  const app = Fastify({ logger: false });
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
