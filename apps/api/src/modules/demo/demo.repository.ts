import { inArray } from "drizzle-orm";
import type { PgTable } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client.ts";
import { regions } from "../organisation/organisation.schema.ts";

export async function findRegionsByCodes(db: Db, codes: string[]) {
  return db.select({ id: regions.id, code: regions.code, settings: regions.settings }).from(regions).where(inArray(regions.code, codes));
}

/** Rows per INSERT: well under PostgreSQL's 65,535 parameters for our widest table. */
const BATCH = 500;

/** Multi-row inserts, BATCH rows at a time: thousands of rows in a few dozen statements. */
export async function insertInBatches<T extends PgTable>(db: Db, table: T, rows: T["$inferInsert"][]) {
  for (let start = 0; start < rows.length; start += BATCH) {
    await db.insert(table).values(rows.slice(start, start + BATCH));
  }
}
