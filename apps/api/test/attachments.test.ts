import { MAX_ATTACHMENT_BYTES } from "@relais/shared/attachments";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachmentContents, auditEvents, outboxMessages, ticketAttachments, ticketEvents } from "../src/db/schema.ts";
import { AppError } from "../src/errors.ts";
import { MAX_UPLOAD_BYTES } from "../src/modules/attachments/attachments.multipart.ts";
import { storeAttachment } from "../src/modules/attachments/attachments.service.ts";
import { files } from "./attachment-files.ts";
import { buildDesk, incident } from "./desk-fixture.ts";
import { logIn, type Session } from "./factories.ts";
import { buildTestApp, testClock } from "./setup.ts";

/**
 * Ticket attachments (issue 3, ADR 0005): size and type limits with the type read from the
 * bytes, safe names, the per-ticket cap, who sees which file, and safe downloads.
 */
type TestApp = Awaited<ReturnType<typeof buildTestApp>>;
const clock = testClock(new Date("2026-11-23T08:00:00Z"));
let t: TestApp;
let address = 0;

beforeAll(async () => {
  t = await buildTestApp({ clock });
});
afterAll(() => t.close());

const login = (person: { email: string; totpSecret?: string | null }) => logIn(t.app, person, { now: clock.now(), remoteAddress: `10.8.0.${++address % 250}` });
const send = (session: Session, method: "GET" | "POST", url: string, payload?: object) =>
  t.app.inject({ method, url: `/api/v1${url}`, headers: session.headers, ...(payload ? { payload } : {}) });

async function deskWithTicket(overrides: Record<string, unknown> = {}) {
  const d = await buildDesk(t, login);
  const filed = await send(d.sessions.correspondent, "POST", "/tickets", incident(d.school.id, overrides));
  expect(filed.statusCode, filed.body).toBe(201);
  return { ...d, ticket: filed.json().ticket as { id: string; number: string } };
}

const countFiles = async (ticketId: string) =>
  (await t.db.select({ n: sql<number>`count(*)::int` }).from(ticketAttachments).where(eq(ticketAttachments.ticketId, ticketId)))[0]!.n;
const countContents = async () => (await t.db.select({ n: sql<number>`count(*)::int` }).from(attachmentContents))[0]!.n;

