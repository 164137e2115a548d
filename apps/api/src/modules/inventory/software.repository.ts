import { createHash } from "node:crypto";
import { publisherKey, softwareNameKey } from "@relais/shared/inventory";
import { type SQL, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";

export type SoftwareInput = { name: string; version: string; publisher: string | null; arch: string };

const texts = (values: string[]) => sql`${sql.param(values)}::text[]`;
const SEP = "\u0000";

type Entry = { nameKey: string; publisherKey: string; name: string; publisher: string | null; versions: Map<string, [string, string]> };

/** The report's software list, one entry per catalogue key with its versions, and a fingerprint of the whole. */
export function normaliseSoftware(entries: SoftwareInput[]): { items: Entry[]; fingerprint: string } {
  const byKey = new Map<string, Entry>();
  // A Debian report names a handful of publishers for hundreds of packages: each is keyed once.
  const publisherKeys = new Map<string | null, string>();
  for (const entry of entries) {
    const nameKey = softwareNameKey(entry.name);
    let pubKey = publisherKeys.get(entry.publisher);
    if (pubKey === undefined) {
      pubKey = publisherKey(entry.publisher);
      publisherKeys.set(entry.publisher, pubKey);
    }
    const key = `${nameKey}${SEP}${pubKey}`;
    let item = byKey.get(key);
    if (!item) {
      item = { nameKey, publisherKey: pubKey, name: entry.name, publisher: entry.publisher, versions: new Map() };
      byKey.set(key, item);
    }
    item.versions.set(`${entry.version}${SEP}${entry.arch}`, [entry.version, entry.arch]);
  }
  const lines = [...byKey.values()].flatMap((i) => [...i.versions.keys()].map((v) => `${i.nameKey}${SEP}${i.publisherKey}${SEP}${v}`)).sort();
  return { items: [...byKey.values()], fingerprint: createHash("sha256").update(lines.join("\n")).digest("base64url") };
}

/** The report's list as parallel arrays (one element per installed version), the shape `unnest` reads. */
function columnsOf(items: Entry[]) {
  const columns = {
    nameKey: [] as string[],
    publisherKey: [] as string[],
    name: [] as string[],
    publisher: [] as string[],
    version: [] as string[],
    arch: [] as string[],
  };
  for (const item of items) {
    for (const [version, arch] of item.versions.values()) {
      columns.nameKey.push(item.nameKey);
      columns.publisherKey.push(item.publisherKey);
      columns.name.push(item.name);
      columns.publisher.push(item.publisher ?? "");
      columns.version.push(version);
      columns.arch.push(arch);
    }
  }
  return columns;
}

/**
 * Brings an asset's installed software to what the agent reports, in one statement (one round
 * trip, one plan): the report is resolved against the catalogue by one join (name + publisher,
 * then version + arch), only what the catalogue lacks is inserted, and the installations are
 * diffed in SQL against the asset's, so that a daily update writes its few changed packages and
 * a first report writes its installations in one multi-row insert.
 *
 * Catalogue rows missing from the statement's snapshot are inserted with ON CONFLICT DO UPDATE
 * (a no-op update), so that a row another report inserted at the same moment is returned
 * rather than skipped; inserts go in key order, so two reports never wait on each other in a
 * cycle. Applications newly installed that the region's directory does not know become "to
 * evaluate"; decided ones stay as decided.
 */
export async function syncInstallations(
  db: Db,
  target: { assetId: string; regionId: string; schoolId: string; now: Date },
  items: Entry[],
  alongside: SQL[] = [],
): Promise<{ added: number; removed: number }> {
  const c = columnsOf(items);
  const { assetId, regionId, schoolId, now } = target;
  const [row] = rowsOf<{ added: number; removed: number }>(
    await db.execute(sql`
      with ${writtenFirst(alongside)} found as (
        select r.*, s.id as software_id, v.id as version_id
        from unnest(${texts(c.nameKey)}, ${texts(c.publisherKey)}, ${texts(c.name)}, ${texts(c.publisher)}, ${texts(c.version)}, ${texts(c.arch)})
          as r(name_key, publisher_key, name, publisher, version, arch)
        -- One unique-index probe per package (LIMIT 1 keeps each lookup a probe): the catalogue is
        -- shared by every region and holds tens of thousands of rows, which a hash join would read whole.
        left join lateral (select s.id from software s where s.name_key = r.name_key and s.publisher_key = r.publisher_key limit 1) s on true
        left join lateral (select v.id from software_versions v where v.software_id = s.id and v.version = r.version and v.arch = r.arch limit 1) v on true
      ),
      new_software as (
        insert into software (name_key, publisher_key, name, publisher)
        select distinct on (f.name_key, f.publisher_key) f.name_key, f.publisher_key, f.name, nullif(f.publisher, '') from found f
        where f.software_id is null
        order by f.name_key, f.publisher_key
        on conflict (name_key, publisher_key) do update set name_key = excluded.name_key
        returning id, name_key, publisher_key
      ),
      new_versions as (
        insert into software_versions (software_id, version, arch)
        select coalesce(f.software_id, n.id), f.version, f.arch
        from found f left join new_software n on f.software_id is null and n.name_key = f.name_key and n.publisher_key = f.publisher_key
        where f.version_id is null
        order by 1, 2, 3
        on conflict (software_id, version, arch) do update set version = excluded.version
        returning id, software_id
      ),
      wanted as (
        select version_id as id, software_id from found where version_id is not null
        union all
        select id, software_id from new_versions
      ),
      removed as (
        delete from software_installations i
        where i.asset_id = ${assetId}::uuid and i.version_id not in (select id from wanted)
        returning i.version_id
      ),
      added as (
        insert into software_installations (asset_id, version_id)
        select ${assetId}::uuid, w.id from wanted w
        where not exists (select 1 from software_installations i where i.asset_id = ${assetId}::uuid and i.version_id = w.id)
        on conflict do nothing
        returning version_id
      ),
      flagged as (
        insert into region_applications (region_id, software_id, status, first_seen_school_id, first_seen_at)
        select ${regionId}::uuid, n.software_id, 'to_evaluate', ${schoolId}::uuid, ${now.toISOString()}::timestamptz
        -- Only the applications just installed (a few on an update), each probed in the directory.
        from (select distinct w.software_id from added a join wanted w on w.id = a.version_id offset 0) n
        where not exists (select 1 from region_applications r where r.region_id = ${regionId}::uuid and r.software_id = n.software_id)
        order by 2
        on conflict (region_id, software_id) do nothing
      )
      select (select count(*) from added)::int as added, (select count(*) from removed)::int as removed`),
  );
  return row ?? { added: 0, removed: 0 };
}

/**
 * Other writes (an asset's insert or update, its history) as the first parts of a WITH: they run
 * in the same statement as what follows. Only the rows of the asset being reported are touched,
 * and nothing else in the statement reads them, so the single snapshot changes nothing;
 * foreign keys are checked at the statement's end, when the asset row exists.
 */
function writtenFirst(writes: SQL[]): SQL {
  return sql.join(
    writes.map((write, i) => sql`${sql.raw(`written_${i}`)} as (${write}),`),
    sql` `,
  );
}

/** Several writes in one statement (one round trip). */
export function together(writes: SQL[]): SQL {
  if (writes.length === 1) return writes[0] as SQL;
  return sql`with ${writtenFirst(writes)} done as (select 1) select 1 from done`;
}

/** Drizzle's execute returns `{ rows }` on both drivers. */
export function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];
}
