/**
 * Ticket attachments as pure rules (ADR 0005): the limits, the types the desk accepts, how a
 * type is read from the bytes (never trusted from the sender), and how a file name is made
 * safe to store and to offer for download. No I/O: the API applies these before writing, the
 * web app states the same limits next to the file input.
 */

/** 10 MiB a file: the bytes live in PostgreSQL, which stays the right place at that size (ADR 0005). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** A ticket holds at most this many files and this many bytes in all (repeated mail signatures add up). */
export const MAX_ATTACHMENTS_PER_TICKET = 20;
export const MAX_TICKET_ATTACHMENT_BYTES = 50 * 1024 * 1024;
/** Files sent in one upload (one comment): more go in another. */
export const MAX_FILES_PER_UPLOAD = 5;
/** A comment sent with files, as long as a comment. */
export const MAX_ATTACHMENT_COMMENT_LENGTH = 10_000;
/** Room for a meaningful name, well under the 255 bytes of most file systems even in accented UTF-8. */
export const MAX_FILE_NAME_LENGTH = 120;

/** What the file input says it accepts, and what refusals list. */
export const ACCEPTED_TYPES_LABEL =
  "PDF, images (PNG, JPEG, GIF, WebP), texte (TXT, CSV, LOG), courriel (EML), documents Office (DOCX, XLSX, PPTX) et OpenDocument (ODT, ODS, ODP)";
/** For an `<input type="file" accept=…>`: the browser's hint only, the server decides. */
export const ACCEPTED_EXTENSIONS = [
  ".pdf",
  ".png",
  ".jpg",
  ".jpeg",
  ".gif",
  ".webp",
  ".txt",
  ".csv",
  ".log",
  ".eml",
  ".docx",
  ".xlsx",
  ".pptx",
  ".odt",
  ".ods",
  ".odp",
];

/**
 * Families a name, a declared type and the bytes must agree on. Inside a family a mislabel is
 * harmless (a PNG named .jpg, a spreadsheet named .docx); across families it is a disguise.
 */
export type AttachmentFamily = "pdf" | "image" | "text" | "office";

export type Sniffed =
  | { allowed: true; mediaType: string; family: AttachmentFamily; extension: string; label: string; charset?: string }
  | { allowed: false; mediaType: string; label: string };

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation";
const ODF_TYPES: Record<string, string> = {
  "application/vnd.oasis.opendocument.text": "odt",
  "application/vnd.oasis.opendocument.spreadsheet": "ods",
  "application/vnd.oasis.opendocument.presentation": "odp",
};

const EXTENSION_FAMILIES: Record<string, AttachmentFamily> = {
  pdf: "pdf",
  png: "image",
  jpg: "image",
  jpeg: "image",
  jpe: "image",
  jfif: "image",
  gif: "image",
  webp: "image",
  txt: "text",
  text: "text",
  csv: "text",
  tsv: "text",
  log: "text",
  eml: "text",
  docx: "office",
  xlsx: "office",
  pptx: "office",
  odt: "office",
  ods: "office",
  odp: "office",
};

const FAMILY_LABELS: Record<AttachmentFamily, string> = {
  pdf: "un document PDF",
  image: "une image",
  text: "du texte",
  office: "un document bureautique",
};

const refused = (mediaType: string, label: string): Sniffed => ({ allowed: false, mediaType, label });
const allowed = (mediaType: string, family: AttachmentFamily, extension: string, label: string): Sniffed => ({
  allowed: true,
  mediaType,
  family,
  extension,
  label,
});

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  if (bytes.length < offset + signature.length) return false;
  return signature.every((byte, i) => bytes[offset + i] === byte);
}
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));
const latin1 = (bytes: Uint8Array, start: number, end: number) => String.fromCharCode(...bytes.subarray(start, Math.min(end, bytes.length)));
const u16 = (b: Uint8Array, at: number) => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const u32 = (b: Uint8Array, at: number) => (u16(b, at) | (u16(b, at + 2) << 16)) >>> 0;

/**
 * The names in a ZIP's central directory (no decompression: the directory lists them in
 * clear), or null when the archive is not one we can read (truncated, ZIP64).
 */
