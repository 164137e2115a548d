import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database, prepareSql, queryPreparedRows, queryRows, rowsOf, statementName } from "../src/db/client.ts";
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
});
