import { Badge, Table, Text } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { Panel } from "../../../components/panel.tsx";
import { ErrorAlert, LoadingBlock } from "../../../components/query-state.tsx";
import { AnchorLink } from "../../../components/router-links.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { zoneSchoolsQuery } from "../api/home-api.ts";

/** For a technician: the schools of their zone, each one click away. */
export function ZoneOverview({ zoneId, zoneName }: { zoneId: string; zoneName: string }) {
  const { t, tn, formatNumber } = useI18n();
  const schools = useQuery(zoneSchoolsQuery(zoneId));
  return (
    <Panel title={t("home.zone.title", { zone: zoneName })} size="h3" gap={0}>
      {schools.isPending ? (
        <LoadingBlock />
      ) : schools.isError ? (
        <ErrorAlert error={schools.error} onRetry={() => void schools.refetch()} />
      ) : (
        <>
          <Text size="sm" c="dimmed" mb="sm">
            {tn("schools.count", schools.data.total)}
          </Text>
          <Table.ScrollContainer minWidth={600}>
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t("school.name")}</Table.Th>
                  <Table.Th scope="col">{t("school.uai")}</Table.Th>
                  <Table.Th scope="col">{t("school.commune")}</Table.Th>
                  <Table.Th scope="col">{t("school.digitalMode")}</Table.Th>
                  <Table.Th scope="col" ta="right">
                    {t("school.students")}
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {schools.data.items.map((school) => (
                  <Table.Tr key={school.id}>
                    <Table.Td>
                      <AnchorLink to="/etablissements/$uai" params={{ uai: school.uai }} fw={600}>
                        {school.name}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td ff="monospace">{school.uai}</Table.Td>
                    <Table.Td>{school.commune}</Table.Td>
                    <Table.Td>
                      <Badge color={school.digitalMode === "digital" ? "teal" : "gray"}>{t(`digitalMode.${school.digitalMode}`)}</Badge>
                    </Table.Td>
                    <Table.Td ta="right">{formatNumber(school.studentCount)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </Panel>
  );
}
