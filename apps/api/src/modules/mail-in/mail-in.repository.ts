import { and, desc, eq, gte, inArray, lte, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { activeAssignment } from "../../lib/active-assignment.ts";
import { regions, schools } from "../organisation/organisation.schema.ts";
import { people, roleAssignments } from "../people/people.schema.ts";
import { writeRegionSetting } from "../regions/regions.repository.ts";
import { tickets } from "../tickets/tickets.schema.ts";
import { type InboundOutcome, inboundMessages, mailboxPolls } from "./mail-in.schema.ts";

export type InboundRow = typeof inboundMessages.$inferSelect;

export async function findInbound(db: Db, regionId: string, messageId: string) {
  const [row] = await db
    .select({ inbound: inboundMessages, ticketNumber: tickets.number })
    .from(inboundMessages)
    .leftJoin(tickets, eq(tickets.id, inboundMessages.ticketId))
    .where(and(eq(inboundMessages.regionId, regionId), eq(inboundMessages.messageId, messageId)))
    .limit(1);
  return row ?? null;
}

/**
 * Takes a Message-ID for this transaction: the row is inserted first, so a second process
 * handling the same message waits on the unique index and then finds it taken (null).
 */
export async function claimInbound(db: Db, values: typeof inboundMessages.$inferInsert): Promise<string | null> {
  const [row] = await db
    .insert(inboundMessages)
    .values(values)
    .onConflictDoNothing({ target: [inboundMessages.regionId, inboundMessages.messageId] })
    .returning({ id: inboundMessages.id });
  return row?.id ?? null;
}

export async function settleInbound(db: Db, id: string, values: { outcome: InboundOutcome; detail: string | null; ticketId: string | null }) {
  await db.update(inboundMessages).set(values).where(eq(inboundMessages.id, id));
}

/**
 * Was this address refused by this region's mailbox since `since`? Answers are rationed to
 * one a day per address: a forged or looping sender cannot make the desk send mail at will.
 */
export async function refusedSince(db: Db, regionId: string, address: string, since: Date): Promise<boolean> {
  const [row] = await db
    .select({ id: inboundMessages.id })
    .from(inboundMessages)
    .where(
      and(
        eq(inboundMessages.regionId, regionId),
        eq(inboundMessages.fromAddress, address),
        eq(inboundMessages.outcome, "sender_refused"),
        gte(inboundMessages.processedAt, since),
      ),
    )
    .limit(1);
  return Boolean(row);
}

/** The active person behind an address (addresses are unique, case-insensitively). */
export async function findActivePersonByEmail(db: Db, email: string) {
  const [row] = await db
    .select({ id: people.id, regionId: people.regionId, firstName: people.firstName, lastName: people.lastName })
    .from(people)
    .where(and(sql`lower(${people.email}) = ${email.toLowerCase()}`, eq(people.isActive, true)))
    .limit(1);
  return row ?? null;
}

/** The correspondents (and deputies) of the schools a person holds a role in, today: who a refused sender should write to. */
export async function correspondentsOfPersonSchools(db: Db, personId: string) {
  const mine = db
    .select({ schoolId: roleAssignments.schoolId })
    .from(roleAssignments)
    .where(and(eq(roleAssignments.personId, personId), activeAssignment(), sql`${roleAssignments.schoolId} is not null`));
  return db
    .selectDistinct({ firstName: people.firstName, lastName: people.lastName, email: people.email, school: schools.name })
    .from(roleAssignments)
    .innerJoin(people, eq(people.id, roleAssignments.personId))
    .innerJoin(schools, eq(schools.id, roleAssignments.schoolId))
    .where(
      and(
        inArray(roleAssignments.schoolId, mine),
        inArray(roleAssignments.role, ["correspondent", "deputy_correspondent"]),
        activeAssignment(),
        eq(people.isActive, true),
      ),
    )
    .orderBy(schools.name, people.lastName);
}

export type InboundFilters = { regionIds: string[] | "all"; regionId?: string | undefined; outcome?: InboundOutcome | undefined };

export async function findInboundMessages(db: Db, filters: InboundFilters, page: { limit: number; offset: number }) {
  const where = and(
    filters.regionIds === "all"
      ? undefined
      : inArray(inboundMessages.regionId, filters.regionIds.length > 0 ? filters.regionIds : ["00000000-0000-0000-0000-000000000000"]),
    filters.regionId ? eq(inboundMessages.regionId, filters.regionId) : undefined,
    filters.outcome ? eq(inboundMessages.outcome, filters.outcome) : undefined,
  );
  const [items, [count]] = await Promise.all([
    db
      .select({
        id: inboundMessages.id,
        regionId: inboundMessages.regionId,
        messageId: inboundMessages.messageId,
        fromAddress: inboundMessages.fromAddress,
        subject: inboundMessages.subject,
        outcome: inboundMessages.outcome,
        detail: inboundMessages.detail,
        ticketId: inboundMessages.ticketId,
        ticketNumber: tickets.number,
        receivedAt: inboundMessages.receivedAt,
        processedAt: inboundMessages.processedAt,
      })
      .from(inboundMessages)
      .leftJoin(tickets, eq(tickets.id, inboundMessages.ticketId))
      .where(where)
      .orderBy(desc(inboundMessages.processedAt), desc(inboundMessages.id))
      .limit(page.limit)
      .offset(page.offset),
    db.select({ total: sql<number>`count(*)::int` }).from(inboundMessages).where(where),
  ]);
  return { items, total: count?.total ?? 0 };
}

// ——— The mailbox account and its polls ———

export async function findRegion(db: Db, regionId: string) {
  const [row] = await db
    .select({ id: regions.id, code: regions.code, name: regions.name, settings: regions.settings })
    .from(regions)
    .where(eq(regions.id, regionId));
  return row ?? null;
}

export async function findRegionByCode(db: Db, code: string) {
  const [row] = await db
    .select({ id: regions.id, code: regions.code, name: regions.name, settings: regions.settings })
    .from(regions)
    .where(eq(regions.code, code.toLowerCase()));
  return row ?? null;
}

/** Regions with a mailbox document: the poller checks each one's settings. */
export async function findRegionsWithMailbox(db: Db) {
  return db
    .select({ id: regions.id, code: regions.code, name: regions.name, settings: regions.settings })
    .from(regions)
    .where(sql`${regions.settings} -> 'mailbox' is not null`)
    .orderBy(regions.code);
}

/** Writes only the `mailbox` key, so a concurrent change to the region's other settings is kept. */
export async function writeMailbox(db: Db, regionId: string, mailbox: unknown) {
  await writeRegionSetting(db, regionId, "mailbox", mailbox);
}

export async function findMailboxPoll(db: Db, regionId: string) {
  const [row] = await db.select().from(mailboxPolls).where(eq(mailboxPolls.regionId, regionId));
  return row ?? null;
}

/** The region's poll lease until `until`, if nobody holds it now (one atomic statement). */
export async function takeMailboxLease(db: Db, regionId: string, now: Date, until: Date): Promise<boolean> {
  const [row] = await db
    .insert(mailboxPolls)
    .values({ regionId, leaseUntil: until })
    .onConflictDoUpdate({ target: mailboxPolls.regionId, set: { leaseUntil: until }, setWhere: lte(mailboxPolls.leaseUntil, now) })
    .returning({ regionId: mailboxPolls.regionId });
  return Boolean(row);
}

export async function releaseMailboxLease(db: Db, regionId: string, now: Date, error: string | null) {
  await db
    .update(mailboxPolls)
    .set({ leaseUntil: now, lastPolledAt: now, ...(error ? { lastError: error.slice(0, 500), lastErrorAt: now } : { lastError: null }) })
    .where(eq(mailboxPolls.regionId, regionId));
}
