import type { Role } from "@relais/shared/roles";
import { and, asc, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { activeAssignment } from "../../lib/active-assignment.ts";
import { organisations, type schools } from "../organisation/organisation.schema.ts";
import { people, roleAssignments } from "../people/people.schema.ts";
import { overSchool } from "./ticket-chain.ts";
import type { TicketSettings } from "./ticket-settings.ts";
import type { tickets } from "./tickets.schema.ts";

type Ticket = Pick<typeof tickets.$inferSelect, "regionId" | "category" | "kind">;
type School = Pick<typeof schools.$inferSelect, "sectorId" | "zoneId">;

export type Candidate = { id: string; name: string; role: Role };
export type SuggestedRoute =
  | { handler: "zone_technicians"; technicians: Candidate[] }
  | { handler: "organisation"; organisationId: string; organisationName: string }
  | { handler: "supplier"; supplier: string; contact: string | null };

/** Region staff who take tickets over a school; evolution requests go to engineers and RTNs for study. */
const INCIDENT_ROLES: Role[] = ["technician", "sector_head", "helpdesk_operator"];
const STUDY_ROLES: Role[] = ["engineer", "rtn"];

/** People holding some roles over a school today, by name. */
async function staffOver(db: Db, ticket: Ticket, school: School, roles: Role[]): Promise<Candidate[]> {
  const rows = await db
    .selectDistinctOn([people.id], { id: people.id, firstName: people.firstName, lastName: people.lastName, role: roleAssignments.role })
    .from(roleAssignments)
    .innerJoin(people, eq(people.id, roleAssignments.personId))
    .where(and(inArray(roleAssignments.role, roles), activeAssignment(), overSchool(ticket.regionId, school)))
    .orderBy(people.id);
  return rows.map((r) => ({ id: r.id, name: `${r.firstName} ${r.lastName}`, role: r.role as Role })).sort((a, b) => a.name.localeCompare(b.name, "fr"));
}

/** Whom the region's table sends a ticket of this category to: shown to the desk when it assigns. */
export async function suggestedRoute(db: Db, ticket: Ticket, school: School, settings: TicketSettings): Promise<SuggestedRoute | null> {
  const route = settings.routing[ticket.category];
  if (!route) return null;
  if (route.handler === "supplier") return { handler: "supplier", supplier: route.supplier, contact: route.contact ?? null };
  if (route.handler === "organisation") {
    const [organisation] = await db
      .select({ id: organisations.id, name: organisations.name })
      .from(organisations)
      .where(and(eq(organisations.id, route.organisationId), eq(organisations.regionId, ticket.regionId)));
    return organisation ? { handler: "organisation", organisationId: organisation.id, organisationName: organisation.name } : null;
  }
  const technicians = (await staffOver(db, ticket, school, ["technician"])).filter((c) => c.role === "technician");
  return { handler: "zone_technicians", technicians };
}

/** Everyone a ticket may be assigned to: the staff over its school, and the region's organisations. */
export async function assigneeCandidates(db: Db, ticket: Ticket, school: School) {
  const [staff, orgs] = await Promise.all([
    staffOver(db, ticket, school, ticket.kind === "evolution" ? [...STUDY_ROLES, ...INCIDENT_ROLES] : INCIDENT_ROLES),
    db
      .select({ id: organisations.id, name: organisations.name, kind: organisations.kind })
      .from(organisations)
      .where(eq(organisations.regionId, ticket.regionId))
      .orderBy(asc(organisations.name)),
  ]);
  return { people: staff, organisations: orgs };
}
