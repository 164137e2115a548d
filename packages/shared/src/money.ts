import { z } from "zod";

/**
 * Money is a whole number of euro cents everywhere (DOMAIN: integer cents). Amounts are only
 * ever multiplied by whole counts or summed, so no rounding happens; where an amount must be
 * shared out, `allocateCents` hands out every cent exactly once.
 */
export type Cents = number;

/** Upper bound for any single amount: 10 million euros, well above any school envelope. */
export const MAX_CENTS = 1_000_000_000;

export const CentsSchema = z
  .number({ error: "Le montant est un nombre de centimes." })
  .int("Le montant est un nombre entier de centimes.")
  .min(0, "Le montant ne peut pas être négatif.")
  .max(MAX_CENTS, "Montant invraisemblable (plus de 10 millions d'euros).");

export function isCents(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

/** rate × count, refusing anything that is not a whole number of cents and a whole count. */
export function multiplyCents(rate: Cents, count: number): Cents {
  if (!Number.isSafeInteger(rate) || !Number.isSafeInteger(count)) throw new RangeError(`multiplyCents: ${rate} × ${count} is not integer`);
  const product = rate * count;
  if (!Number.isSafeInteger(product)) throw new RangeError("multiplyCents: overflow");
  return product;
}

export function sumCents(amounts: readonly Cents[]): Cents {
  let total = 0;
  for (const amount of amounts) {
    if (!Number.isSafeInteger(amount)) throw new RangeError(`sumCents: ${amount} is not integer`);
    total += amount;
  }
  return total;
}

/**
 * Shares `total` cents in proportion to `weights` (largest remainder): the parts always add up
 * to `total`, each part is within one cent of its exact share, and ties go to the earliest weight.
 */
export function allocateCents(total: Cents, weights: readonly number[]): Cents[] {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError("allocateCents: total must be a non-negative integer");
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) throw new RangeError("allocateCents: weights must be non-negative integers");
  const weightSum = weights.reduce((a, b) => a + b, 0);
  if (weightSum === 0) return weights.map(() => 0);
  // BigInt: total × weight can exceed 2^53 for large envelopes and enrolments.
  const parts = weights.map((w) => (BigInt(total) * BigInt(w)) / BigInt(weightSum));
  const remainders = weights.map((w, i) => ({ i, r: (BigInt(total) * BigInt(w)) % BigInt(weightSum) }));
  let left = BigInt(total) - parts.reduce((a, b) => a + b, 0n);
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of remainders) {
    if (left === 0n) break;
    parts[i] = (parts[i] ?? 0n) + 1n;
    left -= 1n;
  }
  return parts.map(Number);
}

const euroFormat = new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR" });

/** "1 234,56 €" (French grouping with a narrow no-break space, as Intl writes it). */
export function formatEuros(cents: Cents): string {
  return euroFormat.format(cents / 100);
}

/**
 * Reads a euro amount typed or imported by a person: "12", "12,5", "12.50", "1 234,56", "12 €".
 * Returns null when it is not an amount with at most two decimals (never rounds a third one).
 */
export function parseEuros(raw: string): Cents | null {
  const text = raw.replace(/[\s\u00a0\u202f]/g, "").replace(/€$/, "");
  const match = /^(\d{1,8})(?:[.,](\d{1,2}))?$/.exec(text);
  if (!match) return null;
  const euros = Number(match[1]);
  const decimals = (match[2] ?? "").padEnd(2, "0");
  return euros * 100 + Number(decimals);
}
