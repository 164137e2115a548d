import { computeUaiCheckLetter } from "@relais/shared/uai";
import type { Database } from "../../apps/api/src/db/client.ts";
import { hashPassword } from "../../apps/api/src/modules/auth/secrets.ts";

export type SeedSize = { regions: number; schoolsPerRegion: number };
export const BENCH_PASSWORD = "Bench-Password-2026!";
export const BENCH_ADMIN = "bench-admin@bench.relais.test";

/**
 * Seeds regions at scale in a few set-based statements: sectors of ~30 schools, zones of ~3,
 * UAIs with valid check letters. Returns the id of the first region, the one measured.
 */
export async function seedScale(database: Database, size: SeedSize, onProgress: (done: number, total: number) => void): Promise<string> {
  let firstRegionId = "";
  for (let r = 0; r < size.regions; r++) {
    const [region] = (
      await database.execute("insert into regions (code, name, operating_model) values ($1, $2, 'in_house') returning id", [`bench${r}`, `Région banc ${r}`])
    ).rows as { id: string }[];
    const regionId = region!.id;
    if (r === 0) firstRegionId = regionId;
    const sectorsCount = Math.ceil(size.schoolsPerRegion / 30);
    await database.execute(`insert into sectors (region_id, code, name) select $1, 'S' || g, 'Secteur ' || g from generate_series(1, $2::int) g`, [
      regionId,
      sectorsCount,
    ]);
    await database.execute(
      `insert into zones (region_id, sector_id, code, name)
       select $1, s.id, s.code || '-Z' || g, s.name || ' zone ' || g from sectors s, generate_series(1, 10) g where s.region_id = $1`,
      [regionId],
    );
    const uais: string[] = [];
    const names: string[] = [];
    const zoneCodes: string[] = [];
    const students: number[] = [];
    for (let i = 0; i < size.schoolsPerRegion; i++) {
      const digits = String(1_000_000 + r * 10_000 + i).padStart(7, "0");
      uais.push(`${digits}${computeUaiCheckLetter(digits)}`);
      names.push(`Lycée ${["Jean", "Marie", "Victor", "Louise", "Paul"][i % 5]} ${["Moulin", "Curie", "Hugo", "Michel", "Langevin"][(i >> 2) % 5]} ${i}`);
      zoneCodes.push(`S${(i % sectorsCount) + 1}-Z${(Math.floor(i / sectorsCount) % 10) + 1}`);
      students.push(200 + ((i * 37) % 1800));
    }
    await database.execute(
      `insert into schools (region_id, sector_id, zone_id, uai, name, type, academie, department_code, commune, student_count)
       select $1::uuid, z.sector_id, z.id, v.uai, v.name, 'LEGT', 'Paris', '75', 'Paris', v.students
       from unnest($2::text[], $3::text[], $4::text[], $5::int[]) as v(uai, name, zone_code, students)
       join zones z on z.region_id = $1::uuid and z.code = v.zone_code`,
      [regionId, uais, names, zoneCodes, students],
    );
    onProgress(r + 1, size.regions);
  }
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const [person] = (
    await database.execute("insert into people (email, first_name, last_name, region_id) values ($1, 'Banc', 'Admin', $2) returning id", [
      BENCH_ADMIN,
      firstRegionId,
    ])
  ).rows as { id: string }[];
  await database.execute("insert into credentials (person_id, password_hash, password_changed_at) values ($1, $2, now())", [person!.id, passwordHash]);
  // A region administrator would have to pass 2FA; the measured actor is the region's service head.
  await database.execute(
    "insert into role_assignments (person_id, role, scope_kind, region_id, valid_from) values ($1, 'service_head', 'region', $2, '2020-01-01')",
    [person!.id, firstRegionId],
  );
  await database.execute("analyze");
  return firstRegionId;
}

/**
 * Tickets at scale in the measured region, by batches of set-based inserts: most are closed
 * history; 1 in 500 is open (2,000 at a million: a desk's backlog is bounded by what it
 * handles in a few weeks); 1 in 97 is a security incident; spread over the region's schools
 * and the last two years.
 */
