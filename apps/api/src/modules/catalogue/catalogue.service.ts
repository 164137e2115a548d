import { type EquipmentItemInput, type ResourceItemInput, UNORDERED_KINDS } from "@relais/shared/catalogue";
import { can } from "@relais/shared/permissions";
import type { Ctx, PlainCtx } from "../../context.ts";
import { AppError, forbidden } from "../../errors.ts";
import type { TableContent } from "../../lib/table-file.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { visibleRegionIds } from "../campaigns/campaigns.service.ts";
import * as repo from "./catalogue.repository.ts";
import { type CatalogueKind, type ImportIssue, parseEquipmentTable, parseResourcesTable } from "./catalogue-import.ts";

export type { EquipmentItem, ResourceItem } from "./catalogue.repository.ts";

/** Everyone of a region browses its catalogues (seed 001: teachers see the whole catalogue). */
export const listEquipmentItems = (ctx: Ctx, filters: Parameters<typeof repo.findEquipmentItems>[2]) =>
  repo.findEquipmentItems(ctx.db, visibleRegionIds(ctx), filters);

export async function listResourceItems(ctx: Ctx, filters: Parameters<typeof repo.findResourceItems>[2]) {
  return (await repo.findResourceItems(ctx.db, visibleRegionIds(ctx), filters)).map(presentResource);
}

export const presentResource = (item: repo.ResourceItem) => ({ ...item, isOrderable: item.isActive && !UNORDERED_KINDS.includes(item.kind) });

function assertManages(ctx: PlainCtx, regionId: string) {
  if (!can(ctx.actor.assignments, "campaign.manage", { regionId })) throw forbidden("Seule la Région tient ses catalogues.");
}

export async function saveEquipmentItem(ctx: PlainCtx, regionId: string, input: EquipmentItemInput) {
  assertManages(ctx, regionId);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    await repo.upsertEquipmentItems(tx, [{ ...input, regionId, createdAt: now, updatedAt: now }]);
    const [item] = await repo.findEquipmentItems(tx, [regionId], { regionId, q: input.reference });
    await recordAudit({ ...ctx, db: tx }, { action: "catalogue.item_saved", entityType: "catalogue_item", entityId: item?.id ?? null, regionId, after: input });
    return item!;
  });
}

export async function saveResourceItem(ctx: PlainCtx, regionId: string, input: ResourceItemInput) {
  assertManages(ctx, regionId);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    await repo.upsertResourceItems(tx, [{ ...input, regionId, createdAt: now, updatedAt: now }]);
    const [item] = await repo.findResourceItems(tx, [regionId], { regionId, q: input.ean });
    await recordAudit({ ...ctx, db: tx }, { action: "catalogue.item_saved", entityType: "catalogue_item", entityId: item?.id ?? null, regionId, after: input });
    return presentResource(item!);
  });
}

export type CatalogueImportReport = { catalogue: CatalogueKind; lines: number; created: number; updated: number; written: boolean; issues: ImportIssue[] };

/**
 * Imports a catalogue file: every line is checked first; one wrong line and nothing is written,
 * the answer listing every wrong cell. Otherwise all lines are written in one transaction.
 */
export async function importCatalogue(
  ctx: Ctx,
  input: { regionId: string; catalogue: CatalogueKind; content: TableContent; dryRun: boolean },
): Promise<CatalogueImportReport> {
  assertManages(ctx, input.regionId);
  const parsed = input.catalogue === "equipment" ? parseEquipmentTable(input.content) : parseResourcesTable(input.content);
  if (parsed.issues.length > 0) {
    throw new AppError(
      "validation.failed",
      `${parsed.issues.length} erreur(s) dans le fichier : rien n'a été importé. Corrigez les lignes signalées et recommencez.`,
      {
        fieldErrors: parsed.issues.map((i) => ({ field: `ligne ${i.line}${i.column ? `, colonne ${i.column}` : ""}`, message: i.message })),
        details: { issues: parsed.issues },
      },
    );
  }
  const report: CatalogueImportReport = { catalogue: input.catalogue, lines: parsed.items.length, created: 0, updated: 0, written: false, issues: [] };
  const now = ctx.clock.now();
  const rows = parsed.items.map(({ line: _line, ...item }) => ({ ...item, regionId: input.regionId, createdAt: now, updatedAt: now }));
  await ctx.db
    .transaction(async (tx) => {
      const existing =
        input.catalogue === "equipment"
          ? await repo.upsertEquipmentItems(tx, rows as Parameters<typeof repo.upsertEquipmentItems>[1])
          : await repo.upsertResourceItems(tx, rows as Parameters<typeof repo.upsertResourceItems>[1]);
      report.updated = existing;
      report.created = rows.length - existing;
      if (input.dryRun) {
        // Checked against the database (keys, constraints) like a real import, then undone.
        throw new DryRunDone();
      }
      report.written = true;
      await recordAudit(
        { ...ctx, db: tx },
        {
          action: "catalogue.imported",
          entityType: "catalogue_item",
          regionId: input.regionId,
          after: { catalogue: input.catalogue, lines: rows.length, created: report.created, updated: report.updated },
        },
      );
    })
    .catch((error) => {
      if (!(error instanceof DryRunDone)) throw error;
    });
  return report;
}

class DryRunDone extends Error {}

/** The catalogue items an order names, of the campaign's region and programme. */
export async function findItemsForOrder(ctx: Ctx, regionId: string, programme: "equipment" | "textbooks", ids: string[]) {
  if (programme === "equipment")
    return (await repo.findEquipmentItemsByIds(ctx.db, ids)).filter((i) => i.regionId === regionId).map((i) => ({ type: "equipment" as const, item: i }));
  return (await repo.findResourceItemsByIds(ctx.db, ids)).filter((i) => i.regionId === regionId).map((i) => ({ type: "resource" as const, item: i }));
}
