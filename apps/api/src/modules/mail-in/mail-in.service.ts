import { roleHasPermission } from "@relais/shared/permissions";
import type { Ctx } from "../../context.ts";
import { AppError, forbidden } from "../../errors.ts";
import { storeAttachment } from "../attachments/attachments.service.ts";
import { type Actor, findActorByPersonId } from "../auth/actor.ts";
import { queueMail } from "../mail/mail.service.ts";
import { getSchool, type School } from "../organisation/schools.service.ts";
import { FileTicketSchema } from "../tickets/tickets.contract.ts";
import { commentTicket, fileTicket, getTicket, readTicket } from "../tickets/tickets.service.ts";
import {
  cleanSubject,
  type InboundAttachment,
  type InboundMail,
  readInboundMail,
  statedUrgency,
  stripQuotedHistory,
  ticketNumbersIn,
  uaisIn,
} from "./inbound-mail.ts";
import { inboundReadableRegions } from "./mail-in.policy.ts";
import * as repo from "./mail-in.repository.ts";
import type { InboundOutcome } from "./mail-in.schema.ts";

export type InboundRegion = { id: string; code: string };

export type InboundResult = {
  inboundId: string;
  outcome: InboundOutcome;
  detail: string | null;
  ticketId: string | null;
  ticketNumber: string | null;
  /** The Message-ID was already processed: nothing was done this time. */
  duplicate: boolean;
};

type Decision = { outcome: InboundOutcome; detail: string | null; ticketId: string | null; ticketNumber: string | null };

const DAY_MS = 86_400_000;
const MAX_COMMENT = 10_000;
const MAX_DESCRIPTION = 10_000;
const FINAL_STATUSES = ["closed", "rerouted", "merged"];

/**
 * One message from a region's desk mailbox, processed exactly once per Message-ID (ADR 0005):
 * the inbound row is taken first in the transaction that also writes the ticket or comment,
 * its files and its mail, so a crash before the commit leaves nothing and a message fetched
 * again after it is recognised. The outcomes (issue 3, "E-mail to ticket"):
 * - unreadable, or no sender → "rejected", nothing else;
 * - automatic (auto-reply, bounce, list) → "ignored", never answered;
 * - a reply naming a ticket of the region the sender may comment on → a public comment;
 * - a sender the tickets service lets file for a school → a ticket (channel e-mail,
 *   category "other", impact "user", the urgency the mail states or "medium": the desk
 *   qualifies it), acknowledged
 *   with its number by the filing's own "ticket enregistré" mail;
 * - anyone else → "sender_refused" and a polite answer naming their correspondent.
 */
export async function processInboundMessage(ctx: Ctx, region: InboundRegion, raw: Buffer, options: { receivedAt?: Date | null } = {}): Promise<InboundResult> {
  const mail = await readInboundMail(raw);
  const earlier = await repo.findInbound(ctx.db, region.id, mail.messageId);
  if (earlier) return resultOf(earlier, true);
  const now = ctx.clock.now();
  const result = await ctx.db.transaction(async (tx) => {
    const inboundId = await repo.claimInbound(tx, {
      regionId: region.id,
      messageId: mail.messageId,
      fromAddress: mail.from ?? "",
      subject: mail.subject.slice(0, 500),
      outcome: "rejected",
      receivedAt: options.receivedAt ?? null,
      processedAt: now,
    });
    // Another process took this message meanwhile: its outcome stands.
    if (!inboundId) return null;
    const decision = await decide({ ...ctx, db: tx }, region, mail);
    await repo.settleInbound(tx, inboundId, { outcome: decision.outcome, detail: decision.detail, ticketId: decision.ticketId });
    return { inboundId, ...decision, duplicate: false };
  });
  if (result) return result;
  const taken = await repo.findInbound(ctx.db, region.id, mail.messageId);
  if (!taken) throw new Error(`inbound message ${mail.messageId} was claimed but is not found`);
  return resultOf(taken, true);
}

