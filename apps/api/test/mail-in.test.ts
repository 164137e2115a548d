import { and, eq, sql } from "drizzle-orm";
import type { FastifyBaseLogger } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Ctx, systemActor } from "../src/context.ts";
import { queryRows } from "../src/db/client.ts";
import { attachmentContents, auditEvents, inboundMessages, mailboxPolls, outboxMessages, ticketAttachments, ticketEvents, tickets } from "../src/db/schema.ts";
import { generateSecretKey, isSealed } from "../src/lib/secrets.ts";
import { createTransport, deliverOutbox } from "../src/modules/mail/mail.service.ts";
import { pollAllMailboxes, pollMailboxNow, pollRegionMailbox } from "../src/modules/mail-in/mail-in.poller.ts";
import { findRegion } from "../src/modules/mail-in/mail-in.repository.ts";
import { processInboundMessage } from "../src/modules/mail-in/mail-in.service.ts";
import { sealMailboxPassword } from "../src/modules/mail-in/mailbox-settings.ts";
import { noJobs } from "../src/plugins/jobs.ts";
import { buildDesk, type DeskOptions, incident } from "./desk-fixture.ts";
import { type Dovecot, startDovecot } from "./dovecot.ts";
import { assignRole, buildPerson, buildSchool, logIn, regionWithAdmin, type Session, schoolScope } from "./factories.ts";
import { buildTestApp, testClock } from "./setup.ts";
import { parseMail, startSmtpServer } from "./smtp.ts";

/**
 * E-mail to ticket (issue 3): a real Dovecot holds each region's desk mailbox, mail arrives in
 * it by IMAP APPEND, the poller reads it with imapflow, and the answers leave through the
 * outbox to a real SMTP server in this process. Monday 23 November 2026, 09:00 in Paris.
 */
type TestApp = Awaited<ReturnType<typeof buildTestApp>>;
const clock = testClock(new Date("2026-11-23T08:00:00Z"));
let t: TestApp;
let imap: Dovecot;
let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
let address = 0;
const logged: { level: string; args: unknown[] }[] = [];
const log = {
  level: "info",
  ...Object.fromEntries(["info", "warn", "error", "fatal", "debug", "trace"].map((level) => [level, (...args: unknown[]) => logged.push({ level, args })])),
  child: () => log,
} as unknown as FastifyBaseLogger;

beforeAll(async () => {
  // Dovecot first: if it cannot start, the whole file fails here, loudly.
  imap = await startDovecot();
  smtp = await startSmtpServer();
  t = await buildTestApp({ clock, env: { SMTP_URL: smtp.url } });
}, 60_000);
afterAll(async () => {
  await t?.close();
  await smtp?.close();
  await imap?.stop();
});

const login = (person: { email: string; totpSecret?: string | null }) => logIn(t.app, person, { now: clock.now(), remoteAddress: `10.7.0.${++address % 250}` });
const send = (session: Session, method: "GET" | "POST" | "PUT", url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: session.headers, ...(payload ? { payload } : {}) });

const jobCtx = (): Ctx => ({
  db: t.db,
  actor: systemActor("Relais (courrier entrant)"),
  log,
  jobs: noJobs,
  clock,
  config: t.config,
  requestId: null,
  ip: null,
});

let mailboxSerial = 0;
/** A desk with its mailbox set by its region administrator, through the API. */
async function deskWithMailbox(options: DeskOptions = {}) {
  const d = await buildDesk(t, login, options);
  const admin = await buildPerson(t.db, { role: "region_admin", scope: { kind: "region", regionId: d.region.id }, withTotp: true });
  const adminSession = await login(admin);
  const user = `support-${++mailboxSerial}@${d.region.code}.test`;
  const response = await send(adminSession, "PUT", `/regions/${d.region.id}/mailbox`, {
    host: imap.host,
    port: imap.port,
    tls: false,
    user,
    password: imap.password,
    folder: "INBOX",
  });
  expect(response.statusCode, response.body).toBe(200);
  return { ...d, admin, adminSession, mailbox: user };
}
type Desk = Awaited<ReturnType<typeof deskWithMailbox>>;

async function poll(d: Desk) {
  const region = await findRegion(t.db, d.region.id);
  return pollRegionMailbox(jobCtx(), region!);
}

let messageSerial = 0;
type Part = { name: string; type: string; bytes: Buffer };
/** An RFC 5322 message as a mail client writes it: UTF-8 text, files in base64 parts. */
function rawMail(m: {
  from?: string | null;
  subject?: string;
  body?: string;
  messageId?: string | null;
  headers?: Record<string, string>;
  attachments?: Part[];
  contentType?: string;
}): Buffer {
  const word = (s: string) => (/^[\x20-\x7e]*$/.test(s) ? s : `=?UTF-8?B?${Buffer.from(s).toString("base64")}?=`);
  const lines: string[] = [];
  if (m.from !== null) lines.push(`From: ${m.from ?? "someone@exemple.test"}`);
  lines.push("To: support@region.test", `Subject: ${word(m.subject ?? "Plus de réseau en salle B12")}`, "Date: Mon, 23 Nov 2026 09:00:00 +0100");
  if (m.messageId !== null) lines.push(`Message-ID: ${m.messageId ?? `<m${++messageSerial}.${Date.now()}@lycee.test>`}`);
  lines.push("MIME-Version: 1.0");
  for (const [name, value] of Object.entries(m.headers ?? {})) lines.push(`${name}: ${value}`);
  const text = m.body ?? "Bonjour,\n\nLes postes de la salle B12 n'ont plus de réseau depuis ce matin.\n\nCordialement";
  const textPart = ["Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: base64", "", Buffer.from(text).toString("base64")];
  if (m.contentType) return Buffer.from([...lines, `Content-Type: ${m.contentType}`, "", text, ""].join("\r\n"));
  if (!m.attachments?.length) return Buffer.from([...lines, ...textPart, ""].join("\r\n"));
  const boundary = `b${messageSerial}x${Math.random().toString(36).slice(2)}`;
  const parts = [textPart.join("\r\n")];
  for (const a of m.attachments) {
    parts.push(
      [
        `Content-Type: ${a.type}; name="${a.name}"`,
        `Content-Disposition: attachment; filename="${a.name}"`,
        "Content-Transfer-Encoding: base64",
        "",
        a.bytes.toString("base64").replace(/.{76}/g, "$&\r\n"),
      ].join("\r\n"),
    );
  }
  return Buffer.from(
    [...lines, `Content-Type: multipart/mixed; boundary="${boundary}"`, "", ...parts.map((p) => `--${boundary}\r\n${p}`), `--${boundary}--`, ""].join("\r\n"),
  );
}

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from("\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0", "latin1"),
]);
const PDF = Buffer.from("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
const EXE = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(200, 0x90)]);

