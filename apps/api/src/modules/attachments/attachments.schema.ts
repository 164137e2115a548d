import { bigint, customType, index, integer, pgTable, text, uuid } from "drizzle-orm/pg-core";
import { instant } from "../../db/columns.ts";
import { people } from "../people/people.schema.ts";
import { tickets } from "../tickets/tickets.schema.ts";

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => "bytea",
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

/**
 * A file joined to a ticket: by the filer, with a comment, or from a mail. The bytes live in
 * PostgreSQL (one store for every API process, backed up with the rest; ADR 0005), in a table
 * of their own so that listing a ticket's files never reads them.
 */
export const ticketAttachments = pgTable(
  "ticket_attachments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ticketId: uuid("ticket_id")
      .notNull()
      .references(() => tickets.id),
    /** The timeline entry (comment, mail) the file came with, if any. */
    eventId: bigint("event_id", { mode: "number" }),
    fileName: text("file_name").notNull(),
    /** The type found in the bytes, not the one the sender claimed. */
    mediaType: text("media_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    visibility: text("visibility").$type<"public" | "internal">().notNull().default("public"),
    uploadedById: uuid("uploaded_by_id").references(() => people.id),
    uploadedAt: instant("uploaded_at").notNull().defaultNow(),
  },
  (t) => [index("ticket_attachments_ticket").on(t.ticketId, t.uploadedAt)],
);

export const attachmentContents = pgTable("attachment_contents", {
  attachmentId: uuid("attachment_id")
    .primaryKey()
    .references(() => ticketAttachments.id),
  content: bytea("content").notNull(),
});
