import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/**
 * Sealing of the short secrets Relais must give back to another server (a desk mailbox's IMAP
 * password): AES-256-GCM under the platform's key (RELAIS_SECRET_KEY), so that the database and
 * its backups hold nothing usable without the key. Passwords Relais only checks are hashed
 * elsewhere (argon2); this is for the ones it has to send.
 *
 * A sealed value describes itself: `v1:<iv>:<tag>:<ciphertext>`, each part base64url. The
 * version names the algorithm and the layout, so a later format can be read beside this one.
 * The `context` (what the secret is and whose it is) is authenticated with it but not stored:
 * a sealed value copied to another row, or another use, does not open.
 */
export const SECRET_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const SEALED_V1 = /^v1:([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{22}):([A-Za-z0-9_-]*)$/;

/** A sealed value that does not open: another key, altered bytes, or another context. */
export class UnsealError extends Error {}

export function seal(key: Buffer, plaintext: string, context: string): string {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(":");
}

export function unseal(key: Buffer, sealed: string, context: string): string {
  assertKey(key);
  const parts = SEALED_V1.exec(sealed);
  if (!parts) throw new UnsealError("valeur chiffrée illisible (format inconnu)");
  const [, iv, tag, ciphertext] = parts as unknown as [string, string, string, string];
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, "utf8"));
    decipher.setAuthTag(Buffer.from(tag, "base64url"));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch (error) {
    throw new UnsealError("valeur chiffrée impossible à ouvrir avec cette clé (clé différente ou valeur altérée)", { cause: error });
  }
}

/** Is this a sealed value (of a format this version reads), rather than a secret stored in clear? */
export function isSealed(value: string): boolean {
  return SEALED_V1.test(value);
}

export function generateSecretKey(): Buffer {
  return randomBytes(SECRET_KEY_BYTES);
}

/** A key written as 64 hexadecimal digits or as base64 / base64url (44 characters, or 43 unpadded); null otherwise. */
export function parseSecretKey(text: string): Buffer | null {
  const value = text.trim();
  let key: Buffer;
  if (/^[0-9a-fA-F]{64}$/.test(value)) key = Buffer.from(value, "hex");
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) key = Buffer.from(value.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  else return null;
  return key.length === SECRET_KEY_BYTES ? key : null;
}

function assertKey(key: Buffer) {
  if (key.length !== SECRET_KEY_BYTES) throw new Error(`secret key must be ${SECRET_KEY_BYTES} bytes`);
}
