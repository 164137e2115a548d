import { ActionIcon, AppShell, Badge, Box, Burger, Button, Divider, Group, ScrollArea, Stack, Text, Tooltip, VisuallyHidden } from "@mantine/core";
import { useDisclosure, useMediaQuery } from "@mantine/hooks";
import type { Permission } from "@relais/shared/permissions";
import {
  IconAdjustments,
  IconBooks,
  IconBuildingCommunity,
  IconCalendar,
  IconChartBar,
  IconDeviceLaptop,
  IconDevices,
  IconHistory,
  IconHome,
  IconInbox,
  IconKey,
  IconLogout,
  IconMail,
  IconMailOpened,
  IconMessageReport,
  IconReportMoney,
  IconShoppingCart,
  IconSquarePlus,
  IconTicket,
  IconUserCircle,
  IconUsers,
} from "@tabler/icons-react";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link, Outlet, useNavigate, useRouterState } from "@tanstack/react-router";
import { type ReactNode, useEffect, useRef } from "react";
import { readsInboundMail } from "../features/mail-in/api/mail-in-api.ts";
import { logOut } from "../lib/auth-api.ts";
import type { MessageKey } from "../lib/i18n/fr.ts";
import { useI18n } from "../lib/i18n/i18n.tsx";
import { hasPermission, type Me, useMe } from "../lib/session.ts";
import { LanguageSwitch } from "./language-switch.tsx";
import { ButtonLink, NavLinkItem } from "./router-links.tsx";

type NavItem = {
  to:
    | "/"
    | "/etablissements"
    | "/personnes"
    | "/tickets"
    | "/tickets/nouveau"
    | "/file-attente"
    | "/signalements"
    | "/campagnes"
    | "/campagnes/pilotage"
    | "/catalogue"
    | "/campagnes/projets-mobiles"
    | "/pilotage"
    | "/agenda"
    | "/reglages-support"
    | "/journal"
    | "/messages"
    | "/courriels-recus"
    | "/inventaire"
    | "/jetons"
    | "/mon-compte";
  label: MessageKey;
  icon: ReactNode;
  /** Shown to whoever holds it, or any one of them. */
  permission?: Permission | Permission[];
  /** For pages no permission describes: who sees the entry, as the API decides who reads the page. */
  visibleTo?: (me: Me) => boolean;
  exact?: boolean;
};

/**
 * What the navigation offers, by service, each entry shown only to people whose roles carry its
 * permission (a section without a visible entry is not shown).
 */
const MAIN_NAV: { title?: MessageKey; items: NavItem[] }[] = [
  {
    items: [
      { to: "/", label: "nav.home", icon: <IconHome size={18} aria-hidden />, exact: true },
      { to: "/etablissements", label: "nav.schools", icon: <IconBuildingCommunity size={18} aria-hidden />, permission: "school.read" },
      { to: "/inventaire", label: "nav.inventory", icon: <IconDevices size={18} aria-hidden />, permission: "asset.read" },
      { to: "/personnes", label: "nav.people", icon: <IconUsers size={18} aria-hidden />, permission: "person.read" },
    ],
  },
  {
    title: "nav.section.support",
    items: [
      { to: "/tickets", label: "nav.tickets", icon: <IconTicket size={18} aria-hidden />, permission: "ticket.read", exact: true },
      { to: "/tickets/nouveau", label: "nav.newTicket", icon: <IconSquarePlus size={18} aria-hidden />, permission: "ticket.file", exact: true },
      { to: "/file-attente", label: "nav.deskQueue", icon: <IconInbox size={18} aria-hidden />, permission: "ticket.work" },
      { to: "/agenda", label: "nav.agenda", icon: <IconCalendar size={18} aria-hidden />, permission: ["ticket.work", "ticket.read"] },
      { to: "/signalements", label: "nav.reports", icon: <IconMessageReport size={18} aria-hidden />, permission: ["ticket.report", "ticket.close"] },
      { to: "/pilotage", label: "nav.steering", icon: <IconChartBar size={18} aria-hidden />, permission: ["ticket.work", "ticket.read_security"] },
      { to: "/courriels-recus", label: "nav.inboundMessages", icon: <IconMailOpened size={18} aria-hidden />, visibleTo: readsInboundMail },
    ],
  },
  {
    title: "nav.section.campaigns",
    items: [
      {
        to: "/campagnes",
        label: "nav.campaigns",
        icon: <IconShoppingCart size={18} aria-hidden />,
        permission: ["envelope.read", "order.textbooks.cart", "gar.checklist"],
        exact: true,
      },
      {
        to: "/campagnes/projets-mobiles",
        label: "nav.mobileProjects",
        icon: <IconDeviceLaptop size={18} aria-hidden />,
        permission: ["order.equipment", "mobile_project.academic_review"],
      },
      { to: "/catalogue", label: "nav.catalogue", icon: <IconBooks size={18} aria-hidden />, permission: "region.read" },
      { to: "/campagnes/pilotage", label: "nav.campaignSteering", icon: <IconReportMoney size={18} aria-hidden />, permission: "campaign.manage" },
    ],
  },
  {
    title: "nav.section.administration",
    items: [
      { to: "/reglages-support", label: "nav.deskSettings", icon: <IconAdjustments size={18} aria-hidden />, permission: "region.write" },
      { to: "/journal", label: "nav.audit", icon: <IconHistory size={18} aria-hidden />, permission: "audit.read" },
      { to: "/messages", label: "nav.outbox", icon: <IconMail size={18} aria-hidden />, permission: "outbox.read" },
    ],
  },
];
const ACCOUNT_NAV: NavItem[] = [
  { to: "/mon-compte", label: "nav.account", icon: <IconUserCircle size={18} aria-hidden /> },
  { to: "/jetons", label: "nav.tokens", icon: <IconKey size={18} aria-hidden /> },
];

