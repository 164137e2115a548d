import type { Role } from "@relais/shared/roles";
import { and, eq, inArray } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { activeAssignment } from "../../lib/active-assignment.ts";
import { people, roleAssignments } from "../people/people.schema.ts";

export type Recipient = { id: string; email: string; name: string };

/**
 * Who a campaign's e-mails go to, read from the role assignments in force today: a school's
 * holders of the given roles, or the Region's campaign managers (its administrators, the only
 * role with campaign.manage). Inactive people are left out. Nobody is ever chosen from outside
 * the school (or region) the message is about, so a head's order never reaches another school.
 */
export async function schoolRoleHolders(ctx: Pick<Ctx, "db">, schoolId: string, roles: readonly Role[], onlyIds?: readonly string[]): Promise<Recipient[]> {
  if (onlyIds && onlyIds.length === 0) return [];
  return holders(ctx, and(eq(roleAssignments.scopeKind, "school"), eq(roleAssignments.schoolId, schoolId), inArray(roleAssignments.role, [...roles])), onlyIds);
}

/** The people holding any role at the school among `personIds`: a requester who has left the school is not written to. */
export async function stillAtSchool(ctx: Pick<Ctx, "db">, schoolId: string, personIds: readonly string[]): Promise<Recipient[]> {
  if (personIds.length === 0) return [];
  return holders(ctx, and(eq(roleAssignments.scopeKind, "school"), eq(roleAssignments.schoolId, schoolId)), personIds);
}

/** The Region's reviewers of orders and top-ups: its administrators (region scope). */
export async function regionCampaignManagers(ctx: Pick<Ctx, "db">, regionId: string): Promise<Recipient[]> {
  return holders(ctx, and(eq(roleAssignments.scopeKind, "region"), eq(roleAssignments.regionId, regionId), eq(roleAssignments.role, "region_admin")));
}

async function holders(ctx: Pick<Ctx, "db">, where: ReturnType<typeof and>, onlyIds?: readonly string[]): Promise<Recipient[]> {
  const rows = await ctx.db
    .selectDistinct({ id: people.id, email: people.email, firstName: people.firstName, lastName: people.lastName })
    .from(roleAssignments)
    .innerJoin(people, eq(people.id, roleAssignments.personId))
    .where(and(where, activeAssignment(), eq(people.isActive, true), onlyIds ? inArray(people.id, [...onlyIds]) : undefined));
  return rows.map((r) => ({ id: r.id, email: r.email, name: `${r.firstName} ${r.lastName}` }));
}
