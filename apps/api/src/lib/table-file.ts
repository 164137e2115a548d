import { CsvError, parse } from "csv-parse/sync";
import { z } from "zod";
import { AppError } from "../errors.ts";
import { readXlsx, XlsxError } from "./xlsx.ts";

/**
 * An imported table, CSV or XLSX, told apart by its bytes (ADR 0007), as records of trimmed
 * strings with the line number the person sees (the CSV's line, the sheet's row). Empty lines
 * are skipped in both. A CSV that cannot be parsed is reported like a wrong line (the imports
 * list it with the others); a workbook that cannot be read at all is a 400, and nothing is written.
 */
export type TableRecord = { line: number; record: string[] };
export type TableRead = { ok: true; format: "csv" | "xlsx"; records: TableRecord[] } | { ok: false; line: number; message: string };

/** The file as sent: CSV text, or the file's raw bytes (CSV or XLSX). */
export type TableContent = string | Uint8Array;

/**
 * A file sent to the API: its base64 must fit the API's 1 MiB body limit. An XLSX compresses
 * its text several times over, so this holds more lines than the 900 000 characters of a CSV;
 * the sheet is capped again while inflating (lib/xlsx.ts). The CLI reads larger national files.
 */
export const MAX_UPLOAD_BYTES = 700 * 1024;
/** Any file, whoever reads it: beyond this it is not a table of lycées, items or catalogue lines. */
const MAX_FILE_BYTES = 32 * 1024 * 1024;
const MAX_CSV_CHARS = 900_000;

const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b);
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function unreadable(message: string): AppError {
  return new AppError(
    "validation.failed",
    `Fichier illisible : ${message}. Rien n'a été importé. Enregistrez-le en .xlsx ou en CSV (séparateur « ; ») et recommencez.`,
  );
}

function csvProblem(error: CsvError): string {
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return "un guillemet ouvert n'est jamais refermé.";
    case "CSV_INVALID_CLOSING_QUOTE":
      return "un guillemet fermant est suivi d'autres caractères.";
    default:
      return error.message;
  }
}

/** Bytes that are not XLSX are CSV text: UTF-8, or the Windows-1252 that French spreadsheets still write. */
function csvText(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("windows-1252").decode(bytes);
  }
}

function readCsv(text: string): TableRead {
  try {
    const parsed = parse(text, { delimiter: ";", bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
    return { ok: true, format: "csv", records: parsed.map(({ record, info }) => ({ line: info.lines, record })) };
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    return { ok: false, line: Number((error as CsvError & { lines?: number }).lines ?? 0), message: `Fichier CSV illisible : ${csvProblem(error)}` };
  }
}

export function readTableFile(content: TableContent): TableRead {
  if (typeof content === "string") return readCsv(content);
  if (content.length > MAX_FILE_BYTES) throw new AppError("payload.too_large", `Fichier trop volumineux (${MAX_FILE_BYTES / 1024 / 1024} Mio au plus).`);
  if (startsWith(content, OLE)) throw unreadable("ancien format Excel (.xls) ou classeur protégé par un mot de passe");
  if (!startsWith(content, ZIP)) return readCsv(csvText(content));
  let rows: ReturnType<typeof readXlsx>;
  try {
    rows = readXlsx(content);
  } catch (error) {
    if (error instanceof XlsxError) throw unreadable(error.message);
    throw error;
  }
  // A sheet omits empty trailing cells: every line gets at least the header's width, as in the CSV.
  const width = rows[0]?.cells.length ?? 0;
  const records = rows.map(({ line, cells }) => ({
    line,
    record: Array.from({ length: Math.max(width, cells.length) }, (_, i) => (cells[i] ?? "").trim()),
  }));
  return { ok: true, format: "xlsx", records };
}

/**
 * The body fields of an import: `csv`, the text (as before), or `file`, the file's bytes in
 * base64 (CSV or XLSX, read from its bytes). Exactly one of them.
 */
export const uploadFields = {
  csv: z
    .string()
    .max(MAX_CSV_CHARS, `Fichier trop volumineux (${MAX_CSV_CHARS.toLocaleString("fr-FR")} caractères au plus).`)
    .optional(),
  file: z
    .base64("Fichier attendu en base64.")
    .max(Math.ceil((MAX_UPLOAD_BYTES * 4) / 3) + 4, `Fichier trop volumineux (${MAX_UPLOAD_BYTES / 1024} Kio au plus).`)
    .optional()
    .describe("Contenu du fichier (CSV ou XLSX) en base64"),
};

export function uploadedContent(body: { csv?: string | undefined; file?: string | undefined }): TableContent {
  if (body.file !== undefined && body.csv !== undefined)
    throw new AppError("validation.failed", "Envoyez le fichier une seule fois : csv ou file, pas les deux.");
  if (body.file !== undefined) {
    const bytes = Buffer.from(body.file, "base64");
    if (bytes.length === 0) throw new AppError("validation.failed", "Le fichier est vide.");
    if (bytes.length > MAX_UPLOAD_BYTES) throw new AppError("payload.too_large", `Fichier trop volumineux (${MAX_UPLOAD_BYTES / 1024} Kio au plus).`);
    return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  if (body.csv === undefined || body.csv.trim() === "") throw new AppError("validation.failed", "Le fichier est vide.");
  return body.csv;
}
