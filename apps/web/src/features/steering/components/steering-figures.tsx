import { BarChart } from "@mantine/charts";
import { useMediaQuery } from "@mantine/hooks";
import type { UseQueryResult } from "@tanstack/react-query";
import type { ExportFormat } from "../../../components/export-buttons.tsx";
import { FigureSection } from "../../../components/figure-section.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import type { Stats, StatsRow } from "../api/steering-api.ts";
import type { Grouping } from "../routes/steering.search.ts";
import { GROUPING_LABELS } from "./steering-controls.tsx";
import { useSteeringFormat } from "./steering-format.ts";

/** More bars than this and a chart stops being read: the table under it keeps every group. */
const CHART_GROUPS = 15;
/** The API's ageing buckets (ticket-stats.ts), days since receipt: [0, 1), [1, 3), [3, 7), [7, ∞). */
const AGE_BUCKETS = ["steering.age.under1", "steering.age.1to3", "steering.age.3to7", "steering.age.over7"] as const;
const AGE_COLORS = ["teal.6", "yellow.5", "orange.6", "red.7"];
const AGE_SERIES = ["age0", "age1", "age2", "age3"] as const;

const stateOf = (query: UseQueryResult<Stats>, emptyLabel: string) => ({
  isPending: query.isPending,
  error: query.isError && !query.data ? query.error : null,
  onRetry: () => void query.refetch(),
  emptyLabel,
});
const truncate = (label: string) => (label.length > 26 ? `${label.slice(0, 25)}…` : label);
/** Room for the group names left of horizontal bars: less on a phone, where the bars need it. */
function useNameWidth(wide: number) {
  return useMediaQuery("(min-width: 36em)") === false ? 110 : wide;
}
/** Horizontal bars: the group names stay readable on the left, however long. */
const barHeight = (rows: number, barsPerRow: number) => Math.max(160, rows * (barsPerRow * 14 + 16) + 60);

/** Where the backlog is, category by category, and how much of it is late. */
export function BacklogByCategory({ query, exportHref }: { query: UseQueryResult<Stats>; exportHref: (format: ExportFormat) => string }) {
  const { t, formatNumber } = useI18n();
  const f = useSteeringFormat();
  const nameWidth = useNameWidth(150);
  const rows = (query.data?.groups ?? []).map((row) => ({ row, name: f.groupLabel(row, "category") }));
  const chartRows = rows.filter(({ row }) => row.open > 0).map(({ row, name }) => ({ name, open: row.open, overdue: row.overdue }));
  const series = [
    { name: "open", label: t("steering.open"), color: "blue.6" },
    { name: "overdue", label: t("steering.overdue"), color: "red.7" },
  ];
  return (
    <FigureSection
      legend={series}
      title={t("steering.byCategory")}
      description={t("steering.byCategoryHint")}
      exportHref={exportHref}
      state={stateOf(query, t("steering.noTicket"))}
      rows={rows}
      rowKey={({ row }) => row.key ?? "none"}
      chart={
        chartRows.length === 0 ? null : (
          <BarChart
            h={barHeight(chartRows.length, 2)}
            data={chartRows}
            dataKey="name"
            orientation="vertical"
            xAxisProps={{ allowDecimals: false }}
            yAxisProps={{ width: nameWidth, tickFormatter: truncate }}
            series={series}
            gridAxis="x"
          />
        )
      }
      note={chartRows.length === 0 ? t("steering.noBacklog") : undefined}
      columns={[
        { header: t("steering.groupBy.category"), cell: ({ name }) => name },
        { header: t("steering.total"), cell: ({ row }) => formatNumber(row.total), numeric: true },
        { header: t("steering.open"), cell: ({ row }) => formatNumber(row.open), numeric: true },
        { header: t("steering.overdue"), cell: ({ row }) => formatNumber(row.overdue), numeric: true },
      ]}
    />
  );
}

/** The backlog by age since receipt, whatever its grouping (each bar's `color` paints it). */
export function AgeingTotals({ query }: { query: UseQueryResult<Stats> }) {
  const { t, formatNumber } = useI18n();
  const f = useSteeringFormat();
  const totals = query.data?.totals;
  const open = totals?.open ?? 0;
  const rows = totals && open > 0 ? AGE_BUCKETS.map((key, i) => ({ key, name: t(key), count: totals.ageing[i] ?? 0, color: AGE_COLORS[i] ?? "gray" })) : [];
  return (
    <FigureSection
      title={t("steering.ageing")}
      description={t("steering.ageingHint")}
      state={stateOf(query, t("steering.noBacklog"))}
      rows={rows}
      rowKey={(row) => row.key}
      chart={
        <BarChart
          h={220}
          data={rows}
          dataKey="name"
          series={[{ name: "count", label: t("steering.open") }]}
          yAxisProps={{ allowDecimals: false }}
          gridAxis="y"
          withTooltip={false}
          withBarValueLabel
        />
      }
      columns={[
        { header: t("steering.ageBucket"), cell: (row) => row.name },
        { header: t("steering.open"), cell: (row) => formatNumber(row.count), numeric: true },
        { header: t("steering.shareOfBacklog"), cell: (row) => f.percent(row.count / open), numeric: true },
      ]}
    />
  );
}

