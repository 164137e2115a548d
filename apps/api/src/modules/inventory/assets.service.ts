import { type ApplicationStatus, isSupported, nameKey, usableSerial, usableUuid } from "@relais/shared/inventory";
import { can, visibleScopes } from "@relais/shared/permissions";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { AppError, forbidden, notFound } from "../../errors.ts";
import { schools } from "../organisation/organisation.schema.ts";
import { getSchool, schoolTarget } from "../organisation/schools.service.ts";
import { checkBorrower, recordLending, withBorrowers } from "./asset-lending.ts";
import { listAssetTickets } from "./asset-tickets.service.ts";
import type { AssetInput, AssetUpdate, DecisionInput } from "./assets.contract.ts";
import * as repo from "./assets.repository.ts";
import { assetEvents, assets, regionApplications, rooms, software } from "./inventory.schema.ts";

const readScopes = (ctx: Ctx) => visibleScopes(ctx.actor.assignments, "asset.read");
const actorLabel = (ctx: Ctx) => ctx.actor.displayName;

export async function listAssets(ctx: Ctx, filters: repo.AssetFilters, page: { sort: string; limit: number; offset: number }) {
  const result = await repo.findAssets(ctx.db, readScopes(ctx), filters, page, ctx.sessionCheck);
  return { ...result, items: result.items.map(withSupport) };
}

/**
 * Seed 004 §7.4.1.1: own-funds items are supported only once qualified by the Region. The row
 * is the query's own, fresh for this request: it is completed in place rather than copied
 * (fifty rows of thirty fields a page).
 */
function withSupport<T extends { funding: Parameters<typeof isSupported>[0]["funding"]; isQualifiedByRegion: boolean }>(asset: T) {
  return Object.assign(asset, { isSupported: isSupported(asset) });
}

/** An asset the actor sees, with its installed software (and the directory's word on each), its history and the tickets about it. */
export async function getAsset(ctx: Ctx, id: string) {
  const asset = await repo.findAsset(ctx.db, readScopes(ctx), id);
  if (!asset) throw notFound("Équipement");
  const [installed, events, statuses, linkedTickets] = await Promise.all([
    repo.findInstalledSoftware(ctx.db, id),
    repo.findAssetEvents(ctx.db, id),
    ctx.db
      .select({ softwareId: regionApplications.softwareId, status: regionApplications.status })
      .from(regionApplications)
      .where(eq(regionApplications.regionId, asset.regionId)),
    listAssetTickets(ctx, id),
  ]);
  const statusOf = new Map(statuses.map((s) => [s.softwareId, s.status]));
  const { history, loan } = await withBorrowers(ctx.db, asset.lentToPersonId, events);
  return {
    asset: withSupport(asset),
    software: installed.map((s) => ({ ...s, applicationStatus: (statusOf.get(s.softwareId) ?? null) as ApplicationStatus | null })),
    loan,
    history,
    tickets: linkedTickets,
    canEdit: await canEditAt(ctx, asset.schoolId),
  };
}

async function canEditAt(ctx: Ctx, schoolId: string) {
  const target = await targetOfSchool(ctx, schoolId);
  return target !== null && can(ctx.actor.assignments, "asset.write", target);
}

/** The school's place in the tree, for policy checks on its assets (the asset was already read in scope). */
async function targetOfSchool(ctx: Ctx, schoolId: string) {
  const [school] = await ctx.db
    .select({ id: schools.id, regionId: schools.regionId, sectorId: schools.sectorId, zoneId: schools.zoneId })
    .from(schools)
    .where(eq(schools.id, schoolId));
  return school ? schoolTarget(school) : null;
}

async function checkRoom(ctx: Ctx, roomId: string | null | undefined, schoolId: string) {
  if (!roomId) return;
  const [room] = await ctx.db.select({ schoolId: rooms.schoolId }).from(rooms).where(eq(rooms.id, roomId));
  if (room?.schoolId !== schoolId)
    throw new AppError("validation.failed", "La salle doit appartenir à l'établissement de l'équipement.", {
      fieldErrors: [{ field: "roomId", message: "Salle d'un autre établissement." }],
    });
}

