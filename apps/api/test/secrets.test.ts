import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.ts";
import { SECRET_KEY_FILE, withSecretKey } from "../src/lib/secret-key-file.ts";
import { generateSecretKey, isSealed, parseSecretKey, seal, UnsealError, unseal } from "../src/lib/secrets.ts";

/** The sealing of the secrets Relais keeps for other servers (lib/secrets.ts), and where its key comes from. */
const key = generateSecretKey();
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("seal / unseal", () => {
  it("gives back what was sealed, in a self-describing v1 form that never shows it", () => {
    for (const secret of ["Relais-Demo-2026!", "é€ 日本 \u{1F512}", "x", "a".repeat(500)]) {
      const sealed = seal(key, secret, "ctx");
      expect(sealed).toMatch(/^v1:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]{22}:[A-Za-z0-9_-]+$/);
      if (secret.length > 3) expect(sealed).not.toContain(secret);
      expect(isSealed(sealed)).toBe(true);
      expect(unseal(key, sealed, "ctx")).toBe(secret);
    }
    // A fresh IV each time: the same secret never seals to the same text.
    expect(seal(key, "même", "ctx")).not.toBe(seal(key, "même", "ctx"));
  });

  it("refuses an altered value, another key and another context", () => {
    const sealed = seal(key, "mot de passe", "region:a");
    const [version, iv, tag, ciphertext] = sealed.split(":") as [string, string, string, string];
    const flip = (part: string) => {
      const bytes = Buffer.from(part, "base64url");
      bytes[0] = (bytes[0] ?? 0) ^ 1;
      return bytes.toString("base64url");
    };
    for (const altered of [
      [version, iv, tag, flip(ciphertext)],
      [version, iv, flip(tag), ciphertext],
      [version, flip(iv), tag, ciphertext],
      [version, iv, tag, ciphertext.slice(0, -2)],
    ]) {
      expect(() => unseal(key, altered.join(":"), "region:a")).toThrow(UnsealError);
    }
    expect(() => unseal(generateSecretKey(), sealed, "region:a")).toThrow(UnsealError);
    expect(() => unseal(key, sealed, "region:b")).toThrow(UnsealError);
    expect(() => unseal(key, `v2:${iv}:${tag}:${ciphertext}`, "region:a")).toThrow(UnsealError);
    expect(() => unseal(key, "en clair", "region:a")).toThrow(UnsealError);
  });

  it("tells a clear value from a sealed one", () => {
    expect(isSealed("motdepasse")).toBe(false);
    expect(isSealed("v1:court")).toBe(false);
    expect(isSealed("")).toBe(false);
  });
});

describe("RELAIS_SECRET_KEY", () => {
  it("is read as base64, base64url or hexadecimal, 32 bytes", () => {
    expect(loadConfig({ RELAIS_SECRET_KEY: key.toString("base64") }).secretKey).toEqual(key);
    expect(loadConfig({ RELAIS_SECRET_KEY: key.toString("base64url") }).secretKey).toEqual(key);
    expect(loadConfig({ RELAIS_SECRET_KEY: key.toString("hex") }).secretKey).toEqual(key);
    expect(loadConfig({ RELAIS_SECRET_KEY: ` ${key.toString("hex").toUpperCase()}\n` }).secretKey).toEqual(key);
    expect(loadConfig({}).secretKey).toBeNull();
    expect(loadConfig({ RELAIS_SECRET_KEY: "" }).secretKey).toBeNull();
  });

  it.each([
    ["trop court", Buffer.alloc(16).toString("base64")],
    ["trop long", Buffer.alloc(48, 0xff).toString("base64")],
    ["hexadécimal de 63 chiffres", key.toString("hex").slice(1)],
    ["n'importe quoi", "changez-moi"],
  ])("stops the boot in French when it is malformed (%s)", (_, value) => {
    expect(parseSecretKey(value)).toBeNull();
    expect(() => loadConfig({ RELAIS_SECRET_KEY: value })).toThrow(ConfigError);
    try {
      loadConfig({ RELAIS_SECRET_KEY: value });
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toContain("RELAIS_SECRET_KEY : doit être une clé de 32 octets");
      expect(message).toContain("openssl rand -base64 32");
      // The refusal never repeats the value given.
      expect(message).not.toContain(value);
    }
  });
});

describe("the key of a server without RELAIS_SECRET_KEY", () => {
  const dataDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "relais-key-"));
    dirs.push(dir);
    return dir;
  };

  it("on the embedded database, is generated once into DATA_DIR (0600) and read again on the next start", () => {
    const dir = dataDir();
    const first = withSecretKey(loadConfig({ DATA_DIR: dir })).secretKey;
    expect(first).toHaveLength(32);
    const file = join(dir, SECRET_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(parseSecretKey(readFileSync(file, "utf8"))).toEqual(first);
    expect(withSecretKey(loadConfig({ DATA_DIR: dir })).secretKey).toEqual(first);
    // A key set in the environment wins; the file is left as it is.
    expect(withSecretKey(loadConfig({ DATA_DIR: dir, RELAIS_SECRET_KEY: key.toString("base64") })).secretKey).toEqual(key);
    expect(parseSecretKey(readFileSync(file, "utf8"))).toEqual(first);
  });

  it("refuses to start, in French, on a damaged key file rather than replace it", () => {
    const dir = dataDir();
    writeFileSync(join(dir, SECRET_KEY_FILE), "abîmé\n", { mode: 0o600 });
    expect(() => withSecretKey(loadConfig({ DATA_DIR: dir }))).toThrow(/ne contient pas une clé de 32 octets.*ressaisir/);
    expect(readFileSync(join(dir, SECRET_KEY_FILE), "utf8")).toBe("abîmé\n");
  });

  it("with DATABASE_URL, is none: no file is written", () => {
    const dir = dataDir();
    expect(withSecretKey(loadConfig({ DATA_DIR: dir, DATABASE_URL: "postgres://x@db/relais" })).secretKey).toBeNull();
    expect(() => statSync(join(dir, SECRET_KEY_FILE))).toThrow();
  });
});