const store = (ticketId: string, fileName: string, bytes: Buffer, extra: { declaredType?: string; visibility?: "public" | "internal" } = {}) =>
  storeAttachment(t.db, {
    ticketId,
    eventId: null,
    fileName,
    bytes,
    declaredType: extra.declaredType ?? null,
    visibility: extra.visibility ?? "public",
    uploadedById: null,
    at: clock.now(),
  });

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe("storing an attachment (the service mail-in calls too)", () => {
  it("stores the bytes apart from the metadata, under a safe name and the type found in the bytes", async () => {
    const { ticket } = await deskWithTicket();
    const stored = await store(ticket.id, "C:\\Documents\\relevé\u202e.pdf", files.pdf(), { declaredType: "application/octet-stream" });
    expect(stored).toMatchObject({ fileName: "relevé.pdf", mediaType: "application/pdf", sizeBytes: files.pdf().length, isDuplicate: false });
    const [row] = await t.db.select().from(ticketAttachments).where(eq(ticketAttachments.id, stored.id));
    expect(row).toMatchObject({ ticketId: ticket.id, visibility: "public", uploadedAt: clock.now() });
    expect(row!.sha256).toMatch(/^[0-9a-f]{64}$/);
    const [content] = await t.db.select().from(attachmentContents).where(eq(attachmentContents.attachmentId, stored.id));
    expect(Buffer.compare(content!.content, files.pdf())).toBe(0);
  });

  it("accepts each allowed format", async () => {
    const { ticket } = await deskWithTicket();
    const accepted: [string, Buffer, string][] = [
      ["capture.png", files.png(), "image/png"],
      ["photo.jpeg", files.jpeg(), "image/jpeg"],
      ["anim.gif", files.gif(), "image/gif"],
      ["photo.webp", files.webp(), "image/webp"],
      ["pare-feu.log", files.text(), "text/plain; charset=utf-8"],
      ["inventaire.csv", files.csvLatin1(), "text/csv; charset=windows-1252"],
      ["message.eml", files.eml(), "message/rfc822"],
      ["compte-rendu.docx", files.docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
      ["parc.xlsx", files.xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
      ["note.odt", files.odt(), "application/vnd.oasis.opendocument.text"],
    ];
    for (const [name, bytes, type] of accepted) expect((await store(ticket.id, name, bytes)).mediaType, name).toBe(type);
    expect(await countFiles(ticket.id)).toBe(accepted.length);
  });

  it("refuses, and writes nothing for, an empty, oversized, refused or disguised file", async () => {
    const { ticket } = await deskWithTicket();
    const before = await countContents();
    const oversized = Buffer.alloc(MAX_ATTACHMENT_BYTES + 1);
    files.pdf().copy(oversized);
    const cases: [string, Buffer, string, number][] = [
      ["vide.txt", Buffer.alloc(0), "attachment.empty", 422],
      ["gros.pdf", oversized, "attachment.too_large", 413],
      ["facture.pdf", files.exe(), "attachment.type_refused", 415],
      ["rapport.pdf", files.elf(), "attachment.type_refused", 415],
      ["logo.png", files.svg(), "attachment.type_refused", 415],
      ["photo.jpg", files.html(), "attachment.type_refused", 415],
      ["maj.txt", files.shellScript(), "attachment.type_refused", 415],
      ["archive.zip", files.zip(), "attachment.type_refused", 415],
      ["macro.docx", files.docm(), "attachment.type_refused", 415],
      ["donnees.bin", files.unknown(), "attachment.type_refused", 415],
      ["photo.png", files.pdf(), "attachment.type_mismatch", 422],
    ];
    for (const [name, bytes, code, status] of cases) {
      const error = await refusal(store(ticket.id, name, bytes));
      expect(error.code, name).toBe(code);
      expect(error.status, name).toBe(status);
      expect(error.message, name).toContain("«");
    }
    expect(await countFiles(ticket.id)).toBe(0);
    expect(await countContents()).toBe(before);
  });

  it("does not store the same bytes twice on a ticket (a mail signature's logo on every reply)", async () => {
    const { ticket } = await deskWithTicket();
    const first = await store(ticket.id, "image001.png", files.png());
    const again = await store(ticket.id, "image002.png", files.png());
    expect(again).toMatchObject({ id: first.id, fileName: "image001.png", isDuplicate: true });
    // An internal copy is another file: it is seen by other people.
    expect((await store(ticket.id, "image001.png", files.png(), { visibility: "internal" })).isDuplicate).toBe(false);
    expect(await countFiles(ticket.id)).toBe(2);
  });

  it("caps a ticket at 20 files, checked in the transaction, and rolls back with its caller", async () => {
    const { ticket } = await deskWithTicket();
    for (let i = 0; i < 20; i++) await store(ticket.id, `note-${i}.txt`, files.text(`Note ${i}\n`));
    const error = await refusal(store(ticket.id, "note-21.txt", files.text("Note 21\n")));
    expect(error).toMatchObject({ code: "attachment.quota_exceeded", status: 409 });
    expect(await countFiles(ticket.id)).toBe(20);

    const other = await deskWithTicket();
    await refusal(
      t.db.transaction(async (tx) => {
        await storeAttachment(tx, {
          ticketId: other.ticket.id,
          eventId: null,
          fileName: "a.txt",
          bytes: files.text("a\n"),
          visibility: "public",
          uploadedById: null,
          at: clock.now(),
        });
        throw new AppError("conflict", "Annulé par l'appelant.");
      }),
    );
    expect(await countFiles(other.ticket.id)).toBe(0);
  });

  it("lets only one of two uploads racing for the last place through", async () => {
    const { ticket } = await deskWithTicket();
    for (let i = 0; i < 19; i++) await store(ticket.id, `note-${i}.txt`, files.text(`Note ${i}\n`));
    const results = await Promise.allSettled([store(ticket.id, "a.txt", files.text("A\n")), store(ticket.id, "b.txt", files.text("B\n"))]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await countFiles(ticket.id)).toBe(20);
  });

  it("caps a ticket's files at 50 MiB in all", async () => {
    const { ticket } = await deskWithTicket();
    const big = (i: number) => {
      const bytes = Buffer.alloc(MAX_ATTACHMENT_BYTES, 0x20);
      Buffer.from(`Journal ${i}\n`).copy(bytes);
      return bytes;
    };
    // 5 × 10 MiB is the whole allowance: the sixth file, however small, does not fit.
    for (let i = 0; i < 5; i++) await store(ticket.id, `journal-${i}.log`, big(i));
    const error = await refusal(store(ticket.id, "note.txt", files.text()));
    expect(error).toMatchObject({ code: "attachment.quota_exceeded", message: expect.stringContaining("50 Mo") });
    expect(await countFiles(ticket.id)).toBe(5);
  });
});

type Part = [name: string, bytes: Buffer, type?: string];

/** A multipart form as a browser sends it. */
async function form(parts: Part[], fields: Record<string, string> = {}) {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, value);
  for (const [name, bytes, type] of parts) data.append("files", new Blob([bytes], { type: type ?? "application/octet-stream" }), name);
  const request = new Request("http://relais.test/", { method: "POST", body: data });
  return { payload: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get("content-type")! };
}

async function upload(session: Session, ticket: string, parts: Part[], fields: Record<string, string> = {}) {
  const { payload, contentType } = await form(parts, fields);
  return t.app.inject({ method: "POST", url: `/api/v1/tickets/${ticket}/attachments`, headers: { ...session.headers, "content-type": contentType }, payload });
}

const download = (session: Session, id: string, headers: Record<string, string> = {}) =>
  t.app.inject({ method: "GET", url: `/api/v1/attachments/${id}/content`, headers: { ...session.headers, ...headers } });

const eventsOf = async (ticketId: string) => t.db.select().from(ticketEvents).where(eq(ticketEvents.ticketId, ticketId));
const auditsOf = async (ticketId: string) =>
  (await t.db.select().from(auditEvents).where(eq(auditEvents.entityId, ticketId))).filter((a) => a.action === "ticket.attachment_added");

describe("uploading, listing and downloading", () => {
  it("joins files with a comment in one timeline entry, lists them without bytes and serves them back byte for byte", async () => {
    const d = await deskWithTicket();
    const response = await upload(
      d.sessions.correspondent,
      d.ticket.number,
      [
        ["relevé d'erreurs.pdf", files.pdf(), "application/pdf"],
        ["écran.png", files.png(), "image/png"],
      ],
      {
        comment: "Voici le message d'erreur et une capture.",
      },
    );
    expect(response.statusCode, response.body).toBe(201);
    const items = response.json().items as { id: string; fileName: string; mediaType: string; sizeBytes: number; eventId: number }[];
    expect(items.map((i) => [i.fileName, i.mediaType, i.sizeBytes])).toEqual([
      ["relevé d'erreurs.pdf", "application/pdf", files.pdf().length],
      ["écran.png", "image/png", files.png().length],
    ]);
    const comment = (await eventsOf(d.ticket.id)).find((e) => e.type === "comment")!;
    expect(comment).toMatchObject({
      body: "Voici le message d'erreur et une capture.",
      visibility: "public",
      data: { files: ["relevé d'erreurs.pdf", "écran.png"] },
    });
    expect(items.every((i) => i.eventId === comment.id)).toBe(true);

    const list = await send(d.sessions.operator, "GET", `/tickets/${d.ticket.id}/attachments`);
    expect(list.statusCode, list.body).toBe(200);
    expect(
      list
        .json()
        .items.map((i: { fileName: string }) => i.fileName)
        .sort(),
    ).toEqual(["relevé d'erreurs.pdf", "écran.png"].sort());
    expect(list.body).not.toContain("content");

    const file = await download(d.sessions.operator, items[0]!.id);
    expect(file.statusCode).toBe(200);
    expect(Buffer.compare(file.rawPayload, files.pdf())).toBe(0);
    expect(file.headers["content-type"]).toBe("application/pdf");
    expect(file.headers["content-disposition"]).toBe(`attachment; filename="releve d'erreurs.pdf"; filename*=UTF-8''relev%C3%A9%20d%27erreurs.pdf`);
    expect(file.headers["x-content-type-options"]).toBe("nosniff");
    expect(file.headers["content-security-policy"]).toContain("sandbox");
    expect(file.headers["cache-control"]).toBe("private, no-cache");
    // Unchanged bytes are not sent again, but the permission is checked again.
    const again = await download(d.sessions.operator, items[0]!.id, { "if-none-match": String(file.headers.etag) });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);

    const [audit] = await auditsOf(d.ticket.id);
    expect(audit?.after).toMatchObject({ visibility: "public", files: [{ fileName: "relevé d'erreurs.pdf" }, { fileName: "écran.png" }] });
  });

  it("records files sent without a comment as an attachment entry, and serves a text file with its charset", async () => {
    const d = await deskWithTicket();
    const response = await upload(d.sessions.technician, d.ticket.id, [["inventaire.csv", files.csvLatin1(), "application/vnd.ms-excel"]]);
    expect(response.statusCode, response.body).toBe(201);
    const entry = (await eventsOf(d.ticket.id)).find((e) => e.type === "attachment");
    expect(entry).toMatchObject({ body: null, visibility: "public", data: { files: ["inventaire.csv"] } });
    // The school is told, like of a comment, with the names of the files.
    const mails = await t.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, d.people.correspondent.email));
    expect(mails.filter((m) => m.textBody.includes("Pièce jointe : « inventaire.csv »"))).toHaveLength(1);
    const file = await download(d.sessions.correspondent, response.json().items[0].id);
    expect(file.headers["content-type"]).toBe("text/csv; charset=windows-1252");
    expect(Buffer.compare(file.rawPayload, files.csvLatin1())).toBe(0);
  });
});

