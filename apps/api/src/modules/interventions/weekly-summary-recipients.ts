import type { Db } from "../../db/client.ts";
import * as repo from "./interventions.repository.ts";

type Assignment = Awaited<ReturnType<typeof repo.findActiveAssignments>>[number];
type School = Awaited<ReturnType<typeof repo.findSchools>>[number];

/** A technician's week: where they are posted (their assignments) and the schools they worked at. */
export type TechnicianWeek = { personId: string; assignments: Assignment[]; workedSchoolIds: Set<string> };

/** The people a summary goes to, and the schools it covers. */
export type SummaryAudience = { schools: School[]; recipientIds: string[] };

/**
 * The holders of the chain's roles, loaded once per run: sector heads, unit and
 * service heads (PACA's chain, seed 004), contractor managers (Île-de-France's), school heads.
 */
export async function loadChain(db: Db, day: string) {
  const rows = await repo.findActiveAssignments(db, ["sector_head", "unit_head", "service_head", "org_manager", "head"], day);
  const by = (role: string) => rows.filter((a) => a.role === role);
  return { sectorHeads: by("sector_head"), unitHeads: by("unit_head"), serviceHeads: by("service_head"), orgManagers: by("org_manager"), heads: by("head") };
}
export type Chain = Awaited<ReturnType<typeof loadChain>>;

/**
 * Seed 004: the STIL agent reports weekly to their chef de secteur and to the heads of the
 * schools of their zone. Generalised to everyone who works tickets:
 * - their schools are those of their zones, and those they worked at this week (a
 *   reinforcement outside their zone is reported to that school's head too);
 * - the chef de secteur's place is taken by their hierarchy: for a contractor's technician
 *   (Île-de-France's model), the contractor's managers; for a Region technician, the sector
 *   heads over their sectors and schools, and where a sector has none, the region's next level
 *   of the chain (chef d'unité, else chef de service), as escalation climbs it.
 */
export async function summaryAudience(db: Db, week: TechnicianWeek, chain: Chain): Promise<SummaryAudience> {
  const zoneIds = week.assignments.filter((a) => a.scopeKind === "zone" && a.zoneId).map((a) => a.zoneId as string);
  const zoneSchools = await repo.findSchoolsOfZones(db, [...new Set(zoneIds)]);
  const known = new Set(zoneSchools.map((s) => s.id));
  const worked = await repo.findSchools(
    db,
    [...week.workedSchoolIds].filter((id) => !known.has(id)),
  );
  const schools = [...zoneSchools, ...worked];
  const schoolIds = new Set(schools.map((s) => s.id));

  const organisationIds = new Set(week.assignments.filter((a) => a.scopeKind === "organisation" && a.organisationId).map((a) => a.organisationId as string));
  let managers: string[];
  if (organisationIds.size > 0) {
    managers = chain.orgManagers.filter((a) => a.organisationId && organisationIds.has(a.organisationId)).map((a) => a.personId);
  } else {
    const sectorIds = new Set([
      ...week.assignments.filter((a) => a.scopeKind === "sector" && a.sectorId).map((a) => a.sectorId as string),
      ...schools.map((s) => s.sectorId).filter((id): id is string => id !== null),
    ]);
    managers = chain.sectorHeads.filter((a) => a.sectorId && sectorIds.has(a.sectorId)).map((a) => a.personId);
    if (managers.length === 0) {
      const regionIds = new Set([...week.assignments.map((a) => a.regionId), ...schools.map((s) => s.regionId)].filter((id): id is string => id !== null));
      const inRegion = (list: typeof chain.unitHeads) => list.filter((a) => a.scopeKind === "region" && a.regionId && regionIds.has(a.regionId));
      const unitHeads = inRegion(chain.unitHeads);
      managers = (unitHeads.length > 0 ? unitHeads : inRegion(chain.serviceHeads)).map((a) => a.personId);
    }
  }
  const heads = chain.heads.filter((a) => a.schoolId && schoolIds.has(a.schoolId)).map((a) => a.personId);
  return { schools, recipientIds: [...new Set([...managers, ...heads])].filter((id) => id !== week.personId) };
}
