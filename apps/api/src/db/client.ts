import { createHash } from "node:crypto";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { Column, type DriverValueDecoder, is, noopDecoder, SQL } from "drizzle-orm";
import { drizzle as drizzlePostgres } from "drizzle-orm/node-postgres";
import { type PgDatabase, PgDialect, type PgQueryResultHKT, type PgSession } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import pg from "pg";
import * as schema from "./schema.ts";

export type Schema = typeof schema;
/** The Drizzle database, or a transaction on it: repositories accept either. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Engine = "pglite" | "postgresql";

/** Raw SQL, for the migrator and the job queue, which speak SQL rather than Drizzle. */
export type SqlExecutor = (text: string, params?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

export type Database = {
  db: Db;
  engine: Engine;
  execute: SqlExecutor;
  /** Runs a multi-statement script without parameters (migrations). */
  executeScript: (script: string) => Promise<void>;
  close: () => Promise<void>;
};

/** PGlite in a data directory, or in memory when dataDir is "memory://" (tests). */
export async function openPglite(dataDir: string): Promise<Database> {
  const client = await PGlite.create(dataDir, { extensions: { pg_trgm } });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    engine: "pglite",
    execute: async (text, params) => {
      const result = await client.query<Record<string, unknown>>(text, params as unknown[] | undefined);
      return { rows: result.rows };
    },
    executeScript: async (script) => {
      try {
        await client.exec(script);
      } catch (error) {
        // A failed script may leave its transaction open on the single connection.
        await client.exec("ROLLBACK").catch(() => {});
        throw error;
      }
    },
    close: () => client.close(),
  };
}

export async function openPostgres(url: string, poolSize: number): Promise<Database> {
  // Idle connections are kept (no idle timeout): a connection opened again costs a PostgreSQL
  // backend whose caches are cold and whose statements must be prepared again, which a request
  // met after a quiet spell paid with 50–120 ms (the pg default closed them after 10 s idle).
  // The pool stays bounded by `poolSize`; idle connections do not keep a process from exiting.
  const pool = new pg.Pool({ connectionString: url, max: poolSize, idleTimeoutMillis: 0, allowExitOnIdle: true });
  // Fail now, with a clear message, rather than on the first request.
  const probe = await pool.connect();
  probe.release();
  const db = drizzlePostgres(pool, { schema }) as unknown as Db;
  return {
    db,
    engine: "postgresql",
    execute: async (text, params) => {
      const result = await pool.query(text, params as unknown[] | undefined);
      return { rows: result.rows };
    },
    executeScript: async (script) => {
      // One dedicated connection, so that a failed script's transaction is rolled back on it.
      const connection = await pool.connect();
      try {
        await connection.query(script);
      } catch (error) {
        await connection.query("ROLLBACK").catch(() => {});
        throw error;
      } finally {
        connection.release();
      }
    },
    close: () => pool.end(),
  };
}

/** Rows of a raw SQL query, typed by the caller (Drizzle's execute() is engine-generic). */
export async function queryRows<T>(db: Db, query: import("drizzle-orm").SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

const dialect = new PgDialect();

/**
 * The name a statement is prepared under: one per SQL text (its parameters vary), so that a
 * connection parses and plans a hot query's shape once, and a different text never reuses a name.
 */
export function statementName(text: string): string {
  return `r${createHash("sha1").update(text).digest("hex").slice(0, 24)}`;
}

/**
 * Rows of a raw SQL query run as a named (prepared) statement: on PostgreSQL each pooled
 * connection parses it once and may keep its plan, as for Drizzle's `.prepare()`. Only for hot
 * queries whose text takes few shapes (the session lookup, the ticket list, the steering
 * figures): every shape stays prepared on every connection.
 */
export async function queryPreparedRows<T>(db: Db, query: import("drizzle-orm").SQL): Promise<T[]> {
  const result = (await prepareSql(db, query).execute()) as { rows: T[] };
  return result.rows;
}

/**
 * Raw SQL compiled once into a prepared query whose placeholders (`sql.placeholder`) are
 * filled at each `execute(values)`: a hot shape can be kept between requests and never
 * compiled again. Named after its text, or unnamed (`named` false: planned for each set of
 * parameters, for statements whose generic plan is bad). With `mapRows`, the rows come as
 * arrays in the select's order and `execute` answers what `mapRows` makes of them; without,
 * it answers the driver's result (`{ rows }`).
 */
export function prepareSql(db: Db, query: import("drizzle-orm").SQL, options: { named?: boolean; mapRows?: (rows: unknown[][]) => unknown } = {}) {
  const compiled = dialect.sqlToQuery(query);
  const session = (db as unknown as { session: PgSession }).session;
  const name = options.named === false ? "" : statementName(compiled.sql);
  return session.prepareQuery(compiled, undefined, name, options.mapRows !== undefined, options.mapRows);
}

/**
 * Rows of a select of `fields` from the driver's arrays (in the select's order), each value
 * through its column's (or its SQL's `mapWith`) decoder: what Drizzle's generic mapper makes of
 * them, without its checks of each field's kind and path on every row. For `prepareSql`'s
 * `mapRows`, on hot lists. Each row is written by generated code as one object literal (its
 * final shape in one allocation, where adding keys one by one grows its storage several times),
 * and a column that hands its value on as it is (text, uuid, boolean) costs no call.
 */
export function rowsOf<Row>(fields: Record<string, unknown>): (rows: unknown[][]) => Row[] {
  const decoders: DriverValueDecoder<unknown, unknown>[] = [];
  const properties = Object.entries(fields).map(([key, field], i) => {
    // An SQL's decoder (its `mapWith`, else the identity) is public at run time, untyped.
    const decoder = is(field, Column) ? field : is(field, SQL) ? (field as unknown as { decoder: DriverValueDecoder<unknown, unknown> }).decoder : null;
    if (!decoder) throw new Error(`rowsOf: ${key} is neither a column nor SQL`);
    const value = `v[${i}]`;
    if (decoder === noopDecoder || decoder.mapFromDriverValue === Column.prototype.mapFromDriverValue) return `${JSON.stringify(key)}: ${value} ?? null`;
    return `${JSON.stringify(key)}: ${value} == null ? null : d[${decoders.push(decoder) - 1}].mapFromDriverValue(${value})`;
  });
  const row = new Function("d", `return (v) => ({ ${properties.join(", ")} });`)(decoders) as (values: unknown[]) => Row;
  return (rows) => rows.map(row);
}
