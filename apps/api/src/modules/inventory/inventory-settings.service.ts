import { type InventorySettings, mergeInventorySettings, type StoredInventorySettings } from "@relais/shared/inventory-reports";
import { can } from "@relais/shared/permissions";
import { eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { forbidden, notFound } from "../../errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { regions } from "../organisation/organisation.schema.ts";
import { writeRegionSetting } from "../regions/regions.repository.ts";
import { readsRegionInventory } from "./assets.service.ts";

/** The region's inventory parameters (renewal age, incident threshold, cost defaults), in `regions.settings.inventory`. */
export async function regionInventorySettings(db: Db, regionId: string): Promise<InventorySettings> {
  const [row] = await db.select({ settings: regions.settings }).from(regions).where(eq(regions.id, regionId));
  return mergeInventorySettings((row?.settings as { inventory?: unknown } | null)?.inventory);
}

async function storedOf(db: Db, regionId: string) {
  const [row] = await db.select({ settings: regions.settings }).from(regions).where(eq(regions.id, regionId));
  if (!row) return null;
  return ((row.settings as { inventory?: StoredInventorySettings } | null)?.inventory ?? {}) as StoredInventorySettings;
}

/** What the region set, and what the reports use (its settings over the defaults): anyone who reads its inventory sees them. */
export async function getInventorySettings(ctx: Ctx, regionId: string) {
  const stored = await storedOf(ctx.db, regionId);
  if (stored === null || !readsRegionInventory(ctx, regionId)) throw notFound("Région");
  return { stored, effective: mergeInventorySettings(stored) };
}

/** The Region's administrators set the renewal rule and the cost parameters; the whole document is replaced and audited. */
export async function updateInventorySettings(ctx: Ctx, regionId: string, input: StoredInventorySettings) {
  return ctx.db.transaction(async (tx) => {
    const before = await storedOf(tx, regionId);
    if (before === null || !readsRegionInventory(ctx, regionId)) throw notFound("Région");
    if (!can(ctx.actor.assignments, "region.write", { regionId })) throw forbidden("Seule l'administration régionale règle les rapports d'inventaire.");
    await writeRegionSetting(tx, regionId, "inventory", input);
    await recordAudit(
      { ...ctx, db: tx },
      { action: "region.inventory_settings_updated", entityType: "region", entityId: regionId, regionId, before, after: input },
    );
    return { stored: input, effective: mergeInventorySettings(input) };
  });
}
