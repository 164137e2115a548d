import { z } from "zod";
import { dayOf, isoOfDay, parisInstant, parisWallClock } from "./business-calendar.ts";

/**
 * When a campaign takes orders, and until when paper items may be sent back. Dates are Paris
 * calendar days (YYYY-MM-DD), both ends included: a window closing on 17/09 takes orders until
 * 23:59 that day, Paris time. Defaults come from the 2024 handbook (seed 001, "Calendrier").
 */
const IsoDate = z
  .string({ error: "Date attendue (AAAA-MM-JJ)." })
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Date attendue au format AAAA-MM-JJ.")
  .refine((value) => !/^\d{4}-\d{2}-\d{2}$/.test(value) || isoOfDay(dayOfIso(value)) === value, "Cette date n'existe pas.");

export const OrderWindowSchema = z
  .object({
    label: z.string().trim().min(2, "Nommez la fenêtre.").max(120, "120 caractères au plus."),
    opensOn: IsoDate,
    closesOn: IsoDate,
  })
  .refine((w) => w.opensOn <= w.closesOn, { message: "La fenêtre se ferme avant de s'ouvrir.", path: ["closesOn"] });
export type OrderWindow = z.infer<typeof OrderWindowSchema>;

export const ReturnDeadlineSchema = z
  .object({
    label: z.string().trim().min(2, "Nommez l'échéance.").max(160, "160 caractères au plus."),
    /** Items ordered on or before this day… */
    orderedBy: IsoDate,
    /** …may be returned until this day. */
    returnBy: IsoDate,
  })
  .refine((r) => r.orderedBy <= r.returnBy, { message: "L'échéance de retour précède la date de commande.", path: ["returnBy"] });
export type ReturnDeadline = z.infer<typeof ReturnDeadlineSchema>;

export const CampaignCalendarSchema = z
  .object({
    windows: z.array(OrderWindowSchema).min(1, "Une campagne a au moins une fenêtre de commande.").max(12, "Douze fenêtres au plus."),
    returnDeadlines: z.array(ReturnDeadlineSchema).max(12, "Douze échéances de retour au plus."),
  })
  .refine((c) => !overlaps(c.windows), { message: "Deux fenêtres de commande se chevauchent.", path: ["windows"] });
export type CampaignCalendar = z.infer<typeof CampaignCalendarSchema>;

function dayOfIso(iso: string): number {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  return dayOf(y, m, d);
}

/** Refinements also run on input that failed its field checks: compare only well-formed windows. */
function overlaps(windows: readonly OrderWindow[]): boolean {
  if (!Array.isArray(windows)) return false;
  const wellFormed = windows.filter((w) => typeof w?.opensOn === "string" && typeof w?.closesOn === "string");
  const sorted = [...wellFormed].sort((a, b) => a.opensOn.localeCompare(b.opensOn));
  return sorted.some((w, i) => i > 0 && w.opensOn <= sorted[i - 1]!.closesOn);
}

/** The Paris calendar day of an instant, as YYYY-MM-DD. */
export function parisDateOf(instant: Date): string {
  return isoOfDay(parisWallClock(instant).day);
}

/** The instant a Paris day begins (midnight never falls in a daylight-saving gap in France). */
export function parisStartOf(iso: string): Date {
  return parisInstant(dayOfIso(iso), 0);
}

/** "19/09/2024" */
export function formatParisDay(iso: string): string {
  const [y, m, d] = iso.split("-");
  return `${d}/${m}/${y}`;
}

/**
 * The textbook calendar of the 2024 handbook, moved to the campaign's school year "2024-2025":
 * orders open 26/06 and close 17/09; they reopen 19/09 for newly arrived students (the seed
 * gives no end: until the end of the school year, when the Region does not set one);
 * paper items ordered by 31/08 may be returned until 17/09, those ordered by 30/09 until 18/10.
 */
export function defaultTextbookCalendar(schoolYear: string): CampaignCalendar {
  const start = Number(schoolYear.slice(0, 4));
  const end = start + 1;
  return {
    windows: [
      { label: "Commandes de manuels et de ressources", opensOn: `${start}-06-26`, closesOn: `${start}-09-17` },
      { label: "Commandes pour les élèves nouvellement arrivés", opensOn: `${start}-09-19`, closesOn: `${end}-08-31` },
    ],
    returnDeadlines: [
      { label: "Retours des manuels et consommables papier commandés avant le 31/08", orderedBy: `${start}-08-31`, returnBy: `${start}-09-17` },
      { label: "Retours des manuels commandés avant le 30/09", orderedBy: `${start}-09-30`, returnBy: `${start}-10-18` },
    ],
  };
}

export type OrderingStatus = {
  isOpen: boolean;
  /** The window taking orders now. */
  current: OrderWindow | null;
  /** The next window to open after now (when closed, or after the current one). */
  next: (OrderWindow & { opensAt: Date }) | null;
};

/** Is ordering open at this instant, and when does the next window open? */
export function orderingStatus(windows: readonly OrderWindow[], instant: Date): OrderingStatus {
  const today = parisDateOf(instant);
  const sorted = [...windows].sort((a, b) => a.opensOn.localeCompare(b.opensOn));
  const current = sorted.find((w) => w.opensOn <= today && today <= w.closesOn) ?? null;
  const upcoming = sorted.find((w) => w.opensOn > today) ?? null;
  return { isOpen: current !== null, current, next: upcoming ? { ...upcoming, opensAt: parisStartOf(upcoming.opensOn) } : null };
}

/** The French sentence the screens and refusals show when ordering is closed. */
export function closedMessage(status: OrderingStatus): string {
  return status.next
    ? `Les commandes sont fermées : la prochaine fenêtre (« ${status.next.label} ») ouvre le ${formatParisDay(status.next.opensOn)}.`
    : "Les commandes de cette campagne sont closes : aucune autre fenêtre n'est prévue.";
}

/** Until which day a paper item ordered at this instant may be sent back; null: no longer returnable. */
export function returnDeadlineFor(deadlines: readonly ReturnDeadline[], orderedAt: Date): string | null {
  const day = parisDateOf(orderedAt);
  const applicable = deadlines.filter((d) => day <= d.orderedBy).sort((a, b) => a.returnBy.localeCompare(b.returnBy));
  return applicable[0]?.returnBy ?? null;
}

/** May a paper item ordered at `orderedAt` still be returned at `now`? */
export function isReturnable(deadlines: readonly ReturnDeadline[], orderedAt: Date, now: Date): boolean {
  const until = returnDeadlineFor(deadlines, orderedAt);
  return until !== null && parisDateOf(now) <= until;
}