function resultOf(found: NonNullable<Awaited<ReturnType<typeof repo.findInbound>>>, duplicate: boolean): InboundResult {
  const { inbound, ticketNumber } = found;
  return { inboundId: inbound.id, outcome: inbound.outcome, detail: inbound.detail, ticketId: inbound.ticketId, ticketNumber: ticketNumber ?? null, duplicate };
}

const none = { ticketId: null, ticketNumber: null };

async function decide(ctx: Ctx, region: InboundRegion, mail: InboundMail): Promise<Decision> {
  if (mail.malformed || !mail.from) return { outcome: "rejected", detail: mail.malformed, ...none };
  if (mail.automatic) return { outcome: "ignored", detail: mail.automatic, ...none };
  if (mail.from === addressOf(ctx.config.MAIL_FROM)) return { outcome: "ignored", detail: "Message envoyé par Relais lui-même.", ...none };

  const person = await repo.findActivePersonByEmail(ctx.db, mail.from);
  const actor = person ? await findActorByPersonId(ctx.db, person.id) : null;
  if (!person || !actor || !belongsTo(actor, person.regionId, region.id)) {
    return refuse(ctx, region, mail, null, "Adresse inconnue de Relais dans cette région.");
  }
  const sender: Ctx = { ...ctx, actor };
  const own = stripQuotedHistory(mail.text);

  // A reply: the first number of this region, in the subject or anywhere in the text (the
  // quoted notification carries it), on a ticket the sender sees.
  let followUp: string | null = null;
  for (const number of [...new Set([...ticketNumbersIn(mail.subject, region.code), ...ticketNumbersIn(mail.text, region.code)])]) {
    const seen = await readTicket(sender, number).catch((error: unknown) => {
      if (error instanceof AppError && error.code === "not_found") return null;
      throw error;
    });
    if (!seen) continue;
    if (FINAL_STATUSES.includes(seen.ticket.status)) {
      followUp = number;
      break;
    }
    const written = await withAttachments(sender, mail.attachments, async (note, txCtx) => {
      const body = [own || "(réponse sans texte)", note].filter(Boolean).join("\n\n").slice(0, MAX_COMMENT);
      await commentTicket(txCtx, number, { body, internal: false });
      return { ticketId: seen.ticket.id, ticketNumber: seen.ticket.number, eventId: await lastEventOf(txCtx, number, "comment") };
    });
    return {
      outcome: "comment_added",
      detail: `Réponse ajoutée au ticket ${number}.${filesDetail(written)}`,
      ticketId: written.ticketId,
      ticketNumber: written.ticketNumber,
    };
  }

  const school = await chooseSchool(sender, mail, own);
  if (school.kind === "several") return askForSchool(ctx, region, mail, person, school.schools);
  if (school.kind === "none") return refuse(ctx, region, mail, person, "Cette personne n'ouvre pas de ticket pour un établissement.");

  try {
    const written = await withAttachments(sender, mail.attachments, async (note, txCtx) => {
      const input = ticketInput(school.school, mail, own, followUp, note);
      const ticket = await fileTicket(txCtx, input, { channel: "email" });
      return { ticketId: ticket.id, ticketNumber: ticket.number, eventId: await lastEventOf(txCtx, ticket.number, "created") };
    });
    return {
      outcome: "ticket_opened",
      detail: `Ticket ${written.ticketNumber} ouvert pour ${school.school.name}${followUp ? ` (suite du ticket ${followUp}, clos)` : ""}.${filesDetail(written)}`,
      ticketId: written.ticketId,
      ticketNumber: written.ticketNumber,
    };
  } catch (error) {
    // The tickets service's own filing rules say no (a coordinator where the region does not allow it…).
    if (error instanceof AppError && (error.code === "forbidden" || error.code === "validation.failed"))
      return refuse(ctx, region, mail, person, error.message);
    throw error;
  }
}

const addressOf = (mailbox: string) => (/<([^>]+)>/.exec(mailbox)?.[1] ?? mailbox).trim().toLowerCase();

