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
    const [region] = (await database.execute("insert into regions (code, name, operating_model) values ($1, $2, 'in_house') returning id", [`bench${r}`, `Région banc ${r}`])).rows as { id: string }[];
    const regionId = region!.id;
    if (r === 0) firstRegionId = regionId;
    const sectorsCount = Math.ceil(size.schoolsPerRegion / 30);
    await database.execute(
      `insert into sectors (region_id, code, name) select $1, 'S' || g, 'Secteur ' || g from generate_series(1, $2::int) g`,
      [regionId, sectorsCount],
    );
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
  const [person] = (await database.execute("insert into people (email, first_name, last_name, region_id) values ($1, 'Banc', 'Admin', $2) returning id", [BENCH_ADMIN, firstRegionId])).rows as { id: string }[];
  await database.execute("insert into credentials (person_id, password_hash, password_changed_at) values ($1, $2, now())", [person!.id, passwordHash]);
  // A region administrator would have to pass 2FA; the measured actor is the region's service head.
  await database.execute("insert into role_assignments (person_id, role, scope_kind, region_id, valid_from) values ($1, 'service_head', 'region', $2, '2020-01-01')", [person!.id, firstRegionId]);
  await database.execute("analyze");
  return firstRegionId;
}
