import { strToU8, zipSync } from "fflate";
import { readZipEntry, type ZipEntry, ZipError, zipEntries } from "./bounded-unzip.ts";
import type { CsvColumn } from "./csv.ts";
import { scanXml, XmlError } from "./xml-scan.ts";

/**
 * XLSX (SpreadsheetML in a ZIP) the way Relais needs it (ADR 0007): one sheet written with a bold,
 * frozen header row, column widths and typed cells; and the first sheet of an uploaded workbook
 * read back as rows of strings, so the CSV import paths take it unchanged.
 */

export const XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

// ——— Writing ———

/** Excel's limit for one cell's text; longer text would make the file "need repair". */
const MAX_CELL_TEXT = 32_767;
const DAY_MS = 86_400_000;
/** Days between Excel's 1900 epoch (as Excel counts it) and 1970-01-01. */
const EPOCH_OFFSET_DAYS = 25_569;
const STYLE = { header: 1, date: 2, dateTime: 3 } as const;

const parisParts = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Paris",
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** An instant as the serial of its wall-clock time in Paris: a spreadsheet has no time zones, and the people reading it are in France. */
function parisSerial(instant: Date): number {
  const part = Object.fromEntries(parisParts.formatToParts(instant).map((p) => [p.type, p.value]));
  const wall = Date.UTC(Number(part.year), Number(part.month) - 1, Number(part.day), Number(part.hour), Number(part.minute), Number(part.second));
  return wall / DAY_MS + EPOCH_OFFSET_DAYS;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 cannot hold these characters; OOXML spells them _xHHHH_.
const NOT_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text as XML character data: escaped, control characters in OOXML's `_xHHHH_` form, lone surrogates replaced. */
function xmlText(text: string): string {
  return text
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, "\uFFFD")
    .replace(/_(x[0-9A-Fa-f]{4}_)/g, "_x005F_$1")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(NOT_IN_XML, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}_`);
}

function columnName(index: number): string {
  let name = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

type Cell = { kind: "empty" } | { kind: "number"; value: number; style?: number } | { kind: "text"; value: string; style?: number };

/** The CSV's value, typed: numbers stay numbers, instants and calendar dates become dates, yes/no reads "oui"/"non" as in the CSV. */
function typedCell(value: unknown): Cell {
  if (value === null || value === undefined) return { kind: "empty" };
  if (typeof value === "number") return Number.isFinite(value) ? { kind: "number", value } : { kind: "empty" };
  if (typeof value === "boolean") return { kind: "text", value: value ? "oui" : "non" };
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? { kind: "empty" } : { kind: "number", value: parisSerial(value), style: STYLE.dateTime };
  const text = String(value);
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (day) {
    const ms = Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3]));
    if (!Number.isNaN(ms)) return { kind: "number", value: ms / DAY_MS + EPOCH_OFFSET_DAYS, style: STYLE.date };
  }
  return { kind: "text", value: text.length > MAX_CELL_TEXT ? `${text.slice(0, MAX_CELL_TEXT - 1)}…` : text };
}

function cellXml(cell: Cell, ref: string): string {
  if (cell.kind === "empty") return "";
  const style = cell.style ? ` s="${cell.style}"` : "";
  if (cell.kind === "number") return `<c r="${ref}"${style}><v>${cell.value}</v></c>`;
  return `<c r="${ref}"${style} t="inlineStr"><is><t xml:space="preserve">${xmlText(cell.value)}</t></is></c>`;
}

function displayWidth(cell: Cell): number {
  if (cell.kind === "empty") return 0;
  if (cell.kind === "number") return cell.style === STYLE.dateTime ? 16 : cell.style === STYLE.date ? 10 : String(cell.value).length;
  return Math.max(...cell.value.split("\n").map((l) => l.length));
}

/** A sheet name Excel takes: no `[]:*?/\`, 31 characters at most, never empty. */
function sheetName(name: string): string {
  const clean = name
    .replace(/[[\]:*?/\\]/g, " ")
    .trim()
    .slice(0, 31);
  return clean || "Feuille1";
}

const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships";
const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

const STYLES_XML = `${XML_HEAD}<styleSheet xmlns="${MAIN_NS}">
<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="dd/mm/yyyy hh:mm"/></numFmts>
<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>`;

/** One sheet: the header row in bold and frozen, then one row per item, with the same columns as the CSV export. */
export function toXlsx<T>(rows: readonly T[], columns: readonly CsvColumn<T>[], options: { sheetName: string }): Uint8Array {
  const widths = columns.map((c) => Math.max(8, c.header.length + 2));
  const lines: string[] = [];
  lines.push(`<row r="1">${columns.map((c, i) => cellXml({ kind: "text", value: c.header, style: STYLE.header }, `${columnName(i)}1`)).join("")}</row>`);
  rows.forEach((row, r) => {
    const cells = columns.map((c, i) => {
      const cell = typedCell(c.value(row));
      widths[i] = Math.max(widths[i] ?? 0, Math.min(60, displayWidth(cell) + 2));
      return cellXml(cell, `${columnName(i)}${r + 2}`);
    });
    lines.push(`<row r="${r + 2}">${cells.join("")}</row>`);
  });
  const last = `${columnName(Math.max(columns.length, 1) - 1)}${rows.length + 1}`;
  const sheet = `${XML_HEAD}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><dimension ref="A1:${last}"/><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>${
    columns.length ? `<cols>${widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join("")}</cols>` : ""
  }<sheetData>${lines.join("")}</sheetData></worksheet>`;
  return zipSync(
    {
      "[Content_Types].xml": strToU8(
        `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`,
      ),
      "_rels/.rels": strToU8(
        `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
      "xl/workbook.xml": strToU8(
        `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets><sheet name="${xmlText(sheetName(options.sheetName))}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
      "xl/_rels/workbook.xml.rels": strToU8(
        `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL_NS}/styles" Target="styles.xml"/></Relationships>`,
      ),
      "xl/styles.xml": strToU8(STYLES_XML),
      "xl/worksheets/sheet1.xml": strToU8(sheet),
    },
    { level: 6, mtime: new Date("2020-01-01T00:00:00Z") },
  );
}

