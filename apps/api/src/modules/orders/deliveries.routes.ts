import { AssetStatusSchema } from "@relais/shared/inventory";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { listDeliveredAssets } from "./deliveries.service.ts";

/** From a delivered order to the assets it put in the inventory. */
const deliveryRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/orders/:id/delivered-assets",
    {
      schema: {
        tags: ["commandes"],
        summary: "Les articles qu'une livraison a fait entrer à l'inventaire, par ligne de commande",
        params: z.object({ id: z.uuid("Identifiant de commande invalide.") }),
        response: {
          200: z.object({
            deliveredAt: z.date().nullable(),
            items: z.array(z.object({ lineId: z.string(), assetId: z.string(), inventoryNumber: z.string().nullable(), status: AssetStatusSchema })),
          }),
        },
      },
    },
    async (request) => listDeliveredAssets(request.ctx(), request.params.id),
  );
};

export default deliveryRoutes;
