import { BarChart } from "@mantine/charts";
import { Group, SimpleGrid, Skeleton, Stack, Table, Text } from "@mantine/core";
import { IconBuildingCommunity, IconHistory, IconMail, IconUsers } from "@tabler/icons-react";
import { useQueries, useQuery } from "@tanstack/react-query";
import { ExportButtons } from "../../../components/export-buttons.tsx";
import { Panel } from "../../../components/panel.tsx";
import { ErrorAlert } from "../../../components/query-state.tsx";
import { ButtonLink } from "../../../components/router-links.tsx";
import { apiUrl } from "../../../lib/api-client.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { hasPermission, type Me } from "../../../lib/session.ts";
import { academiesQuery, schoolCountQuery, sectorsQuery } from "../api/home-api.ts";
import { StatCard } from "./stat-card.tsx";

/** For Region staff: how many schools they oversee, by sector and by académie, and where to go. */
export function RegionOverview({ me }: { me: Me }) {
  const { t, tn, formatNumber } = useI18n();
  const total = useQuery(schoolCountQuery());
  const sectors = useQuery(sectorsQuery);
  const academies = useQuery(academiesQuery);
  const academyCounts = useQueries({ queries: (academies.data?.items ?? []).map((academie) => schoolCountQuery({ academie })) });

  const bySector = (sectors.data?.items ?? []).map((s) => ({
    name: s.name,
    schools: s.zones.reduce((sum, z) => sum + z.schoolCount, 0),
    zones: s.zones.length,
  }));
  const byAcademy = (academies.data?.items ?? []).map((name, i) => ({ name, schools: academyCounts[i]?.data ?? 0 }));
  const zoneCount = bySector.reduce((sum, s) => sum + s.zones, 0);
  const onlySector = sectors.data?.items.length === 1 ? sectors.data.items[0] : undefined;

  return (
    <Stack gap="lg">
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="md">
        <StatCard
          label={t("home.region.schools")}
          value={total.data === undefined ? <Skeleton h={30} w={60} /> : formatNumber(total.data)}
          hint={t("home.region.schoolsHint")}
        />
        <StatCard
          label={t("home.region.sectors")}
          value={sectors.data ? formatNumber(bySector.length) : <Skeleton h={30} w={40} />}
          hint={sectors.data ? tn("home.region.zones", zoneCount) : undefined}
        />
        <StatCard label={t("home.region.academies")} value={academies.data ? formatNumber(byAcademy.length) : <Skeleton h={30} w={40} />} />
      </SimpleGrid>
      {total.isError ? <ErrorAlert error={total.error} onRetry={() => void total.refetch()} /> : null}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        {/* One sector in scope (a sector head): its zones say more than a single bar. */}
        {onlySector ? (
          <CountChart
            title={t("home.region.byZone", { sector: onlySector.name })}
            rows={onlySector.zones.map((z) => ({ name: z.name, schools: z.schoolCount }))}
            isLoading={false}
            emptyLabel={t("home.region.noSector")}
          />
        ) : (
          <CountChart title={t("home.region.bySector")} rows={bySector} isLoading={sectors.isPending} emptyLabel={t("home.region.noSector")} />
        )}
        <CountChart
          title={t("home.region.byAcademy")}
          rows={byAcademy}
          isLoading={academies.isPending || academyCounts.some((q) => q.isPending)}
          emptyLabel={t("home.region.noAcademy")}
        />
      </SimpleGrid>
      <Panel title={t("home.quickLinks")}>
        <Group gap="sm">
          <ButtonLink to="/etablissements" variant="light" leftSection={<IconBuildingCommunity size={16} aria-hidden />}>
            {t("home.link.directory")}
          </ButtonLink>
          {hasPermission(me, "person.read") ? (
            <ButtonLink to="/personnes" variant="light" leftSection={<IconUsers size={16} aria-hidden />}>
              {t("home.link.people")}
            </ButtonLink>
          ) : null}
          {hasPermission(me, "audit.read") ? (
            <ButtonLink to="/journal" variant="light" leftSection={<IconHistory size={16} aria-hidden />}>
              {t("home.link.audit")}
            </ButtonLink>
          ) : null}
          {hasPermission(me, "outbox.read") ? (
            <ButtonLink to="/messages" variant="light" leftSection={<IconMail size={16} aria-hidden />}>
              {t("home.link.outbox")}
            </ButtonLink>
          ) : null}
          <ExportButtons label={t("home.link.exportSchools")} href={(format) => apiUrl("/schools", { format })} variant="light" />
        </Group>
      </Panel>
    </Stack>
  );
}

/** A bar chart with its data as a table just below (the text alternative, WCAG 1.1.1). */
function CountChart({
  title,
  rows,
  isLoading,
  emptyLabel,
}: {
  title: string;
  rows: { name: string; schools: number }[];
  isLoading: boolean;
  emptyLabel: string;
}) {
  const { t, formatNumber } = useI18n();
  return (
    <Panel title={title}>
      {isLoading ? (
        <Skeleton h={220} />
      ) : rows.length === 0 ? (
        <Text c="dimmed" size="sm">
          {emptyLabel}
        </Text>
      ) : (
        <>
          <div aria-hidden>
            <BarChart
              h={Math.max(160, rows.length * 44)}
              data={rows}
              dataKey="name"
              orientation="vertical"
              yAxisProps={{ width: 160, tickFormatter: (v: string) => (v.length > 24 ? `${v.slice(0, 23)}…` : v) }}
              series={[{ name: "schools", label: t("home.region.schoolsSeries"), color: "blue.7" }]}
              gridAxis="x"
              withTooltip={false}
              withBarValueLabel
            />
          </div>
          <Table mt="sm" fz="sm" striped>
            <caption style={{ captionSide: "top", textAlign: "left" }}>
              <Text size="xs" c="dimmed" component="span">
                {t("home.region.tableCaption", { title })}
              </Text>
            </caption>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t("home.region.name")}</Table.Th>
                <Table.Th scope="col" ta="right">
                  {t("home.region.schoolsSeries")}
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((row) => (
                <Table.Tr key={row.name}>
                  <Table.Td>{row.name}</Table.Td>
                  <Table.Td ta="right">{formatNumber(row.schools)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </>
      )}
    </Panel>
  );
}
