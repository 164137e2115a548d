import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { people } from "../people/people.schema.ts";
import { attachmentContents, ticketAttachments } from "./attachments.schema.ts";

const summaryColumns = {
  id: ticketAttachments.id,
  ticketId: ticketAttachments.ticketId,
  eventId: ticketAttachments.eventId,
  fileName: ticketAttachments.fileName,
  mediaType: ticketAttachments.mediaType,
  sizeBytes: ticketAttachments.sizeBytes,
  sha256: ticketAttachments.sha256,
  visibility: ticketAttachments.visibility,
  uploadedAt: ticketAttachments.uploadedAt,
  uploadedByName: sql<
    string | null
  >`(select ${people.firstName} || ' ' || ${people.lastName} from ${people} where ${people.id} = ${ticketAttachments.uploadedById})`,
};

/**
 * Serialises the writes of one ticket's files until the transaction ends, so that two uploads
 * at once cannot both pass the per-ticket cap. An advisory lock rather than a row lock on the
 * ticket: workflow updates of the ticket are not held up by an upload.
 */
export async function lockTicketFiles(tx: Db, ticketId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`ticket-attachments:${ticketId}`}, 0))`);
}

export async function ticketFileUsage(db: Db, ticketId: string): Promise<{ count: number; bytes: number }> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int`, bytes: sql<string>`coalesce(sum(${ticketAttachments.sizeBytes}), 0)::bigint` })
    .from(ticketAttachments)
    .where(eq(ticketAttachments.ticketId, ticketId));
  return { count: Number(row?.count ?? 0), bytes: Number(row?.bytes ?? 0) };
}

/** The same bytes already on the ticket with the same visibility (a mail signature's logo, a file sent twice). */
export async function findSameFile(db: Db, ticketId: string, sha256: string, visibility: "public" | "internal") {
  const [row] = await db
    .select(summaryColumns)
    .from(ticketAttachments)
    .where(and(eq(ticketAttachments.ticketId, ticketId), eq(ticketAttachments.sha256, sha256), eq(ticketAttachments.visibility, visibility)))
    .limit(1);
  return row ?? null;
}

/**
 * The bytes travel as hex text, decoded by the database: PGlite serialises a bytea parameter
 * byte by byte in JavaScript (25 s for 10 MiB), hex takes under a second on both engines.
 */
export async function insertAttachment(tx: Db, values: typeof ticketAttachments.$inferInsert, content: Buffer) {
  const [row] = await tx.insert(ticketAttachments).values(values).returning({ id: ticketAttachments.id });
  const id = row!.id;
  await tx.insert(attachmentContents).values({ attachmentId: id, content: sql`decode(${content.toString("hex")}, 'hex')` });
  return id;
}

/** A ticket's files without their bytes, oldest first (by name within one upload); internal ones only when asked. */
export async function findTicketAttachments(db: Db, ticketId: string, includeInternal: boolean) {
  return db
    .select(summaryColumns)
    .from(ticketAttachments)
    .where(and(eq(ticketAttachments.ticketId, ticketId), includeInternal ? undefined : eq(ticketAttachments.visibility, "public")))
    .orderBy(asc(ticketAttachments.uploadedAt), asc(ticketAttachments.fileName), asc(ticketAttachments.id));
}

export async function findTicketAttachmentsByIds(db: Db, ticketId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select(summaryColumns)
    .from(ticketAttachments)
    .where(and(eq(ticketAttachments.ticketId, ticketId), inArray(ticketAttachments.id, ids)));
}

export async function findAttachment(db: Db, id: string) {
  const [row] = await db.select(summaryColumns).from(ticketAttachments).where(eq(ticketAttachments.id, id)).limit(1);
  return row ?? null;
}

export async function findAttachmentContent(db: Db, id: string): Promise<Buffer | null> {
  const [row] = await db
    .select({ hex: sql<string>`encode(${attachmentContents.content}, 'hex')` })
    .from(attachmentContents)
    .where(eq(attachmentContents.attachmentId, id))
    .limit(1);
  return row ? Buffer.from(row.hex, "hex") : null;
}
