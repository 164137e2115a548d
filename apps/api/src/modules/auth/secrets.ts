import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import * as OTPAuth from "otpauth";

/** Argon2id (OWASP parameters: 19 MiB, 2 passes), from a prebuilt binding with no install script. */
const ARGON2ID = 2;
export const hashPassword = (password: string) => hash(password, { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 });
export const verifyPassword = (passwordHash: string, password: string) => verify(passwordHash, password).catch(() => false);

/** A hash of a password nobody knows, so that unknown e-mails cost as much time as known ones. */
let decoyHash: Promise<string> | null = null;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(randomBytes(16).toString("hex"));
  return decoyHash;
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString("base64url");
}

export function sha256(value: string): string {
  return createHash("sha256").update(value).digest("hex");
}

export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export type PasswordCheck = { ok: true } | { ok: false; message: string };

/** At least 12 characters and three kinds among lower case, upper case, digits and symbols. */
export function checkPasswordStrength(password: string, email: string): PasswordCheck {
  if (password.length < 12) return { ok: false, message: "Le mot de passe doit compter au moins 12 caractères." };
  if (password.length > 256) return { ok: false, message: "Le mot de passe doit compter au plus 256 caractères." };
  const kinds = [/[a-z]/, /[A-Z]/, /\d/, /[^a-zA-Z\d]/].filter((re) => re.test(password)).length;
  if (kinds < 3) return { ok: false, message: "Le mot de passe doit mêler au moins trois sortes de caractères : minuscules, majuscules, chiffres, symboles." };
  const local = email.split("@")[0]?.toLowerCase() ?? "";
  if (local.length >= 4 && password.toLowerCase().includes(local)) return { ok: false, message: "Le mot de passe ne doit pas contenir votre adresse e-mail." };
  return { ok: true };
}

/** TOTP per RFC 6238: SHA-1, 6 digits, 30-second steps, one step of drift either way. */
export function totpFor(secretBase32: string, label: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({ issuer: "Relais", label, algorithm: "SHA1", digits: 6, period: 30, secret: OTPAuth.Secret.fromBase32(secretBase32) });
}

export function newTotpSecret(): string {
  return new OTPAuth.Secret({ size: 20 }).base32;
}

/** The time step the code matches (to refuse a replayed code), or null. */
export function matchTotp(secretBase32: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const totp = totpFor(secretBase32, "x");
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  return Math.floor(now.getTime() / 1000 / 30) + delta;
}

export function currentTotpCode(secretBase32: string, now: Date): string {
  return totpFor(secretBase32, "x").generate({ timestamp: now.getTime() });
}