/** A person of the region: attached to it, or holding a role in it today. */
function belongsTo(actor: Actor, personRegionId: string | null, regionId: string): boolean {
  return personRegionId === regionId || actor.assignments.some((a) => a.scope.regionId === regionId);
}

type SchoolChoice = { kind: "one"; school: School } | { kind: "several"; schools: School[] } | { kind: "none" };

/**
 * The school a mail is about: a UAI named in the subject or the text, among the schools the
 * sender sees; else the one school they file for. A sender who files for several schools and
 * names none is asked which (the desk cannot move a ticket to another school).
 */
async function chooseSchool(sender: Ctx, mail: InboundMail, own: string): Promise<SchoolChoice> {
  for (const uai of uaisIn(`${mail.subject}\n${own}`)) {
    const school = await getSchool(sender, uai).catch(() => null);
    if (school) return { kind: "one", school };
  }
  const schoolIds = [
    ...new Set(
      sender.actor.assignments
        .filter((a) => a.scope.kind === "school" && a.scope.schoolId && roleHasPermission(a.role, "ticket.file"))
        .map((a) => a.scope.schoolId as string),
    ),
  ];
  const schools = (await Promise.all(schoolIds.map((id) => getSchool(sender, id).catch(() => null)))).filter((s): s is School => s !== null);
  if (schools.length === 1) return { kind: "one", school: schools[0] as School };
  if (schools.length > 1) return { kind: "several", schools: schools.sort((a, b) => a.name.localeCompare(b.name, "fr")) };
  return { kind: "none" };
}

function ticketInput(school: School, mail: InboundMail, own: string, followUp: string | null, note: string | null) {
  const subject = cleanSubject(mail.subject);
  const title = subject.length >= 5 ? subject : `Demande par courriel : ${subject || "(sans objet)"}`;
  const text = [followUp ? `Suite du ticket ${followUp}, clos.` : null, own || "(message sans texte)", note].filter(Boolean).join("\n\n");
  const description = text.length >= 10 ? text : `Message reçu par courriel : ${text}`;
  return FileTicketSchema.parse({
    school: school.id,
    kind: "incident",
    category: "other",
    channel: "email",
    // The urgency the correspondent states (seed 003), else medium: the desk adjusts it when qualifying.
    urgency: statedUrgency(`${mail.subject}\n${own}`) ?? "medium",
    impact: "user",
    title: title.slice(0, 160),
    description: description.slice(0, MAX_DESCRIPTION),
  });
}

/** The id of the step just written by the sender (the file joins that entry of the timeline). */
async function lastEventOf(ctx: Ctx, number: string, type: "created" | "comment"): Promise<number | null> {
  const { events } = await getTicket(ctx, number);
  const mine = events.filter((e) => e.type === type && e.actorId === ctx.actor.personId);
  return mine.at(-1)?.id ?? null;
}

type Skipped = { index: number; fileName: string; reason: string };
type Written = { ticketId: string; ticketNumber: string; eventId: number | null };

class FilesRefused extends Error {
  constructor(readonly refused: Skipped[]) {
    super("attachments refused");
  }
}

/**
 * Writes the ticket or comment, then joins the mail's files to it. A file the attachments
 * service refuses (type, size, quota) is not a reason to lose the mail: the write is undone
 * (a savepoint) and done again with the refused files listed in its text, so the note and the
 * files that were kept commit together.
 */
async function withAttachments(
  ctx: Ctx,
  files: InboundAttachment[],
  write: (note: string | null, txCtx: Ctx) => Promise<Written>,
): Promise<Written & { kept: number; skipped: Skipped[] }> {
  let skipped: Skipped[] = [];
  for (;;) {
    try {
      return await ctx.db.transaction(async (sp) => {
        const txCtx = { ...ctx, db: sp };
        const written = await write(skippedNote(skipped), txCtx);
        const refused: Skipped[] = [];
        let kept = 0;
        for (const [index, file] of files.entries()) {
          if (skipped.some((s) => s.index === index)) continue;
          try {
            await storeAttachment(sp, {
              ticketId: written.ticketId,
              eventId: written.eventId,
              fileName: file.fileName,
              bytes: file.bytes,
              declaredType: file.contentType,
              visibility: "public",
              uploadedById: ctx.actor.personId,
              at: ctx.clock.now(),
            });
            kept++;
          } catch (error) {
            if (!(error instanceof AppError)) throw error;
            refused.push({ index, fileName: file.fileName, reason: error.message });
          }
        }
        if (refused.length > 0) throw new FilesRefused(refused);
        return { ...written, kept, skipped };
      });
    } catch (error) {
      if (!(error instanceof FilesRefused)) throw error;
      skipped = [...skipped, ...error.refused];
    }
  }
}

