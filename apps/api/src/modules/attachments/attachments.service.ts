import { createHash } from "node:crypto";
import { checkAttachment, MAX_ATTACHMENTS_PER_TICKET, MAX_TICKET_ATTACHMENT_BYTES } from "@relais/shared/attachments";
import type { Db } from "../../db/client.ts";
import { AppError } from "../../errors.ts";
import * as repo from "./attachments.repository.ts";

export type StoreAttachmentInput = {
  ticketId: string;
  /** The timeline entry (comment, note, mail) the file comes with. */
  eventId: number | null;
  fileName: string;
  bytes: Buffer;
  /** What the sender claimed (browser, mail part): checked against the bytes, never stored. */
  declaredType?: string | null;
  visibility: "public" | "internal";
  uploadedById: string | null;
  at: Date;
};

export type StoredAttachment = {
  id: string;
  fileName: string;
  mediaType: string;
  sizeBytes: number;
  /** The same bytes were already on the ticket with this visibility: nothing new was written. */
  isDuplicate: boolean;
};

/** The French words of a size, in the units the web app shows (1 Mo = 1 048 576 octets). */
const mebibytes = (bytes: number) => `${Math.round(bytes / (1024 * 1024))} Mo`;

/**
 * Checks a file and joins it to a ticket (ADR 0005): refuses an empty file, one over 10 MiB,
 * a type the desk does not accept (read from the bytes) or a file whose name or declared type
 * disagrees with its bytes; stores it under a safe name and the type found in its bytes. The
 * per-ticket cap (files and bytes) is checked under a lock on the ticket's files, in the
 * caller's transaction when given one (a savepoint then), so a refusal leaves nothing behind.
 * The same bytes sent again to the same ticket with the same visibility are not stored twice.
 *
 * Authorisation is the caller's: the web upload checks who may comment, mail-in who may file.
 */
export async function storeAttachment(tx: Db, input: StoreAttachmentInput): Promise<StoredAttachment> {
  const checked = checkAttachment({ fileName: input.fileName, bytes: input.bytes, declaredType: input.declaredType ?? null });
  if (!checked.ok) throw new AppError(`attachment.${checked.code}`, checked.message);
  const sha256 = createHash("sha256").update(input.bytes).digest("hex");
  return tx.transaction(async (inner) => {
    await repo.lockTicketFiles(inner, input.ticketId);
    const same = await repo.findSameFile(inner, input.ticketId, sha256, input.visibility);
    if (same) return { id: same.id, fileName: same.fileName, mediaType: same.mediaType, sizeBytes: same.sizeBytes, isDuplicate: true };
    const usage = await repo.ticketFileUsage(inner, input.ticketId);
    if (usage.count >= MAX_ATTACHMENTS_PER_TICKET)
      throw new AppError(
        "attachment.quota_exceeded",
        `Ce ticket a déjà ${usage.count} pièces jointes, le maximum : « ${checked.fileName} » n'est pas ajouté. Regroupez vos documents ou ouvrez un nouveau ticket.`,
      );
    if (usage.bytes + checked.sizeBytes > MAX_TICKET_ATTACHMENT_BYTES)
      throw new AppError(
        "attachment.quota_exceeded",
        `Les pièces jointes d'un ticket ne dépassent pas ${mebibytes(MAX_TICKET_ATTACHMENT_BYTES)} en tout : « ${checked.fileName} » n'est pas ajouté.`,
      );
    const id = await repo.insertAttachment(
      inner,
      {
        ticketId: input.ticketId,
        eventId: input.eventId,
        fileName: checked.fileName,
        mediaType: checked.mediaType,
        sizeBytes: checked.sizeBytes,
        sha256,
        visibility: input.visibility,
        uploadedById: input.uploadedById,
        uploadedAt: input.at,
      },
      input.bytes,
    );
    return { id, fileName: checked.fileName, mediaType: checked.mediaType, sizeBytes: checked.sizeBytes, isDuplicate: false };
  });
}
