import type { VisibleScopes } from "@relais/shared/permissions";
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { scopeCondition } from "../../lib/scope-sql.ts";
import { organisations } from "./organisation.schema.ts";

export async function findOrganisation(db: Db, id: string) {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, id)).limit(1);
  return row ?? null;
}

const columns = {
  id: organisations.id,
  regionId: organisations.regionId,
  name: organisations.name,
  kind: organisations.kind,
  email: organisations.email,
  phone: organisations.phone,
  contractEndsOn: organisations.contractEndsOn,
  memberCount: sql<number>`(select count(*)::int from people p where p.organisation_id = ${organisations.id} and p.is_active)`,
};

/** Organisations of the regions the actor reads, plus their own. */
export async function findOrganisations(db: Db, scopes: VisibleScopes, q: string | undefined) {
  return db
    .select(columns)
    .from(organisations)
    .where(
      and(
        scopeCondition(scopes, { regionId: organisations.regionId, organisationId: organisations.id }),
        q ? sql`lower(${organisations.name}) like ${`%${q.toLowerCase()}%`}` : undefined,
      ),
    )
    .orderBy(asc(organisations.name));
}

export async function insertOrganisation(db: Db, values: typeof organisations.$inferInsert) {
  const [row] = await db.insert(organisations).values(values).onConflictDoNothing().returning();
  return row ?? null;
}
