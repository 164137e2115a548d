import { BarChart, DonutChart } from "@mantine/charts";
import { Badge, Group, NativeSelect, Pagination, SimpleGrid, Switch, Text } from "@mantine/core";
import { ASSET_FUNDINGS, ASSET_STATUSES, ASSET_TYPES, type AssetFunding, type AssetStatus, type AssetType } from "@relais/shared/inventory";
import { RENEWAL_REASONS } from "@relais/shared/inventory-reports";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import type { ExportFormat } from "../../../components/export-buttons.tsx";
import { AnchorLink } from "../../../components/router-links.tsx";
import { apiUrl } from "../../../lib/api-client.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import {
  type CountRow,
  countsQuery,
  homogeneityQuery,
  projectorAgesQuery,
  type ReportScope,
  renewalQuery,
  totalCostQuery,
  warrantiesQuery,
} from "../api/inventory-reports-api.ts";
import { ReportFigure, useEuros } from "./report-figure.tsx";

const PAGE = 20;
/** Colours for the donut slices, in order; the table under each chart carries the same figures. */
const SLICE_COLORS = ["blue.6", "teal.6", "orange.6", "grape.6", "red.6", "cyan.6", "yellow.6", "indigo.6", "gray.6"];
const exportHref =
  (path: string, scope: ReportScope, extra: Record<string, string | number | boolean> = {}) =>
  (format: ExportFormat) =>
    apiUrl(path, { region: scope.region, school: scope.school, ...extra, format });

function Pager({ page, total, onPage }: { page: number; total: number; onPage: (page: number) => void }) {
  const { t } = useI18n();
  const pages = Math.ceil(total / PAGE);
  if (pages <= 1) return null;
  return (
    <Group justify="flex-end" mt="sm">
      <Pagination
        size="sm"
        total={pages}
        value={page}
        onChange={onPage}
        getControlProps={(control) => ({ "aria-label": t(`inventory.reports.page.${control}` as "inventory.reports.page.next") })}
        getItemProps={(p) => ({ "aria-label": t("inventory.reports.pageN", { page: p }) })}
      />
    </Group>
  );
}

/** Items by type (bars), status and funding (donuts): what the estate is made of. */
export function CountsFigures({ scope }: { scope: ReportScope }) {
  const { t, language, formatNumber } = useI18n();
  const byType = useQuery(countsQuery(scope, "type"));
  const byStatus = useQuery(countsQuery(scope, "status"));
  const byFunding = useQuery(countsQuery(scope, "funding"));
  const typeLabel = (key: string | null) => (key ? (ASSET_TYPES[key as AssetType]?.[language] ?? key) : t("inventory.reports.unset"));
  const statusLabel = (key: string | null) => (key ? (ASSET_STATUSES[key as AssetStatus]?.[language] ?? key) : t("inventory.reports.unset"));
  const fundingLabel = (key: string | null) => (key ? (ASSET_FUNDINGS[key as AssetFunding]?.[language] ?? key) : t("inventory.reports.unset"));
  const typeRows = (byType.data?.items ?? []).map((r) => ({ ...r, label: typeLabel(r.key) }));
  const donut = (rows: CountRow[], label: (key: string | null) => string) =>
    rows.map((r, i) => ({ name: label(r.key), value: r.count, color: SLICE_COLORS[i % SLICE_COLORS.length] as string, key: r.key ?? "none" }));
  const statusRows = donut(byStatus.data?.items ?? [], statusLabel);
  const fundingRows = donut(byFunding.data?.items ?? [], fundingLabel);
  const countColumn = {
    header: t("inventory.reports.count"),
    cell: (r: { count?: number; value?: number }) => formatNumber(r.count ?? r.value ?? 0),
    numeric: true,
  };
  return (
    <>
      <ReportFigure
        title={t("inventory.reports.byType")}
        query={byType}
        exportHref={exportHref("/inventory/reports/counts", scope, { by: "type" })}
        rows={typeRows}
        rowKey={(r) => r.key ?? "none"}
        emptyLabel={t("inventory.reports.noAsset")}
        chart={
          <BarChart
            h={Math.max(160, typeRows.length * 28 + 40)}
            data={typeRows}
            dataKey="label"
            orientation="vertical"
            yAxisProps={{ width: 190 }}
            xAxisProps={{ allowDecimals: false }}
            series={[{ name: "count", label: t("inventory.reports.count"), color: "blue.6" }]}
            gridAxis="x"
            withBarValueLabel
          />
        }
        columns={[{ header: t("inventory.type"), cell: (r) => r.label }, countColumn]}
      />
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        {[
          { title: t("inventory.reports.byStatus"), query: byStatus, rows: statusRows, by: "status", header: t("inventory.status") },
          { title: t("inventory.reports.byFunding"), query: byFunding, rows: fundingRows, by: "funding", header: t("inventory.funding") },
        ].map((figure) => (
          <ReportFigure
            key={figure.by}
            title={figure.title}
            query={figure.query}
            exportHref={exportHref("/inventory/reports/counts", scope, { by: figure.by })}
            rows={figure.rows}
            rowKey={(r) => r.key}
            emptyLabel={t("inventory.reports.noAsset")}
            chart={
              <Group justify="center">
                <DonutChart
                  data={figure.rows}
                  size={150}
                  thickness={26}
                  withTooltip={false}
                  chartLabel={formatNumber(figure.rows.reduce((s, r) => s + r.value, 0))}
                />
              </Group>
            }
            columns={[
              {
                header: figure.header,
                cell: (r) => (
                  <Group gap={6} wrap="nowrap">
                    <span
                      aria-hidden
                      style={{ width: 10, height: 10, borderRadius: 5, flexShrink: 0, background: `var(--mantine-color-${r.color.replace(".", "-")})` }}
                    />
                    {r.name}
                  </Group>
                ),
              },
              countColumn,
            ]}
          />
        ))}
      </SimpleGrid>
    </>
  );
}

