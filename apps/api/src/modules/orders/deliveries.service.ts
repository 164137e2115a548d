import type { Ctx } from "../../context.ts";
import * as repo from "./deliveries.repository.ts";
import { getOrder } from "./orders.service.ts";

/**
 * What a delivered order put in the inventory, line by line (issue 5: the asset's origin is
 * the order), for whoever may see the order; opening an asset still needs the inventory's right.
 */
export async function listDeliveredAssets(ctx: Ctx, orderId: string) {
  const order = await getOrder(ctx, orderId);
  const rows = await repo.findDeliveredAssets(
    ctx.db,
    order.lines.map((l) => l.id),
  );
  return { deliveredAt: order.deliveredAt, items: rows };
}