export function zipEntryNames(bytes: Uint8Array): string[] | null {
  // The end-of-central-directory record sits in the last 22 bytes plus a comment of up to 64 KiB.
  const floor = Math.max(0, bytes.length - 22 - 0xffff);
  let end = -1;
  for (let at = bytes.length - 22; at >= floor; at--) {
    if (u32(bytes, at) === 0x06054b50) {
      end = at;
      break;
    }
  }
  if (end < 0) return null;
  const count = u16(bytes, end + 10);
  const offset = u32(bytes, end + 16);
  if (count === 0xffff || offset === 0xffffffff || offset >= bytes.length) return null;
  const names: string[] = [];
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || u32(bytes, at) !== 0x02014b50) return null;
    const nameLength = u16(bytes, at + 28);
    const extraLength = u16(bytes, at + 30);
    const commentLength = u16(bytes, at + 32);
    names.push(latin1(bytes, at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

/**
 * OOXML and ODF documents are ZIP archives recognised by what they hold: ODF by its first,
 * uncompressed `mimetype` entry (ODF 1.2 §3.3), OOXML by `[Content_Types].xml` and its main
 * part. Documents carrying macros are refused (a classic way in for malware), and so is any
 * other archive: its content cannot be checked here, and files are joined one by one.
 */
function sniffZip(bytes: Uint8Array): Sniffed {
  if (latin1(bytes, 30, 38) === "mimetype" && u16(bytes, 8) === 0) {
    const nameLength = u16(bytes, 26);
    const extraLength = u16(bytes, 28);
    const size = u32(bytes, 18);
    const start = 30 + nameLength + extraLength;
    const mime = latin1(bytes, start, start + Math.min(size, 100));
    const extension = ODF_TYPES[mime];
    const names = zipEntryNames(bytes) ?? [];
    if (names.some((n) => n.startsWith("Basic/") || n.startsWith("Scripts/"))) return refused(mime, "un document OpenDocument contenant des macros");
    if (extension) return allowed(mime, "office", extension, "un document OpenDocument");
    return refused(mime || "application/zip", "un format OpenDocument non accepté");
  }
  const names = zipEntryNames(bytes);
  if (!names) return refused("application/zip", "une archive ZIP illisible");
  if (names.includes("[Content_Types].xml")) {
    if (names.some((n) => /(^|\/)vbaProject\.bin$/i.test(n)))
      return refused("application/vnd.ms-office.macroEnabled", "un document Office contenant des macros");
    if (names.includes("word/document.xml")) return allowed(DOCX, "office", "docx", "un document Word");
    if (names.includes("xl/workbook.xml")) return allowed(XLSX, "office", "xlsx", "un classeur Excel");
    if (names.includes("ppt/presentation.xml")) return allowed(PPTX, "office", "pptx", "une présentation PowerPoint");
  }
  return refused("application/zip", "une archive (ZIP)");
}

/** Bytes no text file holds: NUL and the C0 controls other than tab, line feeds, form feed and escape (coloured logs). */
function isTextByte(byte: number): boolean {
  return byte >= 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0b || byte === 0x0c || byte === 0x0d || byte === 0x1b;
}

/** Windows-1252 leaves these five bytes undefined: a file holding them is not text in that charset either. */
const CP1252_UNDEFINED = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);

function textCharset(bytes: Uint8Array): "utf-8" | "windows-1252" | null {
  // Indexed loops: a 10 MiB file is read in milliseconds, not the half-second an iterator takes.
  for (let i = 0; i < bytes.length; i++) if (!isTextByte(bytes[i]!)) return null;
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return "utf-8";
  } catch {
    // Not UTF-8: French spreadsheets exported on Windows are often Windows-1252.
  }
  for (let i = 0; i < bytes.length; i++) if (CP1252_UNDEFINED.has(bytes[i]!)) return null;
  return "windows-1252";
}

/** Header names that open a message saved as .eml (RFC 5322), as mail clients write them. */
const MAIL_HEADERS =
  /^(received|return-path|from|to|subject|date|message-id|mime-version|delivered-to|x-[a-z0-9-]+|reply-to|cc|dkim-signature|arc-[a-z-]+|authentication-results)$/;

function looksLikeMail(text: string): boolean {
  const headerBlock = text.split(/\r?\n\r?\n/, 1)[0] ?? "";
  const lines = headerBlock.split(/\r?\n/).filter((line) => !/^[ \t]/.test(line));
  if (lines.length < 2) return false;
  const names = lines.map((line) => /^([A-Za-z0-9-]+):/.exec(line)?.[1]?.toLowerCase());
  if (names.some((name) => name === undefined || !MAIL_HEADERS.test(name))) return false;
  return names.includes("from") && (names.includes("date") || names.includes("received") || names.includes("message-id"));
}