const ticketsOf = (d: Desk) => t.db.select().from(tickets).where(eq(tickets.regionId, d.region.id)).orderBy(tickets.number);
const inboundOf = (d: Desk) => t.db.select().from(inboundMessages).where(eq(inboundMessages.regionId, d.region.id)).orderBy(inboundMessages.processedAt);
const outboxTo = (to: string) => t.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, to));

describe("mail from an authorised sender", () => {
  it("opens a ticket on the e-mail channel for the desk to qualify, acknowledged once with its number", async () => {
    const d = await deskWithMailbox();
    const raw = rawMail({ from: `Claire Martin <${d.people.correspondent.email.toUpperCase()}>`, subject: "TR: Plus de réseau en salle B12" });
    await imap.append(d.mailbox, raw);
    expect(await imap.unseen(d.mailbox)).toHaveLength(1);

    const summary = await poll(d);
    expect(summary).toEqual({ fetched: 1, outcomes: { ticket_opened: 1 }, duplicates: 0, failed: 0 });
    const [ticket, ...others] = await ticketsOf(d);
    expect(others).toEqual([]);
    expect(ticket).toMatchObject({
      number: `${d.region.code.toUpperCase()}-2026-000001`,
      schoolId: d.school.id,
      channel: "email",
      kind: "incident",
      category: "other",
      urgency: "medium",
      impact: "user",
      status: "new",
      title: "Plus de réseau en salle B12",
      requesterId: d.people.correspondent.id,
      filedById: d.people.correspondent.id,
    });
    expect(ticket!.description).toBe("Bonjour,\n\nLes postes de la salle B12 n'ont plus de réseau depuis ce matin.\n\nCordialement");
    const [inbound] = await inboundOf(d);
    expect(inbound).toMatchObject({ outcome: "ticket_opened", ticketId: ticket!.id, fromAddress: d.people.correspondent.email.toLowerCase() });
    const [audit] = await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, ticket!.id));
    expect(audit?.action).toBe("ticket.filed");
    // Flagged only now, after the commit.
    expect(await imap.unseen(d.mailbox)).toEqual([]);

    // One acknowledgement, the filing's own, with the number: no second one from mail-in.
    const acks = await outboxTo(d.people.correspondent.email);
    expect(acks).toHaveLength(1);
    expect(acks[0]!.subject).toContain(ticket!.number);
    await deliverOutbox(t.db, createTransport(smtp.url), t.config.MAIL_FROM);
    const received = smtp.received.filter((m) => m.envelopeTo.includes(d.people.correspondent.email));
    expect(received).toHaveLength(1);
    const ack = parseMail(received[0]!.raw);
    expect(ack.subject).toContain(ticket!.number);
    expect(ack.text).toContain("ticket enregistré");
    // Answering the acknowledgement writes to the desk mailbox, where the answer joins the ticket.
    expect(ack.headers["reply-to"]).toBe(d.mailbox);
  });

  it("sends ticket mail with the desk's address as Reply-To: the one the administrator names, else the account's, none without a mailbox", async () => {
    const d = await deskWithMailbox();
    const filed = async () => {
      const response = await send(d.sessions.correspondent, "POST", "/tickets", incident(d.school.id));
      expect(response.statusCode, response.body).toBe(201);
      return (await outboxTo(d.people.correspondent.email)).at(-1)!;
    };
    expect((await filed()).replyTo).toBe(d.mailbox);
    const named = await send(d.adminSession, "PUT", `/regions/${d.region.id}/mailbox`, {
      host: imap.host,
      port: imap.port,
      tls: false,
      user: "compte-imap",
      folder: "INBOX",
      address: "support@region.test",
    });
    expect(named.statusCode, named.body).toBe(200);
    expect(named.json().mailbox.address).toBe("support@region.test");
    expect((await filed()).replyTo).toBe("support@region.test");
    const bad = await send(d.adminSession, "PUT", `/regions/${d.region.id}/mailbox`, { host: imap.host, user: "compte-imap", address: "pas une adresse" });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain("Adresse e-mail invalide");
    const plain = await buildDesk(t, login);
    const response = await send(plain.sessions.correspondent, "POST", "/tickets", incident(plain.school.id));
    expect(response.statusCode).toBe(201);
    expect((await outboxTo(plain.people.correspondent.email))[0]!.replyTo).toBeNull();
  });

  it("takes the urgency the correspondent states in the mail (seed 003)", async () => {
    const d = await deskWithMailbox();
    await imap.append(
      d.mailbox,
      rawMail({ from: d.people.correspondent.email, subject: "Coupure totale", body: "Niveau d'urgence : très haut.\n\nPlus rien ne passe." }),
    );
    expect(await poll(d)).toMatchObject({ outcomes: { ticket_opened: 1 } });
    const [ticket] = await ticketsOf(d);
    expect(ticket).toMatchObject({ urgency: "very_high", impact: "user", category: "other" });
  });

  it("files for the school named by its UAI when the sender holds several, and asks which when none is named", async () => {
    const d = await deskWithMailbox();
    const second = await buildSchool(t.db, { regionId: d.region.id, sectorId: d.sector.id, zoneId: d.zone.id, name: "Lycée Second" });
    await assignRole(t.db, d.people.correspondent.id, "correspondent", schoolScope(second));
    await imap.append(d.mailbox, rawMail({ from: d.people.correspondent.email, subject: `Imprimante HS au ${second.uai}` }));
    await imap.append(d.mailbox, rawMail({ from: d.people.correspondent.email, subject: "Imprimante HS" }));
    expect(await poll(d)).toMatchObject({ fetched: 2, outcomes: { ticket_opened: 1, sender_refused: 1 }, failed: 0 });
    const [ticket, ...others] = await ticketsOf(d);
    expect(others).toEqual([]);
    expect(ticket!.schoolId).toBe(second.id);
    const asked = (await outboxTo(d.people.correspondent.email)).filter((m) => m.template === "mail-in-school-needed");
    expect(asked).toHaveLength(1);
    expect(asked[0]!.textBody).toContain(second.uai);
    expect(asked[0]!.textBody).toContain(d.school.uai);
  });

  it("adds a reply carrying the ticket number to that ticket as a public comment, without the quoted history", async () => {
    const d = await deskWithMailbox();
    const filed = await send(d.sessions.correspondent, "POST", "/tickets", incident(d.school.id));
    expect(filed.statusCode, filed.body).toBe(201);
    const number: string = filed.json().ticket.number;
    const reply = `Le poste du professeur est reparti, mais pas les autres.\n\nLe lun. 23 nov. 2026 à 10:00, Relais <ne-pas-repondre@relais.localhost> a écrit :\n> Ticket ${number} : ticket enregistré.\n> Statut : Nouveau.`;
    await imap.append(d.mailbox, rawMail({ from: d.people.head.email, subject: `RE: [${number}] Plus de réseau au bâtiment B — Nouveau`, body: reply }));
    // A reply whose subject lost the number still carries it in the quoted notification.
    await imap.append(
      d.mailbox,
      rawMail({
        from: d.people.correspondent.email,
        subject: "Re: votre message",
        body: `Toujours en panne.\n\n> Ticket ${number.toLowerCase()} (lycée) : nouveau commentaire`,
      }),
    );
    expect(await poll(d)).toMatchObject({ fetched: 2, outcomes: { comment_added: 2 }, failed: 0 });
    expect(await ticketsOf(d)).toHaveLength(1);
    const ticketId = filed.json().ticket.id as string;
    const comments = await t.db
      .select()
      .from(ticketEvents)
      .where(and(eq(ticketEvents.ticketId, ticketId), eq(ticketEvents.type, "comment")))
      .orderBy(ticketEvents.id);
    expect(comments.map((c) => [c.actorId, c.visibility, c.body])).toEqual([
      [d.people.head.id, "public", "Le poste du professeur est reparti, mais pas les autres."],
      [d.people.correspondent.id, "public", "Toujours en panne."],
    ]);
    expect((await inboundOf(d)).map((m) => [m.outcome, m.ticketId])).toEqual([
      ["comment_added", ticketId],
      ["comment_added", ticketId],
    ]);
  });

  it("opens a new ticket when the reply names a ticket that is closed, saying so", async () => {
    const d = await deskWithMailbox();
    const filed = (await send(d.sessions.correspondent, "POST", "/tickets", incident(d.school.id))).json().ticket;
    await t.db.update(tickets).set({ status: "closed", closedAt: clock.now() }).where(eq(tickets.id, filed.id));
    await imap.append(
      d.mailbox,
      rawMail({ from: d.people.correspondent.email, subject: `Re: [${filed.number}] Plus de réseau au bâtiment B`, body: "Ça recommence." }),
    );
    expect(await poll(d)).toMatchObject({ outcomes: { ticket_opened: 1 } });
    const opened = (await ticketsOf(d)).find((x) => x.id !== filed.id)!;
    expect(opened.description).toBe(`Suite du ticket ${filed.number}, clos.\n\nÇa recommence.`);
  });

  it("keeps the attachments byte for byte, and lists those the attachments service refuses instead of losing the mail", async () => {
    const d = await deskWithMailbox();
    await imap.append(
      d.mailbox,
      rawMail({
        from: d.people.correspondent.email,
        subject: "Écran bleu au CDI",
        body: "Voici la capture et le rapport.",
        attachments: [
          { name: "capture.png", type: "image/png", bytes: PNG },
          { name: "rapport.pdf", type: "application/pdf", bytes: PDF },
          { name: "outil.exe", type: "application/octet-stream", bytes: EXE },
        ],
      }),
    );
    expect(await poll(d)).toMatchObject({ outcomes: { ticket_opened: 1 }, failed: 0 });
    const [ticket] = await ticketsOf(d);
    const files = await t.db
      .select({
        fileName: ticketAttachments.fileName,
        mediaType: ticketAttachments.mediaType,
        eventId: ticketAttachments.eventId,
        content: attachmentContents.content,
      })
      .from(ticketAttachments)
      .innerJoin(attachmentContents, eq(attachmentContents.attachmentId, ticketAttachments.id))
      .where(eq(ticketAttachments.ticketId, ticket!.id))
      .orderBy(ticketAttachments.fileName);
    expect(files.map((f) => [f.fileName, f.mediaType])).toEqual([
      ["capture.png", "image/png"],
      ["rapport.pdf", "application/pdf"],
    ]);
    expect(Buffer.compare(files[0]!.content, PNG)).toBe(0);
    expect(Buffer.compare(files[1]!.content, PDF)).toBe(0);
    const [created] = await t.db
      .select()
      .from(ticketEvents)
      .where(and(eq(ticketEvents.ticketId, ticket!.id), eq(ticketEvents.type, "created")));
    expect(files.every((f) => f.eventId === created!.id)).toBe(true);
    expect(ticket!.description).toMatch(/^Voici la capture et le rapport\.\n\nPièces jointes du courriel non conservées :\n- « outil\.exe » : /);
    // Refusing a file did not consume a second number (the write was undone and redone).
    expect(ticket!.number).toMatch(/-000001$/);
    const [inbound] = await inboundOf(d);
    expect(inbound!.detail).toContain("2 pièce(s) jointe(s) conservée(s). 1 refusée(s).");
  });

  it("joins a reply's files to its comment", async () => {
    const d = await deskWithMailbox();
    const filed = (await send(d.sessions.correspondent, "POST", "/tickets", incident(d.school.id))).json().ticket;
    await imap.append(
      d.mailbox,
      rawMail({
        from: d.people.correspondent.email,
        subject: `Re: [${filed.number}]`,
        body: "La photo de la baie.",
        attachments: [{ name: "baie.png", type: "image/png", bytes: PNG }],
      }),
    );
    expect(await poll(d)).toMatchObject({ outcomes: { comment_added: 1 } });
    const [comment] = await t.db
      .select()
      .from(ticketEvents)
      .where(and(eq(ticketEvents.ticketId, filed.id), eq(ticketEvents.type, "comment")));
    const [file] = await t.db.select().from(ticketAttachments).where(eq(ticketAttachments.ticketId, filed.id));
    expect(file).toMatchObject({ fileName: "baie.png", eventId: comment!.id, uploadedById: d.people.correspondent.id, visibility: "public" });
  });
});

