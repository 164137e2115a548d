import { createHash } from "node:crypto";
import { publisherKey, softwareNameKey } from "@relais/shared/inventory";
import { type SQL, sql } from "drizzle-orm";
import { type Db, queryPreparedRows } from "../../db/client.ts";

export type SoftwareInput = { name: string; version: string; publisher: string | null; arch: string };

/**
 * Arrays go as one array literal each, written here: the driver escapes an array element by
 * element with two regular expressions, which cost a report 1 to 3 ms for its 850 ids (a string
 * of the same length costs nothing). Ids are the database's own uuids (or the word NULL) and
 * need no quoting.
 */
const uuids = (values: string[]) => sql`${`{${values.join(",")}}`}::uuid[]`;
const quoted = (value: string) => `"${value.includes('"') || value.includes("\\") ? value.replace(/["\\]/g, "\\$&") : value}"`;
const texts = (values: string[]) => sql`${`{${values.map(quoted).join(",")}}`}::text[]`;
const SEP = "\u0000";

/** One installed version as the catalogue keys it; `key` joins the four (the fingerprint's line, the cache's key). */
export type ReportedPackage = { key: string; nameKey: string; publisherKey: string; name: string; publisher: string | null; version: string; arch: string };

/** The report's software list, one package per catalogue key (name, publisher, version, arch), and a fingerprint of the whole. */
export function normaliseSoftware(entries: SoftwareInput[]): { packages: ReportedPackage[]; fingerprint: string } {
  const byKey = new Map<string, ReportedPackage>();
  // A Debian report names a handful of publishers for hundreds of packages: each is keyed once.
  const publisherKeys = new Map<string | null, string>();
  // The first spelling of an application's name and publisher in the report is the one the catalogue gets.
  const firstSpelling = new Map<string, { name: string; publisher: string | null }>();
  for (const entry of entries) {
    const nameKey = softwareNameKey(entry.name);
    let pubKey = publisherKeys.get(entry.publisher);
    if (pubKey === undefined) {
      pubKey = publisherKey(entry.publisher);
      publisherKeys.set(entry.publisher, pubKey);
    }
    const application = `${nameKey}${SEP}${pubKey}`;
    let spelling = firstSpelling.get(application);
    if (!spelling) {
      spelling = { name: entry.name, publisher: entry.publisher };
      firstSpelling.set(application, spelling);
    }
    const key = `${application}${SEP}${entry.version}${SEP}${entry.arch}`;
    if (!byKey.has(key))
      byKey.set(key, { key, nameKey, publisherKey: pubKey, name: spelling.name, publisher: spelling.publisher, version: entry.version, arch: entry.arch });
  }
  const packages = [...byKey.values()];
  const lines = packages.map((p) => p.key).sort();
  return { packages, fingerprint: createHash("sha256").update(lines.join("\n")).digest("base64url") };
}

/** A catalogue entry's ids: the version's and its application's. */
export type CatalogueIds = readonly [versionId: string, softwareId: string];

/**
 * What this process has seen committed, for one database handle: the catalogue's ids by package
 * key (ADR 0010), and the applications each region's directory holds, by region id (ADR 0014).
 * Neither is ever wrong once true: catalogue rows and directory entries are never deleted
 * (triggers refuse it, migrations 0009 and 0012) and their keys never change. A report's known
 * packages thus skip the two lookups by name, and its applications the directory already holds
 * are not offered to it again; only what this process has not met is worked out in SQL.
 */
export type IngestionMemory = { catalogue: Map<string, CatalogueIds>; directories: Map<string, Set<string>> };
/** What a report resolved: catalogue ids by package key, and the applications its region's directory now holds. */
export type Learned = { catalogue: [string, CatalogueIds][]; directory: string[] };

/**
 * Bounded: some 350 bytes a catalogue entry, so about 17 MB at most, and a region's directory
 * (an id a slot) a few MB. Past it the oldest entry goes first, and is worked out in SQL again
 * the next time a report lists it.
 */
