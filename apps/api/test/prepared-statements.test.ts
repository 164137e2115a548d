import { eq, sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, prepareSql, queryPreparedRows, queryRows, rowsOf, statementName, withValuesInlined } from "../src/db/client.ts";
import { regions } from "../src/db/schema.ts";
import { buildRegion } from "./factories.ts";
import { openTestDatabase } from "./setup.ts";

/**
 * Hot queries (the session lookup, the ticket list, the steering figures) run as statements
 * prepared under a name of their text (docs/PERFORMANCE.md). The name must follow the text and
 * nothing else: the same shape with other parameters reuses it, another text never does.
 */
let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

describe("statements prepared by their text", () => {
  it("are named by the SQL text alone", () => {
    expect(statementName("select $1")).toBe(statementName("select $1"));
    expect(statementName("select $1")).not.toBe(statementName("select $1 + 1"));
    expect(statementName("select $1")).toMatch(/^r[0-9a-f]{24}$/);
  });

  it("answer what the unprepared query answers, for each set of parameters, on the same connection again and again", async () => {
    const shape = (n: number, label: string) => sql`select ${n}::int + g as n, ${label}::text as label from generate_series(1, 3) g`;
    for (let round = 0; round < 8; round++) {
      for (const [n, label] of [
        [round, "un"],
        [round * 10, "deux"],
      ] as const) {
        expect(await queryPreparedRows(database.db, shape(n, label))).toEqual(await queryRows(database.db, shape(n, label)));
      }
    }
    // Inside a transaction too (its own connection).
    await database.db.transaction(async (tx) => {
      expect(await queryPreparedRows<{ n: number }>(tx, shape(1, "tx"))).toEqual([
        { n: 2, label: "tx" },
        { n: 3, label: "tx" },
        { n: 4, label: "tx" },
      ]);
    });
  });

  it("map a prepared select's rows as Drizzle maps them: columns decoded, raw SQL as it comes or through its mapWith", async () => {
    const a = await buildRegion(database.db, {});
    const b = await buildRegion(database.db, {});
    const fields = {
      id: regions.id,
      createdAt: regions.createdAt,
      label: sql<string>`${regions.code} || '!'`,
      length: sql<number>`length(${regions.code})::text`.mapWith(Number),
      nothing: sql<string | null>`null::text`,
    };
    for (const region of [a, b, a]) {
      const query = database.db
        .select(fields)
        .from(regions)
        .where(eq(regions.id, sql.placeholder("id")));
      const prepared = prepareSql(database.db, query.getSQL(), { mapRows: rowsOf(fields) });
      const rows = await prepared.execute({ id: region.id });
      expect(rows).toEqual(await database.db.select(fields).from(regions).where(eq(regions.id, region.id)));
      expect(rows).toEqual([{ id: region.id, createdAt: expect.any(Date), label: `${region.code}!`, length: region.code.length, nothing: null }]);
    }
  });

  it("with their values written in as literals answer what the parameters answer, hostile text included, placeholders still filled per run", async () => {
    const hostile = ["O'Brien", "back\\slash", 'dou"ble', "$1", "', now()); --", "tab\tnew\nline", "é€"];
    const ids = ["6f0f1f2e-1c1d-4e4f-8a8b-9c9d0e0f1a1b", "00000000-0000-4000-8000-000000000000"];
    const shape = (text: string) =>
      sql`select ${text}::text as text, ${sql.param(hostile)}::text[] as list, ${sql.param(ids)}::uuid[] as ids, ${42}::int as n, ${true}::boolean as yes, ${null}::text as nothing,
        ${sql.placeholder("p")}::int + 1 as p, ${sql.param([null, "x"])}::text[] as holes`;
    for (const text of hostile) {
      const inlined = withValuesInlined(new PgDialect().sqlToQuery(shape(text)));
      // Only the placeholder is left as a parameter: the rest is in the text.
      expect(inlined.params).toHaveLength(1);
      expect(inlined.sql).toContain("$1::int");
      const prepared = prepareSql(database.db, shape(text), { inlineValues: true });
      for (const p of [1, 2]) {
        const [row] = ((await prepared.execute({ p })) as { rows: Record<string, unknown>[] }).rows;
        expect(row).toEqual({ text, list: hostile, ids, n: 42, yes: true, nothing: null, p: p + 1, holes: [null, "x"] });
      }
    }
  });
});
