import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * Who changed what, when, with the state before and after. "security" events (logins,
 * lockouts, 2FA, tokens) are purged after 6 months (seed 004 §3.6: security logs ≤ 6 months).
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    occurredAt: timestamp("occurred_at", { withTimezone: true }).notNull().defaultNow(),
    regionId: uuid("region_id"),
    schoolId: uuid("school_id"),
    actorId: uuid("actor_id"),
    actorLabel: text("actor_label").notNull(),
    category: text("category").notNull(),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    before: jsonb("before"),
    after: jsonb("after"),
    requestId: text("request_id"),
    ip: text("ip"),
  },
  (t) => [
    index("audit_region_time").on(t.regionId, t.occurredAt),
    index("audit_category_time").on(t.category, t.occurredAt),
    index("audit_entity").on(t.entityType, t.entityId),
  ],
);
