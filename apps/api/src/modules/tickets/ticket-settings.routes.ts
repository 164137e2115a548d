import { can } from "@relais/shared/permissions";
import { eq } from "drizzle-orm";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError, forbidden, notFound } from "../../errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { regions } from "../organisation/organisation.schema.ts";
import { findOrganisation } from "../organisation/organisations.repository.ts";
import { writeRegionSetting } from "../regions/regions.repository.ts";
import { CategoryRouteSchema, mergeTicketSettings, StoredTicketSettingsSchema, storedTicketSettings } from "./ticket-settings.ts";

const Params = z.object({ region: z.uuid("Région invalide.") });
const SettingsAnswer = z.object({
  stored: StoredTicketSettingsSchema,
  effective: z.object({
    coordinatorsMayFile: z.boolean(),
    categories: z.array(z.string()),
    routing: z.record(z.string(), CategoryRouteSchema),
    autoCloseDays: z.number(),
    takeChargeBusinessMinutes: z.number(),
    closedDates: z.array(z.string()),
    resolutionDays: z.record(z.string(), z.record(z.string(), z.number())),
    impactDays: z.record(z.string(), z.number()),
    escalationShares: z.array(z.number()),
  }),
});

/** A region's desk settings: who may file, extra categories, category routing, service levels. */
const ticketSettingsRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ["tickets"];

  async function loadRegion(db: Parameters<typeof findOrganisation>[0], regionId: string) {
    const [region] = await db.select().from(regions).where(eq(regions.id, regionId));
    return region ?? null;
  }
  const answer = (settings: unknown, operatingModel: string) => {
    const stored = storedTicketSettings(settings);
    const merged = mergeTicketSettings(stored, operatingModel);
    return {
      stored,
      effective: {
        coordinatorsMayFile: merged.coordinatorsMayFile,
        categories: merged.categories,
        routing: merged.routing,
        autoCloseDays: merged.autoCloseDays,
        takeChargeBusinessMinutes: merged.sla.takeChargeBusinessMinutes,
        closedDates: [...(merged.sla.calendar.closedDates ?? [])],
        resolutionDays: merged.sla.resolutionDays,
        impactDays: merged.sla.impactDays as Record<string, number>,
        escalationShares: [...merged.escalationShares],
      },
    };
  };

  app.get(
    "/regions/:region/ticket-settings",
    {
      schema: {
        tags,
        summary: "Réglages du support d'une région (dépôt, catégories, acheminement, délais)",
        params: Params,
        response: { 200: SettingsAnswer },
      },
    },
    async (request) => {
      const ctx = request.ctx();
      const region = await loadRegion(ctx.db, request.params.region);
      if (!region || !can(ctx.actor.assignments, "ticket.work", { regionId: region.id })) throw notFound("Région");
      return answer(region.settings, region.operatingModel);
    },
  );

  app.put(
    "/regions/:region/ticket-settings",
    {
      schema: {
        tags,
        summary: "Modifier les réglages du support d'une région (administrateur régional)",
        params: Params,
        body: StoredTicketSettingsSchema.strict(),
        response: { 200: SettingsAnswer },
      },
    },
    async (request) => {
      const ctx = request.ctx();
      const body = request.body;
      return ctx.db.transaction(async (tx) => {
        const region = await loadRegion(tx, request.params.region);
        if (!region || !can(ctx.actor.assignments, "region.read", { regionId: region.id })) throw notFound("Région");
        if (!can(ctx.actor.assignments, "region.write", { regionId: region.id })) throw forbidden("Seule l'administration régionale règle son support.");
        const categories = mergeTicketSettings({ extraCategories: body.extraCategories ?? [] }, region.operatingModel).categories;
        for (const [category, route] of Object.entries(body.routing ?? {})) {
          if (!categories.includes(category))
            throw new AppError("validation.failed", `Acheminement d'une catégorie inconnue : « ${category} ».`, {
              fieldErrors: [{ field: `body.routing.${category}`, message: "Catégorie inconnue." }],
            });
          if (route.handler === "organisation") {
            const organisation = await findOrganisation(tx, route.organisationId);
            if (!organisation || organisation.regionId !== region.id)
              throw new AppError("validation.failed", `Organisation inconnue dans la région pour « ${category} ».`, {
                fieldErrors: [{ field: `body.routing.${category}.organisationId`, message: "Organisation inconnue." }],
              });
          }
        }
        const before = storedTicketSettings(region.settings);
        const settings = { ...((region.settings as Record<string, unknown>) ?? {}), tickets: body };
        await writeRegionSetting(tx, region.id, "tickets", body);
        await recordAudit(
          { ...ctx, db: tx },
          { action: "region.ticket_settings_updated", entityType: "region", entityId: region.id, regionId: region.id, before, after: body },
        );
        return answer(settings, region.operatingModel);
      });
    },
  );
};

export default ticketSettingsRoutes;
