import { OPEN_STATUSES } from "@relais/shared/tickets";
import { fillPlaceholders, type Query, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { prepareSql } from "../../db/client.ts";
import { keptStatements } from "../../db/kept-statements.ts";
import { type SessionCheck, sessionCheckSql, sessionCheckValues, settleSessionCheck } from "../auth/actor.ts";
import { organisations, schools, sectors, zones } from "../organisation/organisation.schema.ts";
import { inRegions, inSchools, nodesOf, RESTRICTED_KINDS_SQL, type RegionSet, regionIdsOf, type TicketVisibility, uuids } from "./ticket-scope.ts";
import { ticketStatsRegion, ticketStatsSchool } from "./ticket-stats.schema.ts";
import { dayRanges, type PeriodPlan, periodPlan, type Range } from "./ticket-stats-period.ts";
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
  return (await runStats(db, v, dimension, period, now, { withTotals: false })).map(toStats);
}

/**
 * The steering page's answer: the totals and the groups of a dimension from ONE statement
 * (grouping sets), so that the sources are planned and read once per request rather than twice.
 * `check`: a cached session, checked by the same statement.
 */
export async function ticketStatsWithTotals(
  db: Db,
  v: TicketVisibility,
  dimension: StatDimension,
  period: StatsPeriod,
  now: Date,
  check?: SessionCheck | null,
): Promise<{ totals: TicketStats; groups: TicketStats[] }> {
  const rows = await runStats(db, v, dimension, period, now, { withTotals: true, check: check ?? null });
  if (check) settleSessionCheck(check, rows[0]?.session_ok);
  if (dimension === "none") return { totals: toStats(rows[0] ?? {}), groups: [] };
  const totals = rows.find((r) => Number(r.is_total) === 1);
  return { totals: toStats(totals ?? {}), groups: rows.filter((r) => Number(r.is_total) !== 1).map(toStats) };
}

type StatsOptions = { withTotals: boolean; check?: SessionCheck | null };
type StatsRow = Record<string, unknown>;
type PreparedStats = { execute(values: Record<string, unknown>): Promise<{ rows: StatsRow[] }>; getQuery(): Query };

/** Shapes are per actor's visibility, dimension and period's cut. */
const keptStats = keptStatements<PreparedStats>(1_000);

/**
 * The statement of a shape, compiled once per database handle: a request only fills the
 * period's dates and the instant (`periodValues`). It runs prepared under a name of its text,
 * which spares PostgreSQL its parse on each request (run unnamed, the steering answered 40 %
 * fewer requests). The regions it reads are written into its text (`regionUuids`): the plan
 * PostgreSQL makes once for any dates (the generic plan) is then as good as one made for the
 * request's dates, and PostgreSQL keeps it after five runs rather than planning each request
 * (1.2–1.6 ms of the 6–7 a request took at a million tickets).
 */
function preparedStats(db: Db, v: TicketVisibility, dimension: StatDimension, plan: PeriodPlan, period: StatsPeriod, options: StatsOptions) {
  const key = JSON.stringify([
    v,
    dimension,
    options.withTotals,
    !!options.check,
    plan.segments.map((s) => [s.grain, s.sign]),
    plan.partial.map((r) => r.sign),
    !!period.from,
    !!period.to,
  ]);
  return keptStats(db, key, () => prepareSql(db, statsStatement(v, dimension, plan, period, options)) as PreparedStats);
}

async function runStats(db: Db, v: TicketVisibility, dimension: StatDimension, period: StatsPeriod, now: Date, options: StatsOptions) {
  const plan = periodPlan(period);
  const values = { ...periodValues(plan, period, now), ...(options.check ? sessionCheckValues(options.check) : {}) };
  return (await preparedStats(db, v, dimension, plan, period, options).execute(values)).rows;
}

/** The statement and its values as SQL text and parameters: what the benchmark's floor runs. */
export function ticketStatsQuery(db: Db, v: TicketVisibility, dimension: StatDimension, period: StatsPeriod, now: Date, options: { withTotals: boolean }) {
  const plan = periodPlan(period);
  const query = preparedStats(db, v, dimension, plan, period, options).getQuery();
  return { sql: query.sql, params: fillPlaceholders(query.params, periodValues(plan, period, now)) };
}

/**
 * The values of a period's placeholders, by the names the statement gives them: each segment's
 * dates (and, for a day segment read from the tickets, its instants), each partial day's
 * instants, the period's bounds and now.
 */