describe("mail from someone who may not file", () => {
  it("answers a teacher politely, naming the school's correspondent, and opens nothing", async () => {
    const d = await deskWithMailbox();
    await imap.append(d.mailbox, rawMail({ from: d.people.teacher.email, subject: "Vidéoprojecteur en panne" }));
    expect(await poll(d)).toMatchObject({ outcomes: { sender_refused: 1 }, failed: 0 });
    expect(await ticketsOf(d)).toEqual([]);
    const [answer, ...more] = await outboxTo(d.people.teacher.email);
    expect(more).toEqual([]);
    expect(answer).toMatchObject({ template: "mail-in-refused", regionId: d.region.id });
    expect(answer!.subject).toContain("Vidéoprojecteur en panne");
    expect(answer!.textBody).toContain(`${d.people.correspondent.firstName} ${d.people.correspondent.lastName} <${d.people.correspondent.email}>`);
    expect(answer!.textBody).toContain("n'a donc pas ouvert de ticket");
    const [inbound] = await inboundOf(d);
    expect(inbound).toMatchObject({ outcome: "sender_refused", ticketId: null });
    await deliverOutbox(t.db, createTransport(smtp.url), t.config.MAIL_FROM);
    const delivered = smtp.received.filter((m) => m.envelopeTo.includes(d.people.teacher.email));
    expect(delivered).toHaveLength(1);
    // The answer is marked automatic, so the sender's own responder does not answer it back.
    expect(parseMail(delivered[0]!.raw).headers["auto-submitted"]).toBe("auto-generated");
  });

  it("refuses a coordinator where the region keeps filing to correspondents, and files where it allows", async () => {
    const strict = await deskWithMailbox();
    await imap.append(strict.mailbox, rawMail({ from: strict.people.coordinator.email }));
    expect(await poll(strict)).toMatchObject({ outcomes: { sender_refused: 1 } });
    expect(await ticketsOf(strict)).toEqual([]);
    expect((await inboundOf(strict))[0]!.detail).toContain("le coordonnateur numérique transmet ses demandes au correspondant");

    const allowing = await deskWithMailbox({ coordinatorsMayFile: true });
    await imap.append(allowing.mailbox, rawMail({ from: allowing.people.coordinator.email }));
    expect(await poll(allowing)).toMatchObject({ outcomes: { ticket_opened: 1 } });
    expect((await ticketsOf(allowing))[0]!.requesterId).toBe(allowing.people.coordinator.id);
  });

  it("answers an unknown address once a day at most, and a person of another region as unknown", async () => {
    const d = await deskWithMailbox();
    const elsewhere = await deskWithMailbox();
    await imap.append(d.mailbox, rawMail({ from: "Inconnu <inconnu@ailleurs.test>", subject: "Bonjour" }));
    await imap.append(d.mailbox, rawMail({ from: "inconnu@ailleurs.test", subject: "Relance" }));
    await imap.append(d.mailbox, rawMail({ from: elsewhere.people.correspondent.email, subject: "Mauvaise région" }));
    expect(await poll(d)).toMatchObject({ outcomes: { sender_refused: 3 } });
    expect(await ticketsOf(d)).toEqual([]);
    expect(await ticketsOf(elsewhere)).toEqual([]);
    const answers = await outboxTo("inconnu@ailleurs.test");
    expect(answers).toHaveLength(1);
    expect(answers[0]!.textBody).toContain("Bonjour Inconnu,");
    expect(answers[0]!.textBody).toContain("Adressez-vous au correspondant informatique de votre établissement");
    expect((await outboxTo(elsewhere.people.correspondent.email)).filter((m) => m.template === "mail-in-refused")).toHaveLength(1);
    // In the mailbox's order: the first mail from the address is answered, the next one is not.
    expect(Object.fromEntries((await inboundOf(d)).map((m) => [m.subject, m.detail]))).toEqual({
      Bonjour: expect.stringContaining("Réponse envoyée"),
      Relance: expect.stringContaining("Pas de nouvelle réponse"),
      "Mauvaise région": expect.stringContaining("Adresse inconnue de Relais dans cette région. Réponse envoyée"),
    });
  });
});

