import { sql } from "drizzle-orm";
import { boolean, check, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { organisations, regions, schools, sectors, zones } from "../organisation/organisation.schema.ts";

/** A person known to the platform; may hold roles and, with credentials, log in. */
export const people = pgTable(
  "people",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** The region the person belongs to; null only for platform administrators. */
    regionId: uuid("region_id").references(() => regions.id),
    organisationId: uuid("organisation_id").references(() => organisations.id),
    email: text("email").notNull(),
    firstName: text("first_name").notNull(),
    lastName: text("last_name").notNull(),
    phone: text("phone"),
    isActive: boolean("is_active").notNull().default(true),
    /** Demo accounts exist only in demo mode; the server refuses them otherwise. */
    isDemo: boolean("is_demo").notNull().default(false),
    language: text("language").notNull().default("fr"),
    version: integer("version").notNull().default(1),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("people_email").on(sql`lower(${t.email})`),
    index("people_region_name").on(t.regionId, t.lastName, t.firstName),
    index("people_organisation").on(t.organisationId),
  ],
);

/** Secrets live apart from people so that no list query can leak them. */
export const credentials = pgTable("credentials", {
  personId: uuid("person_id")
    .primaryKey()
    .references(() => people.id, { onDelete: "cascade" }),
  passwordHash: text("password_hash"),
  passwordChangedAt: timestamp("password_changed_at", { withTimezone: true }),
  totpSecret: text("totp_secret"),
  totpConfirmedAt: timestamp("totp_confirmed_at", { withTimezone: true }),
  /** Last TOTP time step accepted: a code is never accepted twice. */
  totpLastStep: integer("totp_last_step"),
  failedAttempts: integer("failed_attempts").notNull().default(0),
  lockedUntil: timestamp("locked_until", { withTimezone: true }),
});

/**
 * A role held by a person over one node of the tree, for a period (a school year for the
 * roles the head designates). Exactly the column matching scope_kind is set, with its parents.
 */
export const roleAssignments = pgTable(
  "role_assignments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    personId: uuid("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    role: text("role").notNull(),
    scopeKind: text("scope_kind").notNull(),
    regionId: uuid("region_id").references(() => regions.id),
    sectorId: uuid("sector_id").references(() => sectors.id),
    zoneId: uuid("zone_id").references(() => zones.id),
    schoolId: uuid("school_id").references(() => schools.id),
    organisationId: uuid("organisation_id").references(() => organisations.id),
    schoolYear: text("school_year"),
    validFrom: date("valid_from").notNull(),
    validUntil: date("valid_until"),
    designatedBy: uuid("designated_by").references(() => people.id),
    endedAt: timestamp("ended_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index("role_assignments_person").on(t.personId),
    index("role_assignments_school").on(t.schoolId, t.role),
    index("role_assignments_region").on(t.regionId, t.role),
    check("role_assignments_period", sql`${t.validUntil} is null or ${t.validUntil} >= ${t.validFrom}`),
    check(
      "role_assignments_scope",
      sql`(${t.scopeKind} = 'platform' and ${t.regionId} is null)
       or (${t.scopeKind} = 'region' and ${t.regionId} is not null and ${t.sectorId} is null and ${t.zoneId} is null and ${t.schoolId} is null and ${t.organisationId} is null)
       or (${t.scopeKind} = 'sector' and ${t.regionId} is not null and ${t.sectorId} is not null and ${t.zoneId} is null and ${t.schoolId} is null)
       or (${t.scopeKind} = 'zone' and ${t.regionId} is not null and ${t.zoneId} is not null and ${t.schoolId} is null)
       or (${t.scopeKind} = 'school' and ${t.regionId} is not null and ${t.schoolId} is not null)
       or (${t.scopeKind} = 'organisation' and ${t.regionId} is not null and ${t.organisationId} is not null)`,
    ),
  ],
);
