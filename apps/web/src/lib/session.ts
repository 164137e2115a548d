import { type ActorAssignment, can, type Permission, ROLE_PERMISSIONS, type ScopeTarget } from "@relais/shared/permissions";
import type { Role } from "@relais/shared/roles";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { api, setCsrfToken } from "./api-client.ts";

/** Mirrors GET /api/v1/me (apps/api/src/modules/auth/auth.routes.ts, MeSchema). */
export type SessionStage = "mfa" | "mfa_enrolment" | "password_change" | "active";

export type MyAssignment = {
  id: string;
  role: Role;
  scopeKind: ActorAssignment["scope"]["kind"];
  regionId: string | null;
  sectorId: string | null;
  zoneId: string | null;
  schoolId: string | null;
  organisationId: string | null;
  schoolYear: string | null;
  validFrom: string;
  validUntil: string | null;
  scopeName: string;
};

export type Me = {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  regionId: string | null;
  organisationId: string | null;
  isDemo: boolean;
  totpEnabled: boolean;
  passwordChangedAt: string | null;
  stage: SessionStage;
  csrfToken: string | null;
  via: "session" | "token" | "system";
  assignments: MyAssignment[];
};

/** The last person loaded: the layout keeps rendering it while a logout navigates away. */
let lastMe: Me | null = null;

export async function fetchMe(): Promise<Me> {
  const me = await api.get<Me>("/me");
  setCsrfToken(me.csrfToken);
  lastMe = me;
  return me;
}

export const meQuery = queryOptions({ queryKey: ["me"], queryFn: fetchMe, staleTime: 60_000, retry: false });

/** The logged-in person; only used under the authenticated layout, where it is loaded. */
export function useMe(): Me {
  const { data } = useQuery(meQuery);
  const me = data ?? lastMe;
  if (!me) throw new Error("useMe() outside the authenticated layout");
  return me;
}

export function actorAssignments(me: Pick<Me, "assignments">): ActorAssignment[] {
  return me.assignments.map((a) => ({
    role: a.role,
    scope: { kind: a.scopeKind, regionId: a.regionId, sectorId: a.sectorId, zoneId: a.zoneId, schoolId: a.schoolId, organisationId: a.organisationId },
  }));
}

/** Does any of the person's roles carry this permission, somewhere? (Navigation, page access.) */
export function hasPermission(me: Pick<Me, "assignments">, permission: Permission): boolean {
  return me.assignments.some((a) => ROLE_PERMISSIONS[a.role].includes(permission));
}

/** Does the person hold this permission over this node (a school and its parents)? */
export function canAt(me: Pick<Me, "assignments">, permission: Permission, target: ScopeTarget): boolean {
  return can(actorAssignments(me), permission, target);
}

export function hasRole(me: Pick<Me, "assignments">, ...roles: Role[]): boolean {
  return me.assignments.some((a) => roles.includes(a.role));
}

/** Where a session that still has a login step to pass must go. */
export const STAGE_PATHS = {
  mfa: "/connexion/code",
  mfa_enrolment: "/connexion/double-authentification",
  password_change: "/connexion/nouveau-mot-de-passe",
  active: "/",
} as const satisfies Record<SessionStage, string>;
