import { randomUUID } from "node:crypto";
import { isAdministratorRole, type Role, roleScopes, type ScopeKind } from "@relais/shared/roles";
import { schoolYearBounds, schoolYearOf } from "@relais/shared/school-year";
import type { EnrolmentLine } from "@relais/shared/schools";
import type { organisations, regions, schoolEnrolments, schools, sectors, zones } from "../organisation/organisation.schema.ts";
import type { ImportedSchool } from "../organisation/schools-import.ts";
import type { people, roleAssignments } from "../people/people.schema.ts";
import { DEMO_ACCOUNTS, DEMO_EMAIL_DOMAIN, DEMO_REGIONS, type DemoAccount, type DemoRegionCode, PACA_CONTRACTOR } from "./demo-accounts.ts";
import { type DemoSector, idfTerritory, pacaTerritory } from "./demo-territory.ts";
import { createNameSource, emailSlug, type InventedPerson } from "./invented-names.ts";
import { intBetween, pick, type Random, seededRandom } from "./prng.ts";
import { formatCommune, formatSchoolName } from "./school-labels.ts";

/**
 * Everything the demo inserts, computed without touching the database: rows with their ids
 * chosen here, so the loader only has to insert them in order, in batches, in one transaction.
 * Deterministic (seeded) except for the ids.
 */
export type DemoPlan = {
  regions: (typeof regions.$inferInsert)[];
  sectors: (typeof sectors.$inferInsert)[];
  zones: (typeof zones.$inferInsert)[];
  schools: (typeof schools.$inferInsert)[];
  enrolments: (typeof schoolEnrolments.$inferInsert)[];
  organisations: (typeof organisations.$inferInsert)[];
  people: (typeof people.$inferInsert)[];
  assignments: (typeof roleAssignments.$inferInsert)[];
  /** Holders of an administrator role: their credentials carry the demo TOTP secret. */
  totpPersonIds: Set<string>;
};

type Scope = { kind: ScopeKind; regionId?: string; sectorId?: string | null; zoneId?: string | null; schoolId?: string; organisationId?: string };
type PlannedSchool = {
  id: string;
  uai: string;
  sectorId: string;
  zoneId: string;
  sectorCode: string;
  type: ImportedSchool["type"];
  departmentCode: string;
  academie: string;
};

/** IDF contractors and suppliers (DOMAIN "People and roles"); PACA calls on a contractor and re-routes to its académies. */
const ORGANISATIONS: Record<DemoRegionCode, readonly { name: string; kind: "contractor" | "supplier" | "academie" }[]> = {
  idf: [
    { name: "SCC", kind: "contractor" },
    { name: "SPIE", kind: "contractor" },
    { name: "ATOS", kind: "contractor" },
    { name: "Unowhy", kind: "supplier" },
    { name: "La Poste", kind: "supplier" },
    { name: "Signal", kind: "supplier" },
    { name: "Worldline", kind: "contractor" },
  ],
  paca: [
    { name: PACA_CONTRACTOR, kind: "contractor" },
    { name: "Académie d'Aix-Marseille", kind: "academie" },
    { name: "Académie de Nice", kind: "academie" },
  ],
};

/** Share of lycées still on paper textbooks, and of PACA lycées left without a coordinator for the demo head to designate. */
const PAPER_SHARE = 0.2;
const PACA_WITHOUT_COORDINATOR_SHARE = 0.15;

export function buildDemoPlan(input: { schools: Record<DemoRegionCode, ImportedSchool[]>; now: Date }): DemoPlan {
  const builder = planBuilder(input.now);
  builder.assign(builder.addPerson(namedAccount("platform_admin", null), null), "platform_admin", { kind: "platform" });
  for (const code of ["idf", "paca"] as const) planRegion(builder, code, input.schools[code]);
  return builder.plan;
}

type PlanBuilder = ReturnType<typeof planBuilder>;

