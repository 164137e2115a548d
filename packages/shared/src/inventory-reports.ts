import { z } from "zod";
import { ASSET_TYPES, type AssetType, AssetTypeSchema } from "./inventory.ts";
import { CentsSchema } from "./money.ts";

/**
 * The inventory reports' rules (DOMAIN §1, seed 004 §7.5.4): which items to renew and why, and
 * the total cost of ownership of each asset class. The parameters are the Region's, kept in
 * `regions.settings.inventory` and merged over the defaults below; every figure a report shows
 * can be recomputed by hand from these parameters and the inventory.
 */

/** Why an item is proposed for renewal (seed 004 §7.5.4: obsolete, out of warranty, costly to keep running). */
export const RENEWAL_REASONS = {
  out_of_warranty: { fr: "Hors garantie", en: "Out of warranty" },
  too_old: { fr: "Âge dépassé", en: "Older than the renewal age" },
  frequent_incidents: { fr: "Incidents fréquents", en: "Frequent incidents" },
} as const;
export type RenewalReason = keyof typeof RENEWAL_REASONS;

/** What one class of items costs by default, when the inventory does not say. */
export const ClassCostSchema = z.object({
  /** Acquisition price used when the item's own price is unknown. */
  priceCents: CentsSchema,
  /** Time to deploy one item (install, image, network), valued at the support hour. */
  deploymentMinutes: z
    .number({ error: "Le temps de déploiement est un nombre de minutes." })
    .int("Un nombre entier de minutes.")
    .min(0, "Le temps de déploiement ne peut pas être négatif.")
    .max(10_000, "Au plus 10 000 minutes de déploiement par équipement."),
  /** Recycling / destruction (DEEE) of one item. */
  recyclingCents: CentsSchema,
});
export type ClassCost = z.infer<typeof ClassCostSchema>;

export const StoredInventorySettingsSchema = z.object({
  renewalAgeYears: z.number().int("Un nombre entier d'années.").min(1, "Au moins 1 an.").max(30, "Au plus 30 ans.").optional(),
  frequentIncidentTickets: z.number().int("Un nombre entier de tickets.").min(1, "Au moins 1 ticket.").max(100, "Au plus 100 tickets.").optional(),
  supportHourCents: CentsSchema.optional(),
  // Strict: a misspelt field (priceEuros) is refused rather than dropped without a word.
  classCosts: z.partialRecord(AssetTypeSchema, ClassCostSchema.partial().strict()).optional(),
});
export type StoredInventorySettings = z.infer<typeof StoredInventorySettingsSchema>;
export type InventorySettings = {
  renewalAgeYears: number;
  frequentIncidentTickets: number;
  supportHourCents: number;
  classCosts: Record<AssetType, ClassCost>;
};

/** The window in which a ticket counts towards "frequent incidents". */
export const INCIDENT_WINDOW_MONTHS = 12;

/**
 * Defaults until the Region sets its own: orders of magnitude of public-procurement prices, a
 * support hour at 45 €, and a renewal age of 7 years (2 years past the 5-year warranty seed 004
 * asks of PCs).
 */
const cost = (euros: number, deploymentMinutes: number, recyclingEuros: number): ClassCost => ({
  priceCents: euros * 100,
  deploymentMinutes,
  recyclingCents: recyclingEuros * 100,
});
export const DEFAULT_INVENTORY_SETTINGS: InventorySettings = {
  renewalAgeYears: 7,
  frequentIncidentTickets: 3,
  supportHourCents: 4_500,
  classCosts: {
    desktop: cost(700, 60, 15),
    laptop: cost(900, 45, 15),
    tablet: cost(350, 20, 8),
    server: cost(5_000, 480, 50),
    switch: cost(1_500, 120, 20),
    router: cost(2_000, 120, 20),
    wifi_access_point: cost(400, 60, 5),
    firewall: cost(3_000, 240, 20),
    ups: cost(600, 60, 30),
    printer: cost(400, 60, 20),
    video_projector: cost(900, 120, 20),
    interactive_display: cost(4_000, 240, 80),
    ip_phone: cost(150, 20, 5),
    camera: cost(200, 60, 5),
    other: cost(200, 30, 10),
  },
};

/** A region's stored settings (anything unreadable is ignored) merged over the defaults. */
export function mergeInventorySettings(stored: unknown): InventorySettings {
  const parsed = StoredInventorySettingsSchema.catch({}).parse(stored ?? {});
  const classCosts = { ...DEFAULT_INVENTORY_SETTINGS.classCosts };
  for (const type of Object.keys(ASSET_TYPES) as AssetType[]) classCosts[type] = { ...classCosts[type], ...(parsed.classCosts?.[type] ?? {}) };
  return {
    renewalAgeYears: parsed.renewalAgeYears ?? DEFAULT_INVENTORY_SETTINGS.renewalAgeYears,
    frequentIncidentTickets: parsed.frequentIncidentTickets ?? DEFAULT_INVENTORY_SETTINGS.frequentIncidentTickets,
    supportHourCents: parsed.supportHourCents ?? DEFAULT_INVENTORY_SETTINGS.supportHourCents,
    classCosts,
  };
}

/**
 * What a region sets apart from the defaults, class by class and field by field: a value equal
 * to the default is not stored as an override, so the class keeps following the defaults if
 * they are revised. Undefined when nothing differs (the region then stores no class costs).
 */
