import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../src/db/client.ts";
import { migrate } from "../src/db/migrate.ts";
import { COUNT_CAP, findAssets } from "../src/modules/inventory/assets.repository.ts";
import { buildRegion, buildSchool, buildZone } from "./factories.ts";
import { openDatabaseMigratedUpTo } from "./migrated-up-to.ts";

/**
 * The asset counts kept by triggers (migration 0011), which the list's total is summed from:
 * after every kind of write they must say what counting the assets says, or a total is wrong.
 * PGlite in memory, or a schema of its own on PostgreSQL when DATABASE_URL is set (concurrent
 * writers then run on separate connections).
 */
let database: Database;
const rows = async <T>(query: ReturnType<typeof sql>) => ((await database.db.execute(query)) as unknown as { rows: T[] }).rows;

beforeAll(async () => {
  database = await openDatabaseMigratedUpTo("0010_report_candidates", 6);
});
afterAll(() => database.close());

type School = Awaited<ReturnType<typeof buildSchool>>;

/** `n` assets of a lycée in one statement. */
async function insertAssets(school: School, type: string, status: string, n: number, prefix = type) {
  await database.db.execute(sql`
    insert into assets (region_id, school_id, type, status, name, name_key, source, created_at, updated_at)
    select ${school.regionId}, ${school.id}, ${type}, ${status}, ${prefix} || '-' || g, ${prefix} || '-' || g, 'manual', now(), now()
    from generate_series(1, ${n}) g`);
}

/** What the kept counts say against what counting the assets says, both tables, rows at zero left out. */
async function keptAndCounted() {
  const text = (query: ReturnType<typeof sql>) => rows<{ k: string }>(query).then((r) => r.map((x) => x.k));
  return {
    kept: {
      schools: await text(sql`select concat_ws(' ', school_id, region_id, type, status, assets) as k from asset_counts_school where assets <> 0 order by 1`),
      regions: await text(sql`select concat_ws(' ', region_id, type, status, assets) as k from asset_counts_region where assets <> 0 order by 1`),
    },
    counted: {
      schools: await text(
        sql`select concat_ws(' ', school_id, region_id, type, status, count(*)) as k from assets group by school_id, region_id, type, status order by 1`,
      ),
      regions: await text(sql`select concat_ws(' ', region_id, type, status, count(*)) as k from assets group by region_id, type, status order by 1`),
    },
  };
}

async function expectCountsHold() {
  const { kept, counted } = await keptAndCounted();
  expect(kept.schools.length).toBeGreaterThan(0);
  expect(kept).toEqual(counted);
}

let schools: School[];

describe("asset counts kept by triggers", () => {
  it("are filled by the migration from the assets already there", async () => {
    const region = await buildRegion(database.db);
    const zone = await buildZone(database.db, { regionId: region.id });
    schools = [
      await buildSchool(database.db, { regionId: region.id, sectorId: zone.sectorId, zoneId: zone.id }),
      await buildSchool(database.db, { regionId: region.id }),
      await buildSchool(database.db),
    ];
    await insertAssets(schools[0]!, "desktop", "in_service", 7);
    await insertAssets(schools[0]!, "printer", "broken", 2);
    await insertAssets(schools[2]!, "desktop", "in_service", 3);
    // The migration under test first, then whatever later ones there are.
    expect((await migrate(database))[0]).toBe("0011_asset_counts");
    await expectCountsHold();
  });

  it("follow inserts of many rows, status changes, moves between lycées, deletes, and nothing rolled back", async () => {
    const [a, b, c] = schools as [School, School, School];
    await insertAssets(a, "laptop", "in_stock", 40);
    await insertAssets(b, "switch", "in_service", 5);
    await expectCountsHold();

    await database.db.execute(sql`update assets set status = 'retired' where school_id = ${a.id} and type = 'laptop' and name <= 'laptop-2'`);
    await expectCountsHold();
    await database.db.execute(sql`update assets set school_id = ${b.id} where school_id = ${a.id} and type = 'printer'`);
    await expectCountsHold();
    // A move to another region's lycée, with a type change, in the same statement as rows that change nothing.
    await database.db.execute(
      sql`update assets set school_id = ${c.id}, region_id = ${c.regionId}, type = case when name = 'switch-1' then 'router' else type end where school_id = ${b.id} and type = 'switch'`,
    );
    await expectCountsHold();
    await database.db.execute(sql`delete from assets where school_id = ${c.id} and type = 'desktop' and name like 'desktop-1%'`);
    await expectCountsHold();

    const before = await keptAndCounted();
    await expect(
      database.db.transaction(async (tx) => {
        await tx.execute(
          sql`insert into assets (region_id, school_id, type, name, source, created_at, updated_at) values (${a.regionId}, ${a.id}, 'ups', 'ond-1', 'manual', now(), now())`,
        );
        await tx.execute(sql`update assets set status = 'lost' where school_id = ${a.id}`);
        throw new Error("abandoned");
      }),
    ).rejects.toThrow("abandoned");
    expect(await keptAndCounted()).toEqual(before);
  });

  it("are not written by an update that changes no lycée, type nor status (an agent's daily report)", async () => {
    const [a] = schools as [School];
    const version = async () =>
      rows<{ xmin: string }>(sql`select xmin::text from asset_counts_region where region_id = ${a.regionId} and type = 'desktop' and status = 'in_service'`);
    const before = await version();
    expect(before).toHaveLength(1);
    await database.db.execute(sql`update assets set last_inventory_at = now(), name = name || '!' where school_id = ${a.id} and type = 'desktop'`);
    expect(await version()).toEqual(before);
    await expectCountsHold();
  });

  it("hold with writers on several connections at once", async () => {
    const [a, b] = schools as [School, School];
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        database.db.transaction(async (tx) => {
          const school = i % 2 ? a : b;
          await tx.execute(sql`
            insert into assets (region_id, school_id, type, status, name, source, created_at, updated_at)
            select ${school.regionId}, ${school.id}, t, 'in_service', 'conc-' || ${i} || '-' || g, 'manual', now(), now()
            from generate_series(1, 3) g, unnest(array['desktop', 'tablet']) t`);
          await tx.execute(sql`update assets set status = 'broken' where name = ${`conc-${i}-1`}`);
        }),
      ),
    );
    await expectCountsHold();
  });

  it("give the list an exact total past the cap of a count, while a text search still stops at the cap", async () => {
    const big = await buildSchool(database.db);
    await insertAssets(big, "desktop", "in_service", COUNT_CAP + 25, "poste");
    await expectCountsHold();
    const scopes = { all: false, regionIds: [big.regionId], sectorIds: [], zoneIds: [], schoolIds: [], organisationIds: [] };
    const page = { sort: "name", limit: 5, offset: 0 };
    expect(await findAssets(database.db, scopes, {}, page)).toMatchObject({ total: COUNT_CAP + 25, totalExact: true });
    expect(await findAssets(database.db, scopes, { schoolId: big.id, type: "desktop", status: "in_service" }, page)).toMatchObject({
      total: COUNT_CAP + 25,
      totalExact: true,
    });
    expect(await findAssets(database.db, scopes, { status: "broken" }, page)).toMatchObject({ total: 0, totalExact: true });
    expect(await findAssets(database.db, { ...scopes, regionIds: [], schoolIds: [big.id] }, { type: "desktop" }, page)).toMatchObject({
      total: COUNT_CAP + 25,
      totalExact: true,
    });
    expect(await findAssets(database.db, scopes, { q: "poste" }, page)).toMatchObject({ total: COUNT_CAP, totalExact: false });
  });
});