describe("refusals change nothing", () => {
  async function expectRefused(
    d: Awaited<ReturnType<typeof deskWithTicket>>,
    parts: Part[],
    status: number,
    code: string,
    fields: Record<string, string> = {},
  ) {
    const eventsBefore = (await eventsOf(d.ticket.id)).length;
    const contentsBefore = await countContents();
    const filesBefore = await countFiles(d.ticket.id);
    const response = await upload(d.sessions.correspondent, d.ticket.id, parts, fields);
    expect(response.statusCode, response.body).toBe(status);
    expect(response.headers["content-type"]).toContain("application/problem+json");
    expect(response.json().code).toBe(code);
    expect(response.json().detail.length).toBeGreaterThan(20);
    expect(await countFiles(d.ticket.id)).toBe(filesBefore);
    expect(await countContents()).toBe(contentsBefore);
    expect((await eventsOf(d.ticket.id)).length).toBe(eventsBefore);
    expect(await auditsOf(d.ticket.id)).toHaveLength(0);
    return response.json() as { detail: string };
  }

  it("an oversized file: 413, cut off while reading", async () => {
    const d = await deskWithTicket();
    const oversized = Buffer.alloc(MAX_ATTACHMENT_BYTES + 1, 0x20);
    files.pdf().copy(oversized);
    const problem = await expectRefused(d, [["scan.pdf", oversized, "application/pdf"]], 413, "attachment.too_large");
    expect(problem.detail).toContain("10 Mo");
  });

  it("a program renamed .pdf, an SVG or HTML page named as an image, an empty file, an unknown type", async () => {
    const d = await deskWithTicket();
    expect((await expectRefused(d, [["facture.pdf", files.exe(), "application/pdf"]], 415, "attachment.type_refused")).detail).toContain("programme Windows");
    await expectRefused(d, [["logo.png", files.svg(), "image/png"]], 415, "attachment.type_refused");
    await expectRefused(d, [["photo.jpg", files.html(), "image/jpeg"]], 415, "attachment.type_refused");
    await expectRefused(d, [["vide.pdf", Buffer.alloc(0), "application/pdf"]], 422, "attachment.empty");
    await expectRefused(d, [["donnees.dat", files.unknown()]], 415, "attachment.type_refused");
    await expectRefused(d, [["capture.png", files.pdf(), "image/png"]], 422, "attachment.type_mismatch");
  });

  it("a batch with one bad file: none of the batch is kept", async () => {
    const d = await deskWithTicket();
    await expectRefused(
      d,
      [
        ["ok.pdf", files.pdf()],
        ["setup.pdf", files.exe()],
      ],
      415,
      "attachment.type_refused",
      { comment: "Deux fichiers" },
    );
  });

  it("too many files: more than 5 at once (413), more than 20 on the ticket (409)", async () => {
    const d = await deskWithTicket();
    const texts = (from: number, n: number): Part[] => Array.from({ length: n }, (_, i) => [`note-${from + i}.txt`, files.text(`Note ${from + i}\n`)]);
    await expectRefused(d, texts(0, 6), 413, "attachment.too_large");
    for (let batch = 0; batch < 4; batch++) expect((await upload(d.sessions.correspondent, d.ticket.id, texts(batch * 5, 5))).statusCode).toBe(201);
    const before = await auditsOf(d.ticket.id);
    const response = await upload(d.sessions.correspondent, d.ticket.id, texts(20, 1));
    expect(response.statusCode).toBe(409);
    expect(response.json().code).toBe("attachment.quota_exceeded");
    expect(await countFiles(d.ticket.id)).toBe(20);
    expect(await auditsOf(d.ticket.id)).toHaveLength(before.length);
  });

  it("no file, a bad visibility, an unknown field, JSON instead of a form, a malformed form: 4xx, never 500", async () => {
    const d = await deskWithTicket();
    await expectRefused(d, [], 400, "validation.failed", { comment: "Sans fichier" });
    await expectRefused(d, [["a.pdf", files.pdf()]], 400, "validation.failed", { visibility: "tout le monde" });
    await expectRefused(d, [["a.pdf", files.pdf()]], 400, "validation.failed", { extra: "x" });
    const json = await send(d.sessions.correspondent, "POST", `/tickets/${d.ticket.id}/attachments`, { files: [] });
    expect(json.statusCode).toBe(415);
    const broken = await t.app.inject({
      method: "POST",
      url: `/api/v1/tickets/${d.ticket.id}/attachments`,
      headers: { ...d.sessions.correspondent.headers, "content-type": "multipart/form-data; boundary=xyz" },
      payload: '--xyz\r\nContent-Disposition: form-data; name="files"; filename="a.pdf"\r\n\r\n%PDF-1.4 tronqué',
    });
    expect(broken.statusCode, broken.body).toBeGreaterThanOrEqual(400);
    expect(broken.statusCode).toBeLessThan(500);
    for (const [contentType, payload] of [
      ["multipart/form-data", "--xyz\r\n\r\n--xyz--"],
      ["multipart/form-data; boundary=xyz", "pas un formulaire"],
      ["multipart/form-data; boundary=xyz", "--xyz\r\nContent-Disposition: form-data\r\n\r\nsans nom\r\n--xyz--\r\n"],
      ["multipart/form-data; boundary=xyz", `--xyz\r\n${"X-En-Tete: x\r\n".repeat(200)}\r\n\r\n--xyz--\r\n`],
    ]) {
      const response = await t.app.inject({
        method: "POST",
        url: `/api/v1/tickets/${d.ticket.id}/attachments`,
        headers: { ...d.sessions.correspondent.headers, "content-type": contentType! },
        payload,
      });
      expect(response.statusCode, `${contentType} ${payload}: ${response.body}`).toBeGreaterThanOrEqual(400);
      expect(response.statusCode, `${contentType} ${payload}: ${response.body}`).toBeLessThan(500);
      expect(response.headers["content-type"]).toContain("application/problem+json");
    }
    expect(await countFiles(d.ticket.id)).toBe(0);
  });

  it("refuses an upload announced larger than 5 files of 10 MiB before reading it", async () => {
    const d = await deskWithTicket();
    const { payload, contentType } = await form([["a.pdf", files.pdf()]]);
    const response = await t.app.inject({
      method: "POST",
      url: `/api/v1/tickets/${d.ticket.id}/attachments`,
      headers: { ...d.sessions.correspondent.headers, "content-type": contentType, "content-length": String(MAX_UPLOAD_BYTES + 1) },
      payload,
    });
    expect(response.statusCode, response.body).toBe(413);
    expect(response.json().code).toBe("attachment.too_large");
    expect(await countFiles(d.ticket.id)).toBe(0);
  });
});