/** The plan being filled, and the two ways people enter it: as a person, then with a role. */
function planBuilder(now: Date) {
  const schoolYear = schoolYearOf(now);
  const { startsOn, endsOn } = schoolYearBounds(schoolYear);
  const plan: DemoPlan = {
    regions: [],
    sectors: [],
    zones: [],
    schools: [],
    enrolments: [],
    organisations: [],
    people: [],
    assignments: [],
    totpPersonIds: new Set(),
  };
  const addPerson = (person: InventedPerson, regionId: string | null, organisationId: string | null = null): string => {
    const id = randomUUID();
    plan.people.push({ id, email: person.email, firstName: person.firstName, lastName: person.lastName, regionId, organisationId, isDemo: true });
    return id;
  };
  const assign = (personId: string, role: Role, scope: Scope) => {
    const isSchool = scope.kind === "school";
    plan.assignments.push({
      personId,
      role,
      scopeKind: scope.kind,
      regionId: scope.regionId ?? null,
      sectorId: scope.sectorId ?? null,
      zoneId: scope.zoneId ?? null,
      schoolId: scope.schoolId ?? null,
      organisationId: scope.organisationId ?? null,
      // School roles are designated for one school year (DOMAIN "People and roles").
      schoolYear: isSchool ? schoolYear : null,
      validFrom: startsOn,
      validUntil: isSchool ? endsOn : null,
    });
    if (isAdministratorRole(role)) plan.totpPersonIds.add(personId);
  };
  const inventPerson = createNameSource(
    "relais-demo-people",
    DEMO_ACCOUNTS.map((a) => a.email),
  );
  return { plan, schoolYear, addPerson, assign, inventPerson };
}

function planRegion(builder: PlanBuilder, code: DemoRegionCode, schoolRows: readonly ImportedSchool[]) {
  const { plan } = builder;
  const region = DEMO_REGIONS[code];
  const regionId = randomUUID();
  plan.regions.push({ id: regionId, code: region.code, name: region.name, operatingModel: region.operatingModel, settings: { demo: true } });
  const rows = [...schoolRows].sort((a, b) => a.uai.localeCompare(b.uai));
  const planned = planTerritory(plan, regionId, code === "idf" ? idfTerritory(rows) : pacaTerritory(rows), rows);
  for (const row of rows) addSchool(plan, code, regionId, row, planned.get(row.uai) as PlannedSchool, builder.schoolYear);

  const organisationIds = new Map<string, string>();
  for (const organisation of ORGANISATIONS[code]) {
    const id = randomUUID();
    organisationIds.set(organisation.name, id);
    plan.organisations.push({
      id,
      regionId,
      name: organisation.name,
      kind: organisation.kind,
      email: `contact.${emailSlug(organisation.name)}@${DEMO_EMAIL_DOMAIN}`,
      contractEndsOn: organisation.kind === "academie" ? null : "2028-08-31",
    });
  }
  const regionRow = plan.regions.find((r) => r.id === regionId);
  if (regionRow) regionRow.settings = { demo: true, tickets: { routing: demoRouting(code, organisationIds) } };
  planRegionPeople(builder, code, regionId, [...planned.values()], organisationIds);
}

/**
 * Who handles each category in the demo regions: Île-de-France splits them between its
 * contractors; PACA's zone technicians take everything but the laptops; both send laptop
 * faults to the supplier's support.
 */
function demoRouting(code: DemoRegionCode, organisationIds: Map<string, string>) {
  const to = (name: string) => ({ handler: "organisation" as const, organisationId: organisationIds.get(name) as string });
  const laptops = {
    handler: "supplier" as const,
    supplier: code === "idf" ? "Unowhy" : "Fournisseur des ordinateurs individuels",
    contact: "support@fournisseur.example",
  };
  if (code === "paca") return { "individual-laptop": laptops };
  return {
    network: to("SPIE"),
    wifi: to("SPIE"),
    workstation: to("SPIE"),
    server: to("SCC"),
    "security-gateway": to("SCC"),
    ups: to("SCC"),
    printer: to("ATOS"),
    peripheral: to("ATOS"),
    projector: to("ATOS"),
    "interactive-display": to("ATOS"),
    "individual-laptop": laptops,
  };
}

/**
 * The named accounts (at the showcase lycée, its zone and sector, or region-wide), then
 * invented holders for what they leave empty: every school's head and correspondent, most
 * coordinators, PACA's sector heads and zone technicians, IDF's RTNs, contractors' people.
 */