export function classCostOverrides(costs: Partial<Record<AssetType, ClassCost>>): StoredInventorySettings["classCosts"] {
  const overrides: NonNullable<StoredInventorySettings["classCosts"]> = {};
  for (const type of Object.keys(ASSET_TYPES) as AssetType[]) {
    const cost = costs[type];
    if (!cost) continue;
    const defaults = DEFAULT_INVENTORY_SETTINGS.classCosts[type];
    const changed: Partial<ClassCost> = {};
    for (const field of Object.keys(defaults) as (keyof ClassCost)[]) if (cost[field] !== defaults[field]) changed[field] = cost[field];
    if (Object.keys(changed).length > 0) overrides[type] = changed;
  }
  return Object.keys(overrides).length > 0 ? overrides : undefined;
}

/** Whole years from `from` to `today` (both YYYY-MM-DD), as a birthday counts them. */
export function ageInYears(from: string, today: string): number {
  const [fy, fm, fd] = from.split("-").map(Number) as [number, number, number];
  const [ty, tm, td] = today.split("-").map(Number) as [number, number, number];
  const years = ty - fy - (tm < fm || (tm === fm && td < fd) ? 1 : 0);
  return Math.max(0, years);
}

/** The day `years` years before `today` (YYYY-MM-DD): an item bought on or before it has reached that age. */
export function yearsBefore(today: string, years: number): string {
  const [y, m, d] = today.split("-").map(Number) as [number, number, number];
  // 29 February falls back to 28 February in a common year, as ageInYears counts it.
  const day = m === 2 && d === 29 ? 28 : d;
  return `${String(y - years).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/**
 * Why an item should be renewed, if at all: its warranty has ended, it has reached the
 * region's renewal age, or the desk received at least `frequentIncidentTickets` incidents
 * about it over the last 12 months (seed 004 §7.5.4: renewing beats mobilising staff on it).
 */
export function renewalReasons(
  item: { warrantyEndsOn: string | null; acquiredOn: string | null; recentIncidents: number },
  today: string,
  settings: Pick<InventorySettings, "renewalAgeYears" | "frequentIncidentTickets">,
): RenewalReason[] {
  const reasons: RenewalReason[] = [];
  if (item.warrantyEndsOn !== null && item.warrantyEndsOn < today) reasons.push("out_of_warranty");
  if (item.acquiredOn !== null && ageInYears(item.acquiredOn, today) >= settings.renewalAgeYears) reasons.push("too_old");
  if (item.recentIncidents >= settings.frequentIncidentTickets) reasons.push("frequent_incidents");
  return reasons;
}

/** What the inventory knows of one class: its items, the prices known, and the support time spent on them. */
export type ClassFacts = { type: AssetType; count: number; pricedCount: number; knownPriceCents: number; supportMinutes: number };

export type ClassCostEstimate = ClassFacts & {
  acquisitionCents: number;
  deploymentCents: number;
  supportCents: number;
  recyclingCents: number;
  totalCents: number;
  perItemCents: number;
};

/**
 * Total cost of ownership of a class (seed 004 §7.5.4: acquisition, deployment, support and
 * maintenance, recycling), in cents:
 *   acquisition = Σ known prices + (items without a price) × default price
 *   deployment  = items × deployment minutes × support hour / 60
 *   support     = support minutes × support hour / 60
 *   recycling   = items × recycling cost
 * Each part is rounded to the cent, and the total is their sum.
 */
export function estimateClassCost(facts: ClassFacts, settings: Pick<InventorySettings, "classCosts" | "supportHourCents">): ClassCostEstimate {
  const params = settings.classCosts[facts.type];
  const acquisitionCents = facts.knownPriceCents + (facts.count - facts.pricedCount) * params.priceCents;
  const deploymentCents = Math.round((facts.count * params.deploymentMinutes * settings.supportHourCents) / 60);
  const supportCents = Math.round((facts.supportMinutes * settings.supportHourCents) / 60);
  const recyclingCents = facts.count * params.recyclingCents;
  const totalCents = acquisitionCents + deploymentCents + supportCents + recyclingCents;
  return {
    ...facts,
    acquisitionCents,
    deploymentCents,
    supportCents,
    recyclingCents,
    totalCents,
    perItemCents: facts.count > 0 ? Math.round(totalCents / facts.count) : 0,
  };
}

/** The formula in words, shown beside the figures so that a reader can check them. */
export const TOTAL_COST_FORMULA_FR =
  "Coût global = acquisition (prix connu de l'équipement, sinon prix par défaut de la classe) + déploiement (minutes par équipement × coût horaire du support) + support (temps passé sur les tickets liés à l'équipement — temps saisi sur le ticket, sinon somme des interventions réalisées — partagé entre les équipements du ticket, × coût horaire) + recyclage DEEE (coût par équipement).";

/** Computers: the room rule (one model per room) is about them. */
export const COMPUTER_TYPES: readonly AssetType[] = ["desktop", "laptop"];

/** Statuses of items the school still holds (renewal and room rules look at these). */
export const HELD_STATUSES = ["in_service", "in_stock", "broken", "in_repair"] as const;

/** Ticket kinds counted as incidents for the renewal rule (evolution requests are not failures). */
export const INCIDENT_TICKET_KINDS = ["incident", "security_incident"] as const;