describe("who sees and who joins which file", () => {
  it("keeps internal files, like internal notes, from the school", async () => {
    const d = await deskWithTicket();
    const internal = await upload(d.sessions.technician, d.ticket.id, [["diagnostic.log", files.text("switch B2 : port 12 HS\n")]], { visibility: "internal" });
    expect(internal.statusCode, internal.body).toBe(201);
    const id = internal.json().items[0].id;
    expect((await eventsOf(d.ticket.id)).find((e) => e.type === "attachment")?.visibility).toBe("internal");
    // Like an internal note, it is mailed to nobody.
    const mails = await t.db.select().from(outboxMessages).where(eq(outboxMessages.toAddress, d.people.correspondent.email));
    expect(mails.filter((m) => m.textBody.includes("diagnostic.log"))).toEqual([]);
    expect((await send(d.sessions.operator, "GET", `/tickets/${d.ticket.id}/attachments`)).json().items).toHaveLength(1);
    for (const school of [d.sessions.correspondent, d.sessions.head, d.sessions.coordinator]) {
      expect((await send(school, "GET", `/tickets/${d.ticket.id}/attachments`)).json().items).toEqual([]);
      expect((await download(school, id)).statusCode).toBe(404);
    }
    expect((await download(d.sessions.operator, id)).statusCode).toBe(200);
    // The school cannot join an internal file either.
    const refused = await upload(d.sessions.correspondent, d.ticket.id, [["a.pdf", files.pdf()]], { visibility: "internal" });
    expect(refused.statusCode).toBe(403);
    expect(await countFiles(d.ticket.id)).toBe(1);
  });

  it("keeps a security incident's files inside its restricted chain", async () => {
    const d = await buildDesk(t, login);
    const filed = await send(d.sessions.head, "POST", "/tickets", incident(d.school.id, { kind: "security_incident", category: "security-gateway" }));
    expect(filed.statusCode, filed.body).toBe(201);
    const ticket = filed.json().ticket;
    const uploaded = await upload(d.sessions.head, ticket.id, [["alerte.eml", files.eml(), "message/rfc822"]]);
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    const id = uploaded.json().items[0].id;
    expect((await download(d.sessions.dpo, id)).statusCode).toBe(200);
    for (const outside of [d.sessions.technician, d.sessions.correspondent, d.sessions.coordinator, d.sessions.contractor]) {
      expect((await download(outside, id)).statusCode).toBe(404);
      expect((await send(outside, "GET", `/tickets/${ticket.id}/attachments`)).statusCode).toBe(404);
      expect((await upload(outside, ticket.id, [["a.pdf", files.pdf()]])).statusCode).toBe(404);
    }
    expect(await countFiles(ticket.id)).toBe(1);
  });

  it("answers 404 to another region, for the list, the file and an upload", async () => {
    const d = await deskWithTicket();
    const id = (await upload(d.sessions.correspondent, d.ticket.id, [["a.pdf", files.pdf()]])).json().items[0].id;
    const other = await buildDesk(t, login);
    for (const session of [other.sessions.operator, other.sessions.technician, other.sessions.correspondent]) {
      expect((await send(session, "GET", `/tickets/${d.ticket.id}/attachments`)).statusCode).toBe(404);
      expect((await download(session, id)).statusCode).toBe(404);
      expect((await upload(session, d.ticket.id, [["b.pdf", files.pdf()]])).statusCode).toBe(404);
    }
    expect((await download(other.sessions.operator, "00000000-0000-4000-8000-000000000000")).statusCode).toBe(404);
    expect(await countFiles(d.ticket.id)).toBe(1);
  });

  it("takes no file on a closed ticket, like no comment", async () => {
    const d = await deskWithTicket();
    const step = async (action: string, extra: Record<string, unknown> = {}) => {
      const current = (await send(d.sessions.operator, "GET", `/tickets/${d.ticket.id}`)).json().ticket;
      const session = action === "close" ? d.sessions.correspondent : d.sessions.operator;
      const response = await send(session, "POST", `/tickets/${d.ticket.id}/transitions`, { action, version: current.version, ...extra });
      expect(response.statusCode, response.body).toBe(200);
    };
    await step("qualify");
    await step("assign", { assigneePersonId: d.people.technician.id });
    await step("start");
    await step("resolve", { resolution: "Port du commutateur remplacé." });
    await step("close");
    const response = await upload(d.sessions.correspondent, d.ticket.id, [["a.pdf", files.pdf()]]);
    expect(response.statusCode).toBe(409);
    expect(await countFiles(d.ticket.id)).toBe(0);
  });
});
