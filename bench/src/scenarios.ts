import { OPEN_STATUSES } from "@relais/shared/tickets";
import type { AssetFilters } from "../../apps/api/src/modules/inventory/assets.repository.ts";
import type { StatDimension } from "../../apps/api/src/modules/tickets/ticket-stats.ts";
import type { TicketFilters } from "../../apps/api/src/modules/tickets/tickets.repository.ts";

/**
 * What the benchmark loads, shared by the runner (Relais's URLs) and the floor (the same
 * filters, turned into the same SQL by the same builders).
 */
export type ListScenario = { name: string; label: string; filters: TicketFilters; sort: string; query: string };

const open = OPEN_STATUSES.join(",");
export const LIST_SCENARIOS: ListScenario[] = [
  {
    name: "backlog",
    label: "the desk's open tickets, newest first",
    filters: { status: [...OPEN_STATUSES] },
    sort: "-receivedAt",
    query: `status=${open}&sort=-receivedAt`,
  },
  { name: "history", label: "every ticket, newest first (count capped)", filters: {}, sort: "-receivedAt", query: "sort=-receivedAt" },
  { name: "queue", label: "the qualification queue, oldest first", filters: { status: ["new"] }, sort: "receivedAt", query: "status=new&sort=receivedAt" },
  {
    name: "category",
    label: "printer tickets of the whole history by priority",
    filters: { category: "printer" },
    sort: "priority",
    query: "category=printer&sort=priority",
  },
  { name: "search", label: "a number searched (q)", filters: { q: "bench-00042" }, sort: "-receivedAt", query: "q=BENCH-00042&sort=-receivedAt" },
];

export type StatsScenario = { name: string; label: string; groupBy: Exclude<StatDimension, "none">; from: string };

/** The school year's first day and the last thirty days, as the steering page asks them (UTC days). */
export function statsScenarios(today: Date): StatsScenario[] {
  const year = today.getUTCMonth() >= 8 ? today.getUTCFullYear() : today.getUTCFullYear() - 1;
  const thirty = new Date(today.getTime() - 29 * 86_400_000).toISOString().slice(0, 10);
  return [
    { name: "year-by-zone", label: "the school year by zone (the steering page's default)", groupBy: "zone", from: `${year}-09-01` },
    { name: "30-days-by-school", label: "the last 30 days by school", groupBy: "school", from: thirty },
  ];
}

export type AssetScenario = { name: string; label: string; filters: AssetFilters; sort: string; query: string };

/**
 * The asset list as the inventory page asks it, for a region's service head. `schoolId` of the
 * one-lycée scenario is filled in by the runner (the first lycée of the measured region).
 */
export function assetScenarios(schoolId: string): AssetScenario[] {
  return [
    { name: "estate", label: "the region's whole estate by name (the page's default; kept total)", filters: {}, sort: "name", query: "sort=name" },
    {
      name: "stale",
      label: "desktops in service, oldest inventory first",
      filters: { type: "desktop", status: "in_service" },
      sort: "lastInventoryAt",
      query: "type=desktop&status=in_service&sort=lastInventoryAt",
    },
    { name: "school", label: "one lycée's assets by name", filters: { schoolId }, sort: "name", query: `school=${schoolId}&sort=name` },
    { name: "search", label: "a serial number fragment searched (q)", filters: { q: "SN0001234" }, sort: "name", query: "q=SN0001234&sort=name" },
  ];
}
