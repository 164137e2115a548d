import { OPEN_STATUSES } from "@relais/shared/tickets";
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { queryPreparedRows } from "../../db/client.ts";
import { organisations, schools, sectors, zones } from "../organisation/organisation.schema.ts";
import { inRegions, inSchools, nodesOf, RESTRICTED_KINDS_SQL, type RegionSet, regionIdsOf, type TicketVisibility, uuids } from "./ticket-scope.ts";
import { ticketStatsRegion, ticketStatsSchool } from "./ticket-stats.schema.ts";
import { dayRanges, periodPlan, type Range, type Segment } from "./ticket-stats-period.ts";
import { nodeVisibility, visibilityCondition } from "./tickets.repository.ts";
import { tickets } from "./tickets.schema.ts";

export const STAT_DIMENSIONS = ["none", "school", "zone", "sector", "organisation", "category"] as const;
export type StatDimension = (typeof STAT_DIMENSIONS)[number];

export type TicketStats = {
  key: string | null;
  label: string | null;
  total: number;
  open: number;
  overdue: number;
  /** Open tickets by age since receipt: under 1 day, 1–3, 3–7, over 7 days. */
  ageing: [number, number, number, number];
  meanProcessingMinutes: number | null;
  takeChargeCompliance: number | null;
  resolutionCompliance: number | null;
  reopenRate: number | null;
};

export type StatsPeriod = { from?: Date | undefined; to?: Date | undefined };

/**
 * The steering figures over the tickets the actor sees, received in [from, to), grouped by a
 * dimension (ADR 0006). They never scan a region's history: what the actor reads whole
 * regions of comes from the per-region rollups; what they read through some schools or an
 * organisation, from the per-school rollups (and the tickets of a few days around the months);
 * their own tickets beyond that, and the open backlog (whose age and lateness depend on now),
 * from the tickets. The rollups are kept exact by triggers on `tickets`.
 */
export async function ticketStats(db: Db, v: TicketVisibility, dimension: StatDimension, period: StatsPeriod, now: Date): Promise<TicketStats[]> {
  // Prepared by its text: the period's segments and the scope give it a few shapes.
  return (await queryPreparedRows<Record<string, unknown>>(db, ticketStatsSql(v, dimension, period, now))).map(toStats);
}

/**
 * The steering page's answer: the totals and the groups of a dimension from ONE statement
 * (grouping sets), so that the sources are planned and read once per request rather than twice.
 */
export async function ticketStatsWithTotals(
  db: Db,
  v: TicketVisibility,
  dimension: StatDimension,
  period: StatsPeriod,
  now: Date,
): Promise<{ totals: TicketStats; groups: TicketStats[] }> {
  const rows = await queryPreparedRows<Record<string, unknown>>(db, ticketStatsSql(v, dimension, period, now, { withTotals: true }));
  if (dimension === "none") return { totals: toStats(rows[0] ?? {}), groups: [] };
  const totals = rows.find((r) => Number(r.is_total) === 1);
  return { totals: toStats(totals ?? {}), groups: rows.filter((r) => Number(r.is_total) !== 1).map(toStats) };
}

function toStats(r: Record<string, unknown>): TicketStats {
  const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));
  return {
    key: (r.key as string | null) ?? null,
    label: (r.label as string | null) ?? null,
    total: Number(r.total ?? 0),
    open: Number(r.open ?? 0),
    overdue: Number(r.overdue ?? 0),
    ageing: [Number(r.age0 ?? 0), Number(r.age1 ?? 0), Number(r.age2 ?? 0), Number(r.age3 ?? 0)],
    meanProcessingMinutes: num(r.mean_processing) === null ? null : Math.round(num(r.mean_processing) as number),
    takeChargeCompliance: num(r.take_charge),
    resolutionCompliance: num(r.resolution),
    reopenRate: num(r.reopen_rate),
  };
}

