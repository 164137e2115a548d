import { randomUUID } from "node:crypto";
import { type AssetType, nameKey, serialOf, usableManufacturer, usableModel, usableUuid, uuidVariants } from "@relais/shared/inventory";
import { eq, type SQL, sql } from "drizzle-orm";
import type { Clock } from "../../context.ts";
import { type Db, queryPreparedRows } from "../../db/client.ts";
import { AppError } from "../../errors.ts";
import { assetEvents, assets } from "./inventory.schema.ts";
import { ingestionMemoryOf, type Learned, normaliseSoftware, remember, type SoftwareInput, syncInstallations, together } from "./software.repository.ts";

/** What an agent reported about one machine, already stripped of personal data. */
export type ReportedMachine = {
  name: string | null;
  serial: string | null;
  serialFallback: string | null;
  uuid: string | null;
  manufacturer: string | null;
  model: string | null;
  assetTag: string | null;
  type: AssetType;
  sections: Record<string, unknown>;
  softwares: SoftwareInput[] | undefined;
};

export type AgentInventory = { regionId: string; schoolId: string; deviceId: string | null; partial: boolean; machine: ReportedMachine };

/** Which rule tied the report to an asset (format notes §5), kept for tests and logs. */
export type MatchRule = "serial_uuid" | "serial_no_uuid" | "serial_uuid_new" | "serial" | "uuid" | "name" | "new_serial" | "new_name";

type Keys = { serial: string | null; uuid: string | null; uuidForms: string[]; name: string | null };

export function matchingKeys(machine: ReportedMachine): Keys {
  const serial = serialOf({ ssn: machine.serial, msn: machine.serialFallback, manufacturer: machine.manufacturer });
  const uuid = usableUuid(machine.uuid);
  return { serial, uuid, uuidForms: uuid ? uuidVariants(uuid) : [], name: nameKey(machine.name) };
}

/**
 * The advisory lock names of a report: one per key (serial and UUID in the region, name in the
 * school), in one global order so that two reports never wait on each other in a cycle. Two
 * reports of one machine at once thus run one after the other, and the second finds the asset
 * the first created.
 */
function lockNames(regionId: string, schoolId: string, keys: Keys): string[] {
  return [
    ...(keys.serial ? [`inventory:${regionId}:serial:${keys.serial.toLowerCase()}`] : []),
    ...keys.uuidForms.map((u) => `inventory:${regionId}:uuid:${u}`),
    ...(keys.name ? [`inventory:${schoolId}:name:${keys.name}`] : []),
  ].sort();
}

/** A matching asset, with what the update compares against (read in the same query: one round trip less per report). */
type Candidate = {
  id: string;
  uuid: string | null;
  schoolId: string;
  name: string | null;
  technical: Record<string, unknown>;
  softwareFingerprint: string | null;
};
type Match = { asset: Candidate | null; rule: MatchRule };
type CandidateRow = Candidate & { matchedBy: "serial" | "uuid" | "name" };

/**
 * Takes the report's locks and reads the assets its keys could match, in one round trip
 * (`inventory_report_candidates`, migration 0010: the reads follow the locks inside the
 * function, each with a fresh snapshot, so they see what a report holding the locks committed).
 */
async function lockAndFindCandidates(tx: Db, input: AgentInventory, keys: Keys): Promise<CandidateRow[]> {
  const locks = lockNames(input.regionId, input.schoolId, keys);
  // Only the keys the rules below may consult are read: with a serial, the UUID alone never
  // decides, and with a serial and a UUID neither does the name (the serial's rows, or none, do).
  const uuids = keys.serial ? [] : keys.uuidForms;
  const name = keys.serial && keys.uuid ? null : keys.name;
  return queryPreparedRows<CandidateRow>(
    tx,
    sql`select matched_by as "matchedBy", id, uuid, school_id as "schoolId", name, technical, software_fingerprint as "softwareFingerprint"
      from inventory_report_candidates(${input.regionId}::uuid, ${input.schoolId}::uuid, ${sql.param(locks)}::text[], ${keys.serial}::text,
        ${sql.param(uuids)}::text[], ${name}::text, ${input.machine.type}::text)`,
  );
}

/**
 * GLPI 10's default import rules, in order, first match wins (format notes §5), over the
 * candidates of each key. Serials and UUIDs match across the region (a machine moved to another
 * lycée stays one asset); names only within the school. Unlike GLPI's defaults, a UUID alone
 * also matches (the issue asks for serial, then UUID, then name): a machine without a serial
 * keeps its asset when renamed.
 */
function findMatch(candidates: CandidateRow[], keys: Keys): Match {
  const bySerial = candidates.filter((c) => c.matchedBy === "serial");
  if (keys.serial && keys.uuid) {
    const both = bySerial.find((a) => a.uuid !== null && keys.uuidForms.includes(a.uuid));
    if (both) return { asset: both, rule: "serial_uuid" };
  }
  const withoutUuid = bySerial.find((a) => a.uuid === null);
  if (keys.serial && withoutUuid) return { asset: withoutUuid, rule: "serial_no_uuid" };
  // Same serial, another UUID: a new motherboard or a copied serial; GLPI creates.
  if (keys.serial && keys.uuid) return { asset: null, rule: "serial_uuid_new" };
  if (bySerial[0]) return { asset: bySerial[0], rule: "serial" };
  const byUuid = candidates.find((c) => c.matchedBy === "uuid");
  if (byUuid) return { asset: byUuid, rule: "uuid" };
  const byName = candidates.find((c) => c.matchedBy === "name");
  if (byName) return { asset: byName, rule: "name" };
  return { asset: null, rule: keys.serial ? "new_serial" : "new_name" };
}