describe("automatic mail", () => {
  it("ignores auto-replies and bounces, even from an authorised sender: no ticket, no answer", async () => {
    const d = await deskWithMailbox();
    const from = d.people.correspondent.email;
    const automatic = [
      rawMail({ from, subject: "Absence du bureau", headers: { "Auto-Submitted": "auto-replied" } }),
      rawMail({ from, subject: "Je suis absente", headers: { "X-Autoreply": "yes" } }),
      rawMail({ from, subject: "Lettre d'information", headers: { Precedence: "bulk" } }),
      rawMail({ from, subject: "Non remis", headers: { "X-Failed-Recipients": "x@exemple.test" } }),
      rawMail({ from: "MAILER-DAEMON@lycee.test", subject: "Undelivered Mail Returned to Sender" }),
      rawMail({
        from: "postmaster@lycee.test",
        subject: "Delivery Status Notification (Failure)",
        contentType: 'multipart/report; report-type=delivery-status; boundary="r"',
        body: "--r\r\nContent-Type: text/plain\r\n\r\nNon remis.\r\n--r\r\nContent-Type: message/delivery-status\r\n\r\nStatus: 5.1.1\r\n--r--",
      }),
      rawMail({
        from,
        subject: "Rapport",
        contentType: 'multipart/report; report-type=delivery-status; boundary="r"',
        body: "--r\r\nContent-Type: text/plain\r\n\r\nx\r\n--r--",
      }),
    ];
    for (const raw of automatic) await imap.append(d.mailbox, raw);
    expect(await poll(d)).toMatchObject({ fetched: 7, outcomes: { ignored: 7 }, failed: 0 });
    expect(await ticketsOf(d)).toEqual([]);
    expect(await outboxTo(from)).toEqual([]);
    expect(await outboxTo("postmaster@lycee.test")).toEqual([]);
    const rows = await inboundOf(d);
    expect(rows.map((r) => r.outcome)).toEqual(Array(7).fill("ignored"));
    expect(rows.map((r) => r.detail)).toEqual(
      expect.arrayContaining([
        expect.stringContaining("Auto-Submitted: auto-replied"),
        expect.stringContaining("Precedence: bulk"),
        expect.stringContaining("delivery-status"),
      ]),
    );
    expect(await imap.unseen(d.mailbox)).toEqual([]);
  });
});