const CATALOGUE_CACHE_SIZE = 50_000;
const DIRECTORY_CACHE_SIZE = 50_000;
const memories = new WeakMap<Db, IngestionMemory>();

export const emptyMemory = (): IngestionMemory => ({ catalogue: new Map(), directories: new Map() });

export function ingestionMemoryOf(db: Db): IngestionMemory {
  let memory = memories.get(db);
  if (!memory) {
    memory = emptyMemory();
    memories.set(db, memory);
  }
  return memory;
}

/** Adds what a committed report resolved. Only after its commit: a rolled-back insert's rows never existed. */
export function remember(memory: IngestionMemory, regionId: string, learned: Learned) {
  for (const [key, ids] of learned.catalogue) {
    if (memory.catalogue.size >= CATALOGUE_CACHE_SIZE) memory.catalogue.delete(memory.catalogue.keys().next().value!);
    memory.catalogue.set(key, ids);
  }
  if (learned.directory.length === 0) return;
  let directory = memory.directories.get(regionId);
  if (!directory) {
    directory = new Set();
    memory.directories.set(regionId, directory);
  }
  for (const softwareId of learned.directory) {
    if (directory.size >= DIRECTORY_CACHE_SIZE) directory.delete(directory.values().next().value!);
    directory.add(softwareId);
  }
}

/**
 * The packages the catalogue memory does not know, as parallel arrays (the shape `unnest`
 * reads), and the ids of those it knows; an application the region's directory is known to
 * hold goes as a null application id, which the directory step skips.
 */
function splitByMemory(packages: ReportedPackage[], memory: IngestionMemory, regionId: string) {
  const unknown: ReportedPackage[] = [];
  const known = { versionIds: [] as string[], softwareIds: [] as string[] };
  const directory = memory.directories.get(regionId);
  for (const p of packages) {
    const ids = memory.catalogue.get(p.key);
    if (ids) {
      known.versionIds.push(ids[0]);
      known.softwareIds.push(directory?.has(ids[1]) ? "NULL" : ids[1]);
    } else unknown.push(p);
  }
  const columns = {
    nameKey: unknown.map((p) => p.nameKey),
    publisherKey: unknown.map((p) => p.publisherKey),
    name: unknown.map((p) => p.name),
    publisher: unknown.map((p) => p.publisher ?? ""),
    version: unknown.map((p) => p.version),
    arch: unknown.map((p) => p.arch),
  };
  return { unknown, columns, known };
}

/**
 * Brings an asset's installed software to what the agent reports, in one statement (one round
 * trip, prepared): the packages this process already resolved go as ids; the others are
 * resolved against the catalogue by one join (name + publisher, then version + arch), and only
 * what the catalogue lacks is inserted. The asset's one row of version ids (ADR 0010) is then
 * written whole, so that a first report writes one row, not one per package. What changed is
 * worked out in SQL against the row as it was (hashed `not in` both ways): it gives the counts,
 * and only the newly installed applications are offered to the region's directory, but for
 * those this process knows it holds.
 *
 * Catalogue rows missing from the statement's snapshot are inserted with ON CONFLICT DO UPDATE
 * (a no-op update), so that a row another report inserted at the same moment is returned
 * rather than skipped; inserts go in key order, so two reports never wait on each other in a
 * cycle. Applications newly installed that the region's directory does not know become "to
 * evaluate" (once per region, whoever reports it first); decided ones stay as decided. Returns
 * what it resolved, for the caller to remember once committed.
 */