/** The columns every source yields, in this order, before grouping. */
const SOURCE_COLUMNS = sql.raw(
  "school_id, category, organisation_id, tickets, processed, processing_minutes, take_charge_measured, take_charge_met, resolution_measured, resolution_met, reopen_base, reopened, open, overdue, age0, age1, age2, age3",
);
const MEASURES = [
  "tickets",
  "processed",
  "processingMinutes",
  "takeChargeMeasured",
  "takeChargeMet",
  "resolutionMeasured",
  "resolutionMet",
  "reopenBase",
  "reopened",
] as const;
const NO_BACKLOG = sql.raw("0, 0, 0, 0, 0, 0");
/** Summed per school, category and organisation first: the names are then joined to a few hundred rows. */
const SUMMED = [
  "tickets",
  "processed",
  "processing_minutes",
  "take_charge_measured",
  "take_charge_met",
  "resolution_measured",
  "resolution_met",
  "reopen_base",
  "reopened",
  "open",
  "overdue",
  "age0",
  "age1",
  "age2",
  "age3",
];

/** A rollup's measures, times the segment's sign. */
function signedMeasures(table: typeof ticketStatsRegion | typeof ticketStatsSchool, sign: 1 | -1): SQL {
  return sql.join(
    MEASURES.map((m) => (sign === 1 ? sql`${table[m]}` : sql`-${table[m]}`)),
    sql`, `,
  );
}

/** What one ticket adds, as the triggers count it (ticket-stats.migration.sql), times `sign`. */
function ticketMeasures(sign: SQL): SQL {
  const t = tickets;
  return sql`${sign}, ${sign} * (${t.processingMinutes} is not null)::int, ${sign} * coalesce(${t.processingMinutes}, 0)::bigint,
    ${sign} * (${t.qualifiedAt} is not null)::int, ${sign} * coalesce(${t.qualifiedAt} <= ${t.takeChargeDueAt}, false)::int,
    ${sign} * (${t.resolvedAt} is not null and ${t.resolutionDueAt} is not null)::int, ${sign} * coalesce(${t.resolvedAt} <= ${t.resolutionDueAt}, false)::int,
    ${sign} * (${t.resolvedAt} is not null or ${t.reopenCount} > 0)::int, ${sign} * (${t.reopenCount} > 0)::int`;
}

function receivedIn(period: StatsPeriod): SQL {
  const parts = [
    period.from ? sql`${tickets.receivedAt} >= ${period.from.toISOString()}::timestamptz` : undefined,
    period.to ? sql`${tickets.receivedAt} < ${period.to.toISOString()}::timestamptz` : undefined,
  ].filter((p): p is SQL => p !== undefined);
  return parts.length > 0 ? sql.join(parts, sql` and `) : sql`true`;
}

/** Tickets received in the ranges, each counted with its range's sign, matching `where`: one index range scan each. */
function ticketsInRanges(ranges: Range[], where: SQL): SQL[] {
  return ranges.map(
    (r) => sql`select ${tickets.schoolId}, ${tickets.category}, ${tickets.assigneeOrganisationId}, ${ticketMeasures(sql.raw(String(r.sign)))}, ${NO_BACKLOG}
    from ${tickets} where ${receivedIn(r)} and (${where})`,
  );
}

/**
 * The rollups answer for the regions an actor reads whole (one row per bucket); the schools
 * and the organisation they read otherwise, per class of ticket, go through the per-school
 * rollups. All pieces are disjoint: a school's rows count only where its region is not read
 * whole, an organisation's only outside the schools already read. Each piece leads with one
 * indexed column (region, school, organisation), so each is an index scan of its own.
 */
type Columns = { restricted: SQL; region: SQL; school: SQL; organisation: SQL };

function scopeSplit(v: TicketVisibility) {
  const ordinary = nodesOf(v.read);
  const restricted = nodesOf(v.readRestricted);
  const organisationIds = v.read.organisationIds;
  const classes = [
    { restricted: false, nodes: ordinary, organisations: organisationIds },
    { restricted: true, nodes: restricted, organisations: [] as string[] },
  ];
  const inWhole = (set: RegionSet) => sql`${ticketStatsRegion.regionId} in (${regionIdsOf(set)})`;
  const sameRegions = JSON.stringify(ordinary.regions) === JSON.stringify(restricted.regions);
  const coarse =
    ordinary.regions && sameRegions
      ? [inWhole(ordinary.regions)]
      : classes.filter((c) => c.nodes.regions).map((c) => sql`${ticketStatsRegion.restricted} = ${c.restricted} and ${inWhole(c.nodes.regions as RegionSet)}`);
  const fine = (columns: Columns): SQL[] =>
    classes.flatMap((c) => {
      const outside = sql`${columns.restricted} = ${c.restricted} and not ${inRegions(columns.region, c.nodes.regions)}`;
      const pieces: SQL[] = [];
      if (c.nodes.schools) pieces.push(sql`${outside} and ${inSchools(columns.school, c.nodes.schools)}`);
      if (c.organisations.length > 0) {
        pieces.push(sql`${outside} and ${columns.organisation} = any(${uuids(c.organisations)}) and not ${inSchools(columns.school, c.nodes.schools)}`);
      }
      return pieces;
    });
  return { coarse, fine };
}

