import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { assets } from "../inventory/inventory.schema.ts";
import { deliveredAssets } from "./orders.schema.ts";

export async function insertDeliveredAssets(db: Db, rows: { orderLineId: string; assetId: string }[]) {
  for (let i = 0; i < rows.length; i += 500) await db.insert(deliveredAssets).values(rows.slice(i, i + 500));
}

/** The assets a delivery put in the inventory, by order line, as they stand now. */
export async function findDeliveredAssets(db: Db, lineIds: string[]) {
  if (lineIds.length === 0) return [];
  return db
    .select({ lineId: deliveredAssets.orderLineId, assetId: assets.id, inventoryNumber: assets.inventoryNumber, status: assets.status })
    .from(deliveredAssets)
    .innerJoin(assets, eq(assets.id, deliveredAssets.assetId))
    .where(inArray(deliveredAssets.orderLineId, lineIds))
    .orderBy(asc(assets.inventoryNumber));
}