describe("exactly once", () => {
  it("opens one ticket for one Message-ID, however often the message comes", async () => {
    const d = await deskWithMailbox();
    const raw = rawMail({ from: d.people.correspondent.email, messageId: "<meme-message@lycee.test>" });
    await imap.append(d.mailbox, raw);
    await imap.append(d.mailbox, raw);
    expect(await poll(d)).toEqual({ fetched: 2, outcomes: { ticket_opened: 1 }, duplicates: 1, failed: 0 });
    await imap.append(d.mailbox, raw);
    expect(await poll(d)).toEqual({ fetched: 1, outcomes: {}, duplicates: 1, failed: 0 });
    expect(await ticketsOf(d)).toHaveLength(1);
    expect(await inboundOf(d)).toHaveLength(1);
    expect(await outboxTo(d.people.correspondent.email)).toHaveLength(1);
    expect(await imap.unseen(d.mailbox)).toEqual([]);
  });

  it("two processes taking the same message at the same moment open one ticket and send one acknowledgement", async () => {
    const d = await deskWithMailbox();
    const raw = rawMail({ from: d.people.correspondent.email });
    const results = await Promise.all([processInboundMessage(jobCtx(), d.region, raw), processInboundMessage(jobCtx(), d.region, raw)]);
    expect(results.map((r) => r.duplicate).sort()).toEqual([false, true]);
    expect(results[0]!.ticketNumber).toBe(results[1]!.ticketNumber);
    expect(results.map((r) => r.outcome)).toEqual(["ticket_opened", "ticket_opened"]);
    expect(await ticketsOf(d)).toHaveLength(1);
    expect(await outboxTo(d.people.correspondent.email)).toHaveLength(1);
  });

  it("two pollers started together: one reads the mailbox, the other finds it taken", async () => {
    const d = await deskWithMailbox();
    await imap.append(d.mailbox, rawMail({ from: d.people.correspondent.email }));
    const [first, second] = await Promise.all([poll(d), poll(d)]);
    expect([first, second].filter((s) => s === null)).toHaveLength(1);
    expect(first ?? second).toMatchObject({ fetched: 1, outcomes: { ticket_opened: 1 } });
    expect(await ticketsOf(d)).toHaveLength(1);
  });

  it("after a crash between the commit and the \\Seen flag, the next poll only flags the message", async () => {
    const d = await deskWithMailbox();
    const raw = rawMail({ from: d.people.correspondent.email });
    await imap.append(d.mailbox, raw);
    // The poller's first run: the message processed and committed, then the process died before flagging it.
    const first = await processInboundMessage(jobCtx(), d.region, raw);
    expect(first).toMatchObject({ outcome: "ticket_opened", duplicate: false });
    expect(await imap.unseen(d.mailbox)).toHaveLength(1);

    expect(await poll(d)).toEqual({ fetched: 1, outcomes: {}, duplicates: 1, failed: 0 });
    expect(await ticketsOf(d)).toHaveLength(1);
    expect(await imap.unseen(d.mailbox)).toEqual([]);
    expect(await processInboundMessage(jobCtx(), d.region, raw)).toEqual({ ...first, duplicate: true });
  });

  it("after a crash inside the transaction, nothing is saved and the message stays unseen until a poll processes it", async () => {
    const d = await deskWithMailbox();
    // A fault right after the ticket's insert, inside the processing transaction.
    await t.db.execute(
      sql.raw(`create or replace function mail_in_test_fault() returns trigger language plpgsql as $$
        begin if new.title = 'Panne simulée' then raise exception 'simulated crash after the ticket insert'; end if; return new; end $$`),
    );
    await t.db.execute(sql.raw("create trigger mail_in_test_fault after insert on tickets for each row execute function mail_in_test_fault()"));
    try {
      await imap.append(d.mailbox, rawMail({ from: d.people.correspondent.email, subject: "Panne simulée" }));
      expect(await poll(d)).toEqual({ fetched: 1, outcomes: {}, duplicates: 0, failed: 1 });
      expect(logged.some((l) => l.level === "error" && JSON.stringify(l.args).includes("not processed"))).toBe(true);
      expect(await ticketsOf(d)).toEqual([]);
      expect(await inboundOf(d)).toEqual([]);
      expect(await outboxTo(d.people.correspondent.email)).toEqual([]);
      expect(await imap.unseen(d.mailbox)).toHaveLength(1);
    } finally {
      await t.db.execute(sql.raw("drop trigger mail_in_test_fault on tickets"));
    }
    expect(await poll(d)).toEqual({ fetched: 1, outcomes: { ticket_opened: 1 }, duplicates: 0, failed: 0 });
    const [ticket] = await ticketsOf(d);
    // The failed attempt took no number either.
    expect(ticket!.number).toMatch(/-000001$/);
    expect(await imap.unseen(d.mailbox)).toEqual([]);
  });
});

describe("malformed mail", () => {
  it("records a message without sender or without headers as rejected, and does nothing else", async () => {
    const d = await deskWithMailbox();
    await imap.append(d.mailbox, rawMail({ from: null, subject: "Sans expéditeur" }));
    await imap.append(d.mailbox, rawMail({ from: "pas une adresse", subject: "Expéditeur illisible" }));
    await imap.append(d.mailbox, Buffer.from("ceci n'est pas un e-mail\r\nni des en-têtes\r\n"));
    expect(await poll(d)).toMatchObject({ fetched: 3, outcomes: { rejected: 3 }, failed: 0 });
    const rows = await inboundOf(d);
    expect(rows.map((r) => r.outcome)).toEqual(["rejected", "rejected", "rejected"]);
    expect(Object.fromEntries(rows.map((r) => [r.subject, r.detail]))).toEqual({
      "Sans expéditeur": expect.stringContaining("sans expéditeur valide"),
      "Expéditeur illisible": expect.stringContaining("sans expéditeur valide"),
      "": expect.stringContaining("illisible : ce n'est pas un e-mail"),
    });
    expect(await ticketsOf(d)).toEqual([]);
    expect(await t.db.select().from(outboxMessages).where(eq(outboxMessages.regionId, d.region.id))).toEqual([]);
    expect(await imap.unseen(d.mailbox)).toEqual([]);
  });

  it("keys a message without Message-ID by its bytes: fetched twice, it opens one ticket", async () => {
    const d = await deskWithMailbox();
    const raw = rawMail({ from: d.people.correspondent.email, messageId: null });
    await imap.append(d.mailbox, raw);
    await imap.append(d.mailbox, raw);
    expect(await poll(d)).toEqual({ fetched: 2, outcomes: { ticket_opened: 1 }, duplicates: 1, failed: 0 });
    const [row] = await inboundOf(d);
    expect(row!.messageId).toMatch(/^<sha256-[0-9a-f]{64}@relais\.invalid>$/);
  });
});

