import { DEFAULT_SLA_POLICY, type SlaPolicy } from "@relais/shared/sla";
import { DEFAULT_TICKET_CATEGORIES } from "@relais/shared/tickets";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { regions } from "../organisation/organisation.schema.ts";

/**
 * Who handles a category in a region (issue 3): its own technicians over the school's zone
 * (PACA's model), a contractor organisation (Île-de-France's), or a supplier's own support,
 * which the desk re-routes to rather than works.
 */
export const CategoryRouteSchema = z.discriminatedUnion(
  "handler",
  [
    z.object({ handler: z.literal("zone_technicians") }),
    z.object({ handler: z.literal("organisation"), organisationId: z.uuid("Organisation invalide.") }),
    z.object({
      handler: z.literal("supplier"),
      supplier: z.string().trim().min(2, "Nommez le fournisseur.").max(120),
      contact: z.string().trim().max(200).optional(),
    }),
  ],
  { error: "Acheminement inconnu (zone_technicians, organisation ou supplier)." },
);
export type CategoryRoute = z.infer<typeof CategoryRouteSchema>;

const BusinessDays = z.number().int().min(1, "Au moins J+1.").max(30, "Au plus J+30.");
const Share = z.number().min(0.1, "Seuil entre 10 % et 200 % du délai.").max(2, "Seuil entre 10 % et 200 % du délai.");

/** What a region administrator may set; everything is optional and merged over the defaults. */
export const StoredTicketSettingsSchema = z.object({
  coordinatorsMayFile: z.boolean().optional(),
  extraCategories: z
    .array(z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, "Code de catégorie : minuscules, chiffres et tirets (2 à 40)."))
    .max(50)
    .optional(),
  autoCloseDays: z.number().int().min(1, "Au moins 1 jour.").max(90, "Au plus 90 jours.").optional(),
  routing: z.record(z.string(), CategoryRouteSchema).optional(),
  sla: z
    .object({
      takeChargeBusinessMinutes: z.number().int().min(15).max(6000).optional(),
      calendar: z.object({ closedDates: z.array(z.iso.date("Date attendue au format AAAA-MM-JJ.")).max(200).optional() }).optional(),
      /** J+n by category group and urgency: only the cells the region changes. */
      resolutionDays: z
        .partialRecord(z.enum(["infrastructure", "office", "other"]), z.partialRecord(z.enum(["low", "medium", "very_high"]), BusinessDays))
        .optional(),
      impactDays: z.partialRecord(z.enum(["school", "group", "user", "none"]), BusinessDays).optional(),
    })
    .optional(),
  /** Shares of the resolution time at which a ticket escalates: level 1 (the assignee), level 2 (the chain). */
  escalationShares: z
    .tuple([Share, Share])
    .refine(([first, second]) => first < second, "Le premier seuil d'escalade précède le second.")
    .optional(),
});
export type StoredTicketSettings = z.infer<typeof StoredTicketSettingsSchema>;

/**
 * A region's desk settings, kept in `regions.settings.tickets` and merged over the defaults:
 * whether coordinators file tickets themselves, the categories it adds, who handles each
 * category, its service levels.
 */
export type TicketSettings = {
  coordinatorsMayFile: boolean;
  categories: string[];
  routing: Record<string, CategoryRoute>;
  sla: SlaPolicy;
  /** Resolved tickets nobody acts on are closed after this many days. */
  autoCloseDays: number;
  escalationShares: readonly [number, number];
};

/** Issue 3's defaults: the assignee is reminded at 75 % of the resolution time, the chain told at 100 %. */
export const DEFAULT_ESCALATION_SHARES = [0.75, 1] as const;

export function storedTicketSettings(settings: unknown): StoredTicketSettings {
  return StoredTicketSettingsSchema.catch({}).parse((settings as { tickets?: unknown } | null | undefined)?.tickets ?? {});
}

export function mergeTicketSettings(stored: StoredTicketSettings, operatingModel: string): TicketSettings {
  const categories = [...DEFAULT_TICKET_CATEGORIES, ...(stored.extraCategories ?? []).filter((c) => !(DEFAULT_TICKET_CATEGORIES as string[]).includes(c))];
  // In-house regions send everything to the zone's technicians unless told otherwise;
  // outsourced ones dispatch by hand until the region names its contractors.
  const fallback: Record<string, CategoryRoute> =
    operatingModel === "in_house" ? Object.fromEntries(categories.map((c) => [c, { handler: "zone_technicians" }])) : {};
  return {
    coordinatorsMayFile: stored.coordinatorsMayFile ?? false,
    categories,
    routing: { ...fallback, ...(stored.routing ?? {}) },
    autoCloseDays: stored.autoCloseDays ?? 10,
    escalationShares: stored.escalationShares ?? DEFAULT_ESCALATION_SHARES,
    sla: {
      ...DEFAULT_SLA_POLICY,
      takeChargeBusinessMinutes: stored.sla?.takeChargeBusinessMinutes ?? DEFAULT_SLA_POLICY.takeChargeBusinessMinutes,
      calendar: { ...DEFAULT_SLA_POLICY.calendar, closedDates: stored.sla?.calendar?.closedDates ?? [] },
      resolutionDays: {
        infrastructure: { ...DEFAULT_SLA_POLICY.resolutionDays.infrastructure, ...stored.sla?.resolutionDays?.infrastructure },
        office: { ...DEFAULT_SLA_POLICY.resolutionDays.office, ...stored.sla?.resolutionDays?.office },
        other: { ...DEFAULT_SLA_POLICY.resolutionDays.other, ...stored.sla?.resolutionDays?.other },
      },
      impactDays: { ...DEFAULT_SLA_POLICY.impactDays, ...stored.sla?.impactDays },
    },
  };
}

export async function regionTicketSettings(db: Db, regionId: string): Promise<TicketSettings> {
  const [row] = await db.select({ settings: regions.settings, operatingModel: regions.operatingModel }).from(regions).where(eq(regions.id, regionId));
  return mergeTicketSettings(storedTicketSettings(row?.settings), row?.operatingModel ?? "in_house");
}
