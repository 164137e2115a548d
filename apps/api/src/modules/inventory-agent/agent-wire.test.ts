import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodeBody, WireError } from "./agent-wire.ts";

/** A report-like text of about `bytes` bytes, with accents (the string is then not plain ASCII). */
const textOf = (bytes: number) => `<REQUEST>${"<SOFTWARES><NAME>paquet é</NAME></SOFTWARES>".repeat(Math.ceil(bytes / 44))}</REQUEST>`;

describe("decoding an agent's body", () => {
  it("inflates zlib, gzip and raw deflate bodies to the same text", async () => {
    const text = textOf(265_000);
    const raw = Buffer.from(text, "utf8");
    expect(await decodeBody(zlib.deflateSync(raw), "application/x-compress-zlib")).toEqual({ text, encoding: "zlib" });
    expect(await decodeBody(zlib.gzipSync(raw), "application/x-compress-gzip")).toEqual({ text, encoding: "gzip" });
    expect(await decodeBody(zlib.deflateRawSync(raw), "application/x-deflate")).toEqual({ text, encoding: "deflate" });
    expect(await decodeBody(raw, "application/xml")).toEqual({ text, encoding: "plain" });
  });

  it("inflates a body past what is inflated on the calling thread (4 MiB) in the thread pool, whole", async () => {
    const text = textOf(6 * 1024 * 1024);
    const decoded = await decodeBody(zlib.deflateSync(Buffer.from(text, "utf8")), undefined);
    expect(decoded.text.length).toBe(text.length);
    expect(decoded.text === text).toBe(true);
  });

  it("refuses a body inflating past 64 MiB with 413, a corrupted or truncated one with 400", async () => {
    const bomb = zlib.deflateSync(Buffer.alloc(65 * 1024 * 1024, 0x20));
    await expect(decodeBody(bomb, undefined)).rejects.toMatchObject({ status: 413 });
    const body = zlib.deflateSync(Buffer.from(textOf(100_000), "utf8"));
    await expect(decodeBody(body.subarray(0, body.length >> 1), undefined)).rejects.toMatchObject({ status: 400 });
    const corrupted = Buffer.from(body);
    corrupted.fill(0xff, 10, 40);
    await expect(decodeBody(corrupted, undefined)).rejects.toBeInstanceOf(WireError);
  });
});
