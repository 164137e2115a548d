import { randomUUID } from "node:crypto";
import { can, visibleScopes } from "@relais/shared/permissions";
import { isSchoolYear, schoolYearOf } from "@relais/shared/school-year";
import type { Ctx } from "../../context.ts";
import { AppError, forbidden } from "../../errors.ts";
import type { TableContent } from "../../lib/table-file.ts";
import { recordAudit } from "../audit/audit.service.ts";
import * as regions from "../regions/regions.repository.ts";
import * as repo from "./schools.repository.ts";
import { type ExistingSchool, type ImportedSchool, type ImportIssue, type ParsedSchoolsFile, parseSchoolsTable, schoolChanges } from "./schools-import.ts";

export type SchoolsImportReport = {
  format: ParsedSchoolsFile["format"];
  regionName: string;
  schoolYear: string;
  /** Valid lines for the region (private and other-region lines excluded). */
  schoolCount: number;
  created: number;
  updated: number;
  unchanged: number;
  skipped: ParsedSchoolsFile["skipped"];
  regionsInFile: string[];
  issues: ImportIssue[];
  /** False on a dry run or when any line is wrong: then nothing was written. */
  written: boolean;
};

type ImportCtx = Pick<Ctx, "db" | "actor" | "clock" | "requestId" | "ip">;

/** Schools written per step: one progress tick, and one multi-row insert for the new ones. */
const CHUNK = 100;

/**
 * Imports (creates or updates, keyed by UAI) a Region's lycées from a CSV text. Every line is
 * checked first; if any is wrong nothing is written and the report lists them all. Otherwise
 * everything is written in ONE transaction, so an interrupted import leaves nothing behind.
 * Enrolment columns replace the school's enrolment for `schoolYear` (default: the current one).
 */
export async function importSchools(
  ctx: ImportCtx,
  input: { regionCode: string; content: TableContent; dryRun: boolean; schoolYear?: string; onProgress?: (done: number, total: number) => void },
): Promise<SchoolsImportReport> {
  const region = await regions.findRegionByCode(ctx.db, input.regionCode);
  if (!region) {
    const known = (await regions.findRegions(ctx.db, visibleScopes(ctx.actor.assignments, "region.read"))).map((r) => r.code);
    throw new AppError(
      "not_found",
      `Région « ${input.regionCode} » introuvable.${known.length ? ` Codes existants : ${known.join(", ")}.` : " Aucune région n'existe encore."}`,
    );
  }
  if (!can(ctx.actor.assignments, "school.write", { regionId: region.id })) throw forbidden("Seule la Région peut importer ses établissements.");
  const schoolYear = input.schoolYear ?? schoolYearOf(ctx.clock.now());
  if (!isSchoolYear(schoolYear)) throw new AppError("validation.failed", `Année scolaire « ${schoolYear} » invalide : attendu la forme 2025-2026.`);

  const parsed = parseSchoolsTable(input.content, { regionName: region.name });
  const existing = new Map(
    (
      await repo.findSchoolsByUai(
        ctx.db,
        parsed.schools.map((s) => s.uai),
      )
    ).map((s) => [s.uai, s]),
  );
  const tree = await regionTree(ctx, region.id);
  const plans: WritePlan[] = [];
  const issues = [...parsed.issues];
  for (const row of parsed.schools) {
    const current = existing.get(row.uai);
    if (current && current.regionId !== region.id) {
      issues.push({
        line: row.line,
        column: "uai",
        message: `L'UAI ${row.uai} appartient à un établissement d'une autre région : il ne peut pas être importé ici.`,
      });
      continue;
    }
    const placement = resolvePlacement(row, tree, current ?? null);
    if ("issue" in placement) {
      issues.push(placement.issue);
      continue;
    }
    plans.push(
      current
        ? { kind: "update", row, id: current.id, changes: schoolChanges(current, row, placement.value) }
        : { kind: "create", row, id: randomUUID(), placement: placement.value },
    );
  }
  issues.sort((a, b) => a.line - b.line);

  const report: SchoolsImportReport = {
    format: parsed.format,
    regionName: region.name,
    schoolYear,
    schoolCount: parsed.schools.length,
    created: plans.filter((p) => p.kind === "create").length,
    updated: plans.filter((p) => p.kind === "update" && Object.keys(p.changes).length > 0).length,
    unchanged: plans.filter((p) => p.kind === "update" && Object.keys(p.changes).length === 0).length,
    skipped: parsed.skipped,
    regionsInFile: parsed.regionsInFile,
    issues,
    written: false,
  };
  if (issues.length > 0 || input.dryRun || plans.length === 0) return report;

  const isCurrentYear = schoolYear === schoolYearOf(ctx.clock.now());
  input.onProgress?.(0, plans.length);
  await ctx.db.transaction(async (tx) => {
    for (let start = 0; start < plans.length; start += CHUNK) {
      const chunk = plans.slice(start, start + CHUNK);
      await repo.insertSchools(
        tx,
        chunk.flatMap((plan) => (plan.kind === "create" ? [newSchoolValues(plan, region.id)] : [])),
      );
      for (const plan of chunk) {
        if (plan.kind === "update" && Object.keys(plan.changes).length > 0) await repo.overwriteSchool(tx, plan.id, plan.changes);
        if (plan.row.enrolment === null) continue;
        await repo.replaceEnrolment(tx, plan.id, schoolYear, plan.row.enrolment);
        if (isCurrentYear)
          await repo.setStudentCount(
            tx,
            plan.id,
            plan.row.enrolment.reduce((sum, line) => sum + line.students, 0),
          );
      }
      input.onProgress?.(Math.min(start + CHUNK, plans.length), plans.length);
    }
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: "schools.imported",
        entityType: "region",
        entityId: region.id,
        regionId: region.id,
        after: {
          format: parsed.format,
          schoolYear,
          created: plans.filter((p) => p.kind === "create").map((p) => p.row.uai),
          updated: plans.filter((p) => p.kind === "update" && Object.keys(p.changes).length > 0).map((p) => p.row.uai),
        },
      },
    );
  });
  return { ...report, written: true };
}

