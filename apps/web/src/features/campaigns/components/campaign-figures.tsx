import { BarChart } from "@mantine/charts";
import { Alert, Badge, Group, Paper, SimpleGrid, Stack, Text } from "@mantine/core";
import { formatParisDay } from "@relais/shared/campaign-windows";
import { formatEuros } from "@relais/shared/money";
import { LEVEL_LABELS, TRACK_LABELS } from "@relais/shared/schools";
import type { ExportFormat } from "../../../components/export-buttons.tsx";
import { type FigureColumn, FigureSection } from "../../../components/figure-section.tsx";
import { Panel } from "../../../components/panel.tsx";
import { apiUrl } from "../../../lib/api-client.ts";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import type { Campaign } from "../api/campaigns-api.ts";
import type { CampaignSummary, Figures, SupplierRow, TopUp } from "../api/region-api.ts";

/** Charts read euros; the tables keep the exact cents. */
const euros = (cents: number) => Math.round(cents) / 100;
const axisEuros = (value: number) => `${new Intl.NumberFormat("fr-FR", { notation: "compact", maximumFractionDigits: 1 }).format(value)} €`;
const truncate = (label: string) => (label.length > 28 ? `${label.slice(0, 27)}…` : label);
/** Chart labels only (the table keeps full names): the usual abbreviations, so names that start alike stay told apart. */
export const shortSchoolName = (name: string) =>
  truncate(
    name
      .replace(/^Lycée général et technologique\b/i, "LEGT")
      .replace(/^Lycée polyvalent\b/i, "LPO")
      .replace(/^Lycée professionnel\b/i, "LP")
      .replace(/^Lycée\b/i, "L."),
  );
/** Both envelopes together (textbooks and consumables): what a school may spend in all. */
const all = (f: Figures) => ({
  total: f.totalCents + f.totalConsumablesCents,
  committed: f.committedCents + f.committedConsumablesCents,
  unspent: f.unspentCents + f.unspentConsumablesCents,
});
const exportOf = (path: string) => (format: ExportFormat) => apiUrl(path, { format });
const CHART_ROWS = 15;
/** The campaign's tables show this many rows until asked for the rest. */
const TABLE_ROWS = 15;
const barHeight = (rows: number) => Math.max(160, rows * 34 + 60);

type Translate = ReturnType<typeof useI18n>["t"];
type EnvelopeRow = { total: number; committed: number; unspent: number };

const moneyColumn = <Row,>(header: string, cents: (row: Row) => number): FigureColumn<Row> => ({
  header,
  cell: (row) => formatEuros(cents(row)),
  numeric: true,
});
const schoolColumn = <Row extends { schoolName: string; uai: string }>(t: Translate): FigureColumn<Row> => ({
  header: t("campaigns.review.school"),
  cell: (r) => (
    <>
      {r.schoolName}{" "}
      <Text span size="xs" c="dimmed">
        {r.uai}
      </Text>
    </>
  ),
});
const academieColumn = <Row extends { academie: string }>(t: Translate): FigureColumn<Row> => ({
  header: t("campaignRegion.steering.academie"),
  cell: (r) => r.academie,
});
/** Once the campaign has closed, what was left is lost (no carry-over); before, it is still to spend. */
const unspentColumn = <Row extends EnvelopeRow>(t: Translate, isClosed: boolean) =>
  moneyColumn<Row>(isClosed ? t("campaignRegion.steering.lost") : t("campaignRegion.steering.unspent"), (r) => r.unspent);

/** Bars laid sideways, one a row, so long names read on the left; amounts in euros. */
function SidewaysBars({
  data,
  series,
  stacked = false,
  labelWidth,
  labelFormatter,
}: {
  data: Record<string, string | number>[];
  series: { name: string; label: string; color: string }[];
  stacked?: boolean;
  labelWidth: number;
  labelFormatter?: (label: string) => string;
}) {
  return (
    <BarChart
      h={barHeight(data.length)}
      data={data}
      dataKey="name"
      type={stacked ? "stacked" : "default"}
      orientation="vertical"
      series={series}
      xAxisProps={{ tickFormatter: axisEuros }}
      yAxisProps={labelFormatter ? { width: labelWidth, tickFormatter: labelFormatter } : { width: labelWidth }}
      valueFormatter={(v) => formatEuros(Math.round(v * 100))}
      gridAxis="x"
    />
  );
}

