import { and, asc, eq, ilike, inArray, or, type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { equipmentItems, resourceItems } from "./catalogue.schema.ts";

export type EquipmentItem = typeof equipmentItems.$inferSelect;
export type ResourceItem = typeof resourceItems.$inferSelect;

const inRegions = (column: typeof equipmentItems.regionId | typeof resourceItems.regionId, regionIds: string[] | "all"): SQL | undefined =>
  regionIds === "all" ? undefined : regionIds.length ? inArray(column, regionIds) : sql`false`;
const escapeLike = (q: string) => q.replace(/[\\%_]/g, (c) => `\\${c}`);

export async function findEquipmentItems(
  db: Db,
  regionIds: string[] | "all",
  filters: { regionId?: string | undefined; category?: string | undefined; q?: string | undefined },
) {
  return db
    .select()
    .from(equipmentItems)
    .where(
      and(
        inRegions(equipmentItems.regionId, regionIds),
        filters.regionId ? eq(equipmentItems.regionId, filters.regionId) : undefined,
        filters.category ? eq(equipmentItems.category, filters.category as EquipmentItem["category"]) : undefined,
        filters.q ? or(ilike(equipmentItems.label, `%${escapeLike(filters.q)}%`), ilike(equipmentItems.reference, `%${escapeLike(filters.q)}%`)) : undefined,
      ),
    )
    .orderBy(asc(equipmentItems.category), asc(equipmentItems.label))
    .limit(1000);
}

export async function findResourceItems(
  db: Db,
  regionIds: string[] | "all",
  filters: {
    regionId?: string | undefined;
    kind?: string | undefined;
    track?: string | undefined;
    level?: string | undefined;
    subject?: string | undefined;
    q?: string | undefined;
  },
) {
  return db
    .select()
    .from(resourceItems)
    .where(
      and(
        inRegions(resourceItems.regionId, regionIds),
        filters.regionId ? eq(resourceItems.regionId, filters.regionId) : undefined,
        filters.kind ? eq(resourceItems.kind, filters.kind as ResourceItem["kind"]) : undefined,
        filters.track ? eq(resourceItems.track, filters.track as NonNullable<ResourceItem["track"]>) : undefined,
        filters.level ? eq(resourceItems.level, filters.level as NonNullable<ResourceItem["level"]>) : undefined,
        filters.subject ? ilike(resourceItems.subject, escapeLike(filters.subject)) : undefined,
        filters.q
          ? or(
              ilike(resourceItems.title, `%${escapeLike(filters.q)}%`),
              ilike(resourceItems.publisher, `%${escapeLike(filters.q)}%`),
              eq(resourceItems.ean, filters.q),
            )
          : undefined,
      ),
    )
    .orderBy(asc(resourceItems.subject), asc(resourceItems.title))
    .limit(1000);
}

export async function findEquipmentItemsByIds(db: Db, ids: string[]) {
  return ids.length ? db.select().from(equipmentItems).where(inArray(equipmentItems.id, ids)) : [];
}

export async function findResourceItemsByIds(db: Db, ids: string[]) {
  return ids.length ? db.select().from(resourceItems).where(inArray(resourceItems.id, ids)) : [];
}

/** Creates or replaces items by their key (reference / EAN) within the region; returns how many existed. */
export async function upsertEquipmentItems(db: Db, rows: (typeof equipmentItems.$inferInsert)[]) {
  if (rows.length === 0) return 0;
  const existing = await db
    .select({ reference: equipmentItems.reference })
    .from(equipmentItems)
    .where(
      and(
        eq(equipmentItems.regionId, rows[0]!.regionId),
        inArray(
          equipmentItems.reference,
          rows.map((r) => r.reference),
        ),
      ),
    );
  await db
    .insert(equipmentItems)
    .values(rows)
    .onConflictDoUpdate({
      target: [equipmentItems.regionId, equipmentItems.reference],
      set: {
        label: sql`excluded.label`,
        category: sql`excluded.category`,
        unitPriceCents: sql`excluded.unit_price_cents`,
        warrantyYears: sql`excluded.warranty_years`,
        supplier: sql`excluded.supplier`,
        isMobile: sql`excluded.is_mobile`,
        isActive: sql`true`,
        updatedAt: sql`excluded.updated_at`,
      },
    });
  return existing.length;
}

export async function upsertResourceItems(db: Db, rows: (typeof resourceItems.$inferInsert)[]) {
  if (rows.length === 0) return 0;
  const existing = await db
    .select({ ean: resourceItems.ean })
    .from(resourceItems)
    .where(
      and(
        eq(resourceItems.regionId, rows[0]!.regionId),
        inArray(
          resourceItems.ean,
          rows.map((r) => r.ean),
        ),
      ),
    );
  await db
    .insert(resourceItems)
    .values(rows)
    .onConflictDoUpdate({
      target: [resourceItems.regionId, resourceItems.ean],
      set: {
        kind: sql`excluded.kind`,
        title: sql`excluded.title`,
        publisher: sql`excluded.publisher`,
        subject: sql`excluded.subject`,
        track: sql`excluded.track`,
        level: sql`excluded.level`,
        priceCents: sql`excluded.price_cents`,
        licenceYears: sql`excluded.licence_years`,
        isActive: sql`true`,
        updatedAt: sql`excluded.updated_at`,
      },
    });
  return existing.length;
}
