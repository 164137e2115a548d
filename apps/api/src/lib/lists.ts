import type { FastifyReply } from "fastify";
import { type CsvColumn, toCsv } from "./csv.ts";

/** Rows exported as CSV at most: a whole region's list, not an unbounded dump. */
export const CSV_MAX_ROWS = 100_000;

export function offsetOf(query: { page: number; pageSize: number }): number {
  return (query.page - 1) * query.pageSize;
}

export function sendCsv<T>(reply: FastifyReply, filename: string, rows: readonly T[], columns: readonly CsvColumn<T>[]) {
  return reply
    .header("content-type", "text/csv; charset=utf-8")
    .header("content-disposition", `attachment; filename="${filename}.csv"`)
    .send(toCsv(rows, columns));
}