// ——— Reading ———

/** Why an uploaded workbook cannot be read, in French, for the person who sent it. */
export class XlsxError extends Error {}

export type SheetRow = { line: number; cells: string[] };

export const XLSX_LIMITS = {
  /** Uncompressed size of any one part (the sheet's XML is the large one). */
  partBytes: 48 * 1024 * 1024,
  /** Uncompressed size of all the parts read. */
  totalBytes: 64 * 1024 * 1024,
  rows: 100_000,
  columns: 512,
};

/** Built-in number formats that show a date or a time (ECMA-376 §18.8.30). */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57]);

function isDateFormatCode(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, "")
    .replace(/\[[^\]]*\]/g, "")
    .replace(/[\\_*]./g, "");
  return /[dmyhs]/i.test(bare) && !/general/i.test(bare);
}

function serialToText(serial: number, date1904: boolean): string {
  // Excel's 1900 system counts a 29 February 1900 that never was: serials before it are one day early.
  const days = date1904 ? serial + 1462 : serial < 60 ? serial + 1 : serial;
  const date = new Date(Math.round(((days - EPOCH_OFFSET_DAYS) * DAY_MS) / 1000) * 1000);
  if (Number.isNaN(date.getTime())) return String(serial);
  const iso = date.toISOString();
  return date.getTime() % DAY_MS === 0 ? iso.slice(0, 10) : iso.slice(0, 19);
}

/** A number as a person typed it: Excel stores 12,3 as 12.300000000000001 at times. */
function numberText(raw: string): string {
  const value = Number(raw);
  if (!Number.isFinite(value)) return raw;
  return String(Number(value.toPrecision(15)));
}

const decodeEscapes = (text: string) => text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));

function columnIndex(ref: string): number | null {
  const letters = /^([A-Za-z]{1,3})\d*$/.exec(ref)?.[1];
  if (!letters) return null;
  let index = 0;
  for (const c of letters.toUpperCase()) index = index * 26 + (c.charCodeAt(0) - 64);
  return index - 1;
}

