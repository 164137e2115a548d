import { OPEN_STATUSES } from "@relais/shared/tickets";
import { and, eq, gte, lt, type SQL, sql } from "drizzle-orm";
import { type Db, queryRows } from "../src/db/client.ts";
import { organisations, schools, sectors, zones } from "../src/modules/organisation/organisation.schema.ts";
import type { StatDimension, StatsPeriod, TicketStats } from "../src/modules/tickets/ticket-stats.ts";
import { type TicketVisibility, visibilityCondition } from "../src/modules/tickets/tickets.repository.ts";
import { tickets } from "../src/modules/tickets/tickets.schema.ts";

/**
 * The steering figures computed the slow way, from every ticket in scope in one aggregate:
 * what the rollups must always equal (and what ticket-stats.ts did before them).
 */
const DIMENSIONS: Record<Exclude<StatDimension, "none">, { key: SQL; label: SQL }> = {
  school: { key: sql`${schools.id}::text`, label: sql`${schools.name} || ' (' || ${schools.uai} || ')'` },
  zone: { key: sql`${zones.id}::text`, label: sql`${zones.name}` },
  sector: { key: sql`${sectors.id}::text`, label: sql`${sectors.name}` },
  organisation: { key: sql`${organisations.id}::text`, label: sql`${organisations.name}` },
  category: { key: sql`${tickets.category}`, label: sql`${tickets.category}` },
};

export async function directTicketStats(db: Db, v: TicketVisibility, dimension: StatDimension, period: StatsPeriod, now: Date): Promise<TicketStats[]> {
  const open = sql`${tickets.status} in (${sql.join(
    OPEN_STATUSES.map((s) => sql`${s}`),
    sql`, `,
  )})`;
  const age = sql`(${now.toISOString()}::timestamptz - ${tickets.receivedAt})`;
  const group = dimension === "none" ? null : DIMENSIONS[dimension];
  const where = and(
    visibilityCondition(v),
    period.from ? gte(tickets.receivedAt, period.from) : undefined,
    period.to ? lt(tickets.receivedAt, period.to) : undefined,
  );
  const rows = await queryRows<Record<string, unknown>>(
    db,
    sql`
    select ${group ? group.key : sql`null`} as key, ${group ? group.label : sql`null`} as label,
      count(*)::int as total,
      count(*) filter (where ${open})::int as open,
      count(*) filter (where ${open} and ${tickets.resolutionDueAt} < ${now.toISOString()}::timestamptz)::int as overdue,
      count(*) filter (where ${open} and ${age} < interval '1 day')::int as age0,
      count(*) filter (where ${open} and ${age} >= interval '1 day' and ${age} < interval '3 days')::int as age1,
      count(*) filter (where ${open} and ${age} >= interval '3 days' and ${age} < interval '7 days')::int as age2,
      count(*) filter (where ${open} and ${age} >= interval '7 days')::int as age3,
      avg(${tickets.processingMinutes})::float as mean_processing,
      (count(*) filter (where ${tickets.qualifiedAt} <= ${tickets.takeChargeDueAt}))::float / nullif(count(*) filter (where ${tickets.qualifiedAt} is not null), 0) as take_charge,
      (count(*) filter (where ${tickets.resolvedAt} <= ${tickets.resolutionDueAt}))::float / nullif(count(*) filter (where ${tickets.resolvedAt} is not null and ${tickets.resolutionDueAt} is not null), 0) as resolution,
      (count(*) filter (where ${tickets.reopenCount} > 0))::float / nullif(count(*) filter (where ${tickets.resolvedAt} is not null or ${tickets.reopenCount} > 0), 0) as reopen_rate
    from ${tickets}
    join ${schools} on ${eq(schools.id, tickets.schoolId)}
    left join ${zones} on ${eq(zones.id, schools.zoneId)}
    left join ${sectors} on ${eq(sectors.id, schools.sectorId)}
    left join ${organisations} on ${eq(organisations.id, tickets.assigneeOrganisationId)}
    where ${where ?? sql`true`}
    ${group ? sql`group by 1, 2 order by open desc, total desc, label` : sql``}`,
  );
  const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));
  return rows.map((r) => ({
    key: (r.key as string | null) ?? null,
    label: (r.label as string | null) ?? null,
    total: Number(r.total),
    open: Number(r.open),
    overdue: Number(r.overdue),
    ageing: [Number(r.age0), Number(r.age1), Number(r.age2), Number(r.age3)],
    meanProcessingMinutes: num(r.mean_processing) === null ? null : Math.round(num(r.mean_processing) as number),
    takeChargeCompliance: num(r.take_charge),
    resolutionCompliance: num(r.resolution),
    reopenRate: num(r.reopen_rate),
  }));
}
