import { index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * Transactional outbox: a message is written in the same transaction as the change that
 * causes it, then delivered by a background job. Nothing is lost if SMTP is down or the
 * process crashes; with no SMTP configured, messages stay readable in the admin page.
 */
export const outboxMessages = pgTable(
  "outbox_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    regionId: uuid("region_id"),
    template: text("template").notNull(),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    textBody: text("text_body").notNull(),
    htmlBody: text("html_body"),
    /** Where answers should go (the region's desk mailbox for ticket mail), when not to the sender. */
    replyTo: text("reply_to"),
    /** "pending", "sent", "failed" (gave up after retries) or "held" (no SMTP configured). */
    status: text("status").notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("outbox_status_next").on(t.status, t.nextAttemptAt), index("outbox_region_created").on(t.regionId, t.createdAt)],
);
