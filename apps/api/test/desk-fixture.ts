import type { Role } from "@relais/shared/roles";
import { buildOrganisation, buildPerson, buildRegion, buildSchool, buildSector, buildZone, type ScopeNode, type Session, schoolScope } from "./factories.ts";
import type { buildTestApp } from "./setup.ts";

type TestApp = Awaited<ReturnType<typeof buildTestApp>>;
export type DeskOptions = {
  coordinatorsMayFile?: boolean;
  department?: string;
  operatingModel?: "in_house" | "outsourced";
  settings?: Record<string, unknown>;
};

/** A region with one school in a zone, and the people around the desk, each logged in. */
export async function buildDesk(t: TestApp, login: (person: { email: string }) => Promise<Session>, options: DeskOptions = {}) {
  const settings = options.settings ?? (options.coordinatorsMayFile ? { tickets: { coordinatorsMayFile: true } } : undefined);
  const region = await buildRegion(t.db, { ...(settings ? { settings } : {}), ...(options.operatingModel ? { operatingModel: options.operatingModel } : {}) });
  const sector = await buildSector(t.db, { regionId: region.id });
  const zone = await buildZone(t.db, { regionId: region.id, sectorId: sector.id });
  const school = await buildSchool(t.db, { regionId: region.id, sectorId: sector.id, zoneId: zone.id, departmentCode: options.department ?? "13" });
  const otherZone = await buildZone(t.db, { regionId: region.id, sectorId: sector.id });
  const organisation = await buildOrganisation(t.db, { regionId: region.id });
  const make = (role: Role, scope: ScopeNode) => buildPerson(t.db, { role, scope });
  const people = {
    correspondent: await make("correspondent", schoolScope(school)),
    head: await make("head", schoolScope(school)),
    coordinator: await make("coordinator", schoolScope(school)),
    teacher: await make("teacher", schoolScope(school)),
    operator: await make("helpdesk_operator", { kind: "region", regionId: region.id }),
    technician: await make("technician", { kind: "zone", regionId: region.id, sectorId: sector.id, zoneId: zone.id }),
    otherTechnician: await make("technician", { kind: "zone", regionId: region.id, sectorId: sector.id, zoneId: otherZone.id }),
    dpo: await make("dpo", { kind: "region", regionId: region.id }),
    contractor: await make("org_technician", { kind: "organisation", regionId: region.id, organisationId: organisation.id }),
  };
  const sessions = Object.fromEntries(await Promise.all(Object.entries(people).map(async ([name, person]) => [name, await login(person)] as const))) as Record<
    keyof typeof people,
    Session
  >;
  return { region, sector, zone, school, organisation, people, sessions };
}

export const incident = (school: string, overrides: Record<string, unknown> = {}) => ({
  school,
  category: "network",
  urgency: "very_high",
  impact: "group",
  title: "Plus de réseau au bâtiment B",
  description: "Les postes du bâtiment B n'ont plus d'accès au réseau depuis ce matin.",
  ...overrides,
});
