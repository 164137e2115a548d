import { Group, Stack, Text } from "@mantine/core";
import { ASSET_TYPES, type AssetType } from "@relais/shared/inventory";
import { useQuery } from "@tanstack/react-query";
import { Panel } from "../../../components/panel.tsx";
import { AnchorLink } from "../../../components/router-links.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { hasPermission, useMe } from "../../../lib/session.ts";
import { ticketAssetsQuery } from "../api/tickets-api.ts";

/** The inventory items this ticket is about, each linked to its page (links are made from the asset page). */
export function TicketAssets({ number }: { number: string }) {
  const { t, language } = useI18n();
  const me = useMe();
  const readsInventory = hasPermission(me, "asset.read");
  const list = useQuery({ ...ticketAssetsQuery(number), enabled: readsInventory });
  const items = list.data?.items ?? [];
  if (!readsInventory || items.length === 0) return null;
  return (
    <Panel title={t("ticket.assets.title")} gap="xs">
      <Stack gap={4} component="ul" m={0} p={0} style={{ listStyle: "none" }}>
        {items.map((a) => (
          <Group component="li" key={a.id} gap="xs">
            <AnchorLink to="/inventaire/$id" params={{ id: a.id }} fw={600}>
              {a.name ?? t("ticket.assets.unnamed")}
            </AnchorLink>
            <Text size="sm" c="dimmed">
              {ASSET_TYPES[a.type as AssetType]?.[language] ?? a.type}
              {a.model ? ` · ${[a.manufacturer, a.model].filter(Boolean).join(" ")}` : ""}
            </Text>
            {a.roomId ? (
              <AnchorLink to="/inventaire/salles/$roomId" params={{ roomId: a.roomId }} size="sm">
                {a.roomName}
              </AnchorLink>
            ) : null}
          </Group>
        ))}
      </Stack>
    </Panel>
  );
}