/** Committed and unspent, stacked: each bar is a whole envelope. */
function EnvelopeBars({ rows, labelWidth }: { rows: ({ name: string } & EnvelopeRow)[]; labelWidth: number }) {
  const series = useSeries();
  return (
    <SidewaysBars
      data={rows.map((r) => ({ name: r.name, committed: euros(r.committed), unspent: euros(r.unspent) }))}
      series={series}
      stacked
      labelWidth={labelWidth}
    />
  );
}

function useSeries() {
  const { t } = useI18n();
  return [
    { name: "committed", label: t("campaignRegion.steering.committed"), color: "blue.6" },
    { name: "unspent", label: t("campaignRegion.steering.unspent"), color: "orange.5" },
  ];
}

/** The region's totals, in tiles: what the envelopes allow, what orders committed, what is left (or lost, once closed). */
export function RegionTotals({ summary, campaign }: { summary: CampaignSummary; campaign: Campaign }) {
  const { t } = useI18n();
  const totals = all(summary.region);
  const share = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 }).format(totals.total > 0 ? (totals.committed / totals.total) * 100 : 0);
  const tiles = [
    { label: t("campaignRegion.steering.envelopes"), value: formatEuros(totals.total) },
    { label: t("campaignRegion.steering.committed"), value: formatEuros(totals.committed), hint: t("campaignRegion.steering.share", { share }) },
    {
      label: summary.isClosed ? t("campaignRegion.steering.lost") : t("campaignRegion.steering.unspent"),
      value: formatEuros(totals.unspent),
      color: summary.isClosed && totals.unspent > 0 ? "red.8" : undefined,
    },
  ];
  return (
    <Stack gap="xs">
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        {tiles.map((tile) => (
          <Paper key={tile.label} withBorder p="md" radius="md">
            <Text size="sm" c="dimmed">
              {tile.label}
            </Text>
            <Text fw={700} fz={26} c={tile.color}>
              {tile.value}
            </Text>
            {tile.hint ? <Text size="xs">{tile.hint}</Text> : null}
          </Paper>
        ))}
      </SimpleGrid>
      {campaign.programme === "textbooks" ? (
        <Text size="xs" c="dimmed">
          {t("campaignRegion.steering.consumablesIncluded", {
            total: formatEuros(summary.region.totalConsumablesCents),
            committed: formatEuros(summary.region.committedConsumablesCents),
          })}
        </Text>
      ) : null}
    </Stack>
  );
}

export function ByAcademie({ summary, campaign }: { summary: CampaignSummary; campaign: Campaign }) {
  const { t } = useI18n();
  const rows = summary.academies.map((a) => ({ ...a, ...all(a) })).sort((a, b) => b.total - a.total);
  return (
    <FigureSection
      title={t("campaignRegion.steering.byAcademie")}
      description={t("campaignRegion.steering.byAcademieHint")}
      legend={useSeries()}
      chart={<EnvelopeBars rows={rows.map((r) => ({ ...r, name: r.academie }))} labelWidth={140} />}
      rows={rows}
      rowKey={(r) => r.academie}
      columns={[
        academieColumn(t),
        moneyColumn(t("campaignRegion.steering.envelope"), (r: EnvelopeRow) => r.total),
        moneyColumn(t("campaignRegion.steering.committed"), (r: EnvelopeRow) => r.committed),
        unspentColumn(t, summary.isClosed),
      ]}
      exportHref={exportOf(`/campaigns/${campaign.id}/summary`)}
      state={{ emptyLabel: t("campaignRegion.steering.noEnvelope") }}
      initialRows={TABLE_ROWS}
    />
  );
}

