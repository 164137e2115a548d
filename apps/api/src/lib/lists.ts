import type { FastifyReply } from "fastify";
import { type CsvColumn, toCsv } from "./csv.ts";
import { toXlsx, XLSX_MEDIA_TYPE } from "./xlsx.ts";

/** Rows exported as CSV or XLSX at most: a whole region's list, not an unbounded dump. */
export const CSV_MAX_ROWS = 100_000;

export function offsetOf(query: { page: number; pageSize: number }): number {
  return (query.page - 1) * query.pageSize;
}

/** A list as a file to download: the same columns in CSV (French spreadsheets) or XLSX (typed cells). */
export function sendTable<T>(reply: FastifyReply, filename: string, rows: readonly T[], columns: readonly CsvColumn<T>[], format: "csv" | "xlsx") {
  if (format === "xlsx") {
    return reply
      .header("content-type", XLSX_MEDIA_TYPE)
      .header("content-disposition", `attachment; filename="${filename}.xlsx"`)
      .send(Buffer.from(toXlsx(rows, columns, { sheetName: filename })));
  }
  return reply
    .header("content-type", "text/csv; charset=utf-8")
    .header("content-disposition", `attachment; filename="${filename}.csv"`)
    .send(toCsv(rows, columns));
}