export async function seedTickets(database: Database, regionId: string, count: number, onProgress: (done: number, total: number) => void): Promise<void> {
  // Each lycée's correspondent files its tickets, as the seeds' rule has it: requesters are as
  // many as lycées, so PostgreSQL's statistics see a person's tickets as the few they are.
  await database.execute(
    `insert into people (email, first_name, last_name, region_id)
     select 'correspondant-' || lower(uai) || '@bench.relais.test', 'Camille', 'Correspondant ' || uai, $1 from schools where region_id = $1 order by uai`,
    [regionId],
  );
  const batch = 100_000;
  for (let start = 0; start < count; start += batch) {
    const size = Math.min(batch, count - start);
    await database.execute(
      `with s as (
         select array_agg(s.id order by s.uai) as ids, array_agg(p.id order by s.uai) as requesters
         from schools s join people p on p.email = 'correspondant-' || lower(s.uai) || '@bench.relais.test' where s.region_id = $1::uuid
       )
       insert into tickets (region_id, school_id, number, kind, category, channel, urgency, impact, priority, title, description, status,
                            requester_id, filed_by_id, received_at, take_charge_due_at, resolution_due_at, qualified_at, resolved_at, closed_at)
       select $1::uuid, s.ids[k], 'BENCH-' || lpad(g::text, 7, '0'),
              case when g % 97 = 0 then 'security_incident' else 'incident' end,
              (array['network','wifi','server','workstation','printer','projector','interactive-display','other'])[1 + g % 8], 'web',
              (array['low','medium','very_high'])[1 + g % 3], (array['user','group','school','none'])[1 + g % 4], 1 + g % 5,
              'Incident ' || g, 'Description de l''incident ' || g,
              case when g % 500 = 0 then (array['new','qualified','assigned','in_progress','waiting'])[1 + (g / 500) % 5] else 'closed' end,
              s.requesters[k], s.requesters[k], received, received + interval '2 hours', received + interval '2 days', received + interval '1 hour',
              case when g % 500 = 0 then null else received + interval '1 day' end, case when g % 500 = 0 then null else received + interval '2 days' end
       from s, generate_series($2::int, $3::int) g,
         lateral (select now() - (g * interval '63 seconds') as received, 1 + ((g::bigint * 7919) % array_length(s.ids, 1))::int as k) r`,
      [regionId, start + 1, start + size],
    );
    onProgress(start + size, count);
  }
  // What autovacuum would have done by now: statistics, and the visibility map that lets the
  // list count from its indexes alone.
  await database.execute("vacuum analyze tickets");
  await database.execute("vacuum analyze ticket_stats_region");
  await database.execute("vacuum analyze ticket_stats_school");
}

/**
 * Assets at scale in the measured region, by batches of set-based inserts: spread over the
 * region's lycées (a few thousand each at a million), mostly desktops and laptops with their
 * serials, names and last inventories, a few network items, printers and projectors without
 * an agent; 1 in 20 retired or in repair; warranties over the next and past five years.
 */
export async function seedAssets(database: Database, regionId: string, count: number, onProgress: (done: number, total: number) => void): Promise<void> {
  const batch = 100_000;
  for (let start = 0; start < count; start += batch) {
    const size = Math.min(batch, count - start);
    await database.execute(
      `with s as (select array_agg(id order by uai) as ids, array_agg(uai order by uai) as uais from schools where region_id = $1::uuid)
       insert into assets (region_id, school_id, type, manufacturer, model, serial, serial_key, uuid, name, name_key, inventory_number, status,
                           funding, warranty_ends_on, source, last_inventory_at, agent_device_id, technical, created_at, updated_at)
       select $1::uuid, s.ids[k], t.type, 'Dell Inc.', 'OptiPlex 7010', 'SN' || lpad(g::text, 8, '0'), 'SN' || lpad(g::text, 8, '0'),
              case when t.agent then '4c4c4544-' || lpad(to_hex(g), 4, '0') || '-1000-8000-' || lpad(g::text, 12, '0') end,
              t.prefix || '-' || s.uais[k] || '-' || lpad(g::text, 7, '0'), lower(t.prefix || '-' || s.uais[k] || '-' || lpad(g::text, 7, '0')),
              case when g % 3 = 0 then 'INV-' || g end,
              case when g % 20 = 0 then (array['retired','in_repair','in_stock'])[1 + (g / 20) % 3] else 'in_service' end,
              (array['region_contract','region_subsidy','own_funds'])[1 + g % 3], (current_date + ((g % 3650) - 1825))::date,
              case when t.agent then 'agent' else 'manual' end,
              case when t.agent then now() - ((g % 4000) * interval '37 minutes') end,
              case when t.agent then 'pc-' || g || '-2026-11-22-10-33-54' end,
              '{}'::jsonb, now() - interval '2 years', now()
       from s, generate_series($2::int, $3::int) g,
            lateral (select 1 + ((g::bigint * 7919) % array_length(s.ids, 1))::int as k) school,
            lateral (select (array['desktop','desktop','desktop','laptop','laptop','desktop','printer','video_projector','switch','desktop'])[1 + g % 10] as type,
                            (array['PC','PC','PC','PORTABLE','PORTABLE','PC','IMP','VP','SW','PC'])[1 + g % 10] as prefix,
                            g % 10 not in (6, 7, 8) as agent) t`,
      [regionId, start + 1, start + size],
    );
    onProgress(start + size, count);
  }
  await database.execute("vacuum analyze assets");
}
