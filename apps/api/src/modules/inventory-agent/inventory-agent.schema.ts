import { index, jsonb, pgTable, text, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { instant, regionRef } from "../../db/columns.ts";
import { assets } from "../inventory/inventory.schema.ts";
import { schools } from "../organisation/organisation.schema.ts";
import { people } from "../people/people.schema.ts";

/**
 * HTTP Basic credentials a region issues to its agents. The password is a random secret Relais
 * generates (never chosen by a person), so a SHA-256 of it is as strong as a slow hash and costs
 * nothing per report: agents send three requests per message.
 */
export const agentCredentials = pgTable(
  "agent_credentials",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    regionId: regionRef(),
    login: text("login").notNull(),
    secretHash: text("secret_hash").notNull(),
    label: text("label").notNull(),
    createdById: uuid("created_by_id").references(() => people.id),
    createdAt: instant("created_at").notNull(),
    lastUsedAt: instant("last_used_at"),
    revokedAt: instant("revoked_at"),
  },
  (t) => [uniqueIndex("agent_credentials_login").on(t.login), index("agent_credentials_region").on(t.regionId)],
);

/**
 * Reports whose tag names no school of the credentials' region: they wait here, already
 * stripped of personal data, until an administrator attaches them to a school.
 */
export const pendingAgentReports = pgTable(
  "pending_agent_reports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    regionId: regionRef(),
    tag: text("tag"),
    deviceId: text("device_id"),
    name: text("name"),
    serial: text("serial"),
    /** The normalised report (see agent-report.ts), personal data already dropped. */
    report: jsonb("report").$type<Record<string, unknown>>().notNull(),
    receivedAt: instant("received_at").notNull(),
    status: text("status").$type<"pending" | "attached">().notNull().default("pending"),
    processedAt: instant("processed_at"),
    processedById: uuid("processed_by_id").references(() => people.id),
    schoolId: uuid("school_id").references(() => schools.id),
    assetId: uuid("asset_id").references(() => assets.id),
  },
  (t) => [index("pending_agent_reports_region").on(t.regionId, t.status, t.receivedAt), index("pending_agent_reports_device").on(t.regionId, t.deviceId)],
);