type Placement = { sectorId: string | null; zoneId: string | null };
type WritePlan =
  | { kind: "create"; row: ImportedSchool; id: string; placement: Placement | null }
  | { kind: "update"; row: ImportedSchool; id: string; changes: ReturnType<typeof schoolChanges> };
type RegionTree = { sectors: Map<string, { id: string; code: string }>; zones: Map<string, { id: string; code: string; sectorId: string }> };

async function regionTree(ctx: ImportCtx, regionId: string): Promise<RegionTree> {
  const sectors = await regions.findSectorsWithZones(ctx.db, visibleScopes(ctx.actor.assignments, "region.read"), regionId);
  return {
    sectors: new Map(sectors.map((s) => [s.code.toLowerCase(), { id: s.id, code: s.code }])),
    zones: new Map(sectors.flatMap((s) => s.zones.map((z) => [z.code.toLowerCase(), { id: z.id, code: z.code, sectorId: s.id }] as const))),
  };
}

/**
 * Where a line puts the school: a zone implies its sector; a sector alone keeps the school's
 * zone only if that zone is in it. No code at all: null, the placement is left as it is.
 */
function resolvePlacement(
  row: ImportedSchool,
  tree: RegionTree,
  current: Pick<ExistingSchool, "sectorId" | "zoneId"> | null,
): { value: Placement | null } | { issue: ImportIssue } {
  const sector = row.sectorCode ? tree.sectors.get(row.sectorCode.toLowerCase()) : undefined;
  if (row.sectorCode && !sector)
    return {
      issue: {
        line: row.line,
        column: "code_secteur",
        message: `Secteur « ${row.sectorCode} » inconnu dans cette région. Codes existants : ${[...tree.sectors.values()].map((s) => s.code).join(", ") || "aucun"}.`,
      },
    };
  if (row.zoneCode) {
    const zone = tree.zones.get(row.zoneCode.toLowerCase());
    if (!zone) return { issue: { line: row.line, column: "code_zone", message: `Zone « ${row.zoneCode} » inconnue dans cette région.` } };
    if (sector && sector.id !== zone.sectorId)
      return { issue: { line: row.line, column: "code_zone", message: `La zone ${zone.code} n'est pas dans le secteur ${sector.code}.` } };
    return { value: { sectorId: zone.sectorId, zoneId: zone.id } };
  }
  if (!sector) return { value: null };
  return { value: { sectorId: sector.id, zoneId: current?.sectorId === sector.id ? current.zoneId : null } };
}

function newSchoolValues(plan: Extract<WritePlan, { kind: "create" }>, regionId: string) {
  const { row } = plan;
  return {
    id: plan.id,
    regionId,
    uai: row.uai,
    name: row.name,
    type: row.type,
    academie: row.academie,
    departmentCode: row.departmentCode,
    commune: row.commune,
    sectorId: plan.placement?.sectorId ?? null,
    zoneId: plan.placement?.zoneId ?? null,
    ...(row.digitalMode !== undefined ? { digitalMode: row.digitalMode } : {}),
    ...(row.wifiStatus !== undefined ? { wifiStatus: row.wifiStatus } : {}),
    ...(row.bandwidthMbps !== undefined ? { bandwidthMbps: row.bandwidthMbps } : {}),
    ...(row.hasRemoteSupport !== undefined ? { hasRemoteSupport: row.hasRemoteSupport } : {}),
  };
}
