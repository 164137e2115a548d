import { publisherKey, softwareNameKey } from "@relais/shared/inventory";
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";

export type SoftwareInput = { name: string; version: string; publisher: string | null; arch: string };

const texts = (values: string[]) => sql`${sql.param(values)}::text[]`;
const ids = (values: string[]) => sql`${sql.param(values)}::uuid[]`;

/**
 * Replaces an asset's installed software with what the agent reports, filling the shared
 * catalogue (name + publisher) and its versions (version + arch) as it goes. Each step inserts
 * what is new, then reads everything back in its own statement, so rows another report
 * inserted at the same moment are found too. Returns the catalogue ids seen.
 */
export async function replaceInstallations(db: Db, assetId: string, entries: SoftwareInput[]): Promise<string[]> {
  const byKey = new Map<string, { nameKey: string; publisherKey: string; name: string; publisher: string | null; versions: Map<string, [string, string]> }>();
  for (const entry of entries) {
    const nameKey = softwareNameKey(entry.name);
    const pubKey = publisherKey(entry.publisher);
    const key = `${nameKey}\u0000${pubKey}`;
    let item = byKey.get(key);
    if (!item) {
      item = { nameKey, publisherKey: pubKey, name: entry.name, publisher: entry.publisher, versions: new Map() };
      byKey.set(key, item);
    }
    item.versions.set(`${entry.version}\u0000${entry.arch}`, [entry.version, entry.arch]);
  }
  await db.execute(sql`delete from software_installations where asset_id = ${assetId}`);
  const items = [...byKey.values()];
  if (items.length === 0) return [];

  const nameKeys = items.map((i) => i.nameKey);
  const publisherKeys = items.map((i) => i.publisherKey);
  await db.execute(sql`
    insert into software (name_key, publisher_key, name, publisher)
    select name_key, publisher_key, name, nullif(publisher, '')
    from unnest(${texts(nameKeys)}, ${texts(publisherKeys)}, ${texts(items.map((i) => i.name))}, ${texts(items.map((i) => i.publisher ?? ""))})
      as t(name_key, publisher_key, name, publisher)
    on conflict (name_key, publisher_key) do nothing`);
  const found = await db.execute(sql`
    select s.id, s.name_key, s.publisher_key from software s
    join unnest(${texts(nameKeys)}, ${texts(publisherKeys)}) as t(name_key, publisher_key)
      on s.name_key = t.name_key and s.publisher_key = t.publisher_key`);
  const softwareIds = new Map(
    rowsOf<{ id: string; name_key: string; publisher_key: string }>(found).map((r) => [`${r.name_key}\u0000${r.publisher_key}`, r.id]),
  );

  const versionSoftware: string[] = [];
  const versionText: string[] = [];
  const versionArch: string[] = [];
  for (const item of items) {
    const softwareId = softwareIds.get(`${item.nameKey}\u0000${item.publisherKey}`);
    if (!softwareId) continue;
    for (const [version, arch] of item.versions.values()) {
      versionSoftware.push(softwareId);
      versionText.push(version);
      versionArch.push(arch);
    }
  }
  await db.execute(sql`
    insert into software_versions (software_id, version, arch)
    select * from unnest(${ids(versionSoftware)}, ${texts(versionText)}, ${texts(versionArch)}) as t(software_id, version, arch)
    on conflict (software_id, version, arch) do nothing`);
  await db.execute(sql`
    insert into software_installations (asset_id, version_id)
    select ${assetId}::uuid, v.id from software_versions v
    join unnest(${ids(versionSoftware)}, ${texts(versionText)}, ${texts(versionArch)}) as t(software_id, version, arch)
      on v.software_id = t.software_id and v.version = t.version and v.arch = t.arch
    on conflict do nothing`);
  return [...new Set(softwareIds.values())];
}

/** Applications the region's directory does not know yet become "to evaluate"; decided ones stay as decided. */
export async function flagUnknownApplications(db: Db, regionId: string, schoolId: string, softwareIds: string[], now: Date) {
  if (softwareIds.length === 0) return;
  await db.execute(sql`
    insert into region_applications (region_id, software_id, status, first_seen_school_id, first_seen_at)
    select ${regionId}::uuid, id, 'to_evaluate', ${schoolId}::uuid, ${now.toISOString()}::timestamptz from unnest(${ids(softwareIds)}) as t(id)
    on conflict (region_id, software_id) do nothing`);
}

/** Drizzle's execute returns `{ rows }` on both drivers. */
export function rowsOf<T>(result: unknown): T[] {
  return ((result as { rows?: T[] }).rows ?? (result as T[])) as T[];
}