const GROUPS: Record<Exclude<StatDimension, "none">, { key: SQL; label: SQL }> = {
  school: { key: sql`${schools.id}::text`, label: sql`${schools.name} || ' (' || ${schools.uai} || ')'` },
  zone: { key: sql`${zones.id}::text`, label: sql`${zones.name}` },
  sector: { key: sql`${sectors.id}::text`, label: sql`${sectors.name}` },
  organisation: { key: sql`${organisations.id}::text`, label: sql`${organisations.name}` },
  category: { key: sql`src.category`, label: sql`src.category` },
};

/** Only the names a dimension shows are joined: every table joined costs planning time on each request. */
function joinsFor(dimension: StatDimension): SQL {
  const school = sql`left join ${schools} on ${schools.id} = src.school_id`;
  switch (dimension) {
    case "school":
      return school;
    case "zone":
      return sql`${school} left join ${zones} on ${zones.id} = ${schools.zoneId}`;
    case "sector":
      return sql`${school} left join ${sectors} on ${sectors.id} = ${schools.sectorId}`;
    case "organisation":
      return sql`left join ${organisations} on ${organisations.id} = src.organisation_id`;
    default:
      return sql``;
  }
}

/** The per-region rows of a dimension, as sources' columns. */
const COARSE_KEYS: Record<StatDimension, { dimension: string; columns: SQL }> = {
  none: { dimension: "none", columns: sql`null::uuid, null::text, null::uuid` },
  school: { dimension: "school", columns: sql`${ticketStatsRegion.key}::uuid, null::text, null::uuid` },
  zone: { dimension: "school", columns: sql`${ticketStatsRegion.key}::uuid, null::text, null::uuid` },
  sector: { dimension: "school", columns: sql`${ticketStatsRegion.key}::uuid, null::text, null::uuid` },
  category: { dimension: "category", columns: sql`null::uuid, ${ticketStatsRegion.key}, null::uuid` },
  organisation: { dimension: "organisation", columns: sql`null::uuid, null::text, nullif(${ticketStatsRegion.key}, '')::uuid` },
};

/**
 * The statement behind `ticketStats`, also run by the bench's floor. `withTotals`: the groups
 * and, flagged `is_total`, the row of the whole (every dimension's groups add up to it).
 */