export function BySchool({ summary, campaign }: { summary: CampaignSummary; campaign: Campaign }) {
  const { t } = useI18n();
  const rows = summary.schools.map((s) => ({ ...s, ...all(s) })).sort((a, b) => b.total - a.total);
  const charted = rows.slice(0, CHART_ROWS);
  return (
    <FigureSection
      title={t("campaignRegion.steering.bySchool")}
      description={rows.length > CHART_ROWS ? t("campaignRegion.steering.bySchoolTop", { count: CHART_ROWS }) : t("campaignRegion.steering.bySchoolHint")}
      legend={useSeries()}
      chart={<EnvelopeBars rows={charted.map((r) => ({ ...r, name: shortSchoolName(r.schoolName) }))} labelWidth={220} />}
      rows={rows}
      rowKey={(r) => r.schoolId}
      columns={[
        schoolColumn(t),
        academieColumn(t),
        moneyColumn(t("campaignRegion.steering.envelope"), (r: EnvelopeRow) => r.total),
        moneyColumn(t("campaignRegion.steering.committed"), (r: EnvelopeRow) => r.committed),
        unspentColumn(t, summary.isClosed),
      ]}
      exportHref={exportOf(`/campaigns/${campaign.id}/summary`)}
      state={{ emptyLabel: t("campaignRegion.steering.noEnvelope") }}
      initialRows={TABLE_ROWS}
    />
  );
}

/** Approved orders grouped by supplier: what the Region sends each one. */
export function BySupplier({ rows: lines, campaign }: { rows: SupplierRow[]; campaign: Campaign }) {
  const { t } = useI18n();
  const bySupplier = new Map<string, { supplier: string; amountCents: number; quantity: number; schools: Set<string> }>();
  for (const line of lines) {
    const row = bySupplier.get(line.supplier) ?? { supplier: line.supplier, amountCents: 0, quantity: 0, schools: new Set<string>() };
    row.amountCents += line.amountCents;
    row.quantity += line.quantity;
    row.schools.add(line.uai);
    bySupplier.set(line.supplier, row);
  }
  const rows = [...bySupplier.values()].sort((a, b) => b.amountCents - a.amountCents);
  return (
    <FigureSection
      title={t("campaignRegion.steering.bySupplier")}
      description={t("campaignRegion.steering.bySupplierHint")}
      chart={
        <SidewaysBars
          data={rows.slice(0, CHART_ROWS).map((r) => ({ name: r.supplier, amount: euros(r.amountCents) }))}
          series={[{ name: "amount", label: t("campaignRegion.steering.amount"), color: "teal.7" }]}
          labelWidth={160}
          labelFormatter={truncate}
        />
      }
      rows={rows}
      rowKey={(r) => r.supplier}
      columns={[
        { header: t("campaignRegion.steering.supplier"), cell: (r) => r.supplier },
        { header: t("campaignRegion.steering.schools"), cell: (r) => r.schools.size, numeric: true },
        { header: t("campaignRegion.steering.units"), cell: (r) => r.quantity, numeric: true },
        moneyColumn(t("campaignRegion.steering.amount"), (r: { amountCents: number }) => r.amountCents),
      ]}
      exportHref={exportOf(`/campaigns/${campaign.id}/orders/by-supplier`)}
      state={{ emptyLabel: t("campaignRegion.steering.noApproved") }}
      initialRows={TABLE_ROWS}
    />
  );
}

const TOP_UP_STATUSES = ["pending", "approved", "refused"] as const;
const TOP_UP_COLORS = { pending: "yellow.6", approved: "green.7", refused: "red.7" } as const;

