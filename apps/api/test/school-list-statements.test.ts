import type { VisibleScopes } from "@relais/shared/permissions";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../src/db/client.ts";
import { findSchools, type SchoolFilters } from "../src/modules/organisation/schools.repository.ts";
import { buildRegion, buildSchool, buildZone } from "./factories.ts";
import { inThreeRounds } from "./kept-shapes.ts";
import { openTestDatabase } from "./setup.ts";

/**
 * The schools directory keeps one compiled statement per shape (scope kinds, filters, sort,
 * page clause) and fills its placeholders per request (db/kept-statements.ts). Every shape,
 * asked again with other values, must answer what the rows say: no value of an earlier request
 * may stick, no two shapes may share a statement.
 */
let database: Database;
type School = Awaited<ReturnType<typeof buildSchool>>;
let schools: School[];
let regions: string[];

beforeAll(async () => {
  database = await openTestDatabase();
  regions = [(await buildRegion(database.db)).id, (await buildRegion(database.db)).id];
  schools = [];
  let n = 0;
  for (const regionId of regions) {
    for (let z = 0; z < 2; z++) {
      const zone = await buildZone(database.db, { regionId });
      for (let i = 0; i < 4; i++) {
        const place = { regionId, sectorId: zone.sectorId, zoneId: zone.id };
        const type = i % 2 ? "LP" : "LEGT";
        schools.push(await buildSchool(database.db, { ...place, type, name: `Lycée ${String(n).padStart(2, "0")}`, commune: n % 3 ? "Paris" : "Nice" }));
        n++;
      }
    }
  }
});
afterAll(() => database.close());

const none: VisibleScopes = { all: false, regionIds: [], sectorIds: [], zoneIds: [], schoolIds: [], organisationIds: [] };

function expected(scopes: VisibleScopes, filters: SchoolFilters, sort: string, limit: number, offset: number) {
  const visible = schools.filter(
    (s) =>
      (scopes.all ||
        scopes.regionIds.includes(s.regionId) ||
        scopes.schoolIds.includes(s.id) ||
        (s.sectorId !== null && scopes.sectorIds.includes(s.sectorId)) ||
        (s.zoneId !== null && scopes.zoneIds.includes(s.zoneId))) &&
      (!filters.type || s.type === filters.type) &&
      (!filters.zoneId || s.zoneId === filters.zoneId) &&
      (!filters.q || `${s.name} ${s.uai} ${s.commune}`.toLowerCase().includes(filters.q.toLowerCase())),
  );
  const ordered = [...visible].sort((a, b) => a.name.localeCompare(b.name));
  if (sort === "-name") ordered.reverse();
  return { ids: ordered.slice(offset, offset + limit).map((s) => s.id), total: visible.length };
}

describe("the schools directory's statements kept per shape", () => {
  it("answer each request with its own values, shape after shape, again and again", async () => {
    const [a, b] = regions as [string, string];
    const [s0, s5, s9] = [schools[0]!, schools[5]!, schools[9]!];
    const cases: [VisibleScopes, SchoolFilters, string, number, number][] = [
      [{ ...none, regionIds: [a] }, {}, "name", 50, 0],
      [{ ...none, regionIds: [b] }, {}, "name", 50, 0],
      [{ ...none, regionIds: [a] }, {}, "name", 3, 2],
      [{ ...none, regionIds: [b] }, {}, "name", 25, 3],
      [{ ...none, regionIds: [a, b] }, {}, "-name", 5, 0],
      [{ ...none, regionIds: [a] }, { type: "LP" }, "name", 50, 0],
      [{ ...none, regionIds: [b] }, { type: "LEGT" }, "name", 50, 0],
      [{ ...none, regionIds: [a, b] }, { zoneId: s9.zoneId! }, "name", 50, 0],
      [{ ...none, schoolIds: [s0.id] }, {}, "name", 50, 0],
      [{ ...none, schoolIds: [s0.id, s9.id] }, {}, "name", 50, 0],
      [{ ...none, sectorIds: [s5.sectorId!] }, {}, "name", 50, 0],
      [{ ...none, zoneIds: [s9.zoneId!] }, {}, "name", 50, 0],
      [{ ...none, regionIds: [a], zoneIds: [s9.zoneId!] }, {}, "name", 50, 0],
      [{ ...none, regionIds: [a, b] }, { q: "nice" }, "name", 50, 0],
      [{ ...none, regionIds: [a, b] }, { q: "lycée 1" }, "name", 50, 0],
      [{ ...none, all: true }, {}, "name", 50, 0],
      [none, {}, "name", 50, 0],
    ];
    for (const [scopes, filters, sort, limit, offset] of inThreeRounds(cases)) {
      const found = await findSchools(database.db, scopes, filters, { sort, limit, offset });
      const want = expected(scopes, filters, sort, limit, offset);
      expect({ ids: found.items.map((s) => s.id), total: found.total }, JSON.stringify([scopes, filters, sort, limit, offset])).toEqual(want);
    }
  });
});