/** Items per school (region reports): the biggest estates first, each linked to its overview. */
export function SchoolCountsFigure({ scope }: { scope: ReportScope }) {
  const { t, formatNumber } = useI18n();
  const bySchool = useQuery(countsQuery(scope, "school"));
  const rows = bySchool.data?.items ?? [];
  const chartRows = rows.slice(0, 12).map((r) => ({ label: r.name ?? r.uai ?? "?", count: r.count }));
  return (
    <ReportFigure
      title={t("inventory.reports.bySchool")}
      description={t("inventory.reports.bySchoolHint")}
      query={bySchool}
      exportHref={exportHref("/inventory/reports/counts", scope, { by: "school" })}
      rows={rows}
      rowKey={(r) => r.key ?? "none"}
      emptyLabel={t("inventory.reports.noAsset")}
      chart={
        <BarChart
          h={Math.max(160, chartRows.length * 28 + 40)}
          data={chartRows}
          dataKey="label"
          orientation="vertical"
          yAxisProps={{ width: 220, tickFormatter: (v: string) => (v.length > 30 ? `${v.slice(0, 29)}…` : v) }}
          xAxisProps={{ allowDecimals: false }}
          series={[{ name: "count", label: t("inventory.reports.count"), color: "teal.6" }]}
          gridAxis="x"
        />
      }
      columns={[
        {
          header: t("inventory.school"),
          cell: (r) =>
            r.uai ? (
              <AnchorLink to="/inventaire/etablissements/$school" params={{ school: r.uai }}>
                {r.name} ({r.uai})
              </AnchorLink>
            ) : (
              r.name
            ),
        },
        { header: t("inventory.reports.count"), cell: (r) => formatNumber(r.count), numeric: true },
      ]}
    />
  );
}

