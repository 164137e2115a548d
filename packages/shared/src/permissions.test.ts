import { describe, expect, it } from "vitest";
import { type ActorAssignment, can, type ScopeRef, visibleScopes } from "./permissions.ts";
import { isAdministratorRole, isDesignatedByHead, ROLE_CODES, ROLES, roleScopes } from "./roles.ts";

const none: Omit<ScopeRef, "kind"> = { regionId: null, sectorId: null, zoneId: null, schoolId: null, organisationId: null };
const schoolA = { regionId: "A", sectorId: "SA1", zoneId: "ZA1", schoolId: "a1" };
const schoolA2 = { regionId: "A", sectorId: "SA1", zoneId: "ZA2", schoolId: "a2" };
const schoolB = { regionId: "B", sectorId: "SB1", zoneId: "ZB1", schoolId: "b1" };

const at = (role: ActorAssignment["role"], scope: Partial<ScopeRef> & { kind: ScopeRef["kind"] }): ActorAssignment[] => [
  { role, scope: { ...none, ...scope } },
];

describe("scope runs down the tree", () => {
  it("a zone technician reads the zone's schools and no other", () => {
    const tech = at("technician", { kind: "zone", regionId: "A", sectorId: "SA1", zoneId: "ZA1" });
    expect(can(tech, "school.read", schoolA)).toBe(true);
    expect(can(tech, "school.read", schoolA2)).toBe(false);
    expect(can(tech, "school.read", schoolB)).toBe(false);
  });

  it("a sector head reads every school of the sector", () => {
    const head = at("sector_head", { kind: "sector", regionId: "A", sectorId: "SA1" });
    expect(can(head, "school.read", schoolA)).toBe(true);
    expect(can(head, "school.read", schoolA2)).toBe(true);
    expect(can(head, "school.read", schoolB)).toBe(false);
  });

  it("a region administrator acts in the region only", () => {
    const admin = at("region_admin", { kind: "region", regionId: "A" });
    expect(can(admin, "school.write", schoolA)).toBe(true);
    expect(can(admin, "school.write", schoolB)).toBe(false);
  });

  it("a head designates for their school only, and cannot edit its identity", () => {
    const head = at("head", { kind: "school", ...schoolA });
    expect(can(head, "role.assign.school", schoolA)).toBe(true);
    expect(can(head, "role.assign.school", schoolA2)).toBe(false);
    expect(can(head, "role.assign.any", schoolA)).toBe(false);
    expect(can(head, "school.write", schoolA)).toBe(false);
  });

  it("a contractor reads the directory of its region but acts only on its organisation", () => {
    const contractor = at("org_manager", { kind: "organisation", regionId: "A", organisationId: "o1" });
    expect(can(contractor, "school.read", schoolA)).toBe(true);
    expect(can(contractor, "school.read", schoolB)).toBe(false);
    expect(can(contractor, "person.read", schoolA)).toBe(false);
    expect(can(contractor, "person.read", { regionId: "A", organisationId: "o1" })).toBe(true);
  });

  it("turns assignments into the id sets queries filter on", () => {
    const scopes = visibleScopes(
      [...at("technician", { kind: "zone", regionId: "A", sectorId: "SA1", zoneId: "ZA1" }), ...at("teacher", { kind: "school", ...schoolB })],
      "school.read",
    );
    expect(scopes).toMatchObject({ all: false, zoneIds: ["ZA1"], schoolIds: ["b1"], regionIds: [] });
    expect(visibleScopes(at("platform_admin", { kind: "platform" }), "audit.read").all).toBe(true);
    expect(visibleScopes(at("teacher", { kind: "school", ...schoolA }), "audit.read")).toMatchObject({ all: false, schoolIds: [] });
  });
});

describe("role catalogue", () => {
  it("has the school roles the head designates each school year", () => {
    for (const role of [
      "coordinator",
      "correspondent",
      "deputy_correspondent",
      "digital_referent",
      "adml",
      "gar_assigner",
      "textbook_prescriber",
      "textbook_validator",
      "laposte_group",
      "teacher",
      "bursar",
      "ddfpt",
    ] as const) {
      expect(isDesignatedByHead(role)).toBe(true);
      expect(roleScopes(role)).toEqual(["school"]);
    }
    expect(isDesignatedByHead("head")).toBe(false);
  });

  it("requires two-factor authentication of local administrators", () => {
    expect(ROLE_CODES.filter(isAdministratorRole).sort()).toEqual(["adml", "platform_admin", "region_admin"]);
  });

  it("labels every role in French and English", () => {
    for (const role of ROLE_CODES) {
      expect(ROLES[role].label.length).toBeGreaterThan(2);
      expect(ROLES[role].labelEn.length).toBeGreaterThan(2);
    }
  });
});