class Workbook {
  private readonly entries: Map<string, ZipEntry>;
  private read = 0;
  constructor(private readonly bytes: Uint8Array) {
    this.entries = zipEntries(bytes);
  }
  has(path: string) {
    return this.entries.has(path);
  }
  text(path: string): string {
    const entry = this.entries.get(path);
    if (!entry) throw new XlsxError(`partie ${path} absente`);
    const budget = Math.min(XLSX_LIMITS.partBytes, XLSX_LIMITS.totalBytes - this.read);
    const data = readZipEntry(this.bytes, entry, budget);
    this.read += data.length;
    return new TextDecoder("utf-8").decode(data);
  }
}

/** Targets of a part's relationships, by type's last segment ("worksheet", "styles"…), resolved against the part's folder. */
function relationships(book: Workbook, part: string): Map<string, string> {
  const folder = part.slice(0, part.lastIndexOf("/") + 1);
  const relsPath = `${folder}_rels/${part.slice(folder.length)}.rels`;
  const byId = new Map<string, string>();
  if (!book.has(relsPath)) return byId;
  scanXml(book.text(relsPath), {
    open(name, a) {
      if (name !== "Relationship" || !a.Target || a.TargetMode === "External") return;
      const target = a.Target.startsWith("/") ? a.Target.slice(1) : normalisePath(folder + a.Target);
      byId.set(a.Id ?? "", target);
      const type = (a.Type ?? "").split("/").pop() ?? "";
      if (!byId.has(`type:${type}`)) byId.set(`type:${type}`, target);
    },
  });
  return byId;
}

function normalisePath(path: string): string {
  const out: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "..") out.pop();
    else if (segment !== "." && segment !== "") out.push(segment);
  }
  return out.join("/");
}

function readSharedStrings(xml: string): string[] {
  const strings: string[] = [];
  let current: string[] | null = null;
  let inText = false;
  let phonetic = 0;
  scanXml(xml, {
    open(name) {
      if (name === "si") current = [];
      else if (name === "t") inText = true;
      else if (name === "rPh") phonetic++;
    },
    close(name) {
      if (name === "si" && current) {
        strings.push(decodeEscapes(current.join("")));
        current = null;
      } else if (name === "t") inText = false;
      else if (name === "rPh") phonetic--;
    },
    text(text) {
      if (current && inText && phonetic === 0) current.push(text);
    },
  });
  return strings;
}

/** For each cell style index, whether it shows a date. */
function readDateStyles(xml: string): boolean[] {
  const customDates = new Set<number>();
  const styles: boolean[] = [];
  let inCellXfs = false;
  scanXml(xml, {
    open(name, a) {
      if (name === "numFmt" && isDateFormatCode(a.formatCode ?? "")) customDates.add(Number(a.numFmtId));
      else if (name === "cellXfs") inCellXfs = true;
      else if (name === "xf" && inCellXfs) {
        const id = Number(a.numFmtId ?? 0);
        styles.push(DATE_FORMAT_IDS.has(id) || customDates.has(id));
      }
    },
    close(name) {
      if (name === "cellXfs") inCellXfs = false;
    },
  });
  return styles;
}