/** Projector age: the distribution (bars by age) and the rooms with the oldest first — the interactive-display programme starts there. */
export function ProjectorAgesFigure({ scope, showSchool = true }: { scope: ReportScope; showSchool?: boolean }) {
  const { t, tn, formatNumber } = useI18n();
  const [page, setPage] = useState(1);
  const query = useQuery(projectorAgesQuery(scope, page, PAGE));
  const data = query.data;
  const distribution = (data?.distribution ?? []).map((d) => ({
    label: d.ageYears === null ? t("inventory.reports.ageUnknown") : tn("inventory.reports.years", d.ageYears),
    count: d.count,
  }));
  return (
    <ReportFigure
      title={t("inventory.reports.projectors")}
      description={t("inventory.reports.projectorsHint")}
      query={query}
      exportHref={exportHref("/inventory/reports/projector-ages", scope)}
      rows={data?.items ?? []}
      rowKey={(r) => `${r.schoolId}-${r.roomId ?? "none"}`}
      emptyLabel={t("inventory.reports.noProjector")}
      chart={
        <BarChart
          h={200}
          data={distribution}
          dataKey="label"
          yAxisProps={{ allowDecimals: false }}
          series={[{ name: "count", label: t("inventory.reports.projectorCount"), color: "orange.6" }]}
          gridAxis="y"
          withBarValueLabel
          withTooltip={false}
        />
      }
      columns={[
        ...(showSchool
          ? [{ header: t("inventory.school"), cell: (r: NonNullable<typeof data>["items"][number]) => <SchoolLink uai={r.schoolUai} name={r.schoolName} /> }]
          : []),
        {
          header: t("inventory.room"),
          cell: (r) => (r.roomId ? <RoomLink id={r.roomId} name={[r.building, r.roomName].filter(Boolean).join(" · ")} /> : t("inventory.reports.noRoom")),
        },
        { header: t("inventory.reports.projectorCount"), cell: (r) => formatNumber(r.projectors), numeric: true },
        {
          header: t("inventory.reports.oldest"),
          cell: (r) => (r.oldestAgeYears === null ? "—" : tn("inventory.reports.years", r.oldestAgeYears)),
          numeric: true,
        },
        { header: t("inventory.reports.meanAge"), cell: (r) => (r.meanAgeYears === null ? "—" : formatNumber(r.meanAgeYears)), numeric: true },
        { header: t("inventory.reports.displays"), cell: (r) => formatNumber(r.interactiveDisplays), numeric: true },
      ]}
      footer={<Pager page={page} total={data?.total ?? 0} onPage={setPage} />}
    />
  );
}

/** Warranties ending within a chosen window, soonest first. */
export function WarrantiesFigure({ scope, showSchool = true }: { scope: ReportScope; showSchool?: boolean }) {
  const { t, language, formatDate, formatNumber } = useI18n();
  const [withinDays, setWithinDays] = useState(90);
  const [page, setPage] = useState(1);
  const query = useQuery(warrantiesQuery(scope, withinDays, page, PAGE));
  const data = query.data;
  return (
    <ReportFigure
      title={t("inventory.reports.warranties")}
      description={
        data ? t("inventory.reports.warrantiesHint", { count: formatNumber(data.total), from: formatDate(data.from), to: formatDate(data.to) }) : undefined
      }
      query={query}
      controls={
        <NativeSelect
          size="xs"
          aria-label={t("inventory.reports.window")}
          value={String(withinDays)}
          onChange={(e) => {
            setWithinDays(Number(e.currentTarget.value));
            setPage(1);
          }}
          data={[30, 90, 180, 365].map((d) => ({ value: String(d), label: t("inventory.reports.withinDays", { days: d }) }))}
        />
      }
      exportHref={exportHref("/inventory/reports/warranties", scope, { withinDays })}
      rows={data?.items ?? []}
      rowKey={(r) => r.id}
      emptyLabel={t("inventory.reports.noWarranty")}
      columns={[
        { header: t("inventory.name"), cell: (r) => <AssetLink id={r.id} name={r.name} /> },
        { header: t("inventory.type"), cell: (r) => ASSET_TYPES[r.type as AssetType]?.[language] ?? r.type },
        ...(showSchool
          ? [{ header: t("inventory.school"), cell: (r: NonNullable<typeof data>["items"][number]) => <SchoolLink uai={r.schoolUai} name={r.schoolName} /> }]
          : []),
        { header: t("inventory.room"), cell: (r) => (r.roomId ? <RoomLink id={r.roomId} name={r.roomName ?? "—"} /> : "—") },
        { header: t("inventory.warrantyEndsOn"), cell: (r) => formatDate(r.warrantyEndsOn) },
        { header: t("inventory.reports.daysLeft"), cell: (r) => formatNumber(r.daysLeft), numeric: true },
      ]}
      footer={<Pager page={page} total={data?.total ?? 0} onPage={setPage} />}
    />
  );
}

const REASON_COLORS = { out_of_warranty: "orange", too_old: "red", frequent_incidents: "grape" } as const;

