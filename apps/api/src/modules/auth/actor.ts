import type { ActorAssignment, ScopeRef } from "@relais/shared/permissions";
import type { Role } from "@relais/shared/roles";
import { type SQL, sql } from "drizzle-orm";
import { type Db, queryPreparedRows, queryRows } from "../../db/client.ts";

/** Who is making a request: a person, their active role assignments, and how they came in. */
export type Actor = {
  personId: string;
  email: string;
  displayName: string;
  regionId: string | null;
  organisationId: string | null;
  isDemo: boolean;
  assignments: ActorAssignment[];
  via: "session" | "token" | "system";
  isReadOnly: boolean;
};

export type SessionInfo = { tokenHash: string; csrfToken: string; stage: string; lastSeenAt: Date; expiresAt: Date };

/**
 * A session served from the process's cache (session-cache.ts) and not yet checked against the
 * database: the read that serves the request checks it in its own statement
 * (`sessionCheckSql`) and confirms it, so a hot list costs no lookup of its own.
 */
export type SessionCheck = { tokenHash: string; at: Date; fingerprint: string; confirmed: boolean };

/** The cached session no longer holds (logged out, expired, deactivated, rights or stage changed): look it up afresh. */
export class SessionCheckFailed extends Error {
  constructor() {
    super("cached session failed its check");
  }
}

/** SQL fragment: the person's role assignments valid today (Europe/Paris) and not ended. */
const activeAssignmentsJson = sql`coalesce((
  select json_agg(json_build_object(
    'role', ra.role, 'kind', ra.scope_kind, 'regionId', ra.region_id, 'sectorId', ra.sector_id,
    'zoneId', ra.zone_id, 'schoolId', ra.school_id, 'organisationId', ra.organisation_id) order by ra.id)
  from role_assignments ra
  where ra.person_id = p.id and ra.ended_at is null
    and ra.valid_from <= (now() at time zone 'Europe/Paris')::date
    and (ra.valid_until is null or ra.valid_until >= (now() at time zone 'Europe/Paris')::date)
), '[]'::json)`;

type ActorRow = {
  person_id: string;
  email: string;
  first_name: string;
  last_name: string;
  region_id: string | null;
  organisation_id: string | null;
  is_demo: boolean;
  assignments:
    | {
        role: Role;
        kind: ScopeRef["kind"];
        regionId: string | null;
        sectorId: string | null;
        zoneId: string | null;
        schoolId: string | null;
        organisationId: string | null;
      }[]
    | string;
};

function toActor(row: ActorRow, via: Actor["via"], isReadOnly: boolean): Actor {
  const raw = typeof row.assignments === "string" ? JSON.parse(row.assignments) : row.assignments;
  return {
    personId: row.person_id,
    email: row.email,
    displayName: `${row.first_name} ${row.last_name}`,
    regionId: row.region_id,
    organisationId: row.organisation_id,
    isDemo: row.is_demo,
    via,
    isReadOnly,
    assignments: (raw as Exclude<ActorRow["assignments"], string>).map((a) => ({
      role: a.role,
      scope: { kind: a.kind, regionId: a.regionId, sectorId: a.sectorId, zoneId: a.zoneId, schoolId: a.schoolId, organisationId: a.organisationId },
    })),
  };
}

const personColumns = sql`p.id as person_id, p.email, p.first_name, p.last_name, p.region_id, p.organisation_id, p.is_demo, ${activeAssignmentsJson} as assignments`;

/**
 * Everything an actor is built from, as one digest: the person, their assignments active today
 * and the session's stage. A cached session still holds while its digest is unchanged (a new
 * day that starts or ends an assignment changes it too). `a.assignments` is the lateral below.
 */
const actorFingerprint = sql`md5(json_build_array(p.email, p.first_name, p.last_name, p.region_id, p.organisation_id, p.is_demo, s.stage, a.assignments)::text)`;
const sessionSource = sql`sessions s join people p on p.id = s.person_id cross join lateral (select ${activeAssignmentsJson} as assignments) a`;