/** Deadlines kept, group by group (0–100 %), with every figure of each group in the table. */
export function ComplianceByGroup({
  query,
  groupBy,
  exportHref,
}: {
  query: UseQueryResult<Stats>;
  groupBy: Grouping;
  exportHref: (format: ExportFormat) => string;
}) {
  const { t, formatNumber } = useI18n();
  const f = useSteeringFormat();
  const group = t(GROUPING_LABELS[groupBy]);
  const nameWidth = useNameWidth(170);
  const rows = (query.data?.groups ?? []).map((row) => ({ row, name: f.groupLabel(row, groupBy) }));
  const measured = rows.filter(({ row }) => row.takeChargeCompliance !== null || row.resolutionCompliance !== null);
  const chartRows = measured.slice(0, CHART_GROUPS).map(({ row, name }) => ({
    name,
    takeCharge: f.percentValue(row.takeChargeCompliance),
    resolution: f.percentValue(row.resolutionCompliance),
  }));
  const series = [
    { name: "takeCharge", label: t("steering.takeCharge"), color: "teal.7" },
    { name: "resolution", label: t("steering.resolution"), color: "indigo.6" },
  ];
  return (
    <FigureSection
      legend={series}
      title={t("steering.complianceBy", { group: group.toLowerCase() })}
      description={t("steering.complianceHint")}
      exportHref={exportHref}
      state={stateOf(query, t("steering.noTicket"))}
      rows={rows}
      rowKey={({ row }) => row.key ?? "none"}
      chart={
        chartRows.length === 0 ? null : (
          <BarChart
            h={barHeight(chartRows.length, 2)}
            data={chartRows}
            dataKey="name"
            orientation="vertical"
            xAxisProps={{ domain: [0, 100], ticks: [0, 25, 50, 75, 100], tickFormatter: (v: number) => `${v} %` }}
            yAxisProps={{ width: nameWidth, tickFormatter: truncate }}
            valueFormatter={(v) => `${f.decimal(v)} %`}
            series={series}
            gridAxis="x"
            referenceLines={[{ x: 100, color: "gray.5" }]}
          />
        )
      }
      note={
        chartRows.length === 0 ? t("steering.nothingMeasured") : measured.length > CHART_GROUPS ? t("steering.chartTop", { count: CHART_GROUPS }) : undefined
      }
      columns={[
        { header: group, cell: ({ name }) => name },
        { header: t("steering.total"), cell: ({ row }) => formatNumber(row.total), numeric: true },
        { header: t("steering.open"), cell: ({ row }) => formatNumber(row.open), numeric: true },
        { header: t("steering.overdue"), cell: ({ row }) => formatNumber(row.overdue), numeric: true },
        { header: t("steering.meanProcessingShort"), cell: ({ row }) => f.hours(row.meanProcessingMinutes), numeric: true },
        { header: t("steering.takeChargeShort"), cell: ({ row }) => f.percent(row.takeChargeCompliance), numeric: true },
        { header: t("steering.resolutionShort"), cell: ({ row }) => f.percent(row.resolutionCompliance), numeric: true },
        { header: t("steering.reopenRateShort"), cell: ({ row }) => f.percent(row.reopenRate), numeric: true },
      ]}
    />
  );
}

/** The backlog of each group by age, stacked: where old tickets pile up. */
export function AgeingByGroup({ query, groupBy }: { query: UseQueryResult<Stats>; groupBy: Grouping }) {
  const { t, formatNumber } = useI18n();
  const f = useSteeringFormat();
  const group = t(GROUPING_LABELS[groupBy]);
  const nameWidth = useNameWidth(170);
  const rows = (query.data?.groups ?? []).filter((row: StatsRow) => row.open > 0).map((row) => ({ row, name: f.groupLabel(row, groupBy) }));
  const chartRows = rows.slice(0, CHART_GROUPS).map(({ row, name }) => ({
    name,
    ...Object.fromEntries(AGE_SERIES.map((series, i) => [series, row.ageing[i] ?? 0])),
  }));
  const series = AGE_SERIES.map((name, i) => ({ name, label: t(AGE_BUCKETS[i] as (typeof AGE_BUCKETS)[number]), color: AGE_COLORS[i] ?? "gray" }));
  return (
    <FigureSection
      legend={series}
      title={t("steering.ageingBy", { group: group.toLowerCase() })}
      description={t("steering.ageingHint")}
      state={stateOf(query, t("steering.noBacklog"))}
      rows={rows}
      rowKey={({ row }) => row.key ?? "none"}
      chart={
        <BarChart
          h={barHeight(chartRows.length, 1)}
          data={chartRows}
          dataKey="name"
          type="stacked"
          orientation="vertical"
          xAxisProps={{ allowDecimals: false }}
          yAxisProps={{ width: nameWidth, tickFormatter: truncate }}
          series={series}
          gridAxis="x"
        />
      }
      note={rows.length > CHART_GROUPS ? t("steering.chartTop", { count: CHART_GROUPS }) : undefined}
      columns={[
        { header: group, cell: ({ name }) => name },
        ...AGE_BUCKETS.map((key, i) => ({ header: t(key), cell: ({ row }: { row: StatsRow }) => formatNumber(row.ageing[i] ?? 0), numeric: true })),
        { header: t("steering.open"), cell: ({ row }) => formatNumber(row.open), numeric: true },
      ]}
    />
  );
}
