import { createHash } from "node:crypto";
import { publisherKey, softwareNameKey } from "@relais/shared/inventory";
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";

export type SoftwareInput = { name: string; version: string; publisher: string | null; arch: string };

const texts = (values: string[]) => sql`${sql.param(values)}::text[]`;
const ids = (values: string[]) => sql`${sql.param(values)}::uuid[]`;
const SEP = "\u0000";

type Entry = { nameKey: string; publisherKey: string; name: string; publisher: string | null; versions: Map<string, [string, string]> };

/** The report's software list, one entry per catalogue key with its versions, and a fingerprint of the whole. */
export function normaliseSoftware(entries: SoftwareInput[]): { items: Entry[]; fingerprint: string } {
  const byKey = new Map<string, Entry>();
  for (const entry of entries) {
    const nameKey = softwareNameKey(entry.name);
    const pubKey = publisherKey(entry.publisher);
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

/**
 * Brings an asset's installed software to what the agent reports, filling the shared catalogue
 * (name + publisher) and its versions (version + arch) as it goes. Rows are looked up first and
 * only the missing ones inserted (a workstation's packages are nearly all known already), and
 * installations are diffed rather than rewritten. An insert that meets a row another report
 * inserted at the same moment does nothing; the next read, in its own statement, sees it.
 * Returns the catalogue ids of the report's software.
 */
export async function replaceInstallations(db: Db, assetId: string, items: Entry[]): Promise<string[]> {
  if (items.length === 0) {
    await db.execute(sql`delete from software_installations where asset_id = ${assetId}`);
    return [];
  }
  const nameKeys = items.map((i) => i.nameKey);
  const publisherKeys = items.map((i) => i.publisherKey);
  const readSoftware = async () =>
    rowsOf<{ id: string; name_key: string; publisher_key: string }>(
      await db.execute(sql`
        select s.id, s.name_key, s.publisher_key from software s
        join unnest(${texts(nameKeys)}, ${texts(publisherKeys)}) as t(name_key, publisher_key)
          on s.name_key = t.name_key and s.publisher_key = t.publisher_key`),
    );
  let found = await readSoftware();
  if (found.length < items.length) {
    const known = new Set(found.map((r) => `${r.name_key}${SEP}${r.publisher_key}`));
    const missing = items.filter((i) => !known.has(`${i.nameKey}${SEP}${i.publisherKey}`));
    await db.execute(sql`
      insert into software (name_key, publisher_key, name, publisher)
      select name_key, publisher_key, name, nullif(publisher, '')
      from unnest(${texts(missing.map((i) => i.nameKey))}, ${texts(missing.map((i) => i.publisherKey))}, ${texts(missing.map((i) => i.name))}, ${texts(missing.map((i) => i.publisher ?? ""))})
        as t(name_key, publisher_key, name, publisher)
      on conflict (name_key, publisher_key) do nothing`);
    found = await readSoftware();
  }
  const softwareIds = new Map(found.map((r) => [`${r.name_key}${SEP}${r.publisher_key}`, r.id]));

  const versionSoftware: string[] = [];
  const versionText: string[] = [];
  const versionArch: string[] = [];
  for (const item of items) {
    const softwareId = softwareIds.get(`${item.nameKey}${SEP}${item.publisherKey}`);
    if (!softwareId) continue;
    for (const [version, arch] of item.versions.values()) {
      versionSoftware.push(softwareId);
      versionText.push(version);
      versionArch.push(arch);
    }
  }
  const readVersions = async () =>
    rowsOf<{ id: string }>(
      await db.execute(sql`
        select v.id from software_versions v
        join unnest(${ids(versionSoftware)}, ${texts(versionText)}, ${texts(versionArch)}) as t(software_id, version, arch)
          on v.software_id = t.software_id and v.version = t.version and v.arch = t.arch`),
    );
  let versions = await readVersions();
  if (versions.length < versionSoftware.length) {
    await db.execute(sql`
      insert into software_versions (software_id, version, arch)
      select * from unnest(${ids(versionSoftware)}, ${texts(versionText)}, ${texts(versionArch)}) as t(software_id, version, arch)
      on conflict (software_id, version, arch) do nothing`);
    versions = await readVersions();
  }
  // The difference is computed here: an update touches a few packages of hundreds.
  const wanted = new Set(versions.map((v) => v.id));
  const current = rowsOf<{ version_id: string }>(await db.execute(sql`select version_id from software_installations where asset_id = ${assetId}`));
  const have = new Set(current.map((r) => r.version_id));
  const removed = [...have].filter((v) => !wanted.has(v));
  const added = [...wanted].filter((v) => !have.has(v));
  if (removed.length > 0) await db.execute(sql`delete from software_installations where asset_id = ${assetId} and version_id = any(${ids(removed)})`);
  if (added.length > 0) {
    await db.execute(sql`
      insert into software_installations (asset_id, version_id)
      select ${assetId}::uuid, id from unnest(${ids(added)}) as t(id)
      on conflict do nothing`);
  }
  return [...new Set(softwareIds.values())];
}

/** Applications the region's directory does not know yet become "to evaluate"; decided ones stay as decided. */
export async function flagUnknownApplications(db: Db, regionId: string, schoolId: string, softwareIds: string[], now: Date) {
  if (softwareIds.length === 0) return;
  await db.execute(sql`
    insert into region_applications (region_id, software_id, status, first_seen_school_id, first_seen_at)
    select ${regionId}::uuid, t.id, 'to_evaluate', ${schoolId}::uuid, ${now.toISOString()}::timestamptz from unnest(${ids(softwareIds)}) as t(id)
    where not exists (select 1 from region_applications r where r.region_id = ${regionId}::uuid and r.software_id = t.id)
    on conflict (region_id, software_id) do nothing`);
}

/** Drizzle's execute returns `{ rows }` on both drivers. */
export function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];
}
