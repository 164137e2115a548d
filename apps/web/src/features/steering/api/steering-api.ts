import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import type { ExportFormat } from "../../../components/export-buttons.tsx";
import { api, apiUrl } from "../../../lib/api-client.ts";
import type { DayRange } from "../components/period.ts";

/** Mirrors GET /api/v1/tickets/stats (apps/api/src/modules/tickets/tickets.routes.ts, StatsRow). */
export type StatsRow = {
  key: string | null;
  label: string | null;
  total: number;
  open: number;
  overdue: number;
  /** Open tickets by age since receipt: under 1 day, 1–3 days, 3–7 days, 7 days and more. */
  ageing: number[];
  /** Business minutes, receipt to technical closure. */
  meanProcessingMinutes: number | null;
  /** Shares between 0 and 1; null when nothing was measured yet. */
  takeChargeCompliance: number | null;
  resolutionCompliance: number | null;
  reopenRate: number | null;
};
export type Stats = { totals: StatsRow; groups: StatsRow[] };
export type StatsDimension = "none" | "zone" | "sector" | "organisation" | "school" | "category";

const statsParams = (groupBy: StatsDimension, range: DayRange) => ({ groupBy, from: range.from, to: range.to });

export const ticketStatsQuery = (groupBy: StatsDimension, range: DayRange) =>
  queryOptions({
    queryKey: ["tickets", "stats", groupBy, range],
    queryFn: ({ signal }) => api.get<Stats>("/tickets/stats", statsParams(groupBy, range), signal),
    placeholderData: keepPreviousData,
    staleTime: 60_000,
  });

/** The same figures as a spreadsheet (CSV or XLSX): the browser downloads it with the session cookie. */
export const ticketStatsExportUrl = (groupBy: StatsDimension, range: DayRange) => (format: ExportFormat) =>
  apiUrl("/tickets/stats", { ...statsParams(groupBy, range), format });
