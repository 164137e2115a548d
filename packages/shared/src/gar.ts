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

/** Days after a reset during which its checklists are still sent (a server down on 15 August catches up). */
export const GAR_RESET_CATCH_UP_DAYS = 14;

/**
 * The reset whose checklists are due on this instant, if any: the latest 15 August (Paris day)
 * when it was at most GAR_RESET_CATCH_UP_DAYS ago, with the school year whose links it clears
 * (the one starting that autumn).
 */
export function dueGarReset(now: Date): { resetOn: string; schoolYear: string } | null {
  const today = parisDateOf(now);
  const year = Number(today.slice(0, 4));
  const resetOn = `${year}-08-15`;
  if (today < resetOn) return null;
  const daysSince = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${resetOn}T00:00:00Z`)) / 86_400_000);
  return daysSince <= GAR_RESET_CATCH_UP_DAYS ? { resetOn, schoolYear: `${year}-${year + 1}` } : null;
}