/**
 * A boolean column for the statement that serves a request on a cached session: true while the
 * session exists, has not expired (on the application's clock) and its actor is unchanged.
 * `bind` lets a statement compiled once take the values as placeholders.
 */
export function sessionCheckSql(check: SessionCheck, bind: (name: string, value: unknown) => SQL = (_name, value) => sql`${value}`): SQL {
  return sql`exists (select 1 from ${sessionSource}
    where s.token_hash = ${bind("sessionToken", check.tokenHash)} and s.expires_at > ${bind("sessionAt", check.at.toISOString())}::timestamptz
      and p.is_active and ${actorFingerprint} = ${bind("sessionFingerprint", check.fingerprint)})`;
}

/** For a statement compiled once: the check's values go by these names (`sessionCheckValues`). */
export const SESSION_PLACEHOLDERS: SessionCheck = { tokenHash: "", at: new Date(0), fingerprint: "", confirmed: false };

export function sessionCheckValues(check: SessionCheck): Record<string, unknown> {
  return { sessionToken: check.tokenHash, sessionAt: check.at.toISOString(), sessionFingerprint: check.fingerprint };
}

/** The check's answer, from the statement that carried it: a failed check throws, for the route to look the session up afresh. */
export function settleSessionCheck(check: SessionCheck, holds: unknown) {
  if (holds !== true) throw new SessionCheckFailed();
  check.confirmed = true;
}

/**
 * One query: the session, its person and their active assignments. Expiry is judged on the
 * application's clock, the one that set it, never the database's.
 */
export type SessionActor = { actor: Actor; session: SessionInfo; fingerprint: string };

export async function findActorBySession(db: Db, tokenHash: string, now: Date): Promise<SessionActor | null> {
  const result = await queryPreparedRows<
    ActorRow & { csrf_token: string; stage: string; last_seen_at: string | Date; expires_at: string | Date; fingerprint: string }
  >(
    db,
    sql`
    select p.id as person_id, p.email, p.first_name, p.last_name, p.region_id, p.organisation_id, p.is_demo, a.assignments,
      s.csrf_token, s.stage, s.last_seen_at, s.expires_at, ${actorFingerprint} as fingerprint
    from ${sessionSource}
    where s.token_hash = ${tokenHash} and s.expires_at > ${now.toISOString()}::timestamptz and p.is_active`,
  );
  const row = result[0];
  if (!row) return null;
  return {
    actor: toActor(row, "session", false),
    session: { tokenHash, csrfToken: row.csrf_token, stage: row.stage, lastSeenAt: new Date(row.last_seen_at), expiresAt: new Date(row.expires_at) },
    fingerprint: row.fingerprint,
  };
}

export async function findActorByApiToken(db: Db, tokenHash: string, now: Date): Promise<Actor | null> {
  const result = await queryRows<ActorRow & { token_id: string; is_read_only: boolean }>(
    db,
    sql`
    select ${personColumns}, t.id as token_id, t.is_read_only
    from api_tokens t join people p on p.id = t.person_id
    where t.token_hash = ${tokenHash} and t.revoked_at is null and (t.expires_at is null or t.expires_at > ${now.toISOString()}::timestamptz) and p.is_active`,
  );
  const row = result[0];
  if (!row) return null;
  // Last use is kept to the minute, so that a busy integration does not write on every call.
  const at = now.toISOString();
  await db.execute(
    sql`update api_tokens set last_used_at = ${at}::timestamptz where id = ${row.token_id} and (last_used_at is null or last_used_at < ${at}::timestamptz - interval '1 minute')`,
  );
  return toActor(row, "token", row.is_read_only);
}

export async function findActorByPersonId(db: Db, personId: string): Promise<Actor | null> {
  const result = await queryRows<ActorRow>(db, sql`select ${personColumns} from people p where p.id = ${personId}`);
  const row = result[0];
  return row ? toActor(row, "session", false) : null;
}