function sniffText(bytes: Uint8Array): Sniffed | null {
  const charset = textCharset(bytes);
  if (!charset) return null;
  const head = new TextDecoder(charset)
    .decode(bytes.subarray(0, 4096))
    .replace(/^\uFEFF/, "")
    .trimStart();
  const lower = head.slice(0, 1024).toLowerCase();
  // A text that opens with markup is refused: a browser or a mail client may run what it holds
  // (script, SVG). Markup further down (a firewall log quoting an attack) is only text, served
  // as such.
  if (lower.startsWith("<")) {
    if (/<svg[\s>]/.test(lower)) return refused("image/svg+xml", "une image SVG (qui peut contenir du script)");
    if (/<(!doctype\s+html|html|head|body|script|iframe|meta|a\s)/.test(lower)) return refused("text/html", "une page HTML");
    return refused("application/xml", "un document XML ou HTML");
  }
  if (lower.startsWith("#!")) return refused("text/x-script", "un script exécutable");
  if (lower.startsWith("{\\rtf")) return refused("application/rtf", "un document RTF");
  if (looksLikeMail(head)) return { allowed: true, mediaType: "message/rfc822", family: "text", extension: "eml", label: "un courriel", charset };
  return { allowed: true, mediaType: `text/plain; charset=${charset}`, family: "text", extension: "txt", label: "du texte", charset };
}

/**
 * The type of a file, read from its bytes alone. Executables, scripts, markup and archives are
 * recognised so that a refusal can say what the file really is.
 */
export function sniffMediaType(bytes: Uint8Array): Sniffed {
  if (startsWith(bytes, ascii("%PDF-"))) return allowed("application/pdf", "pdf", "pdf", "un document PDF");
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return allowed("image/png", "image", "png", "une image PNG");
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return allowed("image/jpeg", "image", "jpg", "une image JPEG");
  if (startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a"))) return allowed("image/gif", "image", "gif", "une image GIF");
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return allowed("image/webp", "image", "webp", "une image WebP");
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return sniffZip(bytes);
  if (startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return refused("application/zip", "une archive (ZIP) vide");
  if (startsWith(bytes, ascii("MZ"))) return refused("application/x-msdownload", "un programme Windows");
  if (startsWith(bytes, [0x7f, 0x45, 0x4c, 0x46])) return refused("application/x-executable", "un programme (ELF)");
  for (const magic of [
    [0xfe, 0xed, 0xfa, 0xce],
    [0xfe, 0xed, 0xfa, 0xcf],
    [0xce, 0xfa, 0xed, 0xfe],
    [0xcf, 0xfa, 0xed, 0xfe],
    [0xca, 0xfe, 0xba, 0xbe],
  ])
    if (startsWith(bytes, magic)) return refused("application/x-mach-binary", "un programme (Mach-O ou Java)");
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))
    return refused("application/x-ole-storage", "un ancien format Office (DOC, XLS, PPT), qui peut porter des macros");
  if (startsWith(bytes, ascii("Rar!")) || startsWith(bytes, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]) || startsWith(bytes, [0x1f, 0x8b]))
    return refused("application/x-archive", "une archive compressée");
  return sniffText(bytes) ?? refused("application/octet-stream", "un type de fichier non reconnu");
}

/** The family a sender's declared type claims, or null when it claims nothing useful (octet-stream, unknown). */
export function declaredFamily(declaredType: string | null | undefined): AttachmentFamily | "other" | null {
  const type = (declaredType ?? "").split(";")[0]!.trim().toLowerCase();
  if (!type || type === "application/octet-stream" || type === "binary/octet-stream" || type.includes("download") || type === "application/unknown")
    return null;
  // Windows browsers declare CSV files as Excel's: the bytes decide.
  if (type === "application/vnd.ms-excel") return null;
  if (type === "application/pdf" || type === "application/x-pdf") return "pdf";
  if (["image/png", "image/jpeg", "image/jpg", "image/pjpeg", "image/gif", "image/webp"].includes(type)) return "image";
  if (["text/plain", "text/csv", "text/x-log", "text/tab-separated-values", "application/csv", "message/rfc822", "text/x-csv"].includes(type)) return "text";
  if (
    type.startsWith("application/vnd.openxmlformats-officedocument.") ||
    type.startsWith("application/vnd.oasis.opendocument.") ||
    type === "application/zip" ||
    type === "application/x-zip-compressed"
  )
    return "office";
  return "other";
}

