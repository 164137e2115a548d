import { Alert, SimpleGrid, Stack } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { getRouteApi } from "@tanstack/react-router";
import { ExportButtons } from "../../../components/export-buttons.tsx";
import { PageHeader } from "../../../components/page-header.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import { ticketStatsExportUrl, ticketStatsQuery } from "../api/steering-api.ts";
import { parisToday, periodOf } from "../components/period.ts";
import { SteeringControls } from "../components/steering-controls.tsx";
import { AgeingByGroup, AgeingTotals, BacklogByCategory, ComplianceByGroup } from "../components/steering-figures.tsx";
import { TotalsTiles } from "../components/totals-tiles.tsx";
import type { SteeringSearch } from "./steering.search.ts";

const route = getRouteApi("/app/pilotage");

/**
 * The desk's steering figures (issue 3, "Steering"): over the tickets the person sees, received
 * in a period, the headline figures, then where the backlog sits and how the deadlines are kept.
 */
export function SteeringPage() {
  const { t, formatDate } = useI18n();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const groupBy = search.groupBy ?? "zone";
  const period = periodOf(search, parisToday());
  const range = period?.query ?? { from: undefined, to: undefined };
  const grouped = useQuery({ ...ticketStatsQuery(groupBy, range), enabled: period !== null });
  const byCategory = useQuery({ ...ticketStatsQuery("category", range), enabled: period !== null });
  const update = (patch: Partial<SteeringSearch>) => void navigate({ search: (prev) => ({ ...prev, ...patch }), replace: true });

  const subtitle = !period
    ? t("steering.subtitle")
    : period.first
      ? t("steering.periodRange", { from: formatDate(period.first), to: formatDate(period.last) })
      : t("steering.periodUntil", { to: formatDate(period.last) });

  return (
    <>
      <PageHeader
        title={t("steering.title")}
        subtitle={subtitle}
        actions={period ? <ExportButtons label={t("steering.exportTotals")} href={ticketStatsExportUrl("none", range)} /> : null}
      />
      <SteeringControls search={search} onChange={update} invalidRange={period === null} />
      {period === null ? (
        <Alert color="yellow" variant="light" role="status">
          {t("steering.invalidRange")}
        </Alert>
      ) : (
        <Stack gap="lg">
          <TotalsTiles query={grouped} />
          <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
            <BacklogByCategory query={byCategory} exportHref={ticketStatsExportUrl("category", range)} />
            <AgeingTotals query={grouped} />
          </SimpleGrid>
          <ComplianceByGroup query={grouped} groupBy={groupBy} exportHref={ticketStatsExportUrl(groupBy, range)} />
          <AgeingByGroup query={grouped} groupBy={groupBy} />
        </Stack>
      )}
    </>
  );
}