function skippedNote(skipped: Skipped[]): string | null {
  if (skipped.length === 0) return null;
  return `Pièces jointes du courriel non conservées :\n${skipped.map((s) => `- « ${s.fileName} » : ${s.reason}`).join("\n")}`;
}

function filesDetail(written: { kept: number; skipped: Skipped[] }): string {
  const parts = [
    written.kept > 0 ? ` ${written.kept} pièce(s) jointe(s) conservée(s).` : "",
    written.skipped.length > 0 ? ` ${written.skipped.length} refusée(s).` : "",
  ];
  return parts.join("");
}

/**
 * The polite answer to a sender who may not open a ticket (seed 003: teachers and staff go
 * through their correspondent), naming the correspondents of their schools when Relais knows
 * them. One answer a day per address at most, so a forged or looping sender gets no stream.
 */
async function refuse(
  ctx: Ctx,
  region: InboundRegion,
  mail: InboundMail,
  person: { id: string; firstName: string; lastName: string } | null,
  why: string,
): Promise<Decision> {
  const address = mail.from as string;
  const now = ctx.clock.now();
  if (await repo.refusedSince(ctx.db, region.id, address, new Date(now.getTime() - DAY_MS))) {
    return { outcome: "sender_refused", detail: `${why} Pas de nouvelle réponse : une a déjà été envoyée à cette adresse depuis moins de 24 heures.`, ...none };
  }
  const correspondents = person ? await repo.correspondentsOfPersonSchools(ctx.db, person.id) : [];
  await queueMail(ctx, {
    to: address,
    template: "mail-in-refused",
    regionId: region.id,
    variables: {
      name: person ? `${person.firstName} ${person.lastName}` : mail.fromName,
      subject: mail.subject,
      correspondents: correspondents.length > 0 ? correspondents.map((c) => `${c.firstName} ${c.lastName} <${c.email}> (${c.school})`).join(", ") : null,
    },
  });
  return { outcome: "sender_refused", detail: `${why} Réponse envoyée vers le correspondant de l'établissement.`, ...none };
}

async function askForSchool(
  ctx: Ctx,
  region: InboundRegion,
  mail: InboundMail,
  person: { firstName: string; lastName: string },
  schools: School[],
): Promise<Decision> {
  await queueMail(ctx, {
    to: mail.from as string,
    template: "mail-in-school-needed",
    regionId: region.id,
    variables: { name: `${person.firstName} ${person.lastName}`, subject: mail.subject, schools: schools.map((s) => `${s.uai} (${s.name})`).join(", ") },
  });
  return {
    outcome: "sender_refused",
    detail: `Expéditeur de plusieurs établissements (${schools.map((s) => s.uai).join(", ")}) sans UAI dans le message : réponse envoyée pour qu'il le précise.`,
    ...none,
  };
}

/** What came into the desk mailboxes the actor reads, newest first, with each message's outcome. */
export async function listInboundMessages(
  ctx: Ctx,
  filters: { regionId?: string | undefined; outcome?: InboundOutcome | undefined },
  page: { limit: number; offset: number },
) {
  const regionIds = inboundReadableRegions(ctx.actor);
  if (regionIds !== "all" && regionIds.length === 0)
    throw forbidden("Le courrier reçu par le support est réservé à l'administration régionale et au centre de services.");
  return repo.findInboundMessages(ctx.db, { regionIds, ...filters }, page);
}
