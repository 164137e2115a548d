import { createHash } from "node:crypto";
import { checkAttachment, MAX_ATTACHMENTS_PER_TICKET, MAX_TICKET_ATTACHMENT_BYTES } from "@relais/shared/attachments";
import type { Ctx } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { AppError, notFound } from "../../errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { addTicketComment, assertMayComment, readTicket } from "../tickets/tickets.service.ts";
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

export type UploadedFile = { fileName: string; bytes: Buffer; declaredType: string | null };
export type AttachForm = { files: UploadedFile[]; comment: string | null; internal: boolean };

const fileList = (names: string[]) => names.map((name) => `« ${name} »`).join(", ");

/**
 * Files joined to a ticket by someone who may comment on it (tickets.service's rules: anyone
 * who sees it; internal files, like internal notes, only those who work it; nothing once it is
 * closed, re-routed or merged), with an optional comment: one timeline entry, mailed like a
 * comment unless internal, the files and the audit entry in one transaction. The form is read
 * only once the ticket is known to accept files, so a refused upload is not read in full.
 */
export async function attachFiles(ctx: Ctx, idOrNumber: string, readForm: () => Promise<AttachForm>) {
  const view = await readTicket(ctx, idOrNumber);
  assertMayComment(view, false);
  const form = await readForm();
  assertMayComment(view, form.internal);
  if (form.files.length === 0)
    throw new AppError("validation.failed", "Choisissez au moins un fichier à joindre.", { fieldErrors: [{ field: "body.files", message: "Aucun fichier." }] });
  // Every file is checked before anything is written: the first refusal is the answer.
  const names = form.files.map((file) => {
    const checked = checkAttachment(file);
    if (!checked.ok) throw new AppError(`attachment.${checked.code}`, checked.message);
    return checked.fileName;
  });
  const visibility = form.internal ? "internal" : "public";
  const { ticket } = view;
  return ctx.db.transaction(async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const at = ctx.clock.now();
    const eventId = await addTicketComment(txCtx, view, {
      body: form.comment,
      internal: form.internal,
      ...(form.comment ? {} : { type: "attachment" }),
      data: { files: names },
      mailDetail: `${form.comment ? `${form.comment}\n\n` : ""}Pièce${names.length > 1 ? "s" : ""} jointe${names.length > 1 ? "s" : ""} : ${fileList(names)}`,
    });
    const stored: StoredAttachment[] = [];
    for (const file of form.files)
      stored.push(await storeAttachment(tx, { ticketId: ticket.id, eventId, ...file, visibility, uploadedById: ctx.actor.personId, at }));
    await recordAudit(txCtx, {
      action: "ticket.attachment_added",
      entityType: "ticket",
      entityId: ticket.id,
      regionId: ticket.regionId,
      schoolId: ticket.schoolId,
      after: { visibility, files: stored.map(({ id, fileName, mediaType, sizeBytes }) => ({ id, fileName, mediaType, sizeBytes })) },
    });
    // In the order they were sent (a duplicate once).
    const rows = await repo.findTicketAttachmentsByIds(
      tx,
      ticket.id,
      stored.map((file) => file.id),
    );
    const order = [...new Set(stored.map((file) => file.id))];
    return order.map((id) => rows.find((row) => row.id === id)!);
  });
}

/** A ticket's files the actor may see, without their bytes: internal ones for those who work it. */
export async function listTicketAttachments(ctx: Ctx, idOrNumber: string) {
  const { ticket, worker } = await readTicket(ctx, idOrNumber);
  return repo.findTicketAttachments(ctx.db, ticket.id, worker);
}

/**
 * A file and its bytes, for whoever may see it: its ticket is visible to them (the tickets
 * module decides, restricted chain included), and an internal file only to those who work the
 * ticket. Anything else reads as absent.
 */
export async function readAttachment(ctx: Ctx, id: string) {
  const attachment = await repo.findAttachment(ctx.db, id);
  if (!attachment) throw notFound("Pièce jointe");
  const view = await readTicket(ctx, attachment.ticketId).catch((error: unknown) => {
    throw error instanceof AppError && error.code === "not_found" ? notFound("Pièce jointe") : error;
  });
  if (attachment.visibility === "internal" && !view.worker) throw notFound("Pièce jointe");
  const content = await repo.findAttachmentContent(ctx.db, id);
  if (!content) throw notFound("Pièce jointe");
  return { attachment, content };
}
