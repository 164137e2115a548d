import { index, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { instant, regionRef } from "../../db/columns.ts";
import { regions } from "../organisation/organisation.schema.ts";
import { tickets } from "../tickets/tickets.schema.ts";

export type InboundOutcome = "ticket_opened" | "comment_added" | "sender_refused" | "ignored" | "rejected";

/**
 * Every message taken from a region's desk mailbox, keyed by its Message-ID: saved in the
 * transaction that opens or feeds the ticket, so a message fetched again after a crash is
 * recognised and processed once.
 */
export const inboundMessages = pgTable(
  "inbound_messages",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    regionId: regionRef(),
    messageId: text("message_id").notNull(),
    fromAddress: text("from_address").notNull(),
    subject: text("subject").notNull(),
    outcome: text("outcome").$type<InboundOutcome>().notNull(),
    /** Why a message was ignored or refused, in French, for the desk. */
    detail: text("detail"),
    ticketId: uuid("ticket_id").references(() => tickets.id),
    receivedAt: instant("received_at"),
    processedAt: instant("processed_at").notNull().defaultNow(),
  },
  (t) => [uniqueIndex("inbound_messages_region_message").on(t.regionId, t.messageId), index("inbound_messages_region_processed").on(t.regionId, t.processedAt)],
);

/**
 * One row per region whose desk mailbox is polled: a lease, so that of several API processes
 * only one polls a mailbox at a time (the unique Message-ID keeps correctness; the lease avoids
 * the wasted work), and the last poll's result, shown to the region administrator.
 */
export const mailboxPolls = pgTable("mailbox_polls", {
  regionId: uuid("region_id")
    .primaryKey()
    .references(() => regions.id),
  leaseUntil: instant("lease_until").notNull(),
  lastPolledAt: instant("last_polled_at"),
  /** The last connection or login error, in the IMAP server's words; null after a good poll. */
  lastError: text("last_error"),
  lastErrorAt: instant("last_error_at"),
});
