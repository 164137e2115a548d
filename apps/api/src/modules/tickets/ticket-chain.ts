import type { Role } from "@relais/shared/roles";
import { and, eq, inArray, or, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { activeAssignment } from "../../lib/active-assignment.ts";
import type { schools } from "../organisation/organisation.schema.ts";
import { roleAssignments } from "../people/people.schema.ts";
import type { tickets } from "./tickets.schema.ts";

type Ticket = Pick<typeof tickets.$inferSelect, "regionId" | "assigneePersonId" | "assigneeOrganisationId">;
type School = Pick<typeof schools.$inferSelect, "sectorId" | "zoneId">;

/** Holders of some roles, active today, over any of the given nodes. */
export async function holders(db: Db, roles: Role[], over: SQL | undefined): Promise<string[]> {
  const rows = await db
    .select({ personId: roleAssignments.personId })
    .from(roleAssignments)
    .where(and(inArray(roleAssignments.role, roles), activeAssignment(), over));
  return [...new Set(rows.map((r) => r.personId))];
}

const regionWide = (regionId: string) => and(eq(roleAssignments.scopeKind, "region"), eq(roleAssignments.regionId, regionId));

/** The region, the school's sector and its zone: the nodes whose staff cover a school. */
export function overSchool(regionId: string, school: School): SQL | undefined {
  return or(
    regionWide(regionId),
    school.sectorId ? and(eq(roleAssignments.scopeKind, "sector"), eq(roleAssignments.sectorId, school.sectorId)) : undefined,
    school.zoneId ? and(eq(roleAssignments.scopeKind, "zone"), eq(roleAssignments.zoneId, school.zoneId)) : undefined,
  );
}

/** Who answers for the work in hand: the assigned technician, else the assigned organisation's managers. */
export async function assigneeContacts(db: Db, ticket: Ticket): Promise<string[]> {
  if (ticket.assigneePersonId) return [ticket.assigneePersonId];
  if (!ticket.assigneeOrganisationId) return [];
  return holders(db, ["org_manager"], eq(roleAssignments.organisationId, ticket.assigneeOrganisationId));
}

/**
 * The next level of the region's chain (issue 3): outsourced (Île-de-France), the contractor's
 * manager and the RTN over the school; in-house (PACA), the sector head, else the unit head,
 * else the service head.
 */
export async function nextLevel(db: Db, ticket: Ticket, school: School, operatingModel: string): Promise<string[]> {
  if (operatingModel === "outsourced") {
    const managers = ticket.assigneeOrganisationId ? await holders(db, ["org_manager"], eq(roleAssignments.organisationId, ticket.assigneeOrganisationId)) : [];
    return [...new Set([...managers, ...(await holders(db, ["rtn"], overSchool(ticket.regionId, school)))])];
  }
  if (school.sectorId) {
    const sectorHeads = await holders(db, ["sector_head"], eq(roleAssignments.sectorId, school.sectorId));
    if (sectorHeads.length > 0) return sectorHeads;
  }
  const unitHeads = await holders(db, ["unit_head"], regionWide(ticket.regionId));
  return unitHeads.length > 0 ? unitHeads : holders(db, ["service_head"], regionWide(ticket.regionId));
}
