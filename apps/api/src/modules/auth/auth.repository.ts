import { and, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { type Db, queryRows } from "../../db/client.ts";
import { credentials, people } from "../people/people.schema.ts";
import { apiTokens, loginThrottle, passwordResetTokens, sessions } from "./auth.schema.ts";

export async function findLoginByEmail(db: Db, email: string) {
  const [row] = await db
    .select({
      personId: people.id,
      email: people.email,
      firstName: people.firstName,
      lastName: people.lastName,
      regionId: people.regionId,
      isActive: people.isActive,
      isDemo: people.isDemo,
      passwordHash: credentials.passwordHash,
      passwordChangedAt: credentials.passwordChangedAt,
      totpSecret: credentials.totpSecret,
      totpConfirmedAt: credentials.totpConfirmedAt,
      totpLastStep: credentials.totpLastStep,
      failedAttempts: credentials.failedAttempts,
      lockedUntil: credentials.lockedUntil,
    })
    .from(people)
    .leftJoin(credentials, eq(credentials.personId, people.id))
    .where(eq(sql`lower(${people.email})`, email.trim().toLowerCase()))
    .limit(1);
  return row ?? null;
}

export async function findCredentials(db: Db, personId: string) {
  const [row] = await db.select().from(credentials).where(eq(credentials.personId, personId)).limit(1);
  return row ?? null;
}

export async function upsertCredentials(db: Db, personId: string, values: Partial<typeof credentials.$inferInsert>) {
  await db
    .insert(credentials)
    .values({ personId, ...values })
    .onConflictDoUpdate({ target: credentials.personId, set: values });
}

/**
 * Counts one failed password in a single statement (concurrent failures all count) and locks
 * the account when it reaches the limit; says whether this failure locked it.
 */
export async function countFailedLogin(db: Db, personId: string, maxAttempts: number, lockUntil: Date): Promise<{ failures: number; locks: boolean }> {
  // A failure never lifts a lock: attempts that passed the lock check together still count.
  const result = await queryRows<{ failed_attempts: number }>(
    db,
    sql`
    update credentials set
      failed_attempts = case when failed_attempts + 1 >= ${maxAttempts} then 0 else failed_attempts + 1 end,
      locked_until = case when failed_attempts + 1 >= ${maxAttempts} then ${lockUntil.toISOString()}::timestamptz else locked_until end
    where person_id = ${personId}
    returning failed_attempts`,
  );
  // The count restarts from 0 only on the failure that locks.
  const locks = Number(result[0]?.failed_attempts ?? 1) === 0;
  return { failures: locks ? maxAttempts : Number(result[0]?.failed_attempts ?? 1), locks };
}

/** Counts an attempt for a key in a sliding 15-minute window and returns the count. */
export async function countLoginAttempt(db: Db, key: string, windowMinutes: number): Promise<number> {
  const result = await queryRows<{ attempts: number }>(
    db,
    sql`
    insert into login_throttle (key, attempts, window_started_at) values (${key}, 1, now())
    on conflict (key) do update set
      attempts = case when login_throttle.window_started_at < now() - make_interval(mins => ${windowMinutes}) then 1 else login_throttle.attempts + 1 end,
      window_started_at = case when login_throttle.window_started_at < now() - make_interval(mins => ${windowMinutes}) then now() else login_throttle.window_started_at end
    returning attempts`,
  );
  return Number(result[0]?.attempts ?? 1);
}

/** A login that succeeded gives its attempt back: the address counts failures (and attempts under way). */
export async function forgiveLoginAttempt(db: Db, key: string) {
  await db.execute(sql`update login_throttle set attempts = greatest(attempts - 1, 0) where key = ${key}`);
}

export async function purgeLoginThrottle(db: Db, olderThanMinutes: number) {
  await db.delete(loginThrottle).where(lt(loginThrottle.windowStartedAt, sql`now() - make_interval(mins => ${olderThanMinutes})`));
}

export async function insertSession(db: Db, values: typeof sessions.$inferInsert) {
  await db.insert(sessions).values(values);
}

export async function updateSessionStage(db: Db, tokenHash: string, stage: string) {
  await db.update(sessions).set({ stage }).where(eq(sessions.tokenHash, tokenHash));
}

export async function touchSession(db: Db, tokenHash: string, ttlHours: number, now: Date) {
  await db
    .update(sessions)
    .set({ lastSeenAt: now, expiresAt: new Date(now.getTime() + ttlHours * 3_600_000) })
    .where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteSession(db: Db, tokenHash: string) {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function deleteOtherSessions(db: Db, personId: string, keepTokenHash: string | null) {
  await db
    .delete(sessions)
    .where(keepTokenHash ? and(eq(sessions.personId, personId), sql`${sessions.tokenHash} <> ${keepTokenHash}`) : eq(sessions.personId, personId));
}

export async function purgeExpiredSessions(db: Db, now: Date) {
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
}

export async function insertResetToken(db: Db, values: typeof passwordResetTokens.$inferInsert) {
  await db.insert(passwordResetTokens).values(values);
}

/** Marks a valid reset token used and returns its person; a used or expired one returns null. */
export async function consumeResetToken(db: Db, tokenHash: string, now: Date): Promise<string | null> {
  const [row] = await db
    .update(passwordResetTokens)
    .set({ usedAt: now })
    .where(and(eq(passwordResetTokens.tokenHash, tokenHash), isNull(passwordResetTokens.usedAt), gt(passwordResetTokens.expiresAt, now)))
    .returning({ personId: passwordResetTokens.personId });
  return row?.personId ?? null;
}

export async function listApiTokens(db: Db, personId: string) {
  return db
    .select({
      id: apiTokens.id,
      name: apiTokens.name,
      prefix: apiTokens.prefix,
      isReadOnly: apiTokens.isReadOnly,
      createdAt: apiTokens.createdAt,
      expiresAt: apiTokens.expiresAt,
      lastUsedAt: apiTokens.lastUsedAt,
      revokedAt: apiTokens.revokedAt,
    })
    .from(apiTokens)
    .where(eq(apiTokens.personId, personId))
    .orderBy(sql`${apiTokens.createdAt} desc`);
}

export async function insertApiToken(db: Db, values: typeof apiTokens.$inferInsert) {
  const [row] = await db.insert(apiTokens).values(values).returning();
  return row!;
}

export async function revokeApiToken(db: Db, personId: string, tokenId: string) {
  const [row] = await db
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.personId, personId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id, name: apiTokens.name });
  return row ?? null;
}

/** The person's active assignments with the names of where they are held, for the /me page. */
export async function findProfile(db: Db, personId: string) {
  const result = await queryRows<{
    id: string;
    email: string;
    first_name: string;
    last_name: string;
    region_id: string | null;
    organisation_id: string | null;
    is_demo: boolean;
    totp_enabled: boolean;
    password_changed_at: Date | string | null;
    assignments: unknown;
  }>(
    db,
    sql`
    select p.id, p.email, p.first_name, p.last_name, p.region_id, p.organisation_id, p.is_demo,
      (c.totp_confirmed_at is not null) as totp_enabled, c.password_changed_at,
      coalesce((select json_agg(json_build_object(
          'id', ra.id, 'role', ra.role, 'scopeKind', ra.scope_kind, 'regionId', ra.region_id, 'sectorId', ra.sector_id,
          'zoneId', ra.zone_id, 'schoolId', ra.school_id, 'organisationId', ra.organisation_id,
          'schoolYear', ra.school_year, 'validFrom', ra.valid_from, 'validUntil', ra.valid_until,
          'scopeName', coalesce(sc.name, z.name, se.name, o.name, r.name, 'Plateforme')) order by ra.role)
        from role_assignments ra
        left join schools sc on sc.id = ra.school_id
        left join zones z on z.id = ra.zone_id and ra.scope_kind = 'zone'
        left join sectors se on se.id = ra.sector_id and ra.scope_kind = 'sector'
        left join organisations o on o.id = ra.organisation_id
        left join regions r on r.id = ra.region_id and ra.scope_kind = 'region'
        where ra.person_id = p.id and ra.ended_at is null
          and ra.valid_from <= (now() at time zone 'Europe/Paris')::date
          and (ra.valid_until is null or ra.valid_until >= (now() at time zone 'Europe/Paris')::date)), '[]'::json) as assignments
    from people p left join credentials c on c.person_id = p.id
    where p.id = ${personId}`,
  );
  return result[0] ?? null;
}
