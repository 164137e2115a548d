import { Badge, Group, SimpleGrid, Stack, Table, Text } from "@mantine/core";
import { ASSET_STATUSES, ASSET_TYPES, type AssetStatus, type AssetType, ROOM_USES, type RoomUse } from "@relais/shared/inventory";
import { useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { EmptyMessage } from "../../../components/empty-state.tsx";
import { PageHeader } from "../../../components/page-header.tsx";
import { Panel } from "../../../components/panel.tsx";
import { ErrorAlert, LoadingBlock } from "../../../components/query-state.tsx";
import { AnchorLink, ButtonLink } from "../../../components/router-links.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { type RoomView, roomViewQuery } from "../api/inventory-reports-api.ts";
import { HomogeneityBadge } from "../components/inventory-report-sections.tsx";

const route = getRouteApi("/app/inventaire/salles/$roomId");

/** A room: its items, its computer models against the one-model rule, and the age of its projectors. */
export function RoomPage() {
  const { roomId } = route.useParams();
  const query = useQuery(roomViewQuery(roomId));
  if (query.isPending) return <LoadingBlock />;
  if (query.isError) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  return <RoomDetail view={query.data} />;
}

function RoomDetail({ view }: { view: RoomView }) {
  const { t, tn, language, formatDate, formatNumber } = useI18n();
  const { room } = view;
  const computers = view.assets.filter((a) => view.computerTypes.includes(a.type));
  const projectors = view.assets.filter((a) => a.type === "video_projector" || a.type === "interactive_display");
  return (
    <>
      <PageHeader
        before={
          <AnchorLink to="/inventaire/etablissements/$school" params={{ school: room.schoolUai }} size="sm">
            ← {room.schoolName}
          </AnchorLink>
        }
        title={t("inventory.roomView.title", { name: room.name })}
        subtitle={
          <Group gap="xs">
            <Text span size="sm">
              {[
                room.building ? t("inventory.roomView.building", { building: room.building }) : null,
                room.floor ? t("inventory.roomView.floor", { floor: room.floor }) : null,
              ]
                .filter(Boolean)
                .join(", ") || t("inventory.roomView.noBuilding")}{" "}
              · {ROOM_USES[room.use as RoomUse]?.[language] ?? room.use}
            </Text>
            {computers.length > 0 ? <HomogeneityBadge isHomogeneous={view.isHomogeneous} /> : null}
          </Group>
        }
        actions={
          view.canEdit ? (
            <ButtonLink to="/inventaire/nouveau" search={{ school: room.schoolUai, room: room.id }}>
              {t("inventory.roomView.newAsset")}
            </ButtonLink>
          ) : null
        }
      />
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
          <Panel title={t("inventory.roomView.models")} gap="xs">
            <Text size="sm" c="dimmed" mb="sm">
              {view.isHomogeneous ? t("inventory.roomView.modelsOk") : t("inventory.roomView.modelsMixed")}
            </Text>
            {view.computerModels.length === 0 ? (
              <Text size="sm">{t("inventory.roomView.noComputer")}</Text>
            ) : (
              <Stack gap={4} component="ul" m={0} p={0} style={{ listStyle: "none" }}>
                {view.computerModels.map((m) => (
                  <Text component="li" size="sm" key={m.model}>
                    <strong>{m.model}</strong> — {tn("inventory.count", m.count)}
                  </Text>
                ))}
              </Stack>
            )}
          </Panel>
          <Panel title={t("inventory.roomView.projectors")} gap="xs">
            {projectors.length === 0 ? (
              <Text size="sm">{t("inventory.roomView.noProjector")}</Text>
            ) : (
              <Stack gap={4} component="ul" m={0} p={0} style={{ listStyle: "none" }}>
                {projectors.map((p) => (
                  <Text component="li" size="sm" key={p.id}>
                    <AnchorLink to="/inventaire/$id" params={{ id: p.id }}>
                      {p.name ?? t("inventory.unnamed")}
                    </AnchorLink>{" "}
                    ({ASSET_TYPES[p.type as AssetType]?.[language]}) —{" "}
                    {p.ageYears === null ? t("inventory.reports.ageUnknown") : tn("inventory.reports.years", p.ageYears)}
                    {p.acquiredOn ? ` (${t("inventory.acquiredOn").toLowerCase()} ${formatDate(p.acquiredOn)})` : ""}
                  </Text>
                ))}
              </Stack>
            )}
          </Panel>
        </SimpleGrid>
        <Panel title={`${t("inventory.roomView.assets")} (${formatNumber(view.assets.length)})`} headingId="room-assets">
          {view.assets.length === 0 ? (
            <EmptyMessage>{t("inventory.roomView.empty")}</EmptyMessage>
          ) : (
            <Table.ScrollContainer minWidth={700}>
              <Table striped verticalSpacing={4} aria-labelledby="room-assets">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t("inventory.name")}</Table.Th>
                    <Table.Th scope="col">{t("inventory.type")}</Table.Th>
                    <Table.Th scope="col">{t("inventory.model")}</Table.Th>
                    <Table.Th scope="col">{t("inventory.status")}</Table.Th>
                    <Table.Th scope="col">{t("inventory.reports.age")}</Table.Th>
                    <Table.Th scope="col">{t("inventory.warrantyEndsOn")}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {view.assets.map((a) => (
                    <Table.Tr key={a.id}>
                      <Table.Td>
                        <AnchorLink to="/inventaire/$id" params={{ id: a.id }} fw={600}>
                          {a.name ?? a.inventoryNumber ?? t("inventory.unnamed")}
                        </AnchorLink>
                      </Table.Td>
                      <Table.Td>{ASSET_TYPES[a.type as AssetType]?.[language] ?? a.type}</Table.Td>
                      <Table.Td>{[a.manufacturer, a.model].filter(Boolean).join(" ") || "—"}</Table.Td>
                      <Table.Td>
                        <Badge variant="light" color={a.status === "in_service" ? "blue" : "gray"}>
                          {ASSET_STATUSES[a.status as AssetStatus]?.[language] ?? a.status}
                        </Badge>
                      </Table.Td>
                      <Table.Td>{a.ageYears === null ? "—" : tn("inventory.reports.years", a.ageYears)}</Table.Td>
                      <Table.Td>{a.warrantyEndsOn ? formatDate(a.warrantyEndsOn) : "—"}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Panel>
      </Stack>
    </>
  );
}