export function AppLayout() {
  const { t } = useI18n();
  const me = useMe();
  const [opened, { toggle, close }] = useDisclosure(false);
  const isWide = useMediaQuery("(min-width: 48em)");
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const firstRender = useRef(true);
  const lastHeading = useRef<HTMLElement | null>(null);

  // After each navigation: close the mobile menu and move focus to the new page's heading,
  // so keyboard and screen reader users start reading at the right place.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the effect runs on each new pathname.
  useEffect(() => {
    close();
    if (firstRender.current) {
      firstRender.current = false;
      // Remember the first page's heading once it is there, to tell the next one from it.
      const timer = window.setTimeout(() => {
        lastHeading.current = document.getElementById("page-title");
      }, 1000);
      return () => window.clearTimeout(timer);
    }
    // The new page may still be loading: wait (up to 5 s) for its own heading to appear.
    const previous = lastHeading.current;
    const started = Date.now();
    const timer = window.setInterval(() => {
      const heading = document.getElementById("page-title");
      if (heading && heading !== previous) {
        lastHeading.current = heading;
        heading.focus();
        window.clearInterval(timer);
      } else if (Date.now() - started > 5000) window.clearInterval(timer);
    }, 50);
    return () => window.clearInterval(timer);
  }, [pathname, close]);

  const logout = useMutation({
    mutationFn: logOut,
    onSettled: async () => {
      // Forget the person first (so the login page does not send them back in), then the rest.
      queryClient.removeQueries({ queryKey: ["me"] });
      await navigate({ to: "/connexion", search: {}, replace: true });
      queryClient.clear();
    },
  });

  const visible = (items: NavItem[]) =>
    items.filter((item) => (!item.permission || [item.permission].flat().some((p) => hasPermission(me, p))) && (!item.visibleTo || item.visibleTo(me)));
  const renderItems = (items: NavItem[]) =>
    visible(items).map((item) => (
      <NavLinkItem key={item.to} to={item.to} label={t(item.label)} leftSection={item.icon} activeOptions={{ exact: item.exact ?? false }} />
    ));
  const fullName = `${me.firstName} ${me.lastName}`;

  return (
    <AppShell header={{ height: 60 }} navbar={{ width: 250, breakpoint: "sm", collapsed: { mobile: !opened } }} padding={{ base: "sm", sm: "lg" }}>
      <a className="skip-link" href="#main-content">
        {t("layout.skipToContent")}
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={opened ? t("layout.closeMenu") : t("layout.openMenu")}
              aria-expanded={opened}
              aria-controls="main-navigation"
            />
            <Link to="/" aria-label={t("layout.homeLink")} style={{ textDecoration: "none" }}>
              <Group gap={8} wrap="nowrap">
                <Text fw={800} fz={22} c="blue.9" lh={1}>
                  Relais
                </Text>
                <Text size="sm" c="dimmed" visibleFrom="md" lh={1}>
                  {t("app.tagline")}
                </Text>
              </Group>
            </Link>
            {me.isDemo ? (
              <Badge color="orange" variant="light" visibleFrom="xs">
                {t("layout.demo")}
              </Badge>
            ) : null}
          </Group>
          <Group gap="sm" wrap="nowrap">
            <LanguageSwitch />
            <ButtonLink to="/mon-compte" variant="subtle" size="sm" leftSection={<IconUserCircle size={18} aria-hidden />} visibleFrom="sm">
              <VisuallyHidden>{t("layout.myAccount")} : </VisuallyHidden>
              {fullName}
            </ButtonLink>
            {isWide ? (
              <Button variant="default" size="sm" leftSection={<IconLogout size={16} aria-hidden />} onClick={() => logout.mutate()} loading={logout.isPending}>
                {t("layout.logout")}
              </Button>
            ) : (
              <Tooltip label={t("layout.logout")}>
                <ActionIcon variant="default" size="lg" aria-label={t("layout.logout")} onClick={() => logout.mutate()} loading={logout.isPending}>
                  <IconLogout size={18} aria-hidden />
                </ActionIcon>
              </Tooltip>
            )}
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="sm" id="main-navigation" aria-label={t("layout.mainNavigation")} component="nav">
        <AppShell.Section grow component={ScrollArea}>
          {MAIN_NAV.map((section) =>
            section.title === undefined ? (
              <Stack key="main" gap={2}>
                {renderItems(section.items)}
              </Stack>
            ) : (
              <NavSection key={section.title} id={section.title} title={t(section.title)}>
                {renderItems(section.items)}
              </NavSection>
            ),
          )}
          <Divider my="sm" />
          <NavSection id="account-nav" title={t("nav.accountSection")}>
            {renderItems(ACCOUNT_NAV)}
          </NavSection>
        </AppShell.Section>
        <AppShell.Section>
          <Box px="sm" py="xs">
            <Text size="sm" fw={600} truncate>
              {fullName}
            </Text>
            <Text size="xs" c="dimmed" truncate>
              {me.email}
            </Text>
          </Box>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main id="main-content" tabIndex={-1} style={{ outline: "none" }}>
        <Box maw={1280} mx="auto">
          <Outlet />
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}

/** A titled group of navigation links, left out when none of its links is the viewer's. */
function NavSection({ id, title, children }: { id: string; title: string; children: ReactNode[] }) {
  if (children.length === 0) return null;
  const titleId = `${id.replaceAll(".", "-")}-title`;
  return (
    <>
      <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" mt="sm" mb={4} id={titleId}>
        {title}
      </Text>
      <Stack gap={2} role="group" aria-labelledby={titleId}>
        {children}
      </Stack>
    </>
  );
}
