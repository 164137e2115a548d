import { crc32 } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkAttachment, MAX_ATTACHMENT_BYTES, MAX_FILE_NAME_LENGTH, normaliseFileName, sniffMediaType, zipEntryNames } from "./attachments.ts";

const bytes = (text: string, encoding: BufferEncoding = "latin1") => new Uint8Array(Buffer.from(text, encoding));

/** A ZIP with stored entries, as OOXML and ODF writers leave them. */
function zipOf(entries: [string, string][]): Uint8Array {
  const parts: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const content = Buffer.from(text);
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt32LE(crc32(content), 14);
    local.writeUInt32LE(content.length, 18);
    local.writeUInt32LE(content.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    parts.push(local, nameBytes, content);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    directory.push(central, nameBytes);
    offset += 30 + nameBytes.length + content.length;
  }
  const central = Buffer.concat(directory);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(central.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...parts, central, end]));
}

const PDF = bytes("%PDF-1.7\n%%EOF\n");
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const EXE = bytes("MZ\x90\0\x03\0\0\0");

describe("sniffing a file's type from its bytes", () => {
  it("recognises the accepted formats by their signatures", () => {
    expect(sniffMediaType(PDF)).toMatchObject({ allowed: true, mediaType: "application/pdf" });
    expect(sniffMediaType(PNG)).toMatchObject({ allowed: true, mediaType: "image/png" });
    expect(sniffMediaType(bytes("\xff\xd8\xff\xe0\0\x10JFIF"))).toMatchObject({ allowed: true, mediaType: "image/jpeg" });
    expect(sniffMediaType(bytes("GIF89a\x01\0"))).toMatchObject({ allowed: true, mediaType: "image/gif" });
    expect(sniffMediaType(bytes("RIFF\x1a\0\0\0WEBPVP8L"))).toMatchObject({ allowed: true, mediaType: "image/webp" });
    // A RIFF that is not WebP (a WAV sound) is not an image, and not accepted.
    expect(sniffMediaType(bytes("RIFF\x1a\0\0\0WAVEfmt "))).toMatchObject({ allowed: false });
  });

  it("reads text in UTF-8 or in the Windows-1252 of French spreadsheets, and tells a saved mail", () => {
    expect(sniffMediaType(bytes("Numéro;Salle\n1;B12\n", "utf8"))).toMatchObject({ allowed: true, mediaType: "text/plain; charset=utf-8" });
    expect(sniffMediaType(bytes("Numéro;Salle\n1;B12\n"))).toMatchObject({ allowed: true, mediaType: "text/plain; charset=windows-1252" });
    expect(sniffMediaType(bytes("\x1b[31mERREUR\x1b[0m disque plein\r\n"))).toMatchObject({ allowed: true, family: "text" });
    const mail = "From: a@exemple.test\r\nTo: b@exemple.test\r\nSubject: Panne\r\nDate: Tue, 1 Dec 2026 08:00:00 +0100\r\n\r\nBonjour";
    expect(sniffMediaType(bytes(mail))).toMatchObject({ allowed: true, mediaType: "message/rfc822" });
    // "From:" alone in the first line of a note does not make a mail.
    expect(sniffMediaType(bytes("From: le CDI\nLe poste 3 ne démarre plus.", "utf8"))).toMatchObject({ mediaType: "text/plain; charset=utf-8" });
  });

  it("tells OOXML and ODF documents from other ZIP archives, and refuses macros", () => {
    const docx = zipOf([
      ["[Content_Types].xml", "<Types/>"],
      ["word/document.xml", "<w:document/>"],
    ]);
    expect(zipEntryNames(docx)).toEqual(["[Content_Types].xml", "word/document.xml"]);
    expect(sniffMediaType(docx)).toMatchObject({ allowed: true, extension: "docx" });
    expect(
      sniffMediaType(
        zipOf([
          ["[Content_Types].xml", ""],
          ["xl/workbook.xml", ""],
        ]),
      ),
    ).toMatchObject({ allowed: true, extension: "xlsx" });
    expect(
      sniffMediaType(
        zipOf([
          ["[Content_Types].xml", ""],
          ["ppt/presentation.xml", ""],
        ]),
      ),
    ).toMatchObject({ allowed: true, extension: "pptx" });
    expect(
      sniffMediaType(
        zipOf([
          ["mimetype", "application/vnd.oasis.opendocument.spreadsheet"],
          ["content.xml", ""],
        ]),
      ),
    ).toMatchObject({
      allowed: true,
      mediaType: "application/vnd.oasis.opendocument.spreadsheet",
    });
    expect(
      sniffMediaType(
        zipOf([
          ["[Content_Types].xml", ""],
          ["word/document.xml", ""],
          ["word/vbaProject.bin", "x"],
        ]),
      ),
    ).toMatchObject({
      allowed: false,
      label: expect.stringContaining("macros"),
    });
    expect(
      sniffMediaType(
        zipOf([
          ["mimetype", "application/vnd.oasis.opendocument.text"],
          ["Basic/Standard/Module1.xml", ""],
        ]),
      ),
    ).toMatchObject({
      allowed: false,
    });
    expect(sniffMediaType(zipOf([["rapport.pdf", "%PDF-1.4"]]))).toMatchObject({ allowed: false, mediaType: "application/zip" });
    // A truncated archive (its directory cut off) is not read as a document.
    expect(sniffMediaType(docx.subarray(0, docx.length - 30))).toMatchObject({ allowed: false });
  });

  it("names what it refuses: programs, scripts, markup, old Office formats, archives, unknown bytes", () => {
    expect(sniffMediaType(EXE)).toMatchObject({ allowed: false, mediaType: "application/x-msdownload" });
    expect(sniffMediaType(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1]))).toMatchObject({ allowed: false, mediaType: "application/x-executable" });
    expect(sniffMediaType(new Uint8Array([0xcf, 0xfa, 0xed, 0xfe, 7, 0]))).toMatchObject({ allowed: false });
    expect(sniffMediaType(bytes("#!/bin/sh\nrm -rf /\n"))).toMatchObject({ allowed: false, mediaType: "text/x-script" });
    expect(sniffMediaType(bytes('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>'))).toMatchObject({
      allowed: false,
      mediaType: "image/svg+xml",
    });
    expect(sniffMediaType(bytes("  \n<!DOCTYPE html><html><script>x()</script>"))).toMatchObject({ allowed: false, mediaType: "text/html" });
    expect(sniffMediaType(bytes("\ufeff<html><body>", "utf8"))).toMatchObject({ allowed: false, mediaType: "text/html" });
    expect(sniffMediaType(bytes("<?xml version='1.0'?><config/>"))).toMatchObject({ allowed: false, mediaType: "application/xml" });
    expect(sniffMediaType(bytes("{\\rtf1\\ansi Bonjour}"))).toMatchObject({ allowed: false, mediaType: "application/rtf" });
    expect(sniffMediaType(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toMatchObject({ allowed: false });
    expect(sniffMediaType(new Uint8Array([0x1f, 0x8b, 8, 0]))).toMatchObject({ allowed: false });
    expect(sniffMediaType(bytes("Rar!\x1a\x07\0"))).toMatchObject({ allowed: false });
    expect(sniffMediaType(new Uint8Array([0, 1, 2, 3, 0xfe]))).toMatchObject({ allowed: false, mediaType: "application/octet-stream" });
    // UTF-16 text carries NUL bytes: not accepted as text.
    expect(sniffMediaType(bytes("Bonjour", "utf16le"))).toMatchObject({ allowed: false });
  });

  it("keeps a log quoting markup further down as text: only a file opening with markup is markup", () => {
    expect(sniffMediaType(bytes("12:00 bloqué : GET /?q=<script>alert(1)</script>\n", "utf8"))).toMatchObject({ allowed: true, family: "text" });
  });
});