function planRegionPeople(builder: PlanBuilder, code: DemoRegionCode, regionId: string, schools: PlannedSchool[], organisationIds: Map<string, string>) {
  const { plan, addPerson, assign, inventPerson } = builder;
  const showcase = pickShowcase(code, schools);
  const scopeOf = (account: DemoAccount): Scope => {
    switch (account.role) {
      case "rtn":
      case "sector_head":
        return { kind: "sector", regionId, sectorId: showcase.sectorId };
      case "technician":
        return { kind: "zone", regionId, sectorId: showcase.sectorId, zoneId: showcase.zoneId };
      case "org_manager":
      case "org_technician": {
        const organisationId = organisationIds.get(account.organisation ?? "");
        if (!organisationId) throw new Error(`Organisation inconnue pour ${account.email}`);
        return { kind: "organisation", regionId, organisationId };
      }
      default:
        return roleScopes(account.role).includes("region")
          ? { kind: "region", regionId }
          : { kind: "school", regionId, sectorId: showcase.sectorId, zoneId: showcase.zoneId, schoolId: showcase.id };
    }
  };
  const named = DEMO_ACCOUNTS.filter((a) => a.region === code).map((account) => ({ account, scope: scopeOf(account) }));
  for (const { account, scope } of named) assign(addPerson(account, regionId, scope.organisationId ?? null), account.role, scope);
  /** Does a named account already hold this role at this node? */
  const isNamed = (role: Role, node: Partial<Scope>) =>
    named.some(
      ({ account, scope }) =>
        account.role === role &&
        scope.schoolId === node.schoolId &&
        scope.sectorId === node.sectorId &&
        scope.zoneId === node.zoneId &&
        scope.organisationId === node.organisationId,
    );
  const invent = (role: Role, scope: Scope) => {
    if (!isNamed(role, scope)) assign(addPerson(inventPerson(), regionId, scope.organisationId ?? null), role, scope);
  };

  for (const school of [...schools].sort((a, b) => a.uai.localeCompare(b.uai))) {
    const scope: Scope = { kind: "school", regionId, sectorId: school.sectorId, zoneId: school.zoneId, schoolId: school.id };
    const random = seededRandom(`roles:${school.uai}`);
    const withoutCoordinator = code === "paca" && (school.id === showcase.id || random() < PACA_WITHOUT_COORDINATOR_SHARE);
    for (const role of withoutCoordinator ? (["head", "correspondent"] as const) : (["head", "coordinator", "correspondent"] as const)) invent(role, scope);
  }
  // PACA: a chef de secteur per sector and a STIL technician per zone; IDF: an RTN per académie.
  for (const sector of plan.sectors.filter((s) => s.regionId === regionId)) {
    invent(code === "paca" ? "sector_head" : "rtn", { kind: "sector", regionId, sectorId: sector.id as string });
  }
  if (code === "paca") {
    for (const zone of plan.zones.filter((z) => z.regionId === regionId))
      invent("technician", { kind: "zone", regionId, sectorId: zone.sectorId, zoneId: zone.id as string });
  }
  // Each contractor or supplier: a manager and two technicians of its own.
  for (const organisation of ORGANISATIONS[code].filter((o) => o.kind !== "academie")) {
    const scope: Scope = { kind: "organisation", regionId, organisationId: organisationIds.get(organisation.name) as string };
    invent("org_manager", scope);
    for (let i = 0; i < 2; i++) assign(addPerson(inventPerson(), regionId, scope.organisationId as string), "org_technician", scope);
  }
}

function namedAccount(role: Role, region: DemoRegionCode | null): DemoAccount {
  const found = DEMO_ACCOUNTS.find((a) => a.role === role && a.region === region);
  if (!found) throw new Error(`Aucun compte de démonstration ${role} pour ${region ?? "la plateforme"}`);
  return found;
}

