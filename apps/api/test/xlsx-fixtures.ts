import { strToU8, Zip, ZipDeflate, zipSync } from "fflate";

/**
 * Workbooks written by hand for the tests, the way other software writes them (shared strings,
 * date styles, the 1904 calendar), and hostile ones (entities, zip bombs, broken archives).
 */
const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG = "http://schemas.openxmlformats.org/package/2006/relationships";

export function workbookParts(options: {
  sheet: string;
  sharedStrings?: string[];
  styles?: string;
  workbookPr?: string;
  /** Raw text prepended to the sheet part (a DOCTYPE, say). */
  sheetPrologue?: string;
}): Record<string, Uint8Array> {
  const parts: Record<string, Uint8Array> = {
    "[Content_Types].xml": strToU8(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`),
    "_rels/.rels": strToU8(`<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    "xl/workbook.xml": strToU8(
      `<x:workbook xmlns:x="${MAIN}" xmlns:r="${REL}">${options.workbookPr ?? ""}<x:sheets><x:sheet name="Données" sheetId="7" r:id="rId3"/><x:sheet name="Autre" sheetId="8" r:id="rId4"/></x:sheets></x:workbook>`,
    ),
    "xl/_rels/workbook.xml.rels": strToU8(
      `<Relationships xmlns="${PKG}"><Relationship Id="rId4" Type="${REL}/worksheet" Target="worksheets/other.xml"/><Relationship Id="rId3" Type="${REL}/worksheet" Target="/xl/worksheets/data.xml"/><Relationship Id="rId1" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId2" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
    ),
    "xl/worksheets/data.xml": strToU8(`${options.sheetPrologue ?? ""}<worksheet xmlns="${MAIN}"><sheetData>${options.sheet}</sheetData></worksheet>`),
    "xl/worksheets/other.xml": strToU8(
      `<worksheet xmlns="${MAIN}"><sheetData><row r="1"><c t="inlineStr"><is><t>pas celle-ci</t></is></c></row></sheetData></worksheet>`,
    ),
  };
  if (options.sharedStrings) {
    parts["xl/sharedStrings.xml"] = strToU8(`<sst xmlns="${MAIN}">${options.sharedStrings.map((s) => `<si>${s}</si>`).join("")}</sst>`);
  }
  if (options.styles) parts["xl/styles.xml"] = strToU8(`<styleSheet xmlns="${MAIN}">${options.styles}</styleSheet>`);
  return parts;
}

export const zipOf = (parts: Record<string, Uint8Array>) => zipSync(parts);

/** A workbook whose sheet inflates to `megabytes` MiB of blanks, compressed to a few kilobytes, without holding them in memory here. */
export function zipBomb(megabytes: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  const zip = new Zip((error, chunk) => {
    if (error) throw error;
    chunks.push(chunk);
  });
  for (const [name, data] of Object.entries(workbookParts({ sheet: "" }))) {
    if (name === "xl/worksheets/data.xml") continue;
    const file = new ZipDeflate(name);
    zip.add(file);
    file.push(data, true);
  }
  const sheet = new ZipDeflate("xl/worksheets/data.xml", { level: 9 });
  zip.add(sheet);
  const blanks = new Uint8Array(1024 * 1024).fill(0x20);
  for (let i = 0; i < megabytes; i++) sheet.push(blanks, i === megabytes - 1);
  zip.end();
  const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

/** Rewrites an entry's uncompressed size in the central directory, as a forged archive would. */
export function setDeclaredSize(bytes: Uint8Array, name: string, size: number) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const encoded = strToU8(name);
  for (let i = 0; i + 46 < bytes.length; i++) {
    if (view.getUint32(i, true) !== 0x02014b50) continue;
    const nameLength = view.getUint16(i + 28, true);
    const candidate = bytes.subarray(i + 46, i + 46 + nameLength);
    if (candidate.length === encoded.length && candidate.every((b, k) => b === encoded[k])) {
      view.setUint32(i + 24, size, true);
      return;
    }
  }
  throw new Error(`entry ${name} not found`);
}
