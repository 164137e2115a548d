import { Badge, Group, Paper, SimpleGrid, Stack, Table, Text } from "@mantine/core";
import { ROOM_USES, type RoomUse } from "@relais/shared/inventory";
import { useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { EmptyMessage } from "../../../components/empty-state.tsx";
import { PageHeader } from "../../../components/page-header.tsx";
import { Panel } from "../../../components/panel.tsx";
import { ErrorAlert, LoadingBlock } from "../../../components/query-state.tsx";
import { AnchorLink, ButtonLink } from "../../../components/router-links.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { canAt, useMe } from "../../../lib/session.ts";
import { type EstateReport, estateQuery } from "../api/inventory-reports-api.ts";
import {
  CountsFigures,
  HomogeneityFigure,
  ProjectorAgesFigure,
  RenewalFigure,
  TotalCostFigure,
  WarrantiesFigure,
} from "../components/inventory-report-sections.tsx";
import { NewRoomForm } from "../components/new-room-form.tsx";

const route = getRouteApi("/app/inventaire/etablissements/$school");

/** One lycée's estate: key figures, its rooms (each linked to its view), the charts and the reports for this school only. */
export function SchoolEstatePage() {
  const { school } = route.useParams();
  const { t } = useI18n();
  const me = useMe();
  const estate = useQuery(estateQuery(school));
  if (estate.isPending) return <LoadingBlock />;
  if (estate.isError) return <ErrorAlert error={estate.error} onRetry={() => void estate.refetch()} />;
  const scope = { school: estate.data.school.id };
  // Only those who keep this lycée's inventory (a scope covering it) are offered entry; the API checks it again.
  const { id, regionId, sectorId, zoneId } = estate.data.school;
  const mayKeep = canAt(me, "asset.write", { regionId, sectorId, zoneId, schoolId: id });
  return (
    <>
      <PageHeader
        before={
          <Group gap="md">
            <AnchorLink to="/inventaire" size="sm">
              {t("inventory.back")}
            </AnchorLink>
            <AnchorLink to="/inventaire/rapports" size="sm">
              {t("inventory.reports.link")}
            </AnchorLink>
          </Group>
        }
        title={t("inventory.estate.title", { name: estate.data.school.name })}
        subtitle={`${estate.data.school.uai} · ${estate.data.school.commune}`}
        actions={
          <>
            {mayKeep ? (
              <ButtonLink to="/inventaire/nouveau" search={{ school: estate.data.school.uai }}>
                {t("inventory.form.newLink")}
              </ButtonLink>
            ) : null}
            <ButtonLink to="/inventaire" search={{ school: estate.data.school.id }} variant="light">
              {t("inventory.estate.allAssets")}
            </ButtonLink>
          </>
        }
      />
      <Stack gap="md">
        <KeyFigures estate={estate.data} />
        <RoomsTable estate={estate.data} mayKeep={mayKeep} />
        <CountsFigures scope={scope} />
        <RenewalFigure scope={scope} showSchool={false} />
        <WarrantiesFigure scope={scope} showSchool={false} />
        <ProjectorAgesFigure scope={scope} showSchool={false} />
        <HomogeneityFigure scope={scope} showSchool={false} />
        <TotalCostFigure scope={scope} />
      </Stack>
    </>
  );
}

function KeyFigures({ estate }: { estate: EstateReport }) {
  const { t, formatNumber } = useI18n();
  const total = estate.byType.reduce((sum, r) => sum + r.count, 0);
  const inService = estate.byStatus.find((r) => r.key === "in_service")?.count ?? 0;
  const tiles = [
    { label: t("inventory.estate.assets"), value: formatNumber(total) },
    { label: t("inventory.estate.inService"), value: formatNumber(inService) },
    { label: t("inventory.estate.rooms"), value: formatNumber(estate.rooms.length) },
    { label: t("inventory.estate.mixedRooms"), value: formatNumber(estate.mixedRooms.length), alert: estate.mixedRooms.length > 0 },
    { label: t("inventory.estate.warrantiesEnded"), value: formatNumber(estate.warranties.filter((w) => w.isEnded).length) },
    { label: t("inventory.estate.warrantiesSoon"), value: formatNumber(estate.warranties.filter((w) => !w.isEnded).length) },
  ];
  return (
    <SimpleGrid cols={{ base: 2, sm: 3, lg: 6 }} spacing="sm" component="dl" m={0}>
      {tiles.map((tile) => (
        <Paper key={tile.label} withBorder p="sm" radius="md" bg="white">
          <Text component="dt" size="xs" c="dimmed">
            {tile.label}
          </Text>
          <Text component="dd" m={0} fz={26} fw={700} c={tile.alert ? "red.8" : undefined}>
            {tile.value}
          </Text>
        </Paper>
      ))}
    </SimpleGrid>
  );
}

function RoomsTable({ estate, mayKeep }: { estate: EstateReport; mayKeep: boolean }) {
  const { t, language, formatNumber } = useI18n();
  const mixed = new Set(estate.mixedRooms.map((r) => r.roomId));
  return (
    <Panel title={t("inventory.estate.roomsTitle")} headingId="estate-rooms">
      {estate.rooms.length === 0 ? (
        <EmptyMessage>{t("inventory.estate.noRoom")}</EmptyMessage>
      ) : (
        <Table.ScrollContainer minWidth={500}>
          <Table striped verticalSpacing={4} aria-labelledby="estate-rooms">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("inventory.room")}</Table.Th>
                <Table.Th scope="col">{t("inventory.estate.building")}</Table.Th>
                <Table.Th scope="col">{t("inventory.estate.use")}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t("inventory.estate.assets")}
                </Table.Th>
                <Table.Th scope="col">{t("inventory.reports.homogeneous")}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {estate.rooms.map((room) => (
                <Table.Tr key={room.id}>
                  <Table.Td>
                    <AnchorLink to="/inventaire/salles/$roomId" params={{ roomId: room.id }} fw={600}>
                      {room.name}
                    </AnchorLink>
                  </Table.Td>
                  <Table.Td>{[room.building, room.floor].filter(Boolean).join(" · ") || "—"}</Table.Td>
                  <Table.Td>{ROOM_USES[room.use as RoomUse]?.[language] ?? room.use}</Table.Td>
                  <Table.Td ta="right">{formatNumber(room.assetCount)}</Table.Td>
                  <Table.Td>
                    {mixed.has(room.id) ? (
                      <Badge color="red" variant="light">
                        {t("inventory.reports.mixed")}
                      </Badge>
                    ) : (
                      "—"
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {mayKeep ? <NewRoomForm school={estate.school.id} /> : null}
    </Panel>
  );
}
