import type { AssetType } from "@relais/shared/inventory";
import {
  ageInYears,
  COMPUTER_TYPES,
  estimateClassCost,
  INCIDENT_WINDOW_MONTHS,
  renewalReasons,
  TOTAL_COST_FORMULA_FR,
  yearsBefore,
} from "@relais/shared/inventory-reports";
import { can, visibleScopes } from "@relais/shared/permissions";
import { and, count, eq, inArray, isNotNull, lte, type SQL, sql } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { AppError, forbidden, notFound } from "../../errors.ts";
import { getSchool, schoolTarget } from "../organisation/schools.service.ts";
import { assetsScope } from "./assets.repository.ts";
import { readsRegionInventory } from "./assets.service.ts";
import { assets, rooms } from "./inventory.schema.ts";
import * as repo from "./inventory-reports.repository.ts";
import { regionInventorySettings } from "./inventory-settings.service.ts";

const DAY_MS = 86_400_000;
const dayOf = (date: Date) => date.toISOString().slice(0, 10);
type Page = { limit: number; offset: number };

/** A report covers one school, or a region: what the actor sees of it (region staff the whole region, a school's people their school). */
export type ReportQuery = { region?: string | undefined; school?: string | undefined };
type ReportScope = { regionId: string; schoolId: string | null; where: SQL };

async function reportScope(ctx: Ctx, query: ReportQuery): Promise<ReportScope> {
  const scope = assetsScope(visibleScopes(ctx.actor.assignments, "asset.read"));
  if (query.school) {
    const school = await getSchool(ctx, query.school);
    if (!can(ctx.actor.assignments, "asset.read", schoolTarget(school))) throw forbidden("Vous ne consultez pas l'inventaire de cet établissement.");
    if (query.region && query.region !== school.regionId)
      throw new AppError("validation.failed", "Cet établissement n'est pas dans cette Région.", {
        fieldErrors: [{ field: "region", message: "Autre Région." }],
      });
    return { regionId: school.regionId, schoolId: school.id, where: eq(assets.schoolId, school.id) };
  }
  const regionId = query.region ?? ctx.actor.regionId;
  if (!regionId)
    throw new AppError("validation.failed", "Précisez la Région (paramètre region) ou l'établissement (school).", {
      fieldErrors: [{ field: "region", message: "Obligatoire." }],
    });
  if (!readsRegionInventory(ctx, regionId)) throw forbidden("Vous ne consultez pas l'inventaire de cette Région.");
  return { regionId, schoolId: null, where: and(eq(assets.regionId, regionId), scope) as SQL };
}

/** Items counted by type, status, funding or school, over what the actor sees of the region or school. */
export async function countAssets(ctx: Ctx, query: ReportQuery, by: repo.CountDimension) {
  const scope = await reportScope(ctx, query);
  return { regionId: scope.regionId, schoolId: scope.schoolId, by, items: await repo.countAssetsBy(ctx.db, scope.where, by) };
}

/**
 * Items to renew (seed 004 §7.5.4: the technician selects obsolete and out-of-warranty items and
 * proposes their renewal), each with every reason that holds: warranty ended, the region's
 * renewal age reached, or at least its threshold of incident tickets over the last 12 months.
 */
export async function listRenewalCandidates(ctx: Ctx, query: ReportQuery, page: Page) {
  const scope = await reportScope(ctx, query);
  const settings = await regionInventorySettings(ctx.db, scope.regionId);
  const now = ctx.clock.now();
  const today = dayOf(now);
  const since = new Date(now);
  since.setUTCMonth(since.getUTCMonth() - INCIDENT_WINDOW_MONTHS);
  const result = await repo.findRenewalCandidates(
    ctx.db,
    scope.where,
    { regionId: scope.regionId, today, ageEdge: yearsBefore(today, settings.renewalAgeYears), since, minIncidents: settings.frequentIncidentTickets },
    page,
  );
  return {
    ...result,
    items: result.items.map((item) => ({
      ...item,
      ageYears: item.acquiredOn ? ageInYears(item.acquiredOn, today) : null,
      reasons: renewalReasons(item, today, settings),
    })),
    rule: {
      today,
      renewalAgeYears: settings.renewalAgeYears,
      frequentIncidentTickets: settings.frequentIncidentTickets,
      incidentWindowMonths: INCIDENT_WINDOW_MONTHS,
    },
  };
}

