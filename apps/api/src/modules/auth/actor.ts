import type { ActorAssignment, ScopeRef } from "@relais/shared/permissions";
import type { Role } from "@relais/shared/roles";
import { sql } from "drizzle-orm";
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

/** SQL fragment: the person's role assignments valid today (Europe/Paris) and not ended. */
const activeAssignmentsJson = sql`coalesce((
  select json_agg(json_build_object(
    'role', ra.role, 'kind', ra.scope_kind, 'regionId', ra.region_id, 'sectorId', ra.sector_id,
    'zoneId', ra.zone_id, 'schoolId', ra.school_id, 'organisationId', ra.organisation_id))
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
 * One query: the session, its person and their active assignments. Expiry is judged on the
 * application's clock, the one that set it, never the database's.
 */
export async function findActorBySession(db: Db, tokenHash: string, now: Date): Promise<{ actor: Actor; session: SessionInfo } | null> {
  const result = await queryPreparedRows<ActorRow & { csrf_token: string; stage: string; last_seen_at: string | Date; expires_at: string | Date }>(
    db,
    sql`
    select ${personColumns}, s.csrf_token, s.stage, s.last_seen_at, s.expires_at
    from sessions s join people p on p.id = s.person_id
    where s.token_hash = ${tokenHash} and s.expires_at > ${now.toISOString()}::timestamptz and p.is_active`,
  );
  const row = result[0];
  if (!row) return null;
  return {
    actor: toActor(row, "session", false),
    session: { tokenHash, csrfToken: row.csrf_token, stage: row.stage, lastSeenAt: new Date(row.last_seen_at), expiresAt: new Date(row.expires_at) },
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
