import { can } from "@relais/shared/permissions";
import { and, count, eq, inArray, isNotNull, lte, sql } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { forbidden } from "../../errors.ts";
import { getSchool, schoolTarget } from "../organisation/schools.service.ts";
import { assets, rooms } from "./inventory.schema.ts";

const COMPUTER_TYPES = ["desktop", "laptop"] as const;
const DAY_MS = 86_400_000;

/**
 * A school's estate at a glance: counts by type, status and funding; the rooms whose computers
 * are not all one model (seed 004: one computer model per room); warranties ending within
 * `withinDays` (and already ended) among items in service.
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
  const horizon = new Date(today.getTime() + withinDays * DAY_MS).toISOString().slice(0, 10);
  const [byType, byStatus, byFunding, roomModels, warranties] = await Promise.all([
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
  ]);
  const rooms_ = new Map<string, { roomId: string; room: string; building: string; models: { model: string; count: number }[] }>();
  for (const r of roomModels) {
    const entry = rooms_.get(r.roomId) ?? { roomId: r.roomId, room: r.room, building: r.building, models: [] };
    entry.models.push({ model: r.model, count: r.n });
    rooms_.set(r.roomId, entry);
  }
  const todayDay = today.toISOString().slice(0, 10);
  return {
    schoolId: school.id,
    byType,
    byStatus,
    byFunding,
    mixedRooms: [...rooms_.values()].filter((r) => r.models.length > 1),
    computerTypes: [...COMPUTER_TYPES],
    warranties: warranties.map((w) => ({ ...w, isEnded: (w.warrantyEndsOn ?? "") < todayDay })),
  };
}