export async function syncInstallations(
  db: Db,
  target: { assetId: string; regionId: string; schoolId: string; now: Date },
  packages: ReportedPackage[],
  memory: IngestionMemory,
  alongside: SQL[] = [],
): Promise<{ added: number; removed: number; learned: Learned }> {
  const { assetId, regionId, schoolId, now } = target;
  const { unknown, columns: c, known } = splitByMemory(packages, memory, regionId);
  const [row] = await queryPreparedRows<{ added: number; removed: number; ids: string[]; softwareIds: string[]; directoryIds: string[] }>(
    db,
    sql`
      with ${writtenFirst(alongside)} found as (
        select r.*, s.id as software_id, v.id as version_id
        from unnest(${texts(c.nameKey)}, ${texts(c.publisherKey)}, ${texts(c.name)}, ${texts(c.publisher)}, ${texts(c.version)}, ${texts(c.arch)})
          with ordinality as r(name_key, publisher_key, name, publisher, version, arch, n)
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
        returning id, software_id, version, arch
      ),
      -- Each package resolved here, in the order it was sent (the caller remembers them).
      resolved as (
        select f.n, coalesce(f.version_id, nv.id) as id, coalesce(f.software_id, ns.id) as software_id
        from found f
        left join new_software ns on f.software_id is null and ns.name_key = f.name_key and ns.publisher_key = f.publisher_key
        left join new_versions nv on f.version_id is null and nv.software_id = coalesce(f.software_id, ns.id) and nv.version = f.version and nv.arch = f.arch
      ),
      wanted as (
        select k.id, k.software_id from unnest(${uuids(known.versionIds)}, ${uuids(known.softwareIds)}) as k(id, software_id)
        union all
        select id, software_id from resolved
      ),
      -- The asset's list as it stood (the statement's snapshot: the write below does not show here).
      prior as (
        select unnest(i.version_ids) as id from asset_installations i where i.asset_id = ${assetId}::uuid
      ),
      stored as (
        insert into asset_installations (asset_id, version_ids)
        select ${assetId}::uuid, coalesce(array_agg(w.id), '{}') from wanted w
        on conflict (asset_id) do update set version_ids = excluded.version_ids
      ),
      -- A null application id: one the directory is known to hold (splitByMemory).
      added as (
        select w.id, w.software_id from wanted w where w.id not in (select id from prior)
      ),
      removed as (
        select p.id from prior p where p.id not in (select id from wanted)
      ),
      flagged as (
        insert into region_applications (region_id, software_id, status, first_seen_school_id, first_seen_at)
        select distinct ${regionId}::uuid, a.software_id, 'to_evaluate', ${schoolId}::uuid, ${now.toISOString()}::timestamptz from added a
        where a.software_id is not null
        -- One probe of the directory's key per application (a scalar subquery is never made a join):
        -- an anti-join reads the region's whole directory, and leaving it to ON CONFLICT costs more
        -- for the 850 a first report offers in a process that knows none of them (3.5 ms, against 2.8
        -- for the anti-join and 2.4 probed, with 32,000 applications in the directory). ON CONFLICT stays for a report at the same moment.
          and (select true from region_applications r where r.region_id = ${regionId}::uuid and r.software_id = a.software_id) is null
        order by 2
        on conflict (region_id, software_id) do nothing
      )
      select (select count(*) from added)::int as added, (select count(*) from removed)::int as removed,
        (select coalesce(array_agg(id::text order by n), '{}') from resolved) as ids,
        (select coalesce(array_agg(software_id::text order by n), '{}') from resolved) as "softwareIds",
        -- Offered to the directory, so held by it once this commits (inserted here, or there already).
        (select coalesce(array_agg(distinct software_id::text), '{}') from added where software_id is not null) as "directoryIds"`,
  );
  if (!row) throw new Error("syncInstallations: no result row");
  const catalogue: [string, CatalogueIds][] = [];
  unknown.forEach((p, i) => {
    const versionId = row.ids[i];
    const softwareId = row.softwareIds[i];
    if (versionId && softwareId) catalogue.push([p.key, [versionId, softwareId]]);
  });
  return { added: row.added, removed: row.removed, learned: { catalogue, directory: row.directoryIds } };
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
