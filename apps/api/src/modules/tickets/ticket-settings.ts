import { DEFAULT_SLA_POLICY, type SlaPolicy } from "@relais/shared/sla";
import { DEFAULT_TICKET_CATEGORIES } from "@relais/shared/tickets";
import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { regions } from "../organisation/organisation.schema.ts";

/**
 * A region's desk settings, kept in `regions.settings.tickets` and merged over the defaults:
 * whether coordinators file tickets themselves, the categories it adds, its service levels.
 */
export type TicketSettings = {
  coordinatorsMayFile: boolean;
  categories: string[];
  sla: SlaPolicy;
  /** Resolved tickets nobody acts on are closed after this many days. */
  autoCloseDays: number;
};

const StoredSettings = z
  .object({
    coordinatorsMayFile: z.boolean().optional(),
    extraCategories: z.array(z.string()).optional(),
    autoCloseDays: z.number().int().positive().optional(),
    sla: z
      .object({
        takeChargeBusinessMinutes: z.number().int().positive().optional(),
        calendar: z.object({ closedDates: z.array(z.string()).optional() }).optional(),
      })
      .optional(),
  })
  .catch({});

export async function regionTicketSettings(db: Db, regionId: string): Promise<TicketSettings> {
  const [row] = await db.select({ settings: regions.settings }).from(regions).where(eq(regions.id, regionId));
  const stored = StoredSettings.parse((row?.settings as { tickets?: unknown } | undefined)?.tickets ?? {});
  return {
    coordinatorsMayFile: stored.coordinatorsMayFile ?? false,
    categories: [...DEFAULT_TICKET_CATEGORIES, ...(stored.extraCategories ?? [])],
    autoCloseDays: stored.autoCloseDays ?? 10,
    sla: {
      ...DEFAULT_SLA_POLICY,
      takeChargeBusinessMinutes: stored.sla?.takeChargeBusinessMinutes ?? DEFAULT_SLA_POLICY.takeChargeBusinessMinutes,
      calendar: { ...DEFAULT_SLA_POLICY.calendar, closedDates: stored.sla?.calendar?.closedDates ?? [] },
    },
  };
}