describe("normalising a file name", () => {
  it("drops the path, control and invisible characters, and what Windows refuses", () => {
    expect(normaliseFileName("C:\\Users\\prof\\Bureau\\relevé.pdf")).toBe("relevé.pdf");
    expect(normaliseFileName("../../etc/passwd")).toBe("passwd");
    expect(normaliseFileName("rap\u0000port\u0007\r\n.pdf")).toBe("rapport.pdf");
    expect(normaliseFileName('a<b>c:d"e|f?g*.txt')).toBe("a_b_c_d_e_f_g_.txt");
    expect(normaliseFileName("  ..cache  ")).toBe("cache");
    expect(normaliseFileName("CON.txt")).toBe("_CON.txt");
    expect(normaliseFileName("")).toBe("fichier");
    expect(normaliseFileName("\u0000\u0001")).toBe("fichier");
    expect(normaliseFileName("e\u0301le\u0300ve.pdf")).toBe("élève.pdf");
  });

  it("removes the bidirectional override that shows photo\u202egnp.exe as photoexe.png", () => {
    expect(normaliseFileName("photo\u202egnp.exe")).toBe("photognp.exe");
  });

  it("always gives a non-empty name without path, controls or bidi overrides, within the cap", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 400 }), (raw) => {
        const name = normaliseFileName(raw);
        expect(name.length).toBeGreaterThan(0);
        expect(Array.from(name).length).toBeLessThanOrEqual(MAX_FILE_NAME_LENGTH);
        // biome-ignore lint/suspicious/noControlCharactersInRegex: checking that none is left.
        expect(name).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069/\\<>:"|?*]/);
        expect(name.startsWith(".")).toBe(false);
        expect(normaliseFileName(name)).toBe(name);
      }),
      { numRuns: 500 },
    );
  });

  it("caps the length and keeps the extension", () => {
    const name = normaliseFileName(`${"é".repeat(300)}.pdf`);
    expect(Array.from(name)).toHaveLength(MAX_FILE_NAME_LENGTH);
    expect(name.endsWith(".pdf")).toBe(true);
    expect(Array.from(normaliseFileName("🙂".repeat(200)))).toHaveLength(MAX_FILE_NAME_LENGTH);
  });
});

