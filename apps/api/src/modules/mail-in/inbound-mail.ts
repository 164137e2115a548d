import { createHash } from "node:crypto";
import type { Urgency } from "@relais/shared/tickets";
import { isValidUai } from "@relais/shared/uai";
import { type HeaderValue, type ParsedMail, simpleParser } from "mailparser";

/**
 * What the desk needs of one raw e-mail, read with mailparser: who sent it, under which
 * Message-ID, what it says and what it carries. Pure: no database, no network.
 */
export type InboundAttachment = { fileName: string; contentType: string; bytes: Buffer };

export type InboundMail = {
  messageId: string;
  /** Lower-cased address of the From header; null when there is none usable. */
  from: string | null;
  fromName: string | null;
  subject: string;
  text: string;
  attachments: InboundAttachment[];
  /** Why the message cannot be read at all (no sender, unparsable); null when it can. */
  malformed: string | null;
  /** Why it is an automatic message (auto-reply, bounce, list); null for a person's mail. */
  automatic: string | null;
};

const MAX_MESSAGE_ID = 500;
const ADDRESS = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/**
 * A message without Message-ID still needs a stable key, so that fetching it again after a
 * crash finds it: the hash of its bytes, which do not change on the IMAP server.
 */
export function derivedMessageId(raw: Buffer): string {
  return `<sha256-${createHash("sha256").update(raw).digest("hex")}@relais.invalid>`;
}

function messageIdOf(value: string | undefined, raw: Buffer): string {
  const id = value?.trim();
  if (!id) return derivedMessageId(raw);
  return id.length > MAX_MESSAGE_ID ? `<sha256-${createHash("sha256").update(id).digest("hex")}@relais.invalid>` : id;
}

export async function readInboundMail(raw: Buffer): Promise<InboundMail> {
  let parsed: ParsedMail;
  try {
    if (raw.length === 0 || !/^[\x21-\x39\x3b-\x7e]+:/.test(raw.subarray(0, 200).toString("latin1"))) throw new Error("no header");
    parsed = await simpleParser(raw, { skipTextToHtml: true, skipTextLinks: true, skipImageLinks: true });
  } catch {
    return {
      messageId: derivedMessageId(raw),
      from: null,
      fromName: null,
      subject: "",
      text: "",
      attachments: [],
      malformed: "Message illisible : ce n'est pas un e-mail (pas d'en-têtes).",
      automatic: null,
    };
  }
  const sender = parsed.from?.value.find((a) => a.address && ADDRESS.test(a.address));
  const from = sender?.address?.toLowerCase() ?? null;
  const subject = (parsed.subject ?? "").replace(/\s+/g, " ").trim();
  return {
    messageId: messageIdOf(parsed.messageId, raw),
    from,
    fromName: sender?.name?.trim() || null,
    subject,
    text: (parsed.text ?? "").replace(/\r\n/g, "\n"),
    attachments: parsed.attachments.map((a, index) => ({
      fileName: a.filename?.trim() || `piece-jointe-${index + 1}`,
      contentType: a.contentType || "application/octet-stream",
      bytes: a.content,
    })),
    malformed: from ? null : "Message sans expéditeur valide (en-tête From absent ou illisible).",
    automatic: automaticReason(parsed.headers, from),
  };
}

const headerText = (value: HeaderValue | undefined): string => {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map((v) => headerText(v as HeaderValue)).join(" ");
  if (typeof value === "object" && "value" in value) return String((value as { value: unknown }).value ?? "");
  return String(value);
};

/**
 * Automatic messages answer nothing and open nothing (RFC 3834 Auto-Submitted, the common
 * vacation-responder headers, bulk and list precedence, delivery reports and bounces):
 * answering them is how mail loops start.
 */