/** Items to renew, each with every reason that holds (seed 004 §7.5.4). */
export function RenewalFigure({ scope, showSchool = true }: { scope: ReportScope; showSchool?: boolean }) {
  const { t, tn, language, formatDate, formatNumber } = useI18n();
  const [page, setPage] = useState(1);
  const query = useQuery(renewalQuery(scope, page, PAGE));
  const data = query.data;
  return (
    <ReportFigure
      title={t("inventory.reports.renewal")}
      description={
        data
          ? t("inventory.reports.renewalHint", {
              count: formatNumber(data.total),
              age: data.rule.renewalAgeYears,
              tickets: data.rule.frequentIncidentTickets,
              months: data.rule.incidentWindowMonths,
            })
          : undefined
      }
      query={query}
      exportHref={exportHref("/inventory/reports/renewal-candidates", scope)}
      rows={data?.items ?? []}
      rowKey={(r) => r.id}
      emptyLabel={t("inventory.reports.noRenewal")}
      columns={[
        { header: t("inventory.name"), cell: (r) => <AssetLink id={r.id} name={r.name} /> },
        { header: t("inventory.type"), cell: (r) => ASSET_TYPES[r.type as AssetType]?.[language] ?? r.type },
        ...(showSchool
          ? [{ header: t("inventory.school"), cell: (r: NonNullable<typeof data>["items"][number]) => <SchoolLink uai={r.schoolUai} name={r.schoolName} /> }]
          : []),
        { header: t("inventory.reports.age"), cell: (r) => (r.ageYears === null ? "—" : tn("inventory.reports.years", r.ageYears)), numeric: true },
        { header: t("inventory.warrantyEndsOn"), cell: (r) => (r.warrantyEndsOn ? formatDate(r.warrantyEndsOn) : "—") },
        { header: t("inventory.reports.incidents"), cell: (r) => formatNumber(r.recentIncidents), numeric: true },
        {
          header: t("inventory.reports.reasons"),
          cell: (r) => (
            <Group gap={4}>
              {r.reasons.map((reason) => (
                <Badge key={reason} color={REASON_COLORS[reason]} variant="light" size="sm">
                  {RENEWAL_REASONS[reason][language]}
                </Badge>
              ))}
            </Group>
          ),
        },
      ]}
      footer={<Pager page={page} total={data?.total ?? 0} onPage={setPage} />}
    />
  );
}

/** Total cost of ownership per class: stacked bars of its four parts, the figures, and the formula with its parameters. */
export function TotalCostFigure({ scope }: { scope: ReportScope }) {
  const { t, language, formatNumber } = useI18n();
  const euros = useEuros();
  const query = useQuery(totalCostQuery(scope));
  const data = query.data;
  const rows = (data?.items ?? []).map((r) => ({ ...r, label: ASSET_TYPES[r.type as AssetType]?.[language] ?? r.type }));
  const chartRows = rows.slice(0, 10).map((r) => ({
    label: r.label,
    acquisition: Math.round(r.acquisitionCents / 100),
    deployment: Math.round(r.deploymentCents / 100),
    support: Math.round(r.supportCents / 100),
    recycling: Math.round(r.recyclingCents / 100),
  }));
  const series = [
    { name: "acquisition", label: t("inventory.reports.acquisition"), color: "blue.6" },
    { name: "deployment", label: t("inventory.reports.deployment"), color: "teal.6" },
    { name: "support", label: t("inventory.reports.support"), color: "orange.6" },
    { name: "recycling", label: t("inventory.reports.recycling"), color: "gray.6" },
  ];
  return (
    <ReportFigure
      title={t("inventory.reports.totalCost")}
      description={
        data ? (
          <>
            <Text size="sm" c="dimmed">
              {t("inventory.reports.totalCostHint", { total: euros(data.totalCents), hour: euros(data.supportHourCents) })}
            </Text>
            <Text size="xs" c="dimmed" mt={4}>
              {data.formula}
            </Text>
          </>
        ) : undefined
      }
      query={query}
      exportHref={exportHref("/inventory/reports/total-cost", scope)}
      minWidth={1050}
      rows={rows}
      rowKey={(r) => r.type}
      emptyLabel={t("inventory.reports.noAsset")}
      chart={
        <>
          <Group gap="md" justify="flex-end" mb="xs">
            {series.map((s) => (
              <Group key={s.name} gap={6} wrap="nowrap">
                <span style={{ width: 12, height: 12, borderRadius: 6, background: `var(--mantine-color-${s.color.replace(".", "-")})` }} />
                <Text size="sm">{s.label}</Text>
              </Group>
            ))}
          </Group>
          <BarChart
            h={Math.max(180, chartRows.length * 32 + 40)}
            data={chartRows}
            dataKey="label"
            type="stacked"
            orientation="vertical"
            yAxisProps={{ width: 190 }}
            valueFormatter={(v) => `${formatNumber(v)} €`}
            series={series}
            gridAxis="x"
          />
        </>
      }
      columns={[
        {
          header: t("inventory.reports.class"),
          cell: (r) => (
            <>
              {r.label}
              <Text size="xs" c="dimmed">
                {t("inventory.reports.parametersValue", {
                  price: euros(r.parameters.priceCents),
                  minutes: r.parameters.deploymentMinutes,
                  recycling: euros(r.parameters.recyclingCents),
                })}
              </Text>
            </>
          ),
        },
        { header: t("inventory.reports.count"), cell: (r) => formatNumber(r.count), numeric: true },
        { header: t("inventory.reports.pricedColumn"), cell: (r) => formatNumber(r.pricedCount), numeric: true },
        { header: t("inventory.reports.acquisition"), cell: (r) => euros(r.acquisitionCents), numeric: true },
        { header: t("inventory.reports.deployment"), cell: (r) => euros(r.deploymentCents), numeric: true },
        { header: t("inventory.reports.supportMinutes"), cell: (r) => formatNumber(r.supportMinutes), numeric: true },
        { header: t("inventory.reports.support"), cell: (r) => euros(r.supportCents), numeric: true },
        { header: t("inventory.reports.recycling"), cell: (r) => euros(r.recyclingCents), numeric: true },
        { header: t("inventory.reports.total"), cell: (r) => <strong>{euros(r.totalCents)}</strong>, numeric: true },
        { header: t("inventory.reports.perItem"), cell: (r) => euros(r.perItemCents), numeric: true },
      ]}
    />
  );
}