/** Held items whose warranty ends within `withinDays` days from today (today included). */
export async function listWarrantiesEnding(ctx: Ctx, query: ReportQuery, withinDays: number, page: Page) {
  const scope = await reportScope(ctx, query);
  const now = ctx.clock.now();
  const from = dayOf(now);
  const to = dayOf(new Date(now.getTime() + withinDays * DAY_MS));
  const result = await repo.findWarrantiesEnding(ctx.db, scope.where, { from, to }, page);
  return {
    ...result,
    items: result.items.map((item) => ({ ...item, daysLeft: Math.round((Date.parse(item.warrantyEndsOn as string) - Date.parse(from)) / DAY_MS) })),
    from,
    to,
  };
}

const ageOfDays = (days: number | null) => (days === null ? null : Math.round((days / 365.25) * 10) / 10);

/** Projector age per room, oldest rooms first, and the age distribution of all projectors in scope. */
export async function listProjectorRooms(ctx: Ctx, query: ReportQuery, page: Page) {
  const scope = await reportScope(ctx, query);
  const today = dayOf(ctx.clock.now());
  const [result, distribution] = await Promise.all([
    repo.findProjectorRooms(ctx.db, scope.where, today, page),
    repo.projectorAgeDistribution(ctx.db, scope.where, today),
  ]);
  return {
    ...result,
    items: result.items.map((room) => ({
      ...room,
      oldestAgeYears: room.oldestAcquiredOn ? ageInYears(room.oldestAcquiredOn, today) : null,
      meanAgeYears: ageOfDays(room.meanAgeDays),
      undated: room.projectors - room.dated,
    })),
    distribution,
    today,
  };
}

/** Rooms holding computers and how many models each holds (seed 004 §7.5.4: one model per room). */
export async function listRoomHomogeneity(ctx: Ctx, query: ReportQuery, mixedOnly: boolean, page: Page) {
  const scope = await reportScope(ctx, query);
  const result = await repo.findRoomHomogeneity(ctx.db, scope.where, mixedOnly, page);
  return { ...result, items: result.items.map((room) => ({ ...room, isHomogeneous: room.modelCount <= 1 })) };
}

/**
 * The total cost of ownership of each class of held items (seed 004 §7.5.4), with the region's
 * parameters and the formula, so that every figure can be checked by hand.
 */
export async function estimateTotalCost(ctx: Ctx, query: ReportQuery) {
  const scope = await reportScope(ctx, query);
  const [settings, facts, support] = await Promise.all([
    regionInventorySettings(ctx.db, scope.regionId),
    repo.classFacts(ctx.db, scope.where),
    repo.supportMinutesByClass(ctx.db, scope.where),
  ]);
  const items = facts
    .map((f) => estimateClassCost({ ...f, type: f.type as AssetType, supportMinutes: Math.round(support.get(f.type) ?? 0) }, settings))
    .sort((a, b) => b.totalCents - a.totalCents);
  return {
    regionId: scope.regionId,
    schoolId: scope.schoolId,
    items: items.map((item) => ({ ...item, parameters: settings.classCosts[item.type] })),
    supportHourCents: settings.supportHourCents,
    formula: TOTAL_COST_FORMULA_FR,
    totalCents: items.reduce((sum, item) => sum + item.totalCents, 0),
  };
}