function automaticReason(headers: ParsedMail["headers"], from: string | null): string | null {
  const get = (name: string) => headerText(headers.get(name)).trim().toLowerCase();
  const autoSubmitted = get("auto-submitted");
  if (autoSubmitted && autoSubmitted !== "no") return `Réponse automatique (Auto-Submitted: ${autoSubmitted}).`;
  if (get("x-autoreply") || get("x-autorespond")) return "Réponse automatique (X-Autoreply).";
  const precedence = get("precedence");
  if (["bulk", "auto_reply", "list", "junk"].includes(precedence)) return `Envoi automatique ou de liste (Precedence: ${precedence}).`;
  const contentType = headers.get("content-type") as { value?: string; params?: Record<string, string> } | undefined;
  if (contentType?.value?.toLowerCase() === "multipart/report") {
    return `Rapport automatique (${contentType.params?.["report-type"] ?? "multipart/report"}) : avis de non-remise ou accusé de lecture.`;
  }
  if (headers.has("x-failed-recipients")) return "Avis de non-remise (X-Failed-Recipients).";
  const local = from?.split("@")[0] ?? "";
  if (local === "mailer-daemon" || local === "postmaster") return `Avis de non-remise (expéditeur ${from}).`;
  const returnPath = headers.get("return-path") as { value?: { address?: string }[] } | undefined;
  if (returnPath?.value?.every((a) => !a.address)) return "Avis de non-remise (expéditeur d'enveloppe vide).";
  return null;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Ticket numbers of this region (IDF-2026-000123) in a text, upper-cased, in order, once each. */
export function ticketNumbersIn(text: string, regionCode: string): string[] {
  const pattern = new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(regionCode)}-\\d{4}-\\d{6}(?![0-9])`, "gi");
  return [...new Set([...text.matchAll(pattern)].map((m) => m[0].toUpperCase()))];
}

/** UAIs (7 digits and their check letter) named in a text, so a sender of several schools can say which. */
export function uaisIn(text: string): string[] {
  return [...new Set([...text.matchAll(/(?<![A-Za-z0-9])\d{7}[A-Za-z](?![A-Za-z0-9])/g)].map((m) => m[0].toUpperCase()).filter(isValidUai))];
}

const URGENCY_WORDS: [RegExp, Urgency][] = [
  [/^tr[eè]s\s+hau?te?s?$|^tr[eè]s\s+[ée]lev[ée]e?$|^critique$/i, "very_high"],
  [/^moyen(ne)?$|^normale?$/i, "medium"],
  [/^bas(se)?$|^faible$/i, "low"],
];

/**
 * The urgency the correspondent states in the mail (seed 003: "en précisant le niveau d'urgence
 * (ou de criticité) parmi trois niveaux : bas, moyen, très haut"), e.g. « Urgence : très haut »;
 * null when the mail states none (the desk qualifies it).
 */
export function statedUrgency(text: string): Urgency | null {
  const match = /(?:niveau\s+d['’]\s*)?(?:urgence|criticit[ée])\s*[:=–-]?\s*(tr[eè]s\s+\p{L}+|\p{L}+)/iu.exec(text);
  if (!match) return null;
  const word = (match[1] as string).trim();
  return URGENCY_WORDS.find(([pattern]) => pattern.test(word))?.[1] ?? null;
}

/** The subject without the reply and forward prefixes clients stack on it (Re:, TR:, Fwd:…). */
export function cleanSubject(subject: string): string {
  return subject.replace(/^\s*((re|tr|fwd?|aw|wg|réf|ref)\s*(\[\d+\])?\s*:\s*)+/i, "").trim();
}

const QUOTE_HEADERS = [
  // Gmail, Thunderbird, Apple Mail: « Le lun. 23 nov. 2026 à 10:00, X <x@y> a écrit : », maybe on two lines.
  /^(?:Le|On)\s[^\n]*(?:\n[^\n]*)?\s(?:a écrit|wrote)\s?:\s*$/im,
  /^-{2,}\s*(?:Original Message|Message d'origine|Message original|Forwarded message|Message transféré)\s*-{2,}/im,
  // Outlook: a "De :" header block.
  /^(?:De|From)\s?:\s[^\n]+\n(?:[^\n]+\n){0,3}?(?:Envoyé|Sent|Date)\s?:\s/im,
];

/**
 * A reply's own words, without the history it quotes: cut at the first quoting header, then
 * lines that start with ">". Only the simple, common shapes; when nothing would be left, the
 * text is kept whole rather than lost.
 */
export function stripQuotedHistory(text: string): string {
  let cut = text;
  for (const pattern of QUOTE_HEADERS) {
    const match = pattern.exec(cut);
    if (match) cut = cut.slice(0, match.index);
  }
  const own = cut
    .split("\n")
    .filter((line) => !line.trimStart().startsWith(">"))
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
  return own || text.trim();
}