/** Rooms and their computer models: one model per room is the rule (seed 004 §7.5.4). */
export function HomogeneityFigure({ scope, showSchool = true }: { scope: ReportScope; showSchool?: boolean }) {
  const { t, formatNumber } = useI18n();
  const [mixedOnly, setMixedOnly] = useState(true);
  const [page, setPage] = useState(1);
  const query = useQuery(homogeneityQuery(scope, mixedOnly, page, PAGE));
  const data = query.data;
  return (
    <ReportFigure
      title={t("inventory.reports.homogeneity")}
      description={t("inventory.reports.homogeneityHint")}
      query={query}
      controls={
        <Switch
          size="sm"
          label={t("inventory.reports.mixedOnly")}
          checked={mixedOnly}
          onChange={(e) => {
            setMixedOnly(e.currentTarget.checked);
            setPage(1);
          }}
        />
      }
      exportHref={exportHref("/inventory/reports/room-homogeneity", scope, { mixedOnly })}
      rows={data?.items ?? []}
      rowKey={(r) => r.roomId}
      emptyLabel={mixedOnly ? t("inventory.reports.noMixedRoom") : t("inventory.reports.noComputerRoom")}
      columns={[
        ...(showSchool
          ? [{ header: t("inventory.school"), cell: (r: NonNullable<typeof data>["items"][number]) => <SchoolLink uai={r.schoolUai} name={r.schoolName} /> }]
          : []),
        { header: t("inventory.room"), cell: (r) => <RoomLink id={r.roomId} name={[r.building, r.roomName].filter(Boolean).join(" · ")} /> },
        { header: t("inventory.reports.computers"), cell: (r) => formatNumber(r.computers), numeric: true },
        { header: t("inventory.reports.models"), cell: (r) => r.models.map((m) => `${m.model} (${m.count})`).join(", ") },
        { header: t("inventory.reports.homogeneous"), cell: (r) => <HomogeneityBadge isHomogeneous={r.isHomogeneous} /> },
      ]}
      footer={<Pager page={page} total={data?.total ?? 0} onPage={setPage} />}
    />
  );
}

export function HomogeneityBadge({ isHomogeneous }: { isHomogeneous: boolean }) {
  const { t } = useI18n();
  return isHomogeneous ? (
    <Badge color="green" variant="light">
      {t("inventory.reports.oneModel")}
    </Badge>
  ) : (
    <Badge color="red" variant="light">
      {t("inventory.reports.mixed")}
    </Badge>
  );
}

function SchoolLink({ uai, name }: { uai: string; name: string }) {
  return (
    <AnchorLink to="/inventaire/etablissements/$school" params={{ school: uai }}>
      {name}
    </AnchorLink>
  );
}
function RoomLink({ id, name }: { id: string; name: string }) {
  return (
    <AnchorLink to="/inventaire/salles/$roomId" params={{ roomId: id }} style={{ whiteSpace: "nowrap" }}>
      {name}
    </AnchorLink>
  );
}
function AssetLink({ id, name }: { id: string; name: string | null }) {
  const { t } = useI18n();
  return (
    <AnchorLink to="/inventaire/$id" params={{ id }} style={{ whiteSpace: "nowrap" }}>
      {name ?? t("inventory.unnamed")}
    </AnchorLink>
  );
}