describe("the mailbox account", () => {
  it("is set by the region administrator; the password is written, never read back, and kept when left out", async () => {
    const d = await deskWithMailbox();
    const read = await send(d.adminSession, "GET", `/regions/${d.region.id}/mailbox`);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({
      mailbox: { host: imap.host, port: imap.port, tls: false, user: d.mailbox, folder: "INBOX", enabled: true, hasPassword: true },
    });
    expect(read.body).not.toContain(imap.password);
    const changed = await send(d.adminSession, "PUT", `/regions/${d.region.id}/mailbox`, {
      host: imap.host,
      port: imap.port,
      tls: false,
      user: d.mailbox,
      folder: "Support",
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.body).not.toContain(imap.password);
    const audits = await t.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, d.region.id), eq(auditEvents.action, "region.mailbox_updated")));
    expect(audits).toHaveLength(2);
    expect(JSON.stringify(audits)).not.toContain(imap.password);

    // The kept password still logs in; the new folder is the one read.
    await imap.append(d.mailbox, rawMail({ from: d.people.correspondent.email }), "Support");
    await imap.append(d.mailbox, rawMail({ from: d.people.correspondent.email }), "INBOX");
    expect(await poll(d)).toMatchObject({ fetched: 1, outcomes: { ticket_opened: 1 } });
    expect(await imap.unseen(d.mailbox, "INBOX")).toHaveLength(1);
  });

  it("refuses others and bad settings with a French 4xx, changing nothing", async () => {
    const d = await deskWithMailbox();
    const before = (await findRegion(t.db, d.region.id))!.settings;
    const good = { host: imap.host, port: imap.port, tls: false, user: "autre@x.test", password: "x" };
    expect((await send(d.sessions.operator, "GET", `/regions/${d.region.id}/mailbox`)).statusCode).toBe(404);
    // The desk reads the region (403, not 404) but only its administration sets the mailbox.
    const byOperator = await send(d.sessions.operator, "PUT", `/regions/${d.region.id}/mailbox`, good);
    expect(byOperator.statusCode).toBe(403);
    expect(byOperator.json().detail).toBe("Seule l'administration régionale règle la boîte aux lettres du support.");
    expect((await send(d.sessions.teacher, "PUT", `/regions/${d.region.id}/mailbox`, good)).statusCode).toBe(404);
    const bad = await send(d.adminSession, "PUT", `/regions/${d.region.id}/mailbox`, { ...good, port: 70000, host: "pas un hôte !" });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(["body.host", "body.port"]);
    const extra = await send(d.adminSession, "PUT", `/regions/${d.region.id}/mailbox`, { ...good, smtp: "x" });
    expect(extra.statusCode).toBe(400);
    expect((await findRegion(t.db, d.region.id))!.settings).toEqual(before);

    const fresh = await deskWithMailbox();
    await t.db.execute(sql`update regions set settings = settings - 'mailbox' where id = ${fresh.region.id}`);
    const noPassword = await send(fresh.adminSession, "PUT", `/regions/${fresh.region.id}/mailbox`, { host: imap.host, user: "x@y.test" });
    expect(noPassword.statusCode).toBe(400);
    expect(noPassword.json().detail).toBe("Indiquez le mot de passe du compte de messagerie.");
  });

  it("logs a refused login or an unreachable server, shows it to the administrator, and never throws", async () => {
    const d = await deskWithMailbox();
    await send(d.adminSession, "PUT", `/regions/${d.region.id}/mailbox`, {
      host: imap.host,
      port: imap.port,
      tls: false,
      user: d.mailbox,
      password: "mauvais",
    });
    await imap.append(d.mailbox, rawMail({ from: d.people.correspondent.email }));
    expect(await poll(d)).toBeNull();
    const status = (await send(d.adminSession, "GET", `/regions/${d.region.id}/mailbox`)).json();
    expect(status.lastError).toMatch(/auth|Authentication|AUTHENTICATIONFAILED/i);
    expect(await ticketsOf(d)).toEqual([]);
    expect(await imap.unseen(d.mailbox)).toHaveLength(1);

    const unreachable = await deskWithMailbox();
    await send(unreachable.adminSession, "PUT", `/regions/${unreachable.region.id}/mailbox`, {
      host: "127.0.0.1",
      port: 1,
      tls: false,
      user: "x",
      password: "y",
    });
    // The job over every region: one broken mailbox does not stop the others.
    await imap.append(d.mailbox, rawMail({ from: d.people.correspondent.email, subject: "Après correction" }));
    await send(d.adminSession, "PUT", `/regions/${d.region.id}/mailbox`, {
      host: imap.host,
      port: imap.port,
      tls: false,
      user: d.mailbox,
      password: imap.password,
    });
    await pollAllMailboxes(jobCtx());
    expect((await send(unreachable.adminSession, "GET", `/regions/${unreachable.region.id}/mailbox`)).json().lastError).toMatch(/ECONNREFUSED/);
    expect(await ticketsOf(d)).toHaveLength(2);
    expect((await send(d.adminSession, "GET", `/regions/${d.region.id}/mailbox`)).json()).toMatchObject({
      lastError: null,
      lastPolledAt: clock.now().toISOString(),
    });
  });

  it("records a folder that does not exist as the poll's error", async () => {
    const d = await deskWithMailbox();
    await send(d.adminSession, "PUT", `/regions/${d.region.id}/mailbox`, {
      host: imap.host,
      port: imap.port,
      tls: false,
      user: d.mailbox,
      folder: "Inexistant",
    });
    expect(await poll(d)).toBeNull();
    expect((await send(d.adminSession, "GET", `/regions/${d.region.id}/mailbox`)).json().lastError).toMatch(/exist/i);
  });

  it("is polled by one process at a time: a second poll while the lease is held does nothing", async () => {
    const d = await deskWithMailbox();
    await t.db.insert(mailboxPolls).values({ regionId: d.region.id, leaseUntil: new Date(clock.now().getTime() + 60_000) });
    await imap.append(d.mailbox, rawMail({ from: d.people.correspondent.email }));
    expect(await poll(d)).toBeNull();
    expect(await imap.unseen(d.mailbox)).toHaveLength(1);
    clock.advance(61_000);
    try {
      expect(await poll(d)).toMatchObject({ outcomes: { ticket_opened: 1 } });
    } finally {
      clock.set(new Date("2026-11-23T08:00:00Z"));
    }
  });
});

