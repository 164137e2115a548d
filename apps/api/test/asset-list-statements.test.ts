import type { VisibleScopes } from "@relais/shared/permissions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../src/db/client.ts";
import { assets } from "../src/db/schema.ts";
import { type AssetFilters, assetListSql, findAsset, findAssets } from "../src/modules/inventory/assets.repository.ts";
import { buildRegion, buildSchool, buildZone } from "./factories.ts";
import { inThreeRounds } from "./kept-shapes.ts";
import { openTestDatabase } from "./setup.ts";

/**
 * The asset list keeps one compiled statement per shape (scope kinds, filters, sort) and fills
 * its placeholders per request (docs/PERFORMANCE.md). Every shape, asked again with other
 * values, must answer what the rows say: no value of an earlier request may stick, no two
 * shapes may share a statement.
 */
let database: Database;
type Row = { id: string; regionId: string; schoolId: string; type: "desktop" | "printer"; status: "in_service" | "broken"; name: string };
const rows: Row[] = [];
let world: { regions: string[]; schools: { id: string; regionId: string; sectorId: string | null; zoneId: string | null }[] };

beforeAll(async () => {
  database = await openTestDatabase();
  const regions = [(await buildRegion(database.db, {})).id, (await buildRegion(database.db, {})).id];
  const schools = [];
  for (const regionId of regions) {
    for (let i = 0; i < 2; i++) {
      const zone = await buildZone(database.db, { regionId });
      schools.push(await buildSchool(database.db, { regionId, sectorId: zone.sectorId, zoneId: zone.id }));
    }
  }
  world = { regions, schools };
  const now = new Date("2026-12-01T10:00:00Z");
  let n = 0;
  for (const school of schools) {
    for (let i = 0; i < 6; i++) {
      const row = {
        regionId: school.regionId,
        schoolId: school.id,
        type: i % 2 ? ("printer" as const) : ("desktop" as const),
        status: i % 3 ? ("in_service" as const) : ("broken" as const),
        name: `poste-${String(n++).padStart(3, "0")}`,
      };
      const [inserted] = await database.db
        .insert(assets)
        .values({ ...row, source: "manual", createdAt: now, updatedAt: now })
        .returning({ id: assets.id });
      rows.push({ ...row, id: (inserted as { id: string }).id });
    }
  }
});
afterAll(() => database.close());

const none: VisibleScopes = { all: false, regionIds: [], sectorIds: [], zoneIds: [], schoolIds: [], organisationIds: [] };

function expected(scopes: VisibleScopes, filters: AssetFilters, sort: string, limit: number, offset: number) {
  const schoolOf = new Map(world.schools.map((s) => [s.id, s]));
  const visible = rows.filter((r) => {
    const school = schoolOf.get(r.schoolId);
    const inScope =
      scopes.all ||
      scopes.regionIds.includes(r.regionId) ||
      scopes.schoolIds.includes(r.schoolId) ||
      (school?.sectorId != null && scopes.sectorIds.includes(school.sectorId)) ||
      (school?.zoneId != null && scopes.zoneIds.includes(school.zoneId));
    return (
      inScope &&
      (!filters.schoolId || r.schoolId === filters.schoolId) &&
      (!filters.type || r.type === filters.type) &&
      (!filters.status || r.status === filters.status) &&
      (!filters.q || r.name.includes(filters.q))
    );
  });
  const ordered = [...visible].sort((a, b) => a.name.localeCompare(b.name));
  if (sort === "-name") ordered.reverse();
  return { ids: ordered.slice(offset, offset + limit).map((r) => r.id), total: visible.length };
}