export function ticketStatsSql(v: TicketVisibility, dimension: StatDimension, period: StatsPeriod, now: Date, options: { withTotals?: boolean } = {}): SQL {
  const plan = periodPlan(period);
  const { coarse, fine } = scopeSplit(v);
  const sources: SQL[] = [];
  // One index range scan per segment of the period (a handful), its sign written in.
  const inSegment = (grain: SQL, period: SQL, segment: Segment) =>
    sql`${grain} = ${segment.grain} and ${period} >= ${segment.from}::date and ${period} < ${segment.to}::date`;

  const keys = COARSE_KEYS[dimension];
  for (const piece of coarse) {
    for (const segment of plan.segments) {
      sources.push(sql`select ${keys.columns}, ${signedMeasures(ticketStatsRegion, segment.sign)}, ${NO_BACKLOG}
        from ${ticketStatsRegion}
        where ${ticketStatsRegion.dimension} = ${keys.dimension} and ${inSegment(sql`${ticketStatsRegion.grain}`, sql`${ticketStatsRegion.period}`, segment)} and ${piece}`);
    }
  }
  const fineRollup = fine({
    restricted: sql`${ticketStatsSchool.restricted}`,
    region: sql`${ticketStatsSchool.regionId}`,
    school: sql`${ticketStatsSchool.schoolId}`,
    organisation: sql`${ticketStatsSchool.organisationId}`,
  });
  for (const piece of fineRollup) {
    for (const segment of plan.segments.filter((s) => s.grain === "month")) {
      sources.push(sql`select ${ticketStatsSchool.schoolId}, ${ticketStatsSchool.category}, ${ticketStatsSchool.organisationId}, ${signedMeasures(ticketStatsSchool, segment.sign)}, ${NO_BACKLOG}
        from ${ticketStatsSchool}
        where ${ticketStatsSchool.month} >= ${segment.from}::date and ${ticketStatsSchool.month} < ${segment.to}::date and ${piece}`);
    }
  }
  // The per-school rollups have no days: the days around the months come from the tickets.
  const fineTickets = fine({
    restricted: sql`(${tickets.kind} in (${RESTRICTED_KINDS_SQL}))`,
    region: sql`${tickets.regionId}`,
    school: sql`${tickets.schoolId}`,
    organisation: sql`${tickets.assigneeOrganisationId}`,
  });
  for (const piece of fineTickets) sources.push(...ticketsInRanges(dayRanges(plan.segments), piece));
  // What is left of a day at either end of an instant-bounded period.
  sources.push(...ticketsInRanges(plan.partial, nodeVisibility(v)));
  // The actor's own tickets that their scopes do not already count.
  sources.push(sql`select ${tickets.schoolId}, ${tickets.category}, ${tickets.assigneeOrganisationId}, ${ticketMeasures(sql`1`)}, ${NO_BACKLOG}
    from ${tickets} where (${tickets.requesterId} = ${v.personId} or ${tickets.assigneePersonId} = ${v.personId}) and (${nodeVisibility(v)}) is not true and ${receivedIn(period)}`);
  // The open backlog, from the open tickets themselves: lateness and age depend on now.
  const at = sql`${now.toISOString()}::timestamptz`;
  const age = sql`(${at} - ${tickets.receivedAt})`;
  sources.push(sql`select ${tickets.schoolId}, ${tickets.category}, ${tickets.assigneeOrganisationId}, ${sql.raw("0, 0, 0, 0, 0, 0, 0, 0, 0")}, 1,
      (${tickets.resolutionDueAt} < ${at})::int, (${age} < interval '1 day')::int, (${age} >= interval '1 day' and ${age} < interval '3 days')::int,
      (${age} >= interval '3 days' and ${age} < interval '7 days')::int, (${age} >= interval '7 days')::int
    from ${tickets} where ${tickets.status} in (${sql.raw(OPEN_STATUSES.map((s) => `'${s}'`).join(", "))}) and ${visibilityCondition(v)} and ${receivedIn(period)}`);

  const group = dimension === "none" ? null : GROUPS[dimension];
  const sum = (column: string) => sql`coalesce(sum(src.${sql.identifier(column)}), 0)`;
  return sql`
    select ${group ? group.key : sql`null`} as key, ${group ? group.label : sql`null`} as label,
      ${group && options.withTotals ? sql`grouping(${group.key})` : sql`0`} as is_total,
      ${sum("tickets")}::int as total, ${sum("open")}::int as open, ${sum("overdue")}::int as overdue,
      ${sum("age0")}::int as age0, ${sum("age1")}::int as age1, ${sum("age2")}::int as age2, ${sum("age3")}::int as age3,
      ${sum("processing_minutes")}::float / nullif(${sum("processed")}, 0) as mean_processing,
      ${sum("take_charge_met")}::float / nullif(${sum("take_charge_measured")}, 0) as take_charge,
      ${sum("resolution_met")}::float / nullif(${sum("resolution_measured")}, 0) as resolution,
      ${sum("reopened")}::float / nullif(${sum("reopen_base")}, 0) as reopen_rate
    from (
      select school_id, category, organisation_id, ${sql.raw(SUMMED.map((c) => `sum(${c}) as ${c}`).join(", "))}
      from (${sql.join(sources, sql` union all `)}) as s(${SOURCE_COLUMNS})
      group by 1, 2, 3
    ) src
    ${joinsFor(dimension)}
    ${
      !group
        ? sql``
        : options.withTotals
          ? sql`group by grouping sets ((${group.key}, ${group.label}), ()) having ${sum("tickets")} > 0 or grouping(${group.key}) = 1
              order by grouping(${group.key}) desc, open desc, total desc, label`
          : sql`group by 1, 2 having ${sum("tickets")} > 0 order by open desc, total desc, label`
    }`;
}
