import { sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { describe, expect, it } from "vitest";
import { inRegions, regionIdsOf, regionUuids } from "../src/modules/tickets/ticket-scope.ts";

/**
 * Region ids are written into the statements' text (so PostgreSQL plans knowing the region):
 * only well-formed ids may go there, each once.
 */
const compile = (query: ReturnType<typeof regionUuids>) => new PgDialect().sqlToQuery(query);
const a = "6f0f1f2e-1c1d-4e4f-8a8b-9c9d0e0f1a1b";
const b = "00000000-0000-4000-8000-000000000000";

describe("region ids in a statement's text", () => {
  it("are a uuid[] literal, each id once, with no parameter", () => {
    expect(compile(regionUuids([a, b, a]))).toEqual({ sql: `'{${a},${b}}'::uuid[]`, params: [] });
    expect(compile(inRegions(sql`r.id`, { every: true, ids: [b] }))).toEqual({ sql: `r.id <> all('{${b}}'::uuid[])`, params: [] });
    expect(compile(regionIdsOf({ every: false, ids: [a] }))).toEqual({ sql: `select unnest('{${a}}'::uuid[]) as id`, params: [] });
  });

  it("refuse anything that is not a uuid, quotes and braces first", () => {
    for (const bad of [`${a}'); drop table tickets; --`, `${a},${b}`, "{}", "", `${a}}`]) {
      expect(() => regionUuids([bad])).toThrow(/not a uuid/);
    }
  });
});
