// The schema index: every module's tables, for Drizzle's query builder and drizzle-kit.

export * from "../modules/attachments/attachments.schema.ts";
export * from "../modules/audit/audit.schema.ts";
export * from "../modules/auth/auth.schema.ts";
export * from "../modules/campaigns/campaigns.schema.ts";
export * from "../modules/catalogue/catalogue.schema.ts";
export * from "../modules/interventions/interventions.schema.ts";
export * from "../modules/inventory/inventory.schema.ts";
export * from "../modules/inventory-agent/inventory-agent.schema.ts";
export * from "../modules/mail/mail.schema.ts";
export * from "../modules/mail-in/mail-in.schema.ts";
export * from "../modules/orders/orders.schema.ts";
export * from "../modules/organisation/organisation.schema.ts";
export * from "../modules/people/people.schema.ts";
export * from "../modules/tickets/ticket-stats.schema.ts";
export * from "../modules/tickets/tickets.schema.ts";
