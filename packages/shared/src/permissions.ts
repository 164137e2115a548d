import type { Role } from "./roles.ts";

/**
 * What each role may do. A permission is granted within the scope of the assignment that
 * carries it: a zone technician reads the zone's schools, a head designates for their school.
 */
export const PERMISSIONS = [
  "school.read",
  "school.write",
  "school.enrolment.write",
  "region.read",
  "region.write",
  "person.read",
  "person.write",
  "role.read",
  "role.assign.school",
  "role.assign.any",
  "organisation.read",
  "organisation.write",
  "audit.read",
  "outbox.read",
  /** See the tickets of the schools in scope (security incidents and breaches excepted). */
  "ticket.read",
  /** See security incidents and personal-data breaches too (seed 001: a restricted chain). */
  "ticket.read_security",
  /** File a ticket for a school in scope. */
  "ticket.file",
  /** Work tickets: qualify, assign, take charge, put on hold, resolve, re-route. */
  "ticket.work",
  /** Administrative closure, or rejection of a resolution (the school's correspondent). */
  "ticket.close",
  /** Send a report to the school's correspondent (teachers and other staff, who do not file tickets). */
  "ticket.report",
  /** Create and edit the Region's equipment and textbook campaigns, compute envelopes, decide top-ups (seed 001, 003). */
  "campaign.manage",
  /** See a school's envelope and its calculation: the head, the bursar, the CRRE prescribers and validators, the Region. */
  "envelope.read",
  /** Ask the Region for a top-up when a class opens (seed 001: by the school, with track, level and students). */
  "envelope.top_up",
  /** Build a textbook and resources cart (CRRE-PRESCRIPTEUR and CRRE-VALIDEUR, seed 001). */
  "order.textbooks.cart",
  /** Validate the school's textbook order for the Region (CRRE-VALIDEUR only). */
  "order.textbooks.validate",
  /** Build and submit the school's equipment plan order (the head). */
  "order.equipment",
  /** Give the académie's opinion on a school's mobile equipment project (seed 003, before the Region decides). */
  "mobile_project.academic_review",
  /** The GAR checklist: what was bought and must be assigned again after 15 August (RESP-AFFECT-GAR, seed 001). */
  "gar.checklist",
  /** See the inventory of the schools in scope (seed 004 §7.4.1.2: consultation opened to the school's authorised people). */
  "asset.read",
  /** Keep the inventory up to date: enter, edit, move items (the STIL technician, the Region's units). */
  "asset.write",
  /** Evaluate an application the directory does not know (the technician, seed 004 §7.4.1). */
  "application.evaluate",
  /** Qualify or refuse an application for the whole region (the Region). */
  "application.decide",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ_DIRECTORY: Permission[] = ["school.read", "region.read", "person.read", "role.read", "organisation.read"];
const WORK_TICKETS: Permission[] = ["ticket.read", "ticket.work"];
const FILE_TICKETS: Permission[] = ["ticket.read", "ticket.file"];
const REPORT: Permission[] = ["ticket.report"];
const KEEP_INVENTORY: Permission[] = ["asset.read", "asset.write"];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  platform_admin: PERMISSIONS,
  // Everything but the académie's opinion on a mobile project: the Region decides after it, it does not give it (seed 003).
  region_admin: PERMISSIONS.filter((p) => p !== "mobile_project.academic_review"),
  service_head: [...READ_DIRECTORY, ...WORK_TICKETS, ...KEEP_INVENTORY, "application.decide"],
  domain_owner: [...READ_DIRECTORY, "asset.read", "application.decide"],
  unit_head: [...READ_DIRECTORY, ...WORK_TICKETS, ...KEEP_INVENTORY],
  sector_head: [...READ_DIRECTORY, ...WORK_TICKETS, ...KEEP_INVENTORY, "application.evaluate"],
  technician: [...READ_DIRECTORY, ...WORK_TICKETS, ...KEEP_INVENTORY, "application.evaluate"],
  // The desk files on behalf of a caller (phone channel) and qualifies and dispatches.
  helpdesk_operator: [...READ_DIRECTORY, ...WORK_TICKETS, "ticket.file", "asset.read"],
  rtn: [...READ_DIRECTORY, ...WORK_TICKETS, "asset.read"],
  engineer: [...READ_DIRECTORY, ...WORK_TICKETS, "asset.read"],
  equipment_unit: [...READ_DIRECTORY, ...KEEP_INVENTORY],
  security_officer: [...READ_DIRECTORY, "audit.read", "ticket.read", "ticket.read_security"],
  dpo: [...READ_DIRECTORY, "audit.read", "ticket.read", "ticket.read_security"],
  academic_advisor: ["school.read", "region.read", "role.read", "mobile_project.academic_review"],
  // A contractor works the tickets assigned to its organisation, and only those.
  org_manager: ["school.read", "region.read", "organisation.read", "person.read", "role.read", ...WORK_TICKETS],
  org_technician: ["school.read", "region.read", "organisation.read", ...WORK_TICKETS],
  head: [
    ...READ_DIRECTORY,
    "role.assign.school",
    "school.enrolment.write",
    ...FILE_TICKETS,
    "ticket.read_security",
    "envelope.read",
    "envelope.top_up",
    "order.equipment",
    "gar.checklist",
    "asset.read",
  ],
  bursar: [...READ_DIRECTORY, ...REPORT, "envelope.read"],
  ddfpt: [...READ_DIRECTORY, ...REPORT],
  // Files only where the region allows it (a region setting, checked when filing).
  coordinator: [...READ_DIRECTORY, ...FILE_TICKETS, ...REPORT, "asset.read"],
  correspondent: [...READ_DIRECTORY, ...FILE_TICKETS, "ticket.close", "asset.read"],
  deputy_correspondent: [...READ_DIRECTORY, ...FILE_TICKETS, "ticket.close", "asset.read"],
  digital_referent: [...READ_DIRECTORY, ...REPORT, "asset.read"],
  adml: [...READ_DIRECTORY, ...REPORT],
  gar_assigner: ["school.read", "region.read", "role.read", ...REPORT, "gar.checklist"],
  textbook_prescriber: ["school.read", "region.read", "role.read", ...REPORT, "envelope.read", "order.textbooks.cart"],
  textbook_validator: [
    "school.read",
    "region.read",
    "role.read",
    ...REPORT,
    "envelope.read",
    "envelope.top_up",
    "order.textbooks.cart",
    "order.textbooks.validate",
  ],
  laposte_group: ["school.read", "region.read", "role.read", ...REPORT],
  teacher: ["school.read", "region.read", "role.read", ...REPORT],
};

