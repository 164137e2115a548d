import "@relais/shared/zod-fr";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import cookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance } from "fastify";
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import type { Config } from "./config.ts";
import { type Clock, systemClock } from "./context.ts";
import type { Database } from "./db/client.ts";
import { AppError } from "./errors.ts";
import attachmentRoutes from "./modules/attachments/attachments.routes.ts";
import auditRoutes from "./modules/audit/audit.routes.ts";
import authRoutes from "./modules/auth/auth.routes.ts";
import campaignRoutes from "./modules/campaigns/campaigns.routes.ts";
import textbookEnvelopeRoutes from "./modules/campaigns/textbook-envelopes.routes.ts";
import catalogueRoutes from "./modules/catalogue/catalogue.routes.ts";
import healthRoutes from "./modules/health/health.routes.ts";
import interventionRoutes from "./modules/interventions/interventions.routes.ts";
import assetRoutes from "./modules/inventory/assets.routes.ts";
import inventoryAgentRoutes from "./modules/inventory-agent/inventory-agent.routes.ts";
import inventoryAgentAdminRoutes from "./modules/inventory-agent/inventory-agent-admin.routes.ts";
import mailRoutes from "./modules/mail/mail.routes.ts";
import mailInRoutes from "./modules/mail-in/mail-in.routes.ts";
import deliveryRoutes from "./modules/orders/deliveries.routes.ts";
import mobileProjectRoutes from "./modules/orders/mobile-projects.routes.ts";
import orderRoutes from "./modules/orders/orders.routes.ts";
import organisationRoutes from "./modules/organisation/organisation.routes.ts";
import schoolRoutes from "./modules/organisation/schools.routes.ts";
import peopleRoutes from "./modules/people/people.routes.ts";
import roleAssignmentRoutes from "./modules/people/role-assignments.routes.ts";
import regionRoutes from "./modules/regions/regions.routes.ts";
import reportRoutes from "./modules/tickets/reports.routes.ts";
import savedFilterRoutes from "./modules/tickets/saved-filters.routes.ts";
import ticketSettingsRoutes from "./modules/tickets/ticket-settings.routes.ts";
import ticketRoutes from "./modules/tickets/tickets.routes.ts";
import authPlugin from "./plugins/auth.ts";
import errorsPlugin, { sendProblem, toAppError } from "./plugins/errors.ts";
import { type Jobs, noJobs } from "./plugins/jobs.ts";
import { serializerCompiler } from "./plugins/serializer.ts";

declare module "fastify" {
  interface FastifyInstance {
    config: Config;
    database: Database;
    jobs: Jobs;
    clock: Clock;
  }
}

export type AppOptions = {
  config: Config;
  database: Database;
  jobs?: Jobs;
  clock?: Clock;
  logger?: boolean;
};

export const API_PREFIX = "/api/v1";
const here = dirname(fileURLToPath(import.meta.url));

/** Builds the whole app (plugins, then modules) without listening: tests use inject(). */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config } = options;
  const app = Fastify({
    logger: options.logger === false ? false : { level: config.LOG_LEVEL },
    trustProxy: config.TRUST_PROXY,
    bodyLimit: 1024 * 1024,
    requestIdHeader: false,
    genReqId: () => crypto.randomUUID(),
    routerOptions: { maxParamLength: 200 },
    // Errors raised before routing (a malformed URL) skip the error handler: answer them the same way.
    frameworkErrors: (error, request, reply) =>
      sendProblem(request, reply, toAppError(error) ?? new AppError("request.malformed", "Requête mal formée.", { cause: error })),
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate("config", config);
  app.decorate("database", options.database);
  app.decorate("jobs", options.jobs ?? noJobs);
  app.decorate("clock", options.clock ?? systemClock);

  await app.register(errorsPlugin);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "API Relais",
        version: "1",
        description: "API REST de Relais. Authentification : cookie de session (application web) ou « Authorization: Bearer <jeton> » (intégrations).",
      },
      components: { securitySchemes: { bearer: { type: "http", scheme: "bearer" } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(authPlugin);

  await app.register(
    async (api) => {
      api.get("/openapi.json", { config: { isPublic: true }, schema: { hide: true } }, async () => app.swagger());
      await api.register(healthRoutes);
      await api.register(authRoutes);
      await api.register(regionRoutes);
      await api.register(schoolRoutes);
      await api.register(organisationRoutes);
      await api.register(peopleRoutes);
      await api.register(roleAssignmentRoutes);
      await api.register(auditRoutes);
      await api.register(mailRoutes);
      await api.register(ticketRoutes);
      await api.register(attachmentRoutes);
      await api.register(reportRoutes);
      await api.register(ticketSettingsRoutes);
      await api.register(savedFilterRoutes);
      await api.register(inventoryAgentAdminRoutes);
      await api.register(assetRoutes);
      await api.register(mailInRoutes);
      await api.register(interventionRoutes);
      await api.register(textbookEnvelopeRoutes);
      await api.register(campaignRoutes);
      await api.register(catalogueRoutes);
      await api.register(orderRoutes);
      await api.register(mobileProjectRoutes);
      await api.register(deliveryRoutes);
    },
    { prefix: API_PREFIX },
  );
  // Agents configured for GLPI post to /front/inventory.php: only the host changes (issue 4).
  await app.register(inventoryAgentRoutes, { path: `${API_PREFIX}/inventory/agent` });
  await app.register(inventoryAgentRoutes, { path: "/front/inventory.php" });
  // The interactive docs are public, like the OpenAPI document they render.
  app.addHook("onRoute", (route) => {
    if (route.url.startsWith("/api/docs")) route.config = { ...route.config, isPublic: true };
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs", uiConfig: { url: `${API_PREFIX}/openapi.json`, deepLinking: true } });

  await registerWebApp(app, config);
  return app;
}

/** Serves the built single-page app, with index.html for every non-API path it routes itself. */
async function registerWebApp(app: FastifyInstance, config: Config) {
  const dist = resolve(config.WEB_DIST_DIR ?? join(here, "../../web/dist"));
  if (!existsSync(join(dist, "index.html"))) return;
  // serve: false: only reply.sendFile, used by the public route below. Letting the plugin add a
  // route per file would put every asset behind the login (those routes are not public).
  await app.register(fastifyStatic, { root: dist, serve: false, index: false, decorateReply: true });
  app.get("/*", { config: { isPublic: true }, schema: { hide: true } }, async (request, reply) => {
    const path = request.url.split("?")[0] ?? "/";
    if (path.startsWith("/api/")) return reply.callNotFound();
    const file = join(dist, path);
    if (path !== "/" && file.startsWith(dist) && existsSync(file) && !path.endsWith("/")) {
      const isHashed = path.startsWith("/assets/");
      return reply.header("cache-control", isHashed ? "public, max-age=31536000, immutable" : "no-cache").sendFile(path.slice(1));
    }
    return reply.header("cache-control", "no-cache").sendFile("index.html");
  });
}
