import { COMPUTER_TYPES, HELD_STATUSES, INCIDENT_TICKET_KINDS } from "@relais/shared/inventory-reports";
import { and, asc, count, desc, eq, gte, inArray, isNotNull, lte, ne, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { interventions } from "../interventions/interventions.schema.ts";
import { schools } from "../organisation/organisation.schema.ts";
import { tickets } from "../tickets/tickets.schema.ts";
import { COUNT_CAP } from "./assets.repository.ts";
import { assets, assetTickets, rooms } from "./inventory.schema.ts";
import { rowsOf } from "./software.repository.ts";

/**
 * The inventory reports' queries. Each takes `where`, the condition on `assets` that the service
 * built from the actor's scope and the report's region or school: no query here widens it.
 */

const held = inArray(assets.status, [...HELD_STATUSES]);
/** The same statuses for the correlated subqueries written as SQL. */
const heldList = sql.raw(HELD_STATUSES.map((s) => `'${s}'`).join(", "));
const modelLabel = sql<string>`coalesce(${assets.manufacturer} || ' ' || ${assets.model}, ${assets.model}, 'Modèle inconnu')`;
type Page = { limit: number; offset: number };

/** Counting stops at COUNT_CAP, as the asset list does: past it the page says "more than". */
async function cappedCount(db: Db, from: SQL) {
  const n = rowsOf<{ n: number }>(await db.execute(sql`select count(*)::int as n from (${from} limit ${COUNT_CAP + 1}) capped`))[0]?.n ?? 0;
  return { total: Math.min(n, COUNT_CAP), totalExact: n <= COUNT_CAP };
}

export type CountDimension = "type" | "status" | "funding" | "school";

/** Items by one dimension; by school, with the school's UAI and name. */
export async function countAssetsBy(db: Db, where: SQL, by: CountDimension) {
  if (by === "school") {
    return db
      .select({ key: assets.schoolId, uai: schools.uai, name: schools.name, count: count() })
      .from(assets)
      .innerJoin(schools, eq(schools.id, assets.schoolId))
      .where(where)
      .groupBy(assets.schoolId, schools.uai, schools.name)
      .orderBy(desc(count()), asc(schools.name));
  }
  const column = { type: assets.type, status: assets.status, funding: assets.funding }[by];
  const rows = await db.select({ key: column, count: count() }).from(assets).where(where).groupBy(column).orderBy(desc(count()), asc(column));
  return rows.map((r) => ({ key: (r.key as string | null) ?? null, uai: null, name: null, count: r.count }));
}

/** Incident tickets about each asset received since `since` (merged duplicates not counted twice). */
function recentIncidents(db: Db, regionId: string, since: Date) {
  return db
    .select({ assetId: assetTickets.assetId, n: count().as("n") })
    .from(assetTickets)
    .innerJoin(tickets, eq(tickets.id, assetTickets.ticketId))
    .where(and(eq(tickets.regionId, regionId), inArray(tickets.kind, [...INCIDENT_TICKET_KINDS]), gte(tickets.receivedAt, since), ne(tickets.status, "merged")))
    .groupBy(assetTickets.assetId)
    .as("recent");
}

const listedColumns = {
  id: assets.id,
  schoolId: assets.schoolId,
  schoolUai: schools.uai,
  schoolName: schools.name,
  roomId: assets.roomId,
  roomName: rooms.name,
  type: assets.type,
  name: assets.name,
  manufacturer: assets.manufacturer,
  model: assets.model,
  status: assets.status,
  funding: assets.funding,
  acquiredOn: assets.acquiredOn,
  warrantyEndsOn: assets.warrantyEndsOn,
};

/**
 * Held items with at least one renewal reason: warranty ended before `today`, bought on or
 * before `ageEdge`, or `minIncidents` incidents or more since `since`. Oldest first.
 */
export async function findRenewalCandidates(
  db: Db,
  where: SQL,
  rule: { regionId: string; today: string; ageEdge: string; since: Date; minIncidents: number },
  page: Page,
) {
  const recent = recentIncidents(db, rule.regionId, rule.since);
  const incidents = sql<number>`coalesce(${recent.n}, 0)::int`;
  const condition = and(
    where,
    held,
    or(sql`${assets.warrantyEndsOn} < ${rule.today}`, lte(assets.acquiredOn, rule.ageEdge), sql`coalesce(${recent.n}, 0) >= ${rule.minIncidents}`),
  );
  const base = () =>
    db
      .select({ ...listedColumns, recentIncidents: incidents })
      .from(assets)
      .innerJoin(schools, eq(schools.id, assets.schoolId))
      .leftJoin(rooms, eq(rooms.id, assets.roomId))
      .leftJoin(recent, eq(recent.assetId, assets.id))
      .where(condition);
  const [items, counted] = await Promise.all([
    base()
      .orderBy(sql`${assets.acquiredOn} asc nulls last`, sql`${assets.warrantyEndsOn} asc nulls last`, asc(assets.id))
      .limit(page.limit)
      .offset(page.offset),
    cappedCount(db, sql`select 1 from ${assets} left join ${recent} on ${recent.assetId} = ${assets.id} where ${condition}`),
  ]);
  return { items, ...counted };
}

/** Held items whose warranty ends between `from` and `to` (inclusive), soonest first. */
export async function findWarrantiesEnding(db: Db, where: SQL, range: { from: string; to: string }, page: Page) {
  const condition = and(where, held, isNotNull(assets.warrantyEndsOn), gte(assets.warrantyEndsOn, range.from), lte(assets.warrantyEndsOn, range.to));
  const [items, counted] = await Promise.all([
    db
      .select(listedColumns)
      .from(assets)
      .innerJoin(schools, eq(schools.id, assets.schoolId))
      .leftJoin(rooms, eq(rooms.id, assets.roomId))
      .where(condition)
      .orderBy(asc(assets.warrantyEndsOn), asc(assets.id))
      .limit(page.limit)
      .offset(page.offset),
    cappedCount(db, sql`select 1 from ${assets} where ${condition}`),
  ]);
  return { items, ...counted };
}

const projectorsHeld = (where: SQL) => and(where, held, eq(assets.type, "video_projector"));

/**
 * Video projectors by room (those in no room together, per school): how many, the oldest
 * purchase date, the mean age in days at `today`, and the room's interactive displays — what
 * the interactive-display programme is planned from. Rooms with the oldest projectors first.
 */
export async function findProjectorRooms(db: Db, where: SQL, today: string, page: Page) {
  const condition = projectorsHeld(where);
  const displays = sql<number>`(select count(*)::int from ${assets} d where d.room_id = ${assets.roomId} and d.type = 'interactive_display' and d.status in (${heldList}))`;
  const [items, counted] = await Promise.all([
    db
      .select({
        roomId: assets.roomId,
        roomName: rooms.name,
        building: rooms.building,
        schoolId: assets.schoolId,
        schoolUai: schools.uai,
        schoolName: schools.name,
        projectors: count(),
        dated: count(assets.acquiredOn),
        oldestAcquiredOn: sql<string | null>`min(${assets.acquiredOn})::text`,
        meanAgeDays: sql<number | null>`round(avg(${today}::date - ${assets.acquiredOn}))::int`,
        interactiveDisplays: displays,
      })
      .from(assets)
      .innerJoin(schools, eq(schools.id, assets.schoolId))
      .leftJoin(rooms, eq(rooms.id, assets.roomId))
      .where(condition)
      .groupBy(assets.roomId, rooms.name, rooms.building, assets.schoolId, schools.uai, schools.name)
      .orderBy(sql`min(${assets.acquiredOn}) asc nulls last`, asc(schools.name), asc(rooms.name))
      .limit(page.limit)
      .offset(page.offset),
    cappedCount(db, sql`select 1 from ${assets} where ${condition} group by ${assets.schoolId}, ${assets.roomId}`),
  ]);
  return { items, ...counted };
}

/** Projectors by age in whole years at `today` (null: purchase date unknown), for the histogram. */
export async function projectorAgeDistribution(db: Db, where: SQL, today: string) {
  const age = sql<number | null>`extract(year from age(${today}::date, ${assets.acquiredOn}))::int`;
  return db.select({ ageYears: age, count: count() }).from(assets).where(projectorsHeld(where)).groupBy(sql`1`).orderBy(sql`1 asc nulls last`);
}

const computersHeld = (where: SQL) => and(where, held, inArray(assets.type, [...COMPUTER_TYPES]));

/**
 * Rooms holding computers, with how many distinct models they hold (seed 004 §7.5.4: one model
 * per room); `mixedOnly` keeps the rooms breaking the rule. Most models first.
 */
export async function findRoomHomogeneity(db: Db, where: SQL, mixedOnly: boolean, page: Page) {
  const condition = and(computersHeld(where), isNotNull(assets.roomId));
  const models = sql<number>`count(distinct ${modelLabel})::int`;
  const having = mixedOnly ? sql`count(distinct ${modelLabel}) > 1` : undefined;
  const [rows, counted] = await Promise.all([
    db
      .select({
        roomId: sql<string>`${assets.roomId}`,
        roomName: rooms.name,
        building: rooms.building,
        use: rooms.use,
        schoolId: assets.schoolId,
        schoolUai: schools.uai,
        schoolName: schools.name,
        computers: count(),
        modelCount: models,
      })
      .from(assets)
      .innerJoin(schools, eq(schools.id, assets.schoolId))
      .innerJoin(rooms, eq(rooms.id, assets.roomId))
      .where(condition)
      .groupBy(assets.roomId, rooms.name, rooms.building, rooms.use, assets.schoolId, schools.uai, schools.name)
      .having(having)
      .orderBy(desc(models), asc(schools.name), asc(rooms.name))
      .limit(page.limit)
      .offset(page.offset),
    cappedCount(db, sql`select 1 from ${assets} where ${condition} group by ${assets.roomId} ${having ? sql`having ${having}` : sql``}`),
  ]);
  const models_ = await roomModels(
    db,
    rows.map((r) => r.roomId),
  );
  return { items: rows.map((r) => ({ ...r, models: models_.get(r.roomId) ?? [] })), ...counted };
}

/** The computer models of each room, most numerous first. */
export async function roomModels(db: Db, roomIds: string[]) {
  const byRoom = new Map<string, { model: string; count: number }[]>();
  if (roomIds.length === 0) return byRoom;
  const rows = await db
    .select({ roomId: sql<string>`${assets.roomId}`, model: modelLabel, count: count() })
    .from(assets)
    .where(and(inArray(assets.roomId, roomIds), held, inArray(assets.type, [...COMPUTER_TYPES])))
    .groupBy(assets.roomId, sql`2`)
    .orderBy(desc(count()), sql`2`);
  for (const r of rows) byRoom.set(r.roomId, [...(byRoom.get(r.roomId) ?? []), { model: r.model, count: r.count }]);
  return byRoom;
}

/** Held items by class: how many, how many with a known price and those prices' sum. */
export async function classFacts(db: Db, where: SQL) {
  return db
    .select({
      type: assets.type,
      count: count(),
      pricedCount: count(assets.acquisitionPriceCents),
      knownPriceCents: sql<number>`coalesce(sum(${assets.acquisitionPriceCents}), 0)::bigint`.mapWith(Number),
    })
    .from(assets)
    .where(and(where, held))
    .groupBy(assets.type);
}

/**
 * Support minutes spent on each class's held items: a ticket's time is the time entered on it,
 * else the sum of its done (or certified) interventions, and is shared evenly among the items
 * the ticket concerns.
 */
export async function supportMinutesByClass(db: Db, where: SQL) {
  const rows = rowsOf<{ type: string; minutes: number | string | null }>(
    await db.execute(sql`
      with linked as (
        select ${assetTickets.ticketId} as ticket_id, ${assets.type} as type
        from ${assetTickets} join ${assets} on ${assets.id} = ${assetTickets.assetId}
        where ${and(where, held)}
      ),
      spent as (
        select t.id,
          coalesce(t.time_spent_minutes,
            (select sum(i.time_spent_minutes) from ${interventions} i where i.ticket_id = t.id and i.status in ('done', 'certified')), 0) as minutes,
          (select count(*) from ${assetTickets} x where x.ticket_id = t.id) as shares
        from ${tickets} t where t.id in (select ticket_id from linked)
      )
      select linked.type, sum(spent.minutes::numeric / spent.shares) as minutes
      from linked join spent on spent.id = linked.ticket_id
      group by linked.type`),
  );
  return new Map(rows.map((r) => [r.type, Number(r.minutes ?? 0)]));
}

/** A room with its school, for the room view. */
export async function findRoomWithSchool(db: Db, roomId: string) {
  const [row] = await db
    .select({
      id: rooms.id,
      regionId: rooms.regionId,
      schoolId: rooms.schoolId,
      building: rooms.building,
      floor: rooms.floor,
      name: rooms.name,
      use: rooms.use,
      schoolUai: schools.uai,
      schoolName: schools.name,
      sectorId: schools.sectorId,
      zoneId: schools.zoneId,
    })
    .from(rooms)
    .innerJoin(schools, eq(schools.id, rooms.schoolId))
    .where(eq(rooms.id, roomId));
  return row ?? null;
}

/** Every item of a room, computers first, then by name. */
export async function findRoomAssets(db: Db, roomId: string) {
  return db
    .select({ ...listedColumns, serial: assets.serial, inventoryNumber: assets.inventoryNumber })
    .from(assets)
    .innerJoin(schools, eq(schools.id, assets.schoolId))
    .leftJoin(rooms, eq(rooms.id, assets.roomId))
    .where(eq(assets.roomId, roomId))
    .orderBy(asc(assets.type), sql`${assets.name} asc nulls last`, asc(assets.id));
}

/** The rooms of a school with the number of items each holds (held items only). */
export async function findSchoolRoomsWithCounts(db: Db, schoolId: string) {
  return db
    .select({
      id: rooms.id,
      building: rooms.building,
      floor: rooms.floor,
      name: rooms.name,
      use: rooms.use,
      // The room's id written with its table: in a one-table select Drizzle writes a bare "id", which inside the subquery would be a.id.
      assetCount: sql<number>`(select count(*)::int from ${assets} a where a.room_id = ${rooms}.${sql.identifier(rooms.id.name)} and a.status in (${heldList}))`,
    })
    .from(rooms)
    .where(eq(rooms.schoolId, schoolId))
    .orderBy(asc(rooms.building), asc(rooms.floor), asc(rooms.name));
}
