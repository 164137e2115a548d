import { z } from "zod";

/**
 * Every role the platform knows, where it may be held (its scope kind) and who grants it.
 * Source: DOMAIN "People and roles"; the head designates the school's role holders each
 * school year, the Region assigns its own staff, its technicians and the heads.
 */
export const SCOPE_KINDS = ["platform", "region", "sector", "zone", "school", "organisation"] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

type RoleDefinition = {
  label: string;
  labelEn: string;
  scopes: readonly ScopeKind[];
  /** Local administrators must use two-factor authentication (seed 001, "Sécurité"). */
  isAdministrator?: boolean;
  /** At most one holder per school and school year (one coordinator per school, DOMAIN §7). */
  isSingleHolder?: boolean;
  /** Designated by the school's head for a school year, rather than by the Region. */
  isDesignatedByHead?: boolean;
};

const REGION_SCOPES = ["region", "sector", "zone"] as const;

export const ROLES = {
  platform_admin: { label: "Administrateur de la plateforme", labelEn: "Platform administrator", scopes: ["platform"], isAdministrator: true },
  region_admin: { label: "Administrateur régional", labelEn: "Region administrator", scopes: ["region"], isAdministrator: true },
  service_head: { label: "Chef de service", labelEn: "Service head", scopes: ["region"] },
  domain_owner: { label: "Responsable de domaine", labelEn: "Domain owner", scopes: ["region"] },
  unit_head: { label: "Chef d'unité", labelEn: "Unit head", scopes: ["region"] },
  sector_head: { label: "Chef de secteur", labelEn: "Sector head", scopes: ["sector"] },
  technician: { label: "Technicien régional", labelEn: "Region technician", scopes: REGION_SCOPES },
  helpdesk_operator: { label: "Opérateur du centre de services", labelEn: "Helpdesk operator", scopes: ["region"] },
  rtn: { label: "Référent territorial numérique (RTN)", labelEn: "Territorial digital referent", scopes: REGION_SCOPES },
  engineer: { label: "Ingénieur", labelEn: "Engineer", scopes: ["region"] },
  equipment_unit: { label: "Unité équipement", labelEn: "Equipment unit", scopes: ["region"] },
  security_officer: { label: "Responsable de la sécurité (RSSI)", labelEn: "Security officer", scopes: ["region"] },
  dpo: { label: "Délégué à la protection des données", labelEn: "Data protection officer", scopes: ["region"] },
  // The académies' side of a mobile equipment project (seed 003), held region-wide as the DRANE covers the region's académies (seed 001).
  academic_advisor: { label: "Conseiller académique au numérique (DRANE)", labelEn: "Académie digital advisor (DRANE)", scopes: ["region"] },
  org_manager: { label: "Responsable prestataire", labelEn: "Contractor manager", scopes: ["organisation"] },
  org_technician: { label: "Technicien prestataire", labelEn: "Contractor technician", scopes: ["organisation"] },
  head: { label: "Chef d'établissement", labelEn: "Head of school", scopes: ["school"], isSingleHolder: true },
  bursar: { label: "Adjoint gestionnaire", labelEn: "Bursar", scopes: ["school"], isDesignatedByHead: true },
  ddfpt: { label: "DDFPT", labelEn: "Head of vocational training", scopes: ["school"], isDesignatedByHead: true },
  coordinator: { label: "Coordonnateur numérique", labelEn: "Digital coordinator", scopes: ["school"], isSingleHolder: true, isDesignatedByHead: true },
  correspondent: { label: "Correspondant", labelEn: "Correspondent", scopes: ["school"], isSingleHolder: true, isDesignatedByHead: true },
  deputy_correspondent: {
    label: "Correspondant suppléant",
    labelEn: "Deputy correspondent",
    scopes: ["school"],
    isSingleHolder: true,
    isDesignatedByHead: true,
  },
  digital_referent: { label: "Référent numérique", labelEn: "Digital referent", scopes: ["school"], isDesignatedByHead: true },
  adml: { label: "Administrateur local ENT (ADML)", labelEn: "Local ENT administrator", scopes: ["school"], isAdministrator: true, isDesignatedByHead: true },
  gar_assigner: { label: "Responsable d'affectation GAR", labelEn: "GAR resource assigner", scopes: ["school"], isDesignatedByHead: true },
  textbook_prescriber: { label: "Prescripteur (CRRE)", labelEn: "Textbook prescriber", scopes: ["school"], isDesignatedByHead: true },
  textbook_validator: { label: "Valideur (CRRE)", labelEn: "Textbook validator", scopes: ["school"], isDesignatedByHead: true },
  laposte_group: { label: "Groupe « La Poste »", labelEn: "La Poste group", scopes: ["school"], isDesignatedByHead: true },
  teacher: { label: "Enseignant", labelEn: "Teacher", scopes: ["school"], isDesignatedByHead: true },
} as const satisfies Record<string, RoleDefinition>;

export type Role = keyof typeof ROLES;
export const ROLE_CODES = Object.keys(ROLES) as Role[];
export const RoleSchema = z.enum(ROLE_CODES as [Role, ...Role[]], {
  error: () => "Rôle inconnu.",
});

function definition(role: Role): RoleDefinition {
  return ROLES[role];
}

export function isRole(value: string): value is Role {
  return Object.hasOwn(ROLES, value);
}

export function isAdministratorRole(role: Role): boolean {
  return definition(role).isAdministrator === true;
}

export function isSingleHolderRole(role: Role): boolean {
  return definition(role).isSingleHolder === true;
}

export function isDesignatedByHead(role: Role): boolean {
  return definition(role).isDesignatedByHead === true;
}

export function roleScopes(role: Role): readonly ScopeKind[] {
  return definition(role).scopes;
}

export function roleLabel(role: Role, language: "fr" | "en" = "fr"): string {
  return language === "fr" ? definition(role).label : definition(role).labelEn;
}

/** Administrators renew their password every 6 months (seed 001: twice per school year). */
export const ADMIN_PASSWORD_MAX_AGE_DAYS = 182;