/** Items without an agent (network gear, projectors, displays, UPS) are entered by hand, by those who keep the inventory. */
export async function createAsset(ctx: Ctx, input: AssetInput) {
  const school = await getSchool(ctx, input.school);
  if (!can(ctx.actor.assignments, "asset.write", schoolTarget(school)))
    throw forbidden("Seuls le technicien référent et la Région tiennent l'inventaire de cet établissement.");
  const { school: _school, ...fields } = input;
  await checkRoom(ctx, fields.roomId, school.id);
  if (fields.lentToPersonId) await checkBorrower(ctx.db, { type: fields.type, funding: fields.funding ?? null, schoolId: school.id }, fields.lentToPersonId);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(assets)
      .values({
        ...fields,
        regionId: school.regionId,
        schoolId: school.id,
        serialKey: usableSerial(fields.serial),
        uuid: usableUuid(fields.uuid),
        nameKey: nameKey(fields.name),
        source: "manual",
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: assets.id });
    const id = (row as { id: string }).id;
    await tx.insert(assetEvents).values({ assetId: id, at: now, kind: "created", actorLabel: actorLabel(ctx), details: { source: "manual" } });
    await recordLending(ctx, tx, { id, regionId: school.regionId, schoolId: school.id }, { from: null, to: fields.lentToPersonId ?? null, at: now });
    return id;
  });
}

/**
 * Edits an asset (optimistic concurrency on `version`); a status change and a move between
 * rooms or schools of the region go to its history.
 */
export async function updateAsset(ctx: Ctx, id: string, patch: AssetUpdate) {
  const current = await repo.findAsset(ctx.db, readScopes(ctx), id);
  if (!current) throw notFound("Équipement");
  const target = await targetOfSchool(ctx, current.schoolId);
  if (!target || !can(ctx.actor.assignments, "asset.write", target))
    throw forbidden("Seuls le technicien référent et la Région tiennent l'inventaire de cet établissement.");
  const { version, school: schoolRef, ...changes } = patch;
  let schoolId = current.schoolId;
  if (schoolRef !== undefined) {
    const school = await getSchool(ctx, schoolRef);
    if (school.regionId !== current.regionId || !can(ctx.actor.assignments, "asset.write", schoolTarget(school))) {
      throw forbidden("Vous ne pouvez pas déplacer cet équipement vers cet établissement.");
    }
    schoolId = school.id;
  }
  await checkRoom(ctx, changes.roomId === undefined ? (schoolId === current.schoolId ? null : current.roomId) : changes.roomId, schoolId);
  // The borrower is checked against the item as saved, when either changes: an unchanged loan is
  // not re-checked on other edits (a teacher's role ends with the school year, the laptop stays).
  const lentTo = changes.lentToPersonId === undefined ? current.lentToPersonId : changes.lentToPersonId;
  const reshaped = changes.type !== undefined || changes.funding !== undefined || schoolId !== current.schoolId;
  if (lentTo && (lentTo !== current.lentToPersonId || reshaped)) {
    const after = { type: changes.type ?? current.type, funding: changes.funding === undefined ? current.funding : changes.funding, schoolId };
    await checkBorrower(ctx.db, after, lentTo);
  }
  const now = ctx.clock.now();
  const derived = {
    ...(changes.serial !== undefined ? { serialKey: usableSerial(changes.serial) } : {}),
    ...(changes.uuid !== undefined ? { uuid: usableUuid(changes.uuid) } : {}),
    ...(changes.name !== undefined ? { nameKey: nameKey(changes.name) } : {}),
    ...(schoolId !== current.schoolId && changes.roomId === undefined ? { roomId: null } : {}),
  };
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(assets)
      .set({ ...changes, ...derived, schoolId, updatedAt: now, version: sql`${assets.version} + 1` })
      .where(and(eq(assets.id, id), eq(assets.version, version)))
      .returning({ id: assets.id });
    if (!row) throw new AppError("conflict.version", "Cet équipement a été modifié entre-temps : rechargez la fiche et recommencez.");
    const events: { kind: string; details: Record<string, unknown> }[] = [];
    if (changes.status !== undefined && changes.status !== current.status)
      events.push({ kind: "status_changed", details: { from: current.status, to: changes.status } });
    const roomId = derived.roomId === null ? null : (changes.roomId ?? current.roomId);
    if (schoolId !== current.schoolId || roomId !== current.roomId) {
      events.push({ kind: "moved", details: { fromSchoolId: current.schoolId, toSchoolId: schoolId, fromRoomId: current.roomId, toRoomId: roomId } });
    }
    const edited = Object.keys(changes).filter((k) => k !== "status" && k !== "roomId" && k !== "lentToPersonId");
    if (edited.length > 0) events.push({ kind: "updated", details: { fields: edited } });
    for (const event of events) await tx.insert(assetEvents).values({ assetId: id, at: now, actorLabel: actorLabel(ctx), ...event });
    await recordLending(ctx, tx, { id, regionId: current.regionId, schoolId }, { from: current.lentToPersonId, to: lentTo, at: now });
    return id;
  });
}

// ——— The region's application directory ———