/** A room: its items, its computer models (homogeneous or not) and the age of its projectors. */
export async function getRoomView(ctx: Ctx, roomId: string) {
  const room = await repo.findRoomWithSchool(ctx.db, roomId);
  const target = room ? schoolTarget({ id: room.schoolId, regionId: room.regionId, sectorId: room.sectorId, zoneId: room.zoneId }) : null;
  if (!room || !target || !can(ctx.actor.assignments, "asset.read", target)) throw notFound("Salle");
  const today = dayOf(ctx.clock.now());
  const [items, models] = await Promise.all([repo.findRoomAssets(ctx.db, roomId), repo.roomModels(ctx.db, [roomId])]);
  const computerModels = models.get(roomId) ?? [];
  const { sectorId: _s, zoneId: _z, ...shown } = room;
  return {
    room: shown,
    assets: items.map((a) => ({ ...a, ageYears: a.acquiredOn ? ageInYears(a.acquiredOn, today) : null })),
    computerModels,
    isHomogeneous: computerModels.length <= 1,
    computerTypes: [...COMPUTER_TYPES],
    canEdit: can(ctx.actor.assignments, "asset.write", target),
  };
}

/**
 * A school's estate at a glance: counts by type, status and funding; its rooms with the number
 * of items each holds; the rooms whose computers are not all one model (seed 004: one computer
 * model per room); warranties ending within `withinDays` (and already ended) among items in service.
 */
export async function schoolEstateReport(ctx: Ctx, schoolRef: string, withinDays: number) {
  const school = await getSchool(ctx, schoolRef);
  if (!can(ctx.actor.assignments, "asset.read", schoolTarget(school))) throw forbidden("Vous ne consultez pas l'inventaire de cet établissement.");
  const bySchool = eq(assets.schoolId, school.id);
  const group = async (column: typeof assets.type | typeof assets.status | typeof assets.funding) =>
    (await ctx.db.select({ key: column, n: count() }).from(assets).where(bySchool).groupBy(column).orderBy(column)).map((r) => ({
      key: r.key ?? null,
      count: r.n,
    }));
  const today = ctx.clock.now();
  const horizon = dayOf(new Date(today.getTime() + withinDays * DAY_MS));
  const [byType, byStatus, byFunding, roomModels, warranties, roomList] = await Promise.all([
    group(assets.type),
    group(assets.status),
    group(assets.funding),
    ctx.db
      .select({
        roomId: rooms.id,
        room: rooms.name,
        building: rooms.building,
        model: sql<string>`coalesce(${assets.manufacturer} || ' ' || ${assets.model}, ${assets.model}, '?')`,
        n: count(),
      })
      .from(assets)
      .innerJoin(rooms, eq(rooms.id, assets.roomId))
      .where(and(bySchool, inArray(assets.type, [...COMPUTER_TYPES]), eq(assets.status, "in_service")))
      .groupBy(rooms.id, rooms.name, rooms.building, sql`4`)
      .orderBy(rooms.building, rooms.name),
    ctx.db
      .select({ id: assets.id, name: assets.name, type: assets.type, model: assets.model, warrantyEndsOn: assets.warrantyEndsOn })
      .from(assets)
      .where(and(bySchool, isNotNull(assets.warrantyEndsOn), lte(assets.warrantyEndsOn, horizon), eq(assets.status, "in_service")))
      .orderBy(assets.warrantyEndsOn),
    repo.findSchoolRoomsWithCounts(ctx.db, school.id),
  ]);
  const rooms_ = new Map<string, { roomId: string; room: string; building: string; models: { model: string; count: number }[] }>();
  for (const r of roomModels) {
    const entry = rooms_.get(r.roomId) ?? { roomId: r.roomId, room: r.room, building: r.building, models: [] };
    entry.models.push({ model: r.model, count: r.n });
    rooms_.set(r.roomId, entry);
  }
  const todayDay = dayOf(today);
  return {
    schoolId: school.id,
    school: {
      id: school.id,
      uai: school.uai,
      name: school.name,
      commune: school.commune,
      regionId: school.regionId,
      sectorId: school.sectorId,
      zoneId: school.zoneId,
    },
    byType,
    byStatus,
    byFunding,
    rooms: roomList,
    mixedRooms: [...rooms_.values()].filter((r) => r.models.length > 1),
    computerTypes: [...COMPUTER_TYPES],
    warranties: warranties.map((w) => ({ ...w, isEnded: (w.warrantyEndsOn ?? "") < todayDay })),
  };
}
