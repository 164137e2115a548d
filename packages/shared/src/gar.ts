import { parisDateOf } from "./campaign-windows.ts";

/**
 * The GAR follow-up (seed 001, "Affectation des ressources"): every year on 15 August all
 * resource-to-user links are reset and the school's RESP-AFFECT-GAR assigns everything again;
 * a textbook appears in the GAR 24 to 48 hours after its quote is validated.
 */
export const GAR_DELAY_HOURS = { from: 24, until: 48 } as const;
const HOUR_MS = 3_600_000;

/** When a resource validated at this instant should appear in the GAR. */
export function garAvailability(validatedAt: Date): { from: Date; until: Date } {
  return { from: new Date(validatedAt.getTime() + GAR_DELAY_HOURS.from * HOUR_MS), until: new Date(validatedAt.getTime() + GAR_DELAY_HOURS.until * HOUR_MS) };
}

/** The next 15 August (Paris day) on or after this instant: the day links are reset. */
export function nextGarReset(now: Date): string {
  const today = parisDateOf(now);
  const year = Number(today.slice(0, 4));
  const thisYear = `${year}-08-15`;
  return today <= thisYear ? thisYear : `${year + 1}-08-15`;
}