/** Does the actor read the inventory somewhere in this region (the directory is the region's, shared by its schools)? */
export function readsRegionInventory(ctx: Ctx, regionId: string) {
  return ctx.actor.assignments.some((a) => {
    const scopes = visibleScopes([a], "asset.read");
    const holds = scopes.all || scopes.regionIds.length + scopes.sectorIds.length + scopes.zoneIds.length + scopes.schoolIds.length > 0;
    return holds && (a.scope.kind === "platform" || a.scope.regionId === regionId);
  });
}

export async function listApplications(
  ctx: Ctx,
  filters: { region?: string | undefined; status?: ApplicationStatus | undefined; q?: string | undefined },
  page: { limit: number; offset: number },
) {
  const regionId = filters.region ?? ctx.actor.regionId;
  if (!regionId)
    throw new AppError("validation.failed", "Précisez la Région (paramètre region).", { fieldErrors: [{ field: "region", message: "Obligatoire." }] });
  if (!readsRegionInventory(ctx, regionId)) throw forbidden("Vous ne consultez pas l'inventaire de cette Région.");
  const conditions = [eq(regionApplications.regionId, regionId)];
  if (filters.status) conditions.push(eq(regionApplications.status, filters.status));
  if (filters.q) conditions.push(sql`${software.nameKey} like ${`%${filters.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  const where = and(...conditions);
  const [items, [count]] = await Promise.all([
    ctx.db
      .select({
        softwareId: software.id,
        name: software.name,
        publisher: software.publisher,
        status: regionApplications.status,
        firstSeenSchoolId: regionApplications.firstSeenSchoolId,
        firstSeenAt: regionApplications.firstSeenAt,
        evaluatedAt: regionApplications.evaluatedAt,
        decidedAt: regionApplications.decidedAt,
        note: regionApplications.note,
      })
      .from(regionApplications)
      .innerJoin(software, eq(software.id, regionApplications.softwareId))
      .where(where)
      .orderBy(asc(software.nameKey), asc(software.id))
      .limit(page.limit)
      .offset(page.offset),
    ctx.db.select({ n: sql<number>`count(*)::int` }).from(regionApplications).innerJoin(software, eq(software.id, regionApplications.softwareId)).where(where),
  ]);
  return { items, total: count?.n ?? 0 };
}

/**
 * The technician puts an application under evaluation (seen in a school of their scope); the
 * Region qualifies or refuses it, and the decision then holds for every school of the region.
 */
export async function decideApplication(ctx: Ctx, softwareId: string, input: DecisionInput) {
  const regionId = input.regionId ?? ctx.actor.regionId;
  if (!regionId) throw new AppError("validation.failed", "Précisez la Région.", { fieldErrors: [{ field: "regionId", message: "Obligatoire." }] });
  const [entry] = await ctx.db
    .select()
    .from(regionApplications)
    .where(and(eq(regionApplications.regionId, regionId), eq(regionApplications.softwareId, softwareId)));
  if (!entry || !readsRegionInventory(ctx, regionId)) throw notFound("Application");
  const now = ctx.clock.now();
  if (input.status === "under_evaluation") {
    const target = entry.firstSeenSchoolId ? await targetOfSchool(ctx, entry.firstSeenSchoolId) : null;
    const mayEvaluate =
      can(ctx.actor.assignments, "application.evaluate", target ?? { regionId }) || can(ctx.actor.assignments, "application.decide", { regionId });
    if (!mayEvaluate) throw forbidden("L'évaluation revient au technicien de l'établissement où l'application a été vue.");
    if (entry.status !== "to_evaluate") throw new AppError("conflict", "Cette application est déjà évaluée ou décidée.");
    await ctx.db
      .update(regionApplications)
      .set({ status: "under_evaluation", evaluatedById: ctx.actor.personId, evaluatedAt: now, note: input.note ?? entry.note })
      .where(and(eq(regionApplications.regionId, regionId), eq(regionApplications.softwareId, softwareId)));
  } else {
    if (!can(ctx.actor.assignments, "application.decide", { regionId })) throw forbidden("La qualification d'une application revient à la Région.");
    await ctx.db
      .update(regionApplications)
      .set({ status: input.status, decidedById: ctx.actor.personId, decidedAt: now, note: input.note ?? entry.note })
      .where(and(eq(regionApplications.regionId, regionId), eq(regionApplications.softwareId, softwareId)));
  }
  const [after] = await ctx.db
    .select()
    .from(regionApplications)
    .where(and(eq(regionApplications.regionId, regionId), eq(regionApplications.softwareId, softwareId)));
  return after as NonNullable<typeof after>;
}