describe("the asset list's statements kept per shape", () => {
  it("answer each request with its own values, shape after shape, again and again", async () => {
    const [a, b] = world.regions as [string, string];
    const [s1, s2, s3] = world.schools as [(typeof world.schools)[0], (typeof world.schools)[0], (typeof world.schools)[0]];
    const cases: [VisibleScopes, AssetFilters, string, number, number][] = [
      [{ ...none, regionIds: [a] }, {}, "name", 50, 0],
      [{ ...none, regionIds: [b] }, {}, "name", 50, 0],
      [{ ...none, regionIds: [a] }, {}, "name", 3, 2],
      [{ ...none, regionIds: [a] }, {}, "name", 25, 3],
      [{ ...none, regionIds: [a] }, {}, "name", 3, 0],
      [{ ...none, regionIds: [b] }, {}, "-name", 25, 0],
      [{ ...none, regionIds: [a, b] }, {}, "-name", 5, 0],
      [{ ...none, regionIds: [b] }, { type: "printer", status: "in_service" }, "name", 50, 0],
      [{ ...none, regionIds: [a] }, { type: "desktop", status: "broken" }, "name", 50, 0],
      [{ ...none, regionIds: [a] }, { schoolId: s2.id }, "name", 50, 0],
      [{ ...none, regionIds: [a] }, { schoolId: s1.id }, "name", 50, 0],
      [{ ...none, schoolIds: [s3.id] }, {}, "name", 50, 0],
      [{ ...none, schoolIds: [s1.id, s3.id] }, {}, "name", 50, 0],
      [{ ...none, sectorIds: [s1.sectorId as string] }, {}, "name", 50, 0],
      [{ ...none, zoneIds: [s3.zoneId as string] }, {}, "name", 50, 0],
      [{ ...none, regionIds: [a], zoneIds: [s3.zoneId as string] }, {}, "name", 50, 0],
      [{ ...none, regionIds: [a, b] }, { q: "poste-01" }, "name", 50, 0],
      [{ ...none, regionIds: [a, b] }, { q: "poste-00" }, "name", 50, 0],
      [{ ...none, all: true }, {}, "name", 50, 0],
      [none, {}, "name", 50, 0],
    ];
    for (const [scopes, filters, sort, limit, offset] of inThreeRounds(cases)) {
      const found = await findAssets(database.db, scopes, filters, { sort, limit, offset });
      const want = expected(scopes, filters, sort, limit, offset);
      expect({ ids: found.items.map((i) => i.id), total: found.total }).toEqual(want);
    }
  });

  it("read every field of a row as Drizzle's own mapping of the asset does", async () => {
    const scopes = { ...none, all: true };
    const { items } = await findAssets(database.db, scopes, {}, { sort: "name", limit: 5, offset: 0 });
    expect(items.length).toBe(5);
    for (const item of items) {
      const { technical: _technical, ...alone } = (await findAsset(database.db, scopes, item.id)) ?? { technical: null };
      expect(item).toEqual(alone);
      expect(item.createdAt).toBeInstanceOf(Date);
    }
  });

  it("give the benchmark's floor the same text and this request's values", () => {
    const [s1, s2] = world.schools as [(typeof world.schools)[0], (typeof world.schools)[0]];
    const scopes = { ...none, regionIds: [s1.regionId] };
    const first = assetListSql(database.db, scopes, { schoolId: s1.id }, { sort: "name", limit: 50, offset: 0 });
    const again = assetListSql(database.db, scopes, { schoolId: s2.id }, { sort: "name", limit: 50, offset: 0 });
    expect(again.page.sql).toBe(first.page.sql);
    expect(first.page.params).toEqual([s1.regionId, s1.id]);
    expect(again.page.params).toEqual([s1.regionId, s2.id]);
    expect(again.count.params).not.toContain(s1.id);
    // The web's page sizes and a first page are written in (one plan kept); any other size or offset is bound.
    expect(first.page.sql).toMatch(/ limit 50 offset 0$/);
    const further = assetListSql(database.db, scopes, { schoolId: s2.id }, { sort: "name", limit: 20, offset: 40 });
    expect(further.page.sql).not.toMatch(/limit 20|offset 40/);
    expect(further.page.params).toEqual([s1.regionId, s2.id, 20, 40]);
    expect(assetListSql(database.db, scopes, {}, { sort: "name", limit: 100, offset: 200 }).page.sql).toMatch(/ limit 100 offset \$\d+$/);
  });
});
