import { Inflate } from "fflate";

/**
 * Reading chosen entries of an uploaded ZIP without trusting it (ADR 0007): the central
 * directory lists the entries, only the ones asked for are inflated, and inflating stops as
 * soon as an entry grows past its cap, whatever size the archive declares (a zip bomb stops at
 * the cap instead of filling memory). No ZIP64, no encryption: an XLSX that needs either is
 * far beyond what Relais imports.
 */
export class ZipError extends Error {}

export type ZipEntry = { name: string; method: number; flags: number; compressedSize: number; size: number; localOffset: number };

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** Fed to the inflater this many bytes at a time, so one step expands to ~1 MiB at most (deflate tops out near 1032:1). */
const INFLATE_STEP = 1024;
const MAX_ENTRIES = 10_000;

export function zipEntries(bytes: Uint8Array): Map<string, ZipEntry> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end-of-central-directory record sits in the last 22 + 65 535 (comment) bytes.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new ZipError("archive ZIP tronquée ou abîmée (fin d'archive introuvable)");
  const count = view.getUint16(eocd + 10, true);
  const directorySize = view.getUint32(eocd + 12, true);
  const directoryOffset = view.getUint32(eocd + 16, true);
  if (count === 0xffff || directoryOffset === 0xffffffff) throw new ZipError("archive ZIP64 non prise en charge");
  if (count > MAX_ENTRIES) throw new ZipError("archive ZIP de trop nombreuses entrées");
  if (directoryOffset + directorySize > eocd) throw new ZipError("répertoire de l'archive ZIP hors du fichier");
  const entries = new Map<string, ZipEntry>();
  const decoder = new TextDecoder("utf-8");
  let at = directoryOffset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > eocd || view.getUint32(at, true) !== CENTRAL) throw new ZipError("répertoire de l'archive ZIP abîmé");
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    if (at + 46 + nameLength > eocd) throw new ZipError("répertoire de l'archive ZIP abîmé");
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    entries.set(name, {
      name,
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      localOffset: view.getUint32(at + 42, true),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The entry's bytes, inflated; a ZipError past `maxBytes` of output or on any inconsistency. */
export function readZipEntry(bytes: Uint8Array, entry: ZipEntry, maxBytes: number): Uint8Array {
  if (entry.flags & 1) throw new ZipError("archive chiffrée (protégée par un mot de passe)");
  if (entry.size > maxBytes) throw new ZipError("contenu décompressé trop volumineux");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const local = entry.localOffset;
  if (local + 30 > bytes.length || view.getUint32(local, true) !== LOCAL) throw new ZipError("entrée de l'archive ZIP abîmée");
  const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw new ZipError("entrée de l'archive ZIP tronquée");
  const data = bytes.subarray(start, end);
  if (entry.method === 0) return data;
  if (entry.method !== 8) throw new ZipError("méthode de compression inconnue");

  const chunks: Uint8Array[] = [];
  let total = 0;
  let finished = false;
  const inflater = new Inflate((chunk, final) => {
    total += chunk.length;
    if (total > maxBytes) throw new ZipError("contenu décompressé trop volumineux");
    chunks.push(chunk);
    if (final) finished = true;
  });
  try {
    for (let offset = 0; offset < data.length; offset += INFLATE_STEP) {
      inflater.push(data.subarray(offset, offset + INFLATE_STEP), offset + INFLATE_STEP >= data.length);
    }
    if (data.length === 0) inflater.push(new Uint8Array(0), true);
  } catch (error) {
    if (error instanceof ZipError) throw error;
    throw new ZipError("données compressées invalides");
  }
  if (!finished) throw new ZipError("données compressées tronquées");
  const out = new Uint8Array(total);
  let position = 0;
  for (const chunk of chunks) {
    out.set(chunk, position);
    position += chunk.length;
  }
  return out;
}
