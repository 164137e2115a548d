import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../src/db/client.ts";
import { migrate } from "../src/db/migrate.ts";
import { buildSchool } from "./factories.ts";
import { openDatabaseMigratedUpTo } from "./migrated-up-to.ts";

/**
 * Migration 0009 (ADR 0010) on a database that holds installations the old way, one row per
 * (asset, version): PGlite in memory, or a schema of its own on PostgreSQL when DATABASE_URL is set.
 */
let database: Database;
const rows = async <T>(query: ReturnType<typeof sql>) => ((await database.db.execute(query)) as unknown as { rows: T[] }).rows;

beforeAll(async () => {
  database = await openDatabaseMigratedUpTo("0008_gar_reset_notices");
});
afterAll(() => database.close());

describe("migration 0009: installations per asset", () => {
  it("turns each asset's installation rows into its one row of version ids, and drops the old table", async () => {
    const school = await buildSchool(database.db);
    const asset = async (name: string) =>
      (
        await rows<{ id: string }>(sql`
          insert into assets (region_id, school_id, type, name, name_key, source, created_at, updated_at)
          values (${school.regionId}, ${school.id}, 'desktop', ${name}, ${name.toLowerCase()}, 'agent', now(), now()) returning id`)
      )[0]!.id;
    const [three, one, none] = [await asset("PC-TROIS"), await asset("PC-UN"), await asset("PC-RIEN")];
    const versions = await rows<{ id: string }>(sql`
      with s as (insert into software (name_key, publisher_key, name) select 'appli ' || g, '', 'Appli ' || g from generate_series(1, 3) g returning id)
      insert into software_versions (software_id, version, arch) select id, '1.0', 'x64' from s returning id`);
    const ids = versions.map((v) => v.id);
    await database.db.execute(sql`insert into software_installations (asset_id, version_id) select ${three}::uuid, unnest(${sql.param(ids)}::uuid[])`);
    await database.db.execute(sql`insert into software_installations (asset_id, version_id) values (${one}, ${ids[1]})`);

    // 0009 first, then whatever came after it.
    expect((await migrate(database))[0]).toBe("0009_installations_per_asset");

    const stored = await rows<{ asset_id: string; version_ids: string[] }>(sql`select asset_id, version_ids::text[] as version_ids from asset_installations`);
    const byAsset = new Map(stored.map((r) => [r.asset_id, [...r.version_ids].sort()]));
    expect(byAsset).toEqual(
      new Map([
        [three, [...ids].sort()],
        [one, [ids[1]]],
      ]),
    );
    expect(byAsset.has(none)).toBe(false);
    expect(await rows(sql`select to_regclass(current_schema() || '.software_installations') as old`)).toEqual([{ old: null }]);
    // The index the reverse lookup uses, rebuilt after the copy.
    expect(await rows(sql`select indexdef from pg_indexes where schemaname = current_schema() and indexname = 'asset_installations_versions'`)).toEqual([
      { indexdef: expect.stringContaining("USING gin (version_ids)") },
    ]);
    expect(await rows(sql`select asset_id from asset_installations where version_ids @> array[${ids[1]}::uuid] order by asset_id`)).toHaveLength(2);
  });

  it("leaves the catalogue unable to lose a version", async () => {
    await expect(database.db.execute(sql`delete from software_versions`)).rejects.toThrow();
    expect(await rows(sql`select count(*)::int as n from software_versions`)).toEqual([{ n: 3 }]);
  });
});