function planTerritory(plan: DemoPlan, regionId: string, territory: DemoSector[], rows: readonly ImportedSchool[]): Map<string, PlannedSchool> {
  const rowByUai = new Map(rows.map((r) => [r.uai, r]));
  const planned = new Map<string, PlannedSchool>();
  for (const sector of territory) {
    const sectorId = randomUUID();
    plan.sectors.push({ id: sectorId, regionId, code: sector.code, name: sector.name });
    for (const zone of sector.zones) {
      const zoneId = randomUUID();
      plan.zones.push({ id: zoneId, regionId, sectorId, code: zone.code, name: zone.name });
      for (const uai of zone.uais) {
        const row = rowByUai.get(uai) as ImportedSchool;
        planned.set(uai, {
          id: randomUUID(),
          uai,
          sectorId,
          zoneId,
          sectorCode: sector.code,
          type: row.type,
          departmentCode: row.departmentCode,
          academie: row.academie,
        });
      }
    }
  }
  return planned;
}

/**
 * The showcase lycée of a region, where the named school accounts hold their roles: an LPO
 * (general, technological and vocational tracks, so every role makes sense there) in
 * Seine-Saint-Denis for IDF, in Marseille for PACA. The first by UAI, so it never changes.
 */
function pickShowcase(code: DemoRegionCode, schools: PlannedSchool[]): PlannedSchool {
  const where = code === "idf" ? (s: PlannedSchool) => s.departmentCode === "93" : (s: PlannedSchool) => s.sectorCode === "13-MRS";
  const found = schools.filter((s) => s.type === "LPO" && where(s)).sort((a, b) => a.uai.localeCompare(b.uai))[0];
  if (!found) throw new Error(`Pas de lycée vitrine pour ${code}`);
  return found;
}

function addSchool(plan: DemoPlan, code: DemoRegionCode, regionId: string, row: ImportedSchool, placed: PlannedSchool, schoolYear: string) {
  const random = seededRandom(`school:${row.uai}`);
  const enrolment = [...(row.enrolment ?? []), ...vocationalEnrolment(row.type, random)];
  const studentCount = enrolment.reduce((sum, line) => sum + line.students, 0);
  plan.schools.push({
    id: placed.id,
    regionId,
    sectorId: placed.sectorId,
    zoneId: placed.zoneId,
    uai: row.uai,
    name: formatSchoolName(row.name),
    type: row.type,
    academie: row.academie,
    departmentCode: row.departmentCode,
    commune: formatCommune(row.commune),
    digitalMode: random() < PAPER_SHARE ? "paper" : "digital",
    // Remote handling needs the CSN remote-control deployed (IDF) or the STIL's tools (PACA).
    hasRemoteSupport: random() < (code === "idf" ? 0.4 : 0.6),
    wifiStatus: pick(random, ["none", "partial", "partial", "full", "full"] as const),
    bandwidthMbps: studentCount < 400 ? pick(random, [100, 200]) : studentCount < 1000 ? pick(random, [200, 500]) : pick(random, [500, 1000]),
    studentCount,
  });
  for (const line of enrolment) plan.enrolments.push({ schoolId: placed.id, schoolYear, ...line });
}

/**
 * The DEPP file has no vocational enrolment (LPs have none at all): we invent plausible figures.
 * An LP: bac pro classes (each year a little smaller than the one before), often CAP classes,
 * sometimes a 3e prépa-métiers. About half of the LPOs also run a vocational section.
 */
export function vocationalEnrolment(type: ImportedSchool["type"], random: Random): EnrolmentLine[] {
  const lines: EnrolmentLine[] = [];
  const bacPro = (min: number, max: number) => {
    const second = intBetween(random, min, max);
    const first = Math.round(second * (0.85 + random() * 0.1));
    const final = Math.round(first * (0.85 + random() * 0.1));
    lines.push(
      { track: "vocational", level: "2de", students: second },
      { track: "vocational", level: "1re", students: first },
      { track: "vocational", level: "tle", students: final },
    );
  };
  if (type === "LP") {
    bacPro(60, 150);
    if (random() < 0.6) {
      const cap1 = intBetween(random, 12, 48);
      lines.push({ track: "vocational", level: "cap1", students: cap1 }, { track: "vocational", level: "cap2", students: Math.round(cap1 * 0.9) });
    }
    if (random() < 0.25) lines.push({ track: "vocational", level: "3e-prepa-metiers", students: intBetween(random, 12, 24) });
  } else if (type === "LPO" && random() < 0.45) {
    bacPro(24, 72);
  }
  return lines;
}