function periodValues(plan: PeriodPlan, period: StatsPeriod, now: Date): Record<string, unknown> {
  const values: Record<string, unknown> = { now: now.toISOString() };
  if (period.from) values.periodFrom = period.from.toISOString();
  if (period.to) values.periodTo = period.to.toISOString();
  plan.segments.forEach((segment, i) => {
    values[`segment${i}From`] = segment.from;
    values[`segment${i}To`] = segment.to;
  });
  dayRanges(plan.segments).forEach((range, i) => {
    values[`day${i}From`] = range.from.toISOString();
    values[`day${i}To`] = range.to.toISOString();
  });
  plan.partial.forEach((range, i) => {
    values[`partial${i}From`] = range.from.toISOString();
    values[`partial${i}To`] = range.to.toISOString();
  });
  return values;
}

const placeholder = (name: string) => sql`${sql.placeholder(name)}`;

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

/** Received in [from, to), the bounds being placeholders (absent: unbounded). */
function receivedIn(from: string | null, to: string | null): SQL {
  const parts = [
    from ? sql`${tickets.receivedAt} >= ${placeholder(from)}::timestamptz` : undefined,
    to ? sql`${tickets.receivedAt} < ${placeholder(to)}::timestamptz` : undefined,
  ].filter((p): p is SQL => p !== undefined);
  return parts.length > 0 ? sql.join(parts, sql` and `) : sql`true`;
}

