import { MAX_ATTACHMENT_BYTES } from "@relais/shared/attachments";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { attachmentContents, ticketAttachments } from "../src/db/schema.ts";
import { AppError } from "../src/errors.ts";
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