describe("the mailbox password at rest (sealed under RELAIS_SECRET_KEY)", () => {
  const storedSettings = async (regionId: string) =>
    (await queryRows<{ settings: string }>(t.db, sql`select settings::text as settings from regions where id = ${regionId}`))[0]!.settings;
  const storedPassword = async (regionId: string) => (JSON.parse(await storedSettings(regionId)) as { mailbox: { password: string } }).mailbox.password;
  const pollWithKey = async (d: Desk, secretKey: Buffer | null) => {
    const region = await findRegion(t.db, d.region.id);
    return pollRegionMailbox({ ...jobCtx(), config: { ...t.config, secretKey } }, region!);
  };

  it("is never in clear in the region's row, and the poller still logs in with it", async () => {
    const d = await deskWithMailbox();
    const row = await storedSettings(d.region.id);
    expect(row).not.toContain(imap.password);
    expect(isSealed(await storedPassword(d.region.id))).toBe(true);
    await imap.append(d.mailbox, rawMail({ from: d.people.correspondent.email }));
    expect(await poll(d)).toMatchObject({ fetched: 1, outcomes: { ticket_opened: 1 } });
    // Saving again without a password keeps the sealed value as it is (it is not opened for that).
    const sealed = await storedPassword(d.region.id);
    await send(d.adminSession, "PUT", `/regions/${d.region.id}/mailbox`, { host: imap.host, port: imap.port, tls: false, user: d.mailbox, folder: "INBOX" });
    expect(await storedPassword(d.region.id)).toBe(sealed);
  });

  it("reads a password stored in clear by an earlier version, and seals it at the next save", async () => {
    const d = await deskWithMailbox();
    const region = (await findRegion(t.db, d.region.id))!;
    const legacy = { ...(region.settings as { mailbox: object }).mailbox, password: imap.password };
    await t.db.execute(sql`update regions set settings = jsonb_set(settings, '{mailbox}', ${JSON.stringify(legacy)}::jsonb) where id = ${d.region.id}`);
    expect(await storedPassword(d.region.id)).toBe(imap.password);
    await imap.append(d.mailbox, rawMail({ from: d.people.correspondent.email }));
    expect(await poll(d)).toMatchObject({ fetched: 1, outcomes: { ticket_opened: 1 } });
    expect((await send(d.adminSession, "GET", `/regions/${d.region.id}/mailbox`)).json().mailbox.hasPassword).toBe(true);

    const saved = await send(d.adminSession, "PUT", `/regions/${d.region.id}/mailbox`, { host: imap.host, port: imap.port, tls: false, user: d.mailbox });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(await storedSettings(d.region.id)).not.toContain(imap.password);
    expect(isSealed(await storedPassword(d.region.id))).toBe(true);
    await imap.append(d.mailbox, rawMail({ from: d.people.correspondent.email }));
    expect(await poll(d)).toMatchObject({ fetched: 1, outcomes: { ticket_opened: 1 } });
  });

  it("under another key, or none, fails the poll with a French reason kept for the administrator, never a crash", async () => {
    const d = await deskWithMailbox();
    await imap.append(d.mailbox, rawMail({ from: d.people.correspondent.email }));
    logged.length = 0;
    expect(await pollWithKey(d, generateSecretKey())).toBeNull();
    let status = (await send(d.adminSession, "GET", `/regions/${d.region.id}/mailbox`)).json();
    expect(status.lastError).toContain("ne s'ouvre pas avec la clé du serveur");
    expect(logged.some((entry) => entry.level === "error")).toBe(true);

    expect(await pollWithKey(d, null)).toBeNull();
    status = (await send(d.adminSession, "GET", `/regions/${d.region.id}/mailbox`)).json();
    expect(status.lastError).toContain("RELAIS_SECRET_KEY non défini");
    expect(await imap.unseen(d.mailbox)).toHaveLength(1);
    expect(await ticketsOf(d)).toEqual([]);

    // « Relever maintenant » says it too, as a 409 (this server's key, not the mail server's refusal).
    const foreign = sealMailboxPassword(generateSecretKey(), d.region.id, imap.password);
    await t.db.execute(sql`update regions set settings = jsonb_set(settings, '{mailbox,password}', to_jsonb(${foreign}::text)) where id = ${d.region.id}`);
    const button = await send(d.adminSession, "POST", `/regions/${d.region.id}/mailbox/poll`);
    expect(button.statusCode, button.body).toBe(409);
    expect(button.json().detail).toContain("ressaisissez le mot de passe");
    await expect(pollMailboxNow(jobCtx(), d.region.code)).rejects.toMatchObject({ code: "conflict" });
    expect(await imap.unseen(d.mailbox)).toHaveLength(1);

    // Bound to its region: another region's sealed password does not open here.
    const other = await deskWithMailbox();
    const othersSealed = await storedPassword(other.region.id);
    await t.db.execute(sql`update regions set settings = jsonb_set(settings, '{mailbox,password}', to_jsonb(${othersSealed}::text)) where id = ${d.region.id}`);
    expect(await poll(d)).toBeNull();
    expect((await send(d.adminSession, "GET", `/regions/${d.region.id}/mailbox`)).json().lastError).toContain("ne s'ouvre pas");

    // Entered again, it works.
    await send(d.adminSession, "PUT", `/regions/${d.region.id}/mailbox`, {
      host: imap.host,
      port: imap.port,
      tls: false,
      user: d.mailbox,
      password: imap.password,
    });
    expect(await poll(d)).toMatchObject({ fetched: 1, outcomes: { ticket_opened: 1 } });
  });

  it("without a key (DATABASE_URL and no RELAIS_SECRET_KEY), is refused with a French 409 that says what to set, storing nothing", async () => {
    const keyless = await buildTestApp({ env: { RELAIS_SECRET_KEY: "" } });
    try {
      expect(keyless.config.secretKey).toBeNull();
      const { region, session } = await regionWithAdmin(keyless.app, keyless.db);
      const put = (payload: object) => keyless.app.inject({ method: "PUT", url: `/api/v1/regions/${region.id}/mailbox`, headers: session.headers, payload });
      const refused = await put({ host: imap.host, port: imap.port, tls: false, user: "support@x.test", password: imap.password });
      expect(refused.statusCode, refused.body).toBe(409);
      expect(refused.json().detail).toContain("définir RELAIS_SECRET_KEY");
      expect(refused.json().detail).toContain("openssl rand -base64 32");
      const [row] = await queryRows<{ settings: string }>(keyless.db, sql`select settings::text as settings from regions where id = ${region.id}`);
      expect(row!.settings).not.toContain(imap.password);
      expect(JSON.parse(row!.settings).mailbox).toBeUndefined();

      // A password kept from before (here in clear, from an earlier version) still saves the other settings, as it was.
      const legacy = { enabled: true, host: imap.host, port: imap.port, tls: false, user: "support@x.test", password: "ancien", folder: "INBOX" };
      await keyless.db.execute(sql`update regions set settings = jsonb_set(settings, '{mailbox}', ${JSON.stringify(legacy)}::jsonb) where id = ${region.id}`);
      const kept = await put({ host: imap.host, port: imap.port, tls: false, user: "support@x.test", folder: "Support" });
      expect(kept.statusCode, kept.body).toBe(200);
      expect(kept.json().mailbox).toMatchObject({ folder: "Support", hasPassword: true });
    } finally {
      await keyless.close();
    }
  });
});

describe("npx relais poll-mailbox --region CODE", () => {
  it("polls now, and says in French why it cannot: unknown region, no mailbox, switched off, another poll running, a refused login", async () => {
    const d = await deskWithMailbox();
    await imap.append(d.mailbox, rawMail({ from: d.people.correspondent.email }));
    expect(await pollMailboxNow(jobCtx(), d.region.code.toUpperCase())).toEqual({ fetched: 1, outcomes: { ticket_opened: 1 }, duplicates: 0, failed: 0 });
    expect(await ticketsOf(d)).toHaveLength(1);

    await expect(pollMailboxNow(jobCtx(), "nulle-part")).rejects.toMatchObject({ code: "not_found" });
    const bare = await buildDesk(t, login);
    await expect(pollMailboxNow(jobCtx(), bare.region.code)).rejects.toMatchObject({
      code: "validation.failed",
      message: expect.stringContaining("pas de boîte aux lettres"),
    });
    await t.db
      .update(mailboxPolls)
      .set({ leaseUntil: new Date(clock.now().getTime() + 60_000) })
      .where(eq(mailboxPolls.regionId, d.region.id));
    await expect(pollMailboxNow(jobCtx(), d.region.code)).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("déjà en cours") });
    await t.db.update(mailboxPolls).set({ leaseUntil: clock.now() }).where(eq(mailboxPolls.regionId, d.region.id));
    await send(d.adminSession, "PUT", `/regions/${d.region.id}/mailbox`, {
      host: imap.host,
      port: imap.port,
      tls: false,
      user: d.mailbox,
      password: "mauvais",
    });
    await expect(pollMailboxNow(jobCtx(), d.region.code)).rejects.toMatchObject({
      code: "unavailable",
      message: expect.stringContaining(`Relevé impossible de ${d.mailbox}`),
    });
    await send(d.adminSession, "PUT", `/regions/${d.region.id}/mailbox`, { enabled: false, host: imap.host, port: imap.port, tls: false, user: d.mailbox });
    await expect(pollMailboxNow(jobCtx(), d.region.code)).rejects.toMatchObject({ code: "conflict", message: expect.stringContaining("désactivée") });
  });
});