/** Tickets received in the ranges (named `${prefix}${i}`), each counted with its range's sign, matching `where`: one index range scan each. */
function ticketsInRanges(ranges: Range[], prefix: string, where: SQL): SQL[] {
  return ranges.map(
    (r, i) => sql`select ${tickets.schoolId}, ${tickets.category}, ${tickets.assigneeOrganisationId}, ${ticketMeasures(sql.raw(String(r.sign)))}, ${NO_BACKLOG}
    from ${tickets} where ${receivedIn(`${prefix}${i}From`, `${prefix}${i}To`)} and (${where})`,
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

/**
 * A dimension's group: its key from a summed row (`src`), and its label from a group's key
 * (`g.key`). Both go through the primary keys, for a few hundred rows at most: joined whole, the
 * tables of every region (thousands of schools) were hashed on each request.
 */
const GROUPS: Record<Exclude<StatDimension, "none">, { key: SQL; label: SQL }> = {
  school: {
    key: sql`src.school_id`,
    label: sql`(select ${schools.name} || ' (' || ${schools.uai} || ')' from ${schools} where ${schools.id} = g.key)`,
  },
  zone: {
    key: sql`(select ${schools.zoneId} from ${schools} where ${schools.id} = src.school_id)`,
    label: sql`(select ${zones.name} from ${zones} where ${zones.id} = g.key)`,
  },
  sector: {
    key: sql`(select ${schools.sectorId} from ${schools} where ${schools.id} = src.school_id)`,
    label: sql`(select ${sectors.name} from ${sectors} where ${sectors.id} = g.key)`,
  },
  organisation: {
    key: sql`src.organisation_id`,
    label: sql`(select ${organisations.name} from ${organisations} where ${organisations.id} = g.key)`,
  },
  category: { key: sql`src.category`, label: sql`g.key` },
};

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
 * The statement of a shape (`preparedStats`), its dates and instants placeholders.
 * `withTotals`: the groups and, flagged `is_total`, the row of the whole (every dimension's
 * groups add up to it); `check`: a column saying whether the cached session still holds.
 */
function statsStatement(v: TicketVisibility, dimension: StatDimension, plan: PeriodPlan, period: StatsPeriod, options: StatsOptions): SQL {
  const { coarse, fine } = scopeSplit(v);
  const sources: SQL[] = [];
  // One index range scan per segment of the period (a handful), its sign written in.
  const segments = plan.segments.map((segment, i) => ({ ...segment, fromDate: placeholder(`segment${i}From`), toDate: placeholder(`segment${i}To`) }));
  const inSegment = (grain: SQL, period: SQL, segment: (typeof segments)[number]) =>
    sql`${grain} = ${segment.grain} and ${period} >= ${segment.fromDate}::date and ${period} < ${segment.toDate}::date`;

  const keys = COARSE_KEYS[dimension];
  for (const piece of coarse) {
    for (const segment of segments) {
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
    for (const segment of segments.filter((s) => s.grain === "month")) {
      sources.push(sql`select ${ticketStatsSchool.schoolId}, ${ticketStatsSchool.category}, ${ticketStatsSchool.organisationId}, ${signedMeasures(ticketStatsSchool, segment.sign)}, ${NO_BACKLOG}
        from ${ticketStatsSchool}
        where ${ticketStatsSchool.month} >= ${segment.fromDate}::date and ${ticketStatsSchool.month} < ${segment.toDate}::date and ${piece}`);
    }
  }
  // The per-school rollups have no days: the days around the months come from the tickets.
  const fineTickets = fine({
    restricted: sql`(${tickets.kind} in (${RESTRICTED_KINDS_SQL}))`,
    region: sql`${tickets.regionId}`,
    school: sql`${tickets.schoolId}`,
    organisation: sql`${tickets.assigneeOrganisationId}`,
  });
  for (const piece of fineTickets) sources.push(...ticketsInRanges(dayRanges(plan.segments), "day", piece));
  // What is left of a day at either end of an instant-bounded period.
  sources.push(...ticketsInRanges(plan.partial, "partial", nodeVisibility(v)));
  const inPeriod = receivedIn(period.from ? "periodFrom" : null, period.to ? "periodTo" : null);
  // The actor's own tickets that their scopes do not already count.
  sources.push(sql`select ${tickets.schoolId}, ${tickets.category}, ${tickets.assigneeOrganisationId}, ${ticketMeasures(sql`1`)}, ${NO_BACKLOG}
    from ${tickets} where (${tickets.requesterId} = ${v.personId} or ${tickets.assigneePersonId} = ${v.personId}) and (${nodeVisibility(v)}) is not true and ${inPeriod}`);
  // The open backlog, from the open tickets themselves: lateness and age depend on now.
  const at = sql`${placeholder("now")}::timestamptz`;
  const age = sql`(${at} - ${tickets.receivedAt})`;
  sources.push(sql`select ${tickets.schoolId}, ${tickets.category}, ${tickets.assigneeOrganisationId}, ${sql.raw("0, 0, 0, 0, 0, 0, 0, 0, 0")}, 1,
      (${tickets.resolutionDueAt} < ${at})::int, (${age} < interval '1 day')::int, (${age} >= interval '1 day' and ${age} < interval '3 days')::int,
      (${age} >= interval '3 days' and ${age} < interval '7 days')::int, (${age} >= interval '7 days')::int
    from ${tickets} where ${tickets.status} in (${sql.raw(OPEN_STATUSES.map((s) => `'${s}'`).join(", "))}) and ${visibilityCondition(v)} and ${inPeriod}`);

  const group = dimension === "none" ? null : GROUPS[dimension];
  const sum = (column: string) => sql`coalesce(sum(k.${sql.identifier(column)}), 0)`;
  const grouping = !group ? sql`` : options.withTotals ? sql`group by grouping sets ((k.key), ())` : sql`group by k.key`;
  return sql`
    select g.key::text as key, ${group ? group.label : sql`null`} as label, g.is_total,
      ${options.check ? sql`${sessionCheckSql(options.check, placeholder)} as session_ok,` : sql``} g.total, g.open, g.overdue, g.age0, g.age1, g.age2, g.age3,
      g.processing_minutes::float / nullif(g.processed, 0) as mean_processing,
      g.take_charge_met::float / nullif(g.take_charge_measured, 0) as take_charge,
      g.resolution_met::float / nullif(g.resolution_measured, 0) as resolution,
      g.reopened::float / nullif(g.reopen_base, 0) as reopen_rate
    from (
      select ${group ? sql`k.key` : sql`null::text`} as key, ${group && options.withTotals ? sql`grouping(k.key)` : sql`0`} as is_total,
        ${sum("tickets")}::int as total, ${sum("open")}::int as open, ${sum("overdue")}::int as overdue,
        ${sum("age0")}::int as age0, ${sum("age1")}::int as age1, ${sum("age2")}::int as age2, ${sum("age3")}::int as age3,
        ${sql.join(
          [
            "processing_minutes",
            "processed",
            "take_charge_met",
            "take_charge_measured",
            "resolution_met",
            "resolution_measured",
            "reopened",
            "reopen_base",
          ].map((c) => sql`${sum(c)} as ${sql.identifier(c)}`),
          sql`, `,
        )}
      from (
        select ${group ? group.key : sql`null::text`} as key, src.*
        from (
          select school_id, category, organisation_id, ${sql.raw(SUMMED.map((c) => `sum(${c}) as ${c}`).join(", "))}
          from (${sql.join(sources, sql` union all `)}) as s(${SOURCE_COLUMNS})
          group by 1, 2, 3
        ) src
      ) k
      ${grouping}
    ) g
    ${group ? sql`where g.total > 0 or g.is_total = 1` : sql``}
    order by g.is_total desc, g.open desc, g.total desc, label`;
}
