import { PAGE_SIZES } from "@relais/shared/lists";
import { type Column, type SQL, sql } from "drizzle-orm";
import { CSV_MAX_ROWS } from "../lib/lists.ts";
import type { Db } from "./client.ts";

/**
 * Hot reads (the lists, the steering) compile each shape of their statement once and keep it
 * per database handle: a request works out its shape's key and its values, and fills the kept
 * statement's placeholders (`sql.placeholder`). Drizzle then neither builds nor compiles the
 * statement on every request, and, prepared under a name of its text, PostgreSQL parses it
 * once per connection.
 */

/**
 * How a condition takes a value: as a parameter of this statement (`sql.param`), or as a named
 * placeholder of a statement kept per shape, recording the value to fill.
 */
export type Bind = (name: string, value: unknown) => SQL;

export const asParam: Bind = (_name, value) => sql`${sql.param(value)}`;

/**
 * One id as an equality, several as `= any`: with an equality the planner knows the column is
 * constant and walks an index on (region, name, id) in the list's order, where `= any` of a
 * one-element array made it read a region's million assets and sort them. The two forms
 * bind differently named values, so that a statement's shape shows in the names it binds.
 */
export function oneOf(column: Column, ids: readonly string[], name: string, bind: Bind): SQL {
  const distinct = [...new Set(ids)];
  return distinct.length === 1 ? sql`${column} = ${bind(name, distinct[0])}::uuid` : sql`${column} = any(${bind(`${name}s`, distinct)}::uuid[])`;
}

/** A binder to placeholders and the values it recorded, in the order they were bound. */
export function placeholders(): { bind: Bind; values: Record<string, unknown> } {
  const values: Record<string, unknown> = {};
  return {
    values,
    bind: (name, value) => {
      values[name] = value;
      return sql`${sql.placeholder(name)}`;
    },
  };
}

/**
 * A kept statement for each shape, at most `max` per database handle (shapes are few; the
 * bound only keeps a misuse from growing the map without end).
 */
export function keptStatements<T>(max: number): (db: Db, key: string, build: () => T) => T {
  const byDb = new WeakMap<Db, Map<string, T>>();
  return (db, key, build) => {
    let byShape = byDb.get(db);
    if (!byShape) {
      byShape = new Map();
      byDb.set(db, byShape);
    }
    let kept = byShape.get(key);
    if (kept === undefined) {
      if (byShape.size >= max) byShape.clear();
      kept = build();
      byShape.set(key, kept);
    }
    return kept;
  };
}

/**
 * Limits written into a page's text rather than bound: the web's page sizes and the export's.
 * With `limit $n` PostgreSQL cannot cost a plan made once for every value (it assumes a tenth
 * of the rows) and plans each page anew, 0.3–0.7 ms of a 1–2 ms list request; with the limit
 * known, and a first page's offset written as 0, it keeps one plan. Other sizes and offsets
 * stay placeholders, so that the texts, each prepared on every pooled connection, stay few.
 */
const WRITTEN_LIMITS: ReadonlySet<number> = new Set([...PAGE_SIZES, CSV_MAX_ROWS]);

/** A page's `limit … offset …`, and what of it the shape's key must tell apart. */
export function limitOffset(page: { limit: number; offset: number }, bind: Bind): { sql: SQL; key: string } {
  const limitWritten = WRITTEN_LIMITS.has(page.limit);
  const limit = limitWritten ? sql.raw(String(page.limit)) : bind("limit", page.limit);
  const offset = page.offset === 0 ? sql.raw("0") : bind("offset", page.offset);
  return { sql: sql`limit ${limit} offset ${offset}`, key: `${limitWritten ? page.limit : ""}/${page.offset === 0 ? 0 : ""}` };
}
