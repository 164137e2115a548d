import { promisify } from "node:util";
import zlib from "node:zlib";

/**
 * How agents put messages on the wire (format notes §3): zlib by default, gzip when Perl lacks
 * Compress::Zlib, raw deflate for some GLPI clients, or plain XML/JSON. The bytes decide, not
 * the header. Inflating stops at a cap, so a zip bomb costs at most that much memory.
 */
export const MAX_COMPRESSED_BYTES = 10 * 1024 * 1024;
export const MAX_INFLATED_BYTES = 64 * 1024 * 1024;

export type Encoding = "zlib" | "gzip" | "deflate" | "plain";

export class WireError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 413,
  ) {
    super(message);
  }
}

const inflaters = {
  zlib: { sync: zlib.inflateSync, async: promisify(zlib.inflate) },
  gzip: { sync: zlib.gunzipSync, async: promisify(zlib.gunzip) },
  deflate: { sync: zlib.inflateRawSync, async: promisify(zlib.inflateRaw) },
};

/**
 * Up to this much is inflated on the calling thread: a 265 KB report (850 packages) inflates in
 * 0.1–0.7 ms there, where the hop to the thread pool and back made it 0.5–3.6 ms on a loaded
 * machine. Past it (a zip bomb, the largest inventories) the body is inflated again in the
 * thread pool, up to MAX_INFLATED_BYTES: the event loop is never held for more than this.
 */
const SYNC_INFLATED_BYTES = 4 * 1024 * 1024;
const isTooLarge = (error: unknown) => (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE";

export function encodingOf(body: Buffer, contentType: string | undefined): Encoding {
  const [a, b] = [body[0], body[1]];
  if (a === 0x1f && b === 0x8b) return "gzip";
  // zlib: CMF 0x78 (deflate, 32K window) and a header checksum that divides by 31.
  if (a === 0x78 && b !== undefined && ((a << 8) | b) % 31 === 0) return "zlib";
  const type = (contentType ?? "").toLowerCase();
  if (type.includes("x-deflate")) return "deflate";
  return "plain";
}

/** Agents' reports compress 15 to 25 times: a chunk of 32 times the body holds most in one piece. */
const inflateChunkSize = (compressed: number) => Math.min(4 * 1024 * 1024, Math.max(64 * 1024, compressed * 32));

export async function decodeBody(body: Buffer, contentType: string | undefined): Promise<{ text: string; encoding: Encoding }> {
  if (body.length > MAX_COMPRESSED_BYTES) throw new WireError("Message trop volumineux.", 413);
  const encoding = encodingOf(body, contentType);
  let raw: Buffer;
  try {
    // Node inflates in chunks of 16 KB by default, each a round trip to the thread pool when
    // asynchronous (a 265 KB report took 1.3–5.8 ms), each a copy when not: one or two chunks sized from the body.
    const chunkSize = inflateChunkSize(body.length);
    if (encoding === "plain") raw = body;
    else {
      const inflater = inflaters[encoding];
      try {
        raw = inflater.sync(body, { maxOutputLength: SYNC_INFLATED_BYTES, chunkSize });
      } catch (error) {
        if (!isTooLarge(error)) throw error;
        raw = await inflater.async(body, { maxOutputLength: MAX_INFLATED_BYTES, chunkSize });
      }
    }
  } catch (error) {
    if (isTooLarge(error)) throw new WireError("Message décompressé trop volumineux (au-delà de 64 Mio).", 413);
    throw new WireError("Message compressé tronqué ou corrompu.", 400);
  }
  if (encoding === "plain" && raw.length > MAX_INFLATED_BYTES) throw new WireError("Message trop volumineux.", 413);
  return { text: raw.toString("utf8"), encoding };
}

/** Replies go back zlib'd at the default level when the request was zlib (FusionInventory reads only `78 9C`), plain otherwise. */
export function encodeReply(text: string, requestEncoding: Encoding, kind: "xml" | "json"): { body: Buffer | string; contentType: string } {
  if (requestEncoding === "zlib") return { body: zlib.deflateSync(Buffer.from(text, "utf8")), contentType: "application/x-compress-zlib" };
  return { body: text, contentType: kind === "xml" ? "application/xml; charset=utf-8" : "application/json; charset=utf-8" };
}