describe("POST /regions/:region/mailbox/poll (« Relever maintenant »)", () => {
  it("runs one poll for the region's administrator or desk and says what it did; the next finds nothing new", async () => {
    const d = await deskWithMailbox();
    await imap.append(d.mailbox, rawMail({ from: d.people.correspondent.email }));
    await imap.append(d.mailbox, rawMail({ from: d.people.teacher.email, subject: "Pas le droit" }));
    const polled = await send(d.sessions.operator, "POST", `/regions/${d.region.id}/mailbox/poll`);
    expect(polled.statusCode, polled.body).toBe(200);
    expect(polled.json()).toEqual({
      fetched: 2,
      outcomes: { ticket_opened: 1, sender_refused: 1 },
      duplicates: 0,
      failed: 0,
      polledAt: clock.now().toISOString(),
    });
    expect(await ticketsOf(d)).toHaveLength(1);
    expect(await imap.unseen(d.mailbox)).toHaveLength(0);
    const again = await send(d.adminSession, "POST", `/regions/${d.region.id}/mailbox/poll`);
    expect(again.json()).toMatchObject({ fetched: 0, outcomes: {} });
    // The polls are those of the mailbox settings' "last poll".
    expect((await send(d.adminSession, "GET", `/regions/${d.region.id}/mailbox`)).json().lastPolledAt).toBe(clock.now().toISOString());
  });

  it("refuses others, another region's desk and a mailbox being polled, in French, reading nothing", async () => {
    const d = await deskWithMailbox();
    const other = await deskWithMailbox();
    await imap.append(d.mailbox, rawMail({ from: d.people.correspondent.email }));
    for (const name of ["technician", "correspondent", "head", "contractor"] as const) {
      const response = await send(d.sessions[name], "POST", `/regions/${d.region.id}/mailbox/poll`);
      expect([403, 404], `${name}: ${response.body}`).toContain(response.statusCode);
    }
    expect((await send(other.sessions.operator, "POST", `/regions/${d.region.id}/mailbox/poll`)).statusCode).toBe(404);
    expect((await send(other.adminSession, "POST", `/regions/${d.region.id}/mailbox/poll`)).statusCode).toBe(404);
    expect((await send(d.adminSession, "POST", "/regions/pas-une-region/mailbox/poll")).statusCode).toBe(400);
    expect(await imap.unseen(d.mailbox)).toHaveLength(1);

    // The scheduled poll and the button together: one reads the mailbox, the other is told it is taken.
    const [button, scheduled] = await Promise.all([send(d.sessions.operator, "POST", `/regions/${d.region.id}/mailbox/poll`), poll(d)]);
    const buttonRan = button.statusCode === 200;
    if (buttonRan) {
      expect(scheduled).toBeNull();
      expect(button.json()).toMatchObject({ fetched: 1, outcomes: { ticket_opened: 1 } });
    } else {
      expect(button.statusCode, button.body).toBe(409);
      expect(button.json().detail).toContain("déjà en cours");
      expect(scheduled).toMatchObject({ fetched: 1, outcomes: { ticket_opened: 1 } });
    }
    expect(await ticketsOf(d)).toHaveLength(1);
    expect(await inboundOf(d)).toHaveLength(1);

    // While the scheduled poll holds the lease, the button reads nothing.
    await imap.append(d.mailbox, rawMail({ from: d.people.correspondent.email }));
    await t.db
      .update(mailboxPolls)
      .set({ leaseUntil: new Date(clock.now().getTime() + 60_000) })
      .where(eq(mailboxPolls.regionId, d.region.id));
    const taken = await send(d.sessions.operator, "POST", `/regions/${d.region.id}/mailbox/poll`);
    expect(taken.statusCode).toBe(409);
    expect(await imap.unseen(d.mailbox)).toHaveLength(1);
    await t.db.update(mailboxPolls).set({ leaseUntil: clock.now() }).where(eq(mailboxPolls.regionId, d.region.id));

    // A refused login is the server's answer (503), kept as the poll's error.
    await send(d.adminSession, "PUT", `/regions/${d.region.id}/mailbox`, {
      host: imap.host,
      port: imap.port,
      tls: false,
      user: d.mailbox,
      password: "mauvais",
    });
    const refused = await send(d.adminSession, "POST", `/regions/${d.region.id}/mailbox/poll`);
    expect(refused.statusCode).toBe(503);
    expect(refused.json().detail).toContain("Relevé impossible");
    expect((await send(d.adminSession, "GET", `/regions/${d.region.id}/mailbox`)).json().lastError).toBeTruthy();
  });
});

describe("the desk's view of what came in", () => {
  it("shows the region's administrators and helpdesk operators each message's outcome and ticket, and nobody else", async () => {
    const d = await deskWithMailbox();
    const other = await deskWithMailbox();
    await imap.append(d.mailbox, rawMail({ from: d.people.correspondent.email, subject: "Vue du centre de services" }));
    await imap.append(d.mailbox, rawMail({ from: d.people.teacher.email, subject: "Refusé" }));
    await imap.append(other.mailbox, rawMail({ from: other.people.correspondent.email }));
    await poll(d);
    await poll(other);
    const [ticket] = await ticketsOf(d);

    const list = await send(d.sessions.operator, "GET", "/inbound-messages");
    expect(list.statusCode, list.body).toBe(200);
    const items = list.json().items as { regionId: string; outcome: string; ticketNumber: string | null; subject: string }[];
    expect(new Set(items.map((i) => i.regionId))).toEqual(new Set([d.region.id]));
    expect(items.map((i) => [i.subject, i.outcome, i.ticketNumber]).sort()).toEqual([
      ["Refusé", "sender_refused", null],
      ["Vue du centre de services", "ticket_opened", ticket!.number],
    ]);
    const refused = await send(d.adminSession, "GET", "/inbound-messages?outcome=sender_refused");
    expect(refused.json().items.map((i: { subject: string }) => i.subject)).toEqual(["Refusé"]);
    expect((await send(d.adminSession, "GET", `/inbound-messages?regionId=${other.region.id}`)).json().items).toEqual([]);

    for (const name of ["technician", "correspondent", "head", "contractor"] as const) {
      const response = await send(d.sessions[name], "GET", "/inbound-messages");
      expect(response.statusCode, name).toBe(403);
      expect(response.json().detail).toContain("réservé");
    }
    expect((await send(d.adminSession, "GET", "/inbound-messages?outcome=perdu")).statusCode).toBe(400);
  });
});
