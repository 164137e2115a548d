import type { Permission } from "@relais/shared/permissions";
import type { QueryClient } from "@tanstack/react-query";
import type { ErrorComponentProps, RouteComponent } from "@tanstack/react-router";
import { createRootRouteWithContext, createRoute, createRouter, lazyRouteComponent, Outlet, redirect } from "@tanstack/react-router";
import { AppLayout } from "./components/app-layout.tsx";
import { LoadingBlock } from "./components/query-state.tsx";
import { ErrorPage, ForbiddenPage, NotFoundPage } from "./components/status-pages.tsx";
import { validateAuditSearch } from "./features/audit/routes/audit.search.ts";
import { validateCampaignSearch } from "./features/campaigns/routes/campaign.search.ts";
import {
  validateApplicationSearch,
  validateAssetListSearch,
  validateNewAssetSearch,
  validatePendingSearch,
} from "./features/inventory/routes/inventory.search.ts";
import { readsInboundMail } from "./features/mail-in/api/mail-in-api.ts";
import { validateInboundSearch } from "./features/mail-in/routes/inbound-messages.search.ts";
import { validateOutboxSearch } from "./features/outbox/routes/outbox.search.ts";
import { validatePeopleSearch } from "./features/people/routes/people.search.ts";
import { validateSchoolDirectorySearch } from "./features/schools/routes/school-directory.search.ts";
import { validateSchoolPageSearch } from "./features/schools/routes/school-page.search.ts";
import { validateSteeringSearch } from "./features/steering/routes/steering.search.ts";
import { validateNewTicketSearch } from "./features/tickets/routes/new-ticket.search.ts";
import { validateTicketListSearch } from "./features/tickets/routes/tickets.search.ts";
import { ApiError } from "./lib/api-client.ts";
import { hasPermission, type Me, meQuery, type SessionStage, STAGE_PATHS } from "./lib/session.ts";

/**
 * The route tree, in code: public login pages, then one authenticated layout ("app") whose
 * beforeLoad loads the person (GET /me) and sends them to the login step they still owe.
 * Pages are loaded on demand, so the first screen stays small.
 */
type RouterContext = { queryClient: QueryClient };

/** Only a path inside the app may be a post-login destination (no open redirect). */
function safeRedirect(value: unknown): string | undefined {
  return typeof value === "string" && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/connexion") ? value : undefined;
}
const redirectSearch = (search: Record<string, unknown>): { redirect?: string | undefined } => ({ redirect: safeRedirect(search.redirect) });

async function loadMe(queryClient: QueryClient): Promise<Me | null> {
  try {
    return await queryClient.ensureQueryData(meQuery);
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: NotFoundPage,
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/connexion",
  validateSearch: redirectSearch,
  beforeLoad: async ({ context, search }) => {
    const me = await loadMe(context.queryClient).catch(() => null);
    if (me?.stage === "active") throw redirect({ href: search.redirect ?? "/" });
  },
  component: lazyRouteComponent(() => import("./features/auth/routes/login-page.tsx"), "LoginPage"),
});

/** A login step page: only for a session at that step; others go where they belong. */
function stageRoute(
  path: "/connexion/code" | "/connexion/double-authentification" | "/connexion/nouveau-mot-de-passe",
  stage: SessionStage,
  component: RouteComponent,
) {
  return createRoute({
    getParentRoute: () => rootRoute,
    path,
    validateSearch: redirectSearch,
    beforeLoad: async ({ context, search }) => {
      const me = await loadMe(context.queryClient);
      if (!me) throw redirect({ to: "/connexion", search: {} });
      if (me.stage !== stage) throw redirect({ href: me.stage === "active" ? (search.redirect ?? "/") : STAGE_PATHS[me.stage] });
    },
    component,
  });
}
const mfaRoute = stageRoute(
  "/connexion/code",
  "mfa",
  lazyRouteComponent(() => import("./features/auth/routes/mfa-page.tsx"), "MfaPage"),
);
const mfaEnrolmentRoute = stageRoute(
  "/connexion/double-authentification",
  "mfa_enrolment",
  lazyRouteComponent(() => import("./features/auth/routes/mfa-enrolment-page.tsx"), "MfaEnrolmentPage"),
);
const passwordChangeRoute = stageRoute(
  "/connexion/nouveau-mot-de-passe",
  "password_change",
  lazyRouteComponent(() => import("./features/auth/routes/password-change-page.tsx"), "PasswordChangePage"),
);

const forgotPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/mot-de-passe-oublie",
  component: lazyRouteComponent(() => import("./features/auth/routes/forgot-password-page.tsx"), "ForgotPasswordPage"),
});

const resetPasswordRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: "/reinitialiser-mot-de-passe",
  validateSearch: (search: Record<string, unknown>): { jeton?: string | undefined } => ({
    jeton: typeof search.jeton === "string" && search.jeton.length <= 200 ? search.jeton : undefined,
  }),
  component: lazyRouteComponent(() => import("./features/auth/routes/reset-password-page.tsx"), "ResetPasswordPage"),
});

const appRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: "app",
  beforeLoad: async ({ context, location }) => {
    const me = await loadMe(context.queryClient);
    if (!me) throw redirect({ to: "/connexion", search: { redirect: safeRedirect(location.href) } });
    if (me.stage !== "active") throw redirect({ to: STAGE_PATHS[me.stage], search: { redirect: safeRedirect(location.href) } });
    return { me };
  },
  component: AppLayout,
  pendingComponent: () => <LoadingBlock />,
});

const homeRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/",
  component: lazyRouteComponent(() => import("./features/home/routes/home-page.tsx"), "HomePage"),
});

/** Pages the navigation only offers with a permission show a refusal, not a broken page, to others. */
class ForbiddenError extends Error {}
/** Any one of the permissions opens the page. */
function requirePermission(...permissions: [Permission, ...Permission[]]) {
  return ({ context }: { context: { me: Me } }) => {
    if (!permissions.some((permission) => hasPermission(context.me, permission))) throw new ForbiddenError(permissions.join(" | "));
  };
}

function RouteError({ error, reset }: ErrorComponentProps) {
  if (error instanceof ForbiddenError) return <ForbiddenPage />;
  return <ErrorPage error={error} onRetry={reset} />;
}

const schoolsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/etablissements",
  validateSearch: validateSchoolDirectorySearch,
  beforeLoad: requirePermission("school.read"),
  component: lazyRouteComponent(() => import("./features/schools/routes/school-directory-page.tsx"), "SchoolDirectoryPage"),
});

const schoolRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/etablissements/$uai",
  validateSearch: validateSchoolPageSearch,
  beforeLoad: requirePermission("school.read"),
  component: lazyRouteComponent(() => import("./features/schools/routes/school-page.tsx"), "SchoolPage"),
});

const peopleRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/personnes",
  validateSearch: validatePeopleSearch,
  beforeLoad: requirePermission("person.read"),
  component: lazyRouteComponent(() => import("./features/people/routes/people-page.tsx"), "PeoplePage"),
});

const personRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/personnes/$personId",
  beforeLoad: requirePermission("person.read"),
  component: lazyRouteComponent(() => import("./features/people/routes/person-page.tsx"), "PersonPage"),
});

const tokensRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/jetons",
  component: lazyRouteComponent(() => import("./features/api-tokens/routes/api-tokens-page.tsx"), "ApiTokensPage"),
});

const auditRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/journal",
  validateSearch: validateAuditSearch,
  beforeLoad: requirePermission("audit.read"),
  component: lazyRouteComponent(() => import("./features/audit/routes/audit-page.tsx"), "AuditPage"),
});

const outboxRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/messages",
  validateSearch: validateOutboxSearch,
  beforeLoad: requirePermission("outbox.read"),
  component: lazyRouteComponent(() => import("./features/outbox/routes/outbox-page.tsx"), "OutboxPage"),
});

// The desk's mail: a region's administrators and helpdesk operators (no permission names them).
const inboundMessagesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/courriels-recus",
  validateSearch: validateInboundSearch,
  beforeLoad: ({ context }) => {
    if (!readsInboundMail(context.me)) throw new ForbiddenError("inbound mail");
  },
  component: lazyRouteComponent(() => import("./features/mail-in/routes/inbound-messages-page.tsx"), "InboundMessagesPage"),
});

const ticketsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/tickets",
  validateSearch: validateTicketListSearch,
  beforeLoad: requirePermission("ticket.read"),
  component: lazyRouteComponent(() => import("./features/tickets/routes/tickets-page.tsx"), "TicketsPage"),
});

const newTicketRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/tickets/nouveau",
  // Other pages open the form pre-filled (the equipment catalogue: an evolution request for a server).
  validateSearch: validateNewTicketSearch,
  beforeLoad: requirePermission("ticket.file"),
  component: lazyRouteComponent(() => import("./features/tickets/routes/new-ticket-page.tsx"), "NewTicketPage"),
});

// No permission check: a teacher who reported follows "their" ticket; the API decides who sees it.
const ticketRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/tickets/$number",
  component: lazyRouteComponent(() => import("./features/tickets/routes/ticket-page.tsx"), "TicketPage"),
});

const deskQueueRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/file-attente",
  beforeLoad: requirePermission("ticket.work"),
  component: lazyRouteComponent(() => import("./features/tickets/routes/desk-queue-page.tsx"), "DeskQueuePage"),
});

const deskSettingsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/reglages-support",
  beforeLoad: requirePermission("region.write"),
  component: lazyRouteComponent(() => import("./features/desk-settings/routes/desk-settings-page.tsx"), "DeskSettingsPage"),
});

const campaignsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/campagnes",
  validateSearch: validateCampaignSearch,
  beforeLoad: requirePermission("envelope.read", "order.textbooks.cart", "gar.checklist"),
  component: lazyRouteComponent(() => import("./features/campaigns/routes/campaigns-page.tsx"), "CampaignsPage"),
});

// The Region's steering of its campaigns: envelopes, commitments, suppliers, top-ups, the close report.
const campaignSteeringRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/campagnes/pilotage",
  validateSearch: validateCampaignSearch,
  beforeLoad: requirePermission("campaign.manage"),
  component: lazyRouteComponent(() => import("./features/campaigns/routes/campaign-steering-page.tsx"), "CampaignSteeringPage"),
});

// The school's side of a campaign after the cart (issue 5): mobile projects, deliveries, licences and returns, GAR usage.
const mobileProjectsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/campagnes/projets-mobiles",
  beforeLoad: requirePermission("order.equipment", "mobile_project.academic_review", "campaign.manage"),
  component: lazyRouteComponent(() => import("./features/campaigns/routes/mobile-projects-page.tsx"), "MobileProjectsPage"),
});

const deliveriesRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/campagnes/livraisons",
  beforeLoad: requirePermission("envelope.read"),
  component: lazyRouteComponent(() => import("./features/campaigns/routes/deliveries-page.tsx"), "DeliveriesPage"),
});

const licencesReturnsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/campagnes/licences-et-retours",
  beforeLoad: requirePermission("order.textbooks.cart", "campaign.manage"),
  component: lazyRouteComponent(() => import("./features/campaigns/routes/licences-returns-page.tsx"), "LicencesReturnsPage"),
});

const garUsageRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/campagnes/usages-gar",
  beforeLoad: requirePermission("envelope.read"),
  component: lazyRouteComponent(() => import("./features/campaigns/routes/gar-usage-page.tsx"), "GarUsagePage"),
});

const equipmentCatalogueRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/catalogue/equipement",
  beforeLoad: requirePermission("region.read"),
  component: lazyRouteComponent(() => import("./features/campaigns/routes/equipment-catalogue-page.tsx"), "EquipmentCataloguePage"),
});

const catalogueRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/catalogue",
  beforeLoad: requirePermission("region.read"),
  component: lazyRouteComponent(() => import("./features/campaigns/routes/catalogue-page.tsx"), "CataloguePage"),
});

const reportsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/signalements",
  beforeLoad: requirePermission("ticket.report", "ticket.close"),
  component: lazyRouteComponent(() => import("./features/reports/routes/reports-page.tsx"), "ReportsPage"),
});

// The desk's people, and a school's head (who sees the security chain of their school).
const steeringRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/pilotage",
  validateSearch: validateSteeringSearch,
  beforeLoad: requirePermission("ticket.work", "ticket.read_security"),
  component: lazyRouteComponent(() => import("./features/steering/routes/steering-page.tsx"), "SteeringPage"),
});

// Whoever works tickets has interventions; a school's staff see their school's, to certify them.
const agendaRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/agenda",
  beforeLoad: requirePermission("ticket.work", "ticket.read"),
  component: lazyRouteComponent(() => import("./features/interventions/routes/agenda-page.tsx"), "AgendaPage"),
});

// The inventory: whoever reads it (the Region's staff, the school's head, coordinator and correspondents).
const inventoryRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/inventaire",
  validateSearch: validateAssetListSearch,
  beforeLoad: requirePermission("asset.read"),
  component: lazyRouteComponent(() => import("./features/inventory/routes/asset-list-page.tsx"), "AssetListPage"),
});

const pendingReportsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/inventaire/rapports-en-attente",
  validateSearch: validatePendingSearch,
  beforeLoad: requirePermission("region.write"),
  component: lazyRouteComponent(() => import("./features/inventory/routes/pending-reports-page.tsx"), "PendingReportsPage"),
});

const applicationsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/inventaire/applications",
  validateSearch: validateApplicationSearch,
  beforeLoad: requirePermission("asset.read"),
  component: lazyRouteComponent(() => import("./features/inventory/routes/applications-page.tsx"), "ApplicationsPage"),
});

const agentCredentialsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/inventaire/agents",
  beforeLoad: requirePermission("region.write"),
  component: lazyRouteComponent(() => import("./features/inventory/routes/agent-credentials-page.tsx"), "AgentCredentialsPage"),
});

// The inventory reports, a school's estate overview and a room: for whoever reads the inventory (scoped by the API).
const inventoryReportsRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/inventaire/rapports",
  beforeLoad: requirePermission("asset.read"),
  component: lazyRouteComponent(() => import("./features/inventory/routes/inventory-reports-page.tsx"), "InventoryReportsPage"),
});

const schoolEstateRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/inventaire/etablissements/$school",
  beforeLoad: requirePermission("asset.read"),
  component: lazyRouteComponent(() => import("./features/inventory/routes/school-estate-page.tsx"), "SchoolEstatePage"),
});

const roomRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/inventaire/salles/$roomId",
  beforeLoad: requirePermission("asset.read"),
  component: lazyRouteComponent(() => import("./features/inventory/routes/room-page.tsx"), "RoomPage"),
});

// Entering items by hand or from a spreadsheet: those who keep the inventory (the API checks the school).
const newAssetRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/inventaire/nouveau",
  validateSearch: validateNewAssetSearch,
  beforeLoad: requirePermission("asset.write"),
  component: lazyRouteComponent(() => import("./features/inventory/routes/new-asset-page.tsx"), "NewAssetPage"),
});

const assetImportRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/inventaire/import",
  beforeLoad: requirePermission("asset.write"),
  component: lazyRouteComponent(() => import("./features/inventory/routes/asset-import-page.tsx"), "AssetImportPage"),
});

const assetRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/inventaire/$id",
  beforeLoad: requirePermission("asset.read"),
  component: lazyRouteComponent(() => import("./features/inventory/routes/asset-page.tsx"), "AssetPage"),
});

const accountRoute = createRoute({
  getParentRoute: () => appRoute,
  path: "/mon-compte",
  component: lazyRouteComponent(() => import("./features/account/routes/account-page.tsx"), "AccountPage"),
});

export const routeTree = rootRoute.addChildren([
  loginRoute,
  mfaRoute,
  mfaEnrolmentRoute,
  passwordChangeRoute,
  forgotPasswordRoute,
  resetPasswordRoute,
  appRoute.addChildren([
    homeRoute,
    schoolsRoute,
    schoolRoute,
    peopleRoute,
    personRoute,
    tokensRoute,
    auditRoute,
    outboxRoute,
    inboundMessagesRoute,
    ticketsRoute,
    newTicketRoute,
    ticketRoute,
    deskQueueRoute,
    deskSettingsRoute,
    reportsRoute,
    campaignsRoute,
    campaignSteeringRoute,
    catalogueRoute,
    mobileProjectsRoute,
    deliveriesRoute,
    licencesReturnsRoute,
    garUsageRoute,
    equipmentCatalogueRoute,
    steeringRoute,
    agendaRoute,
    inventoryRoute,
    pendingReportsRoute,
    applicationsRoute,
    agentCredentialsRoute,
    inventoryReportsRoute,
    schoolEstateRoute,
    roomRoute,
    newAssetRoute,
    assetImportRoute,
    assetRoute,
    accountRoute,
  ]),
]);

export function buildRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    context: { queryClient },
    defaultPreload: "intent",
    defaultPreloadStaleTime: 0,
    defaultPendingMs: 300,
    defaultPendingComponent: () => <LoadingBlock />,
    defaultErrorComponent: RouteError,
    scrollRestoration: true,
  });
}

declare module "@tanstack/react-router" {
  interface Register {
    router: ReturnType<typeof buildRouter>;
  }
}
