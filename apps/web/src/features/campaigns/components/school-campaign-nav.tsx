import { Alert, Group, Select } from "@mantine/core";
import type { Permission } from "@relais/shared/permissions";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { AnchorLink } from "../../../components/router-links.tsx";
import type { MessageKey } from "../../../lib/i18n/fr.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { hasPermission, useMe } from "../../../lib/session.ts";
import { type Campaign, campaignsQuery } from "../api/campaigns-api.ts";

type CampaignPage = {
  to: "/campagnes" | "/campagnes/projets-mobiles" | "/campagnes/livraisons" | "/campagnes/licences-et-retours" | "/campagnes/usages-gar";
  label: MessageKey;
  permissions: Permission[];
};

/** The campaign pages, each offered to whoever may use it (the router checks the same permissions). */
export const CAMPAIGN_PAGES: CampaignPage[] = [
  { to: "/campagnes", label: "schoolCampaign.nav.envelopes", permissions: ["envelope.read", "order.textbooks.cart", "gar.checklist"] },
  {
    to: "/campagnes/projets-mobiles",
    label: "schoolCampaign.nav.projects",
    permissions: ["order.equipment", "mobile_project.academic_review", "campaign.manage"],
  },
  { to: "/campagnes/livraisons", label: "schoolCampaign.nav.deliveries", permissions: ["envelope.read"] },
  { to: "/campagnes/licences-et-retours", label: "schoolCampaign.nav.licences", permissions: ["order.textbooks.cart", "campaign.manage"] },
  { to: "/campagnes/usages-gar", label: "schoolCampaign.nav.usage", permissions: ["envelope.read"] },
];

/** Links between the campaign pages, so that each is one click from the others. */
export function CampaignPagesNav() {
  const { t } = useI18n();
  const me = useMe();
  const pages = CAMPAIGN_PAGES.filter((p) => p.permissions.some((permission) => hasPermission(me, permission)));
  if (pages.length < 2) return null;
  return (
    <Group component="nav" aria-label={t("schoolCampaign.nav.label")} gap="md" mb="md">
      {pages.map((page) => (
        <AnchorLink key={page.to} to={page.to} size="sm" activeOptions={{ exact: true }} activeProps={{ "aria-current": "page", fw: 700 }}>
          {t(page.label)}
        </AnchorLink>
      ))}
    </Group>
  );
}

/** The campaigns of one programme and the one picked (the most recent first, as the API lists them). */
export function useProgrammeCampaigns(programme: Campaign["programme"]) {
  const campaigns = useQuery(campaignsQuery);
  const [selected, setSelected] = useState<string | null>(null);
  const list = (campaigns.data?.items ?? []).filter((c) => c.programme === programme);
  const campaign = list.find((c) => c.id === selected) ?? list[0] ?? null;
  return { query: campaigns, list, campaign, select: setSelected };
}

export function CampaignPicker({ list, campaign, select }: { list: Campaign[]; campaign: Campaign; select: (id: string | null) => void }) {
  const { t } = useI18n();
  return (
    <Select
      label={t("campaigns.pick")}
      data={list.map((c) => ({ value: c.id, label: c.label }))}
      value={campaign.id}
      onChange={select}
      allowDeselect={false}
      w={420}
      maw="100%"
    />
  );
}

/** Whether the campaign takes orders today, and if not when it will (the API's own sentence). */
export function OrderingNotice({ campaign }: { campaign: Campaign }) {
  return (
    <Alert color={campaign.ordering.isOpen ? "green" : "blue"} variant="light">
      {campaign.ordering.message}
    </Alert>
  );
}
