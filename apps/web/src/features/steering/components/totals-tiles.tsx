import { SimpleGrid, Skeleton } from "@mantine/core";
import type { UseQueryResult } from "@tanstack/react-query";
import { ErrorAlert } from "../../../components/query-state.tsx";
import { useI18n } from "../../../lib/i18n/i18n.tsx";
import type { Stats } from "../api/steering-api.ts";
import { StatTile } from "./stat-tile.tsx";
import { useSteeringFormat } from "./steering-format.ts";

/** The period's headline figures, over every ticket the person sees. */
export function TotalsTiles({ query }: { query: UseQueryResult<Stats> }) {
  const { t, formatNumber } = useI18n();
  const f = useSteeringFormat();
  if (query.isError && !query.data) return <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />;
  const totals = query.data?.totals;
  const value = (text: (row: NonNullable<typeof totals>) => string) => (totals ? text(totals) : <Skeleton h={34} w={80} />);
  return (
    <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="md" aria-busy={query.isFetching}>
      <StatTile label={t("steering.total")} value={value((r) => formatNumber(r.total))} hint={t("steering.totalHint")} />
      <StatTile label={t("steering.open")} value={value((r) => formatNumber(r.open))} hint={t("steering.openHint")} />
      <StatTile
        label={t("steering.overdue")}
        value={value((r) => formatNumber(r.overdue))}
        hint={t("steering.overdueHint")}
        alert={(totals?.overdue ?? 0) > 0}
      />
      <StatTile label={t("steering.oldBacklog")} value={value((r) => formatNumber(r.ageing[3] ?? 0))} hint={t("steering.oldBacklogHint")} />
      <StatTile
        label={t("steering.meanProcessing")}
        value={value((r) => f.hours(r.meanProcessingMinutes))}
        hint={
          totals?.meanProcessingMinutes == null
            ? t("steering.nothingProcessed")
            : t("steering.meanProcessingHint", { days: f.days(totals.meanProcessingMinutes) })
        }
      />
      <StatTile
        label={t("steering.takeCharge")}
        value={value((r) => f.percent(r.takeChargeCompliance))}
        hint={totals?.takeChargeCompliance == null ? t("steering.nothingQualified") : t("steering.takeChargeHint")}
      />
      <StatTile
        label={t("steering.resolution")}
        value={value((r) => f.percent(r.resolutionCompliance))}
        hint={totals?.resolutionCompliance == null ? t("steering.nothingResolved") : t("steering.resolutionHint")}
      />
      <StatTile
        label={t("steering.reopenRate")}
        value={value((r) => f.percent(r.reopenRate))}
        hint={totals?.reopenRate == null ? t("steering.nothingResolved") : t("steering.reopenRateHint")}
      />
    </SimpleGrid>
  );
}