/** The extension of a name, lower-cased, or null. */
export function extensionOf(fileName: string): string | null {
  const match = /\.([A-Za-z0-9]{1,10})$/.exec(fileName);
  return match ? match[1]!.toLowerCase() : null;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// Controls, bidirectional overrides (which make "photo‮gnp.exe" read as "photoexe.png") and invisible characters.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i;

/**
 * A file name safe to store and to offer for download: no path, no control or invisible
 * characters, none of the characters Windows refuses, no leading dot (hidden file), at most
 * MAX_FILE_NAME_LENGTH characters with its extension kept.
 */
export function normaliseFileName(raw: string): string {
  let name = raw.replace(LONE_SURROGATE, "\uFFFD").normalize("NFC");
  name = name.split(/[/\\]/).pop() ?? "";
  name = name
    .replace(INVISIBLE, "")
    .replace(/[<>:"|?*]/g, "_")
    .replace(/\s+/g, " ")
    .replace(/^[\s.]+|[\s.]+$/g, "");
  if (WINDOWS_RESERVED.test(name)) name = `_${name}`;
  if (!name) name = "fichier";
  const chars = Array.from(name);
  if (chars.length <= MAX_FILE_NAME_LENGTH) return name;
  const extension = extensionOf(name);
  const suffix = extension ? `.${extension}` : "";
  const stem = Array.from(name.slice(0, name.length - suffix.length));
  return `${stem
    .slice(0, MAX_FILE_NAME_LENGTH - suffix.length)
    .join("")
    .trimEnd()}${suffix}`;
}

export type AttachmentRefusal = { ok: false; code: "empty" | "too_large" | "type_refused" | "type_mismatch"; message: string };
export type AttachmentCheck = { ok: true; fileName: string; mediaType: string; sizeBytes: number } | AttachmentRefusal;

/** Rounded up to a tenth: a file one byte over 10 Mo reads "10,1 Mo", never "10 Mo". */
const formatMiB = (bytes: number) => `${Math.ceil((bytes / (1024 * 1024)) * 10) / 10} Mo`.replace(".", ",");

/**
 * Whether a file may be joined to a ticket, and under which name and type: not empty, within
 * MAX_ATTACHMENT_BYTES, of an accepted type read from its bytes, and with a name (extension)
 * and a declared type that agree with those bytes. A name without extension gets the one of
 * its type, so the downloaded file opens with the right program.
 */
export function checkAttachment(input: { fileName: string; bytes: Uint8Array; declaredType?: string | null }): AttachmentCheck {
  let fileName = normaliseFileName(input.fileName);
  const size = input.bytes.length;
  if (size === 0) return { ok: false, code: "empty", message: `Le fichier « ${fileName} » est vide : rien à joindre.` };
  if (size > MAX_ATTACHMENT_BYTES)
    return {
      ok: false,
      code: "too_large",
      message: `Le fichier « ${fileName} » pèse ${formatMiB(size)} : une pièce jointe ne dépasse pas ${formatMiB(MAX_ATTACHMENT_BYTES)}.`,
    };
  const sniffed = sniffMediaType(input.bytes);
  if (!sniffed.allowed)
    return {
      ok: false,
      code: "type_refused",
      message: `Le fichier « ${fileName} » est refusé : c'est ${sniffed.label}. Types acceptés : ${ACCEPTED_TYPES_LABEL}.`,
    };
  const extension = extensionOf(fileName);
  const claimed = extension ? EXTENSION_FAMILIES[extension] : undefined;
  if (extension && !claimed) {
    return {
      ok: false,
      code: "type_refused",
      message: `Le fichier « ${fileName} » est refusé : l'extension .${extension} n'est pas acceptée. Types acceptés : ${ACCEPTED_TYPES_LABEL}.`,
    };
  }
  const declared = declaredFamily(input.declaredType);
  const disguise = claimed && claimed !== sniffed.family ? claimed : declared && declared !== sniffed.family ? declared : null;
  if (disguise) {
    const expected = disguise === "other" ? `le type déclaré (${String(input.declaredType).slice(0, 60)})` : FAMILY_LABELS[disguise];
    return {
      ok: false,
      code: "type_mismatch",
      message: `Le fichier « ${fileName} » n'est pas ce que son nom ou son type annonce : son contenu est ${sniffed.label}, pas ${expected}. Joignez le bon fichier, sous son vrai nom.`,
    };
  }
  if (!extension) fileName = normaliseFileName(`${fileName}.${sniffed.extension}`);
  let mediaType = sniffed.mediaType;
  // The bytes say "text"; the name says which text.
  if (sniffed.family === "text" && (extension === "csv" || extension === "tsv")) mediaType = mediaType.replace("text/plain", "text/csv");
  // A saved mail is served as a message (mail clients open it); headers or not, it is text.
  if (sniffed.family === "text" && extension === "eml") mediaType = "message/rfc822";
  if (mediaType === "message/rfc822" && extension && extension !== "eml") mediaType = `text/plain; charset=${sniffed.charset ?? "utf-8"}`;
  return { ok: true, fileName, mediaType, sizeBytes: size };
}
