import { can } from "@relais/shared/permissions";
import { asc, eq } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { AppError, forbidden } from "../../errors.ts";
import { getSchool, schoolTarget } from "../organisation/schools.service.ts";
import type { RoomInput } from "./assets.contract.ts";
import { rooms } from "./inventory.schema.ts";

/** The rooms of a school the actor reads the inventory of. */
export async function listRooms(ctx: Ctx, schoolRef: string) {
  const school = await getSchool(ctx, schoolRef);
  if (!can(ctx.actor.assignments, "asset.read", schoolTarget(school))) throw forbidden("Vous ne consultez pas l'inventaire de cet établissement.");
  return ctx.db.select().from(rooms).where(eq(rooms.schoolId, school.id)).orderBy(asc(rooms.building), asc(rooms.floor), asc(rooms.name));
}

/** A room (building, floor, name, use), entered by those who keep the inventory; one name per place in the school. */
export async function createRoom(ctx: Ctx, input: RoomInput) {
  const school = await getSchool(ctx, input.school);
  if (!can(ctx.actor.assignments, "asset.write", schoolTarget(school)))
    throw forbidden("Seuls le technicien référent et la Région tiennent l'inventaire de cet établissement.");
  const [row] = await ctx.db
    .insert(rooms)
    .values({
      regionId: school.regionId,
      schoolId: school.id,
      building: input.building ?? "",
      floor: input.floor ?? "",
      name: input.name,
      use: input.use,
      createdAt: ctx.clock.now(),
    })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new AppError("conflict.duplicate", "Cette salle existe déjà dans ce bâtiment et à cet étage.");
  return row;
}