/** Top-up requests (seed 001: a class opened at the start of the year): how many, how much, and what became of them. */
export function TopUpFigures({ topUps, campaign }: { topUps: TopUp[]; campaign: Campaign }) {
  const { t } = useI18n();
  const label = (status: (typeof TOP_UP_STATUSES)[number]) => t(`campaignRegion.topUp.${status}`);
  const rows = TOP_UP_STATUSES.map((status) => {
    const of = topUps.filter((u) => u.status === status);
    return { status, count: of.length, amountCents: of.reduce((s, u) => s + u.amountCents + u.consumablesCents, 0) };
  });
  return (
    <Stack gap="md">
      <FigureSection
        title={t("campaignRegion.steering.topUps")}
        description={t("campaignRegion.steering.topUpsHint", { count: topUps.length })}
        chart={
          <BarChart
            h={200}
            data={rows.map((r) => ({ name: label(r.status), amount: euros(r.amountCents) }))}
            dataKey="name"
            series={[{ name: "amount", label: t("campaignRegion.steering.amount"), color: "indigo.6" }]}
            yAxisProps={{ tickFormatter: axisEuros, width: 80 }}
            valueFormatter={(v) => formatEuros(Math.round(v * 100))}
            gridAxis="y"
            withBarValueLabel
          />
        }
        rows={topUps.length === 0 ? [] : rows}
        rowKey={(r) => r.status}
        columns={[
          { header: t("campaignRegion.steering.status"), cell: (r) => label(r.status) },
          { header: t("campaignRegion.steering.requests"), cell: (r) => r.count, numeric: true },
          moneyColumn(t("campaignRegion.steering.amount"), (r: { amountCents: number }) => r.amountCents),
        ]}
        exportHref={exportOf(`/campaigns/${campaign.id}/top-ups`)}
        state={{ emptyLabel: t("campaignRegion.steering.noTopUp") }}
        initialRows={TABLE_ROWS}
      />
      {topUps.length > 0 ? (
        <Panel title={t("campaignRegion.steering.topUpList")} gap="xs">
          <Stack gap={6}>
            {topUps.map((u) => (
              <Group key={u.id} justify="space-between" wrap="nowrap" gap="xs">
                <Text size="sm">
                  {u.schoolName} — {TRACK_LABELS[u.track]}, {LEVEL_LABELS[u.level]}, {u.students} élève(s)
                  {u.decisionNote ? (
                    <Text span size="xs" c="dimmed">
                      {" "}
                      · {u.decisionNote}
                    </Text>
                  ) : null}
                </Text>
                <Group gap="xs" wrap="nowrap">
                  <Text size="sm">{formatEuros(u.amountCents + u.consumablesCents)}</Text>
                  <Badge color={TOP_UP_COLORS[u.status].split(".")[0]} variant="light">
                    {label(u.status)}
                  </Badge>
                </Group>
              </Group>
            ))}
          </Stack>
        </Panel>
      ) : null}
    </Stack>
  );
}

/**
 * The close report (seeds 001 and 003: no carry-over): once the last window has closed, what
 * each school left unspent is lost, and the report lists it; before, it is what each school
 * still has to commit by the last closing day.
 */
export function CloseReport({ summary, campaign }: { summary: CampaignSummary; campaign: Campaign }) {
  const { t } = useI18n();
  const rows = summary.schools
    .map((s) => ({ ...s, ...all(s) }))
    .filter((s) => s.unspent > 0)
    .sort((a, b) => b.unspent - a.unspent);
  const lastClose = [...campaign.calendar.windows].sort((a, b) => b.closesOn.localeCompare(a.closesOn))[0]?.closesOn;
  const lost = rows.reduce((s, r) => s + r.unspent, 0);
  return (
    <Stack gap="xs">
      <Alert
        color={summary.isClosed ? "red" : "blue"}
        variant="light"
        title={summary.isClosed ? t("campaignRegion.close.closedTitle") : t("campaignRegion.close.openTitle")}
      >
        {summary.isClosed
          ? t("campaignRegion.close.closedText", { amount: formatEuros(lost), count: rows.length })
          : t("campaignRegion.close.openText", { amount: formatEuros(lost), count: rows.length, date: lastClose ? formatParisDay(lastClose) : "—" })}
      </Alert>
      <FigureSection
        title={summary.isClosed ? t("campaignRegion.close.closedTable") : t("campaignRegion.close.openTable")}
        chart={null}
        rows={rows}
        rowKey={(r) => r.schoolId}
        columns={[
          schoolColumn(t),
          academieColumn(t),
          moneyColumn(t("campaignRegion.steering.envelope"), (r: EnvelopeRow) => r.total),
          unspentColumn(t, summary.isClosed),
        ]}
        exportHref={exportOf(`/campaigns/${campaign.id}/summary`)}
        state={{ emptyLabel: t("campaignRegion.close.nothingLeft") }}
        initialRows={10}
      />
    </Stack>
  );
}