describe("checking an attachment", () => {
  it("accepts a file whose name and declared type agree with its bytes", () => {
    expect(checkAttachment({ fileName: "devis.pdf", bytes: PDF, declaredType: "application/pdf" })).toEqual({
      ok: true,
      fileName: "devis.pdf",
      mediaType: "application/pdf",
      sizeBytes: PDF.length,
    });
    // Browsers and mail clients often say nothing useful: the bytes decide.
    expect(checkAttachment({ fileName: "devis.pdf", bytes: PDF, declaredType: "application/octet-stream" })).toMatchObject({ ok: true });
    expect(checkAttachment({ fileName: "inventaire.csv", bytes: bytes("a;b\n"), declaredType: "application/vnd.ms-excel" })).toMatchObject({
      ok: true,
      mediaType: "text/csv; charset=utf-8",
    });
    // A PNG saved as .jpg is a harmless mislabel within the images.
    expect(checkAttachment({ fileName: "capture.jpg", bytes: PNG, declaredType: "image/jpeg" })).toMatchObject({ ok: true, mediaType: "image/png" });
  });

  it("gives a name without extension the extension of its type", () => {
    expect(checkAttachment({ fileName: "image001", bytes: PNG })).toMatchObject({ ok: true, fileName: "image001.png" });
  });

  it("refuses an empty file and one over the limit", () => {
    expect(checkAttachment({ fileName: "vide.txt", bytes: new Uint8Array() })).toMatchObject({ ok: false, code: "empty" });
    const big = new Uint8Array(MAX_ATTACHMENT_BYTES + 1);
    big.set(PDF);
    expect(checkAttachment({ fileName: "gros.pdf", bytes: big })).toMatchObject({
      ok: false,
      code: "too_large",
      message: "Le fichier « gros.pdf » pèse 10,1 Mo : une pièce jointe ne dépasse pas 10 Mo.",
    });
    const justRight = new Uint8Array(MAX_ATTACHMENT_BYTES);
    justRight.set(PDF);
    expect(checkAttachment({ fileName: "juste.pdf", bytes: justRight })).toMatchObject({ ok: true });
  });

  it("refuses a disguised file: a program renamed .pdf, SVG or HTML named as an image, a PDF declared as an image", () => {
    expect(checkAttachment({ fileName: "facture.pdf", bytes: EXE, declaredType: "application/pdf" })).toMatchObject({ ok: false, code: "type_refused" });
    expect(checkAttachment({ fileName: "logo.png", bytes: bytes('<svg xmlns="http://www.w3.org/2000/svg"/>') })).toMatchObject({
      ok: false,
      code: "type_refused",
    });
    expect(checkAttachment({ fileName: "photo.jpg", bytes: bytes("<html><script>x()</script></html>") })).toMatchObject({ ok: false, code: "type_refused" });
    expect(checkAttachment({ fileName: "photo.png", bytes: PDF })).toMatchObject({ ok: false, code: "type_mismatch" });
    expect(checkAttachment({ fileName: "notes.txt", bytes: PDF })).toMatchObject({ ok: false, code: "type_mismatch" });
    expect(checkAttachment({ fileName: "devis", bytes: PDF, declaredType: "image/png" })).toMatchObject({ ok: false, code: "type_mismatch" });
    expect(checkAttachment({ fileName: "devis.pdf", bytes: PDF, declaredType: "text/html" })).toMatchObject({ ok: false, code: "type_mismatch" });
  });

  it("refuses a good file under a dangerous extension", () => {
    expect(checkAttachment({ fileName: "devis.pdf.exe", bytes: PDF })).toMatchObject({ ok: false, code: "type_refused" });
    expect(checkAttachment({ fileName: "page.html", bytes: bytes("Bonjour") })).toMatchObject({ ok: false, code: "type_refused" });
  });

  it("says in French what was refused and what is accepted", () => {
    const refusal = checkAttachment({ fileName: "setup.pdf", bytes: EXE });
    expect(refusal.ok).toBe(false);
    if (!refusal.ok)
      expect(refusal.message).toBe(
        "Le fichier « setup.pdf » est refusé : c'est un programme Windows. Types acceptés : PDF, images (PNG, JPEG, GIF, WebP), texte (TXT, CSV, LOG), courriel (EML), documents Office (DOCX, XLSX, PPTX) et OpenDocument (ODT, ODS, ODP).",
      );
  });

  it("serves a saved mail as a message, under .eml", () => {
    const mail = bytes("From: a@exemple.test\r\nDate: Tue, 1 Dec 2026 08:00:00 +0100\r\n\r\nCorps");
    expect(checkAttachment({ fileName: "message.eml", bytes: mail, declaredType: "message/rfc822" })).toMatchObject({ ok: true, mediaType: "message/rfc822" });
    expect(checkAttachment({ fileName: "message", bytes: mail })).toMatchObject({ ok: true, fileName: "message.eml", mediaType: "message/rfc822" });
    expect(checkAttachment({ fileName: "message.txt", bytes: mail })).toMatchObject({ ok: true, mediaType: "text/plain; charset=utf-8" });
  });
});