/** Where an assignment sits in the tree: the ids of the nodes above and at its scope. */
export type ScopeRef = {
  kind: "platform" | "region" | "sector" | "zone" | "school" | "organisation";
  regionId: string | null;
  sectorId: string | null;
  zoneId: string | null;
  schoolId: string | null;
  organisationId: string | null;
};

/** The node an action targets, with its ancestors (a school knows its zone, sector and region). */
export type ScopeTarget = {
  regionId: string;
  sectorId?: string | null;
  zoneId?: string | null;
  schoolId?: string | null;
  organisationId?: string | null;
};

export type ActorAssignment = { role: Role; scope: ScopeRef };

/**
 * Does one assignment cover a target? Scope runs down the tree: region ⊃ sector ⊃ zone ⊃ school.
 * An organisation's people read the directory of the region their organisation serves
 * (contractors intervene in any of its schools), and act only on their own organisation.
 */
export function assignmentCovers(scope: ScopeRef, target: ScopeTarget, permission: Permission): boolean {
  switch (scope.kind) {
    case "platform":
      return true;
    case "region":
      return scope.regionId === target.regionId;
    case "sector":
      return scope.sectorId !== null && scope.sectorId === target.sectorId;
    case "zone":
      return scope.zoneId !== null && scope.zoneId === target.zoneId;
    case "school":
      return scope.schoolId !== null && scope.schoolId === target.schoolId;
    case "organisation":
      if (scope.organisationId !== null && scope.organisationId === target.organisationId) return true;
      return isDirectoryRead(permission) && scope.regionId === target.regionId && !target.organisationId;
  }
}

function isDirectoryRead(permission: Permission): boolean {
  return permission === "school.read" || permission === "region.read";
}

export function roleHasPermission(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

export function can(assignments: readonly ActorAssignment[], permission: Permission, target: ScopeTarget): boolean {
  return assignments.some((a) => roleHasPermission(a.role, permission) && assignmentCovers(a.scope, target, permission));
}

/** The nodes under which an actor holds a permission, for scoping queries in SQL. */
export type VisibleScopes = {
  all: boolean;
  regionIds: string[];
  sectorIds: string[];
  zoneIds: string[];
  schoolIds: string[];
  organisationIds: string[];
};

export function visibleScopes(assignments: readonly ActorAssignment[], permission: Permission): VisibleScopes {
  const scopes: VisibleScopes = { all: false, regionIds: [], sectorIds: [], zoneIds: [], schoolIds: [], organisationIds: [] };
  for (const { role, scope } of assignments) {
    if (!roleHasPermission(role, permission)) continue;
    switch (scope.kind) {
      case "platform":
        scopes.all = true;
        break;
      case "region":
        if (scope.regionId) scopes.regionIds.push(scope.regionId);
        break;
      case "sector":
        if (scope.sectorId) scopes.sectorIds.push(scope.sectorId);
        break;
      case "zone":
        if (scope.zoneId) scopes.zoneIds.push(scope.zoneId);
        break;
      case "school":
        if (scope.schoolId) scopes.schoolIds.push(scope.schoolId);
        break;
      case "organisation":
        if (scope.organisationId) scopes.organisationIds.push(scope.organisationId);
        if (isDirectoryRead(permission) && scope.regionId) scopes.regionIds.push(scope.regionId);
        break;
    }
  }
  return scopes;
}

export function seesNothing(scopes: VisibleScopes): boolean {
  return !scopes.all && [scopes.regionIds, scopes.sectorIds, scopes.zoneIds, scopes.schoolIds, scopes.organisationIds].every((ids) => ids.length === 0);
}