/**
 * Records one agent inventory: matches it to an asset (or creates one), merges the technical
 * sections it carries (a partial inventory replaces only its own sections, never deletes the
 * others), replaces the installed software when the report lists it, and flags applications
 * the region's directory does not know. A report without a name is refused (GLPI rule 1).
 */
export async function ingestAgentInventory(
  deps: { db: Db; clock: Clock },
  input: AgentInventory,
): Promise<{ assetId: string; created: boolean; rule: MatchRule }> {
  const machine = input.machine;
  const keys = matchingKeys(machine);
  if (!keys.name) throw new AppError("validation.failed", "Inventaire refusé : le rapport ne donne pas le nom de la machine.");
  const now = deps.clock.now();
  const memory = ingestionMemoryOf(deps.db);
  let learned: Learned | null = null;
  const result = await deps.db.transaction(async (tx) => {
    // The locks and the candidates are asked for first: the software list (a millisecond or two
    // of work for 850 packages) is normalised while the database answers.
    const candidates = lockAndFindCandidates(tx, input, keys);
    candidates.catch(() => {}); // awaited below; this only keeps a failure meanwhile from counting as unhandled
    const reportedSoftware = machine.softwares === undefined ? null : normaliseSoftware(machine.softwares);
    const { asset: before, rule } = findMatch(await candidates, keys);
    const reported = {
      name: machine.name,
      nameKey: keys.name,
      ...(keys.serial ? { serial: keys.serial, serialKey: keys.serial } : {}),
      ...(keys.uuid ? { uuid: keys.uuid } : {}),
      ...(usableManufacturer(machine.manufacturer) ? { manufacturer: usableManufacturer(machine.manufacturer) } : {}),
      ...(usableModel(machine.model) ? { model: usableModel(machine.model) } : {}),
      ...(machine.assetTag && !machine.assetTag.match(/^(to be filled|default string|asset-?\d*$|no asset)/i) ? { inventoryNumber: machine.assetTag } : {}),
      ...(reportedSoftware ? { softwareFingerprint: reportedSoftware.fingerprint } : {}),
      lastInventoryAt: now,
      agentDeviceId: input.deviceId,
      updatedAt: now,
    };
    // The asset's own writes (row, history) are sent with the software's in one statement: a
    // report costs the lock, the match and that one write, whatever it changes.
    const writes: SQL[] = [];
    let id: string;
    let previousFingerprint: string | null = null;
    if (before === null) {
      // The id is chosen here, so that the history and the installations can name it in the same statement.
      id = randomUUID();
      writes.push(
        tx
          .insert(assets)
          .values({
            ...reported,
            id,
            regionId: input.regionId,
            schoolId: input.schoolId,
            type: machine.type,
            technical: machine.sections,
            source: "agent",
            createdAt: now,
          })
          .getSQL(),
        tx
          .insert(assetEvents)
          .values({ assetId: id, at: now, kind: "created", actorLabel: "Agent d'inventaire", details: { rule, deviceId: input.deviceId } })
          .getSQL(),
      );
    } else {
      id = before.id;
      previousFingerprint = before.softwareFingerprint;
      const technical = input.partial ? { ...before.technical, ...machine.sections } : machine.sections;
      const moved = before.schoolId !== input.schoolId;
      writes.push(
        tx
          .update(assets)
          .set({ ...reported, technical, version: sql`${assets.version} + 1`, ...(moved ? { schoolId: input.schoolId, roomId: null } : {}) })
          .where(eq(assets.id, id))
          .getSQL(),
      );
      if (moved) {
        const details = { fromSchoolId: before.schoolId, toSchoolId: input.schoolId };
        writes.push(tx.insert(assetEvents).values({ assetId: id, at: now, kind: "moved", actorLabel: "Agent d'inventaire", details }).getSQL());
      }
      if (before.name !== machine.name) {
        const details = { from: before.name, to: machine.name };
        writes.push(tx.insert(assetEvents).values({ assetId: id, at: now, kind: "renamed", actorLabel: "Agent d'inventaire", details }).getSQL());
      }
    }
    // The same list as last time (most daily reports): nothing to write but the asset.
    if (reportedSoftware && reportedSoftware.fingerprint !== previousFingerprint) {
      const target = { assetId: id, regionId: input.regionId, schoolId: input.schoolId, now };
      ({ learned } = await syncInstallations(tx, target, reportedSoftware.packages, memory, writes));
    } else {
      await tx.execute(together(writes));
    }
    return { assetId: id, created: before === null, rule };
  });
  // Committed: what this report resolved is now every later report's to reuse.
  if (learned) remember(memory, input.regionId, learned);
  return result;
}
