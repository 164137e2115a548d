import { isoDay, oneOf } from "../../../lib/search-params.ts";

export const PERIODS = ["year", "30d", "custom"] as const;
export type Period = (typeof PERIODS)[number];
/** The API's grouping dimensions but "none": the totals are always shown. */
export const GROUPINGS = ["zone", "sector", "organisation", "school", "category"] as const;
export type Grouping = (typeof GROUPINGS)[number];

export type SteeringSearch = {
  period?: Period | undefined;
  from?: string | undefined;
  to?: string | undefined;
  groupBy?: Grouping | undefined;
};

/** Kept in the URL, so a dashboard can be bookmarked and sent to a colleague as it is. */
export function validateSteeringSearch(search: Record<string, unknown>): SteeringSearch {
  const period = oneOf(search.period, PERIODS);
  const groupBy = oneOf(search.groupBy, GROUPINGS);
  return {
    period: period === "year" ? undefined : period,
    from: period === "custom" ? isoDay(search.from) : undefined,
    to: period === "custom" ? isoDay(search.to) : undefined,
    groupBy: groupBy === "zone" ? undefined : groupBy,
  };
}