function readSheet(xml: string, shared: string[], dateStyles: boolean[], date1904: boolean): SheetRow[] {
  const rows: SheetRow[] = [];
  let row: string[] | null = null;
  let line = 0;
  let column = -1;
  let cell: { type: string; style: number; value: string[]; inline: string[] } | null = null;
  let inValue = false;
  let inInline = false;
  let inText = false;
  let phonetic = 0;
  scanXml(xml, {
    open(name, a) {
      if (name === "row") {
        const r = a.r ? Number(a.r) : line + 1;
        if (!Number.isInteger(r) || r <= line) throw new XlsxError("numéros de ligne de la feuille incohérents");
        line = r;
        row = [];
        column = -1;
      } else if (name === "c" && row) {
        const index = a.r ? columnIndex(a.r) : column + 1;
        if (index === null || index <= column) throw new XlsxError(`référence de cellule « ${a.r} » incohérente`);
        if (index >= XLSX_LIMITS.columns) throw new XlsxError(`plus de ${XLSX_LIMITS.columns} colonnes`);
        column = index;
        cell = { type: a.t ?? "n", style: Number(a.s ?? 0), value: [], inline: [] };
      } else if (name === "v") inValue = true;
      else if (name === "is") inInline = true;
      else if (name === "t") inText = true;
      else if (name === "rPh") phonetic++;
    },
    close(name) {
      if (name === "v") inValue = false;
      else if (name === "is") inInline = false;
      else if (name === "t") inText = false;
      else if (name === "rPh") phonetic--;
      else if (name === "c" && cell && row) {
        row[column] = cellText(cell, shared, dateStyles, date1904);
        cell = null;
      } else if (name === "row" && row) {
        if (row.some((v) => v !== undefined && v.trim() !== "")) {
          if (rows.length >= XLSX_LIMITS.rows) throw new XlsxError(`plus de ${XLSX_LIMITS.rows} lignes`);
          rows.push({ line, cells: Array.from(row, (v) => v ?? "") });
        }
        row = null;
      }
    },
    text(text) {
      if (!cell) return;
      if (inValue) cell.value.push(text);
      else if (inInline && inText && phonetic === 0) cell.inline.push(text);
    },
  });
  return rows;
}

function cellText(
  cell: { type: string; style: number; value: string[]; inline: string[] },
  shared: string[],
  dateStyles: boolean[],
  date1904: boolean,
): string {
  const raw = cell.value.join("").trim();
  switch (cell.type) {
    case "s": {
      const text = shared[Number(raw)];
      if (text === undefined) throw new XlsxError("texte partagé introuvable");
      return text;
    }
    case "inlineStr":
      return decodeEscapes(cell.inline.join(""));
    case "str":
    case "e":
      return decodeEscapes(cell.value.join(""));
    case "b":
      return raw === "1" ? "oui" : raw === "0" ? "non" : raw;
    case "d":
      return raw.replace(/T00:00:00(\.0+)?Z?$/, "");
    default: {
      if (raw === "") return "";
      const value = Number(raw);
      if (dateStyles[cell.style] && Number.isFinite(value)) return serialToText(value, date1904);
      return numberText(raw);
    }
  }
}

/** The first sheet's non-empty rows, cells as strings; line numbers are the sheet's row numbers. Throws XlsxError. */
export function readXlsx(bytes: Uint8Array): SheetRow[] {
  try {
    const book = new Workbook(bytes);
    const workbookPath = relationships(book, "").get("type:officeDocument") ?? "xl/workbook.xml";
    if (!book.has(workbookPath)) throw new XlsxError("ce fichier ZIP n'est pas un classeur Excel (aucun classeur à l'intérieur)");
    let firstSheetId: string | null = null;
    let date1904 = false;
    scanXml(book.text(workbookPath), {
      open(name, a) {
        if (name === "sheet" && firstSheetId === null) firstSheetId = a.id ?? "";
        if (name === "workbookPr") date1904 = a.date1904 === "1" || a.date1904 === "true";
      },
    });
    const rels = relationships(book, workbookPath);
    const sheetPath = (firstSheetId !== null ? rels.get(firstSheetId) : undefined) ?? rels.get("type:worksheet");
    if (!sheetPath || !book.has(sheetPath)) throw new XlsxError("le classeur ne contient aucune feuille");
    const sharedPath = rels.get("type:sharedStrings");
    const shared = sharedPath && book.has(sharedPath) ? readSharedStrings(book.text(sharedPath)) : [];
    const stylesPath = rels.get("type:styles");
    const dateStyles = stylesPath && book.has(stylesPath) ? readDateStyles(book.text(stylesPath)) : [];
    return readSheet(book.text(sheetPath), shared, dateStyles, date1904);
  } catch (error) {
    if (error instanceof XlsxError) throw error;
    if (error instanceof ZipError || error instanceof XmlError) throw new XlsxError(error.message);
    throw new XlsxError("contenu inattendu");
  }
}
