import {
  ASSET_FUNDINGS,
  ASSET_IMPORT_COLUMNS,
  ASSET_IMPORT_REQUIRED,
  ASSET_STATUSES,
  ASSET_TYPES,
  type AssetFunding,
  type AssetStatus,
  type AssetType,
  isIndividualEquipment,
  nameKey,
  usableSerial,
} from "@relais/shared/inventory";
import { can, visibleScopes } from "@relais/shared/permissions";
import type { Ctx } from "../../context.ts";
import { AppError, forbidden } from "../../errors.ts";
import { readTableFile, type TableContent } from "../../lib/table-file.ts";
import { findSchoolsByUai } from "../organisation/schools.repository.ts";
import { schoolTarget } from "../organisation/schools.service.ts";
import { findSchoolPeopleByEmail, recordLending } from "./asset-lending.ts";
import { assetEvents, assets } from "./inventory.schema.ts";

/**
 * Items without an agent (network gear, projectors, displays, UPS), imported from a
 * `;`-separated CSV or an XLSX workbook (its first sheet): every line is checked first and each error reported with its line and
 * column; then all lines are written in one transaction, or none (issue 4).
 */
export const IMPORT_COLUMNS = ASSET_IMPORT_COLUMNS;
const REQUIRED = ASSET_IMPORT_REQUIRED;
export const MAX_IMPORT_LINES = 5000;

export type ImportIssue = { line: number; column: string | null; message: string };
type Row = typeof assets.$inferInsert;

const fold = (s: string) =>
  s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .trim();

/** A code, or its French or English label, case and accents aside. */
function lookup<T extends string>(catalogue: Record<T, { fr: string; en: string }>, raw: string): T | null {
  const key = fold(raw);
  for (const [code, label] of Object.entries(catalogue) as [T, { fr: string; en: string }][]) {
    if (fold(code) === key || fold(label.fr) === key || fold(label.en) === key) return code;
  }
  return null;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$|^(\d{2})\/(\d{2})\/(\d{4})$/;
function day(raw: string): string | null | undefined {
  if (raw === "") return null;
  const m = DAY.exec(raw);
  if (!m) return undefined;
  const [y, mo, d] = m[1] ? [m[1], m[2], m[3]] : [m[6], m[5], m[4]];
  const iso = `${y}-${mo}-${d}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso ? undefined : iso;
}

/**
 * The borrower named by a line's e-mail, if any: a person known to the platform, holding a role in
 * force at the line's school, for a line that is individual equipment; otherwise the line's error.
 */
function borrowerOf(
  email: string,
  item: { type: AssetType | null; funding: AssetFunding | null; schoolId: string },
  borrowers: Awaited<ReturnType<typeof findSchoolPeopleByEmail>>,
  problem: (message: string) => void,
): string | null {
  if (email === "") return null;
  const person = borrowers.get(email.toLowerCase());
  if (!person) {
    problem(`Aucune personne n'a l'adresse « ${email} ».`);
    return null;
  }
  if (!person.schoolIds.has(item.schoolId)) {
    problem(`${email} n'a pas de rôle en cours dans cet établissement.`);
    return null;
  }
  if (item.type && !isIndividualEquipment({ type: item.type, funding: item.funding }))
    problem("Seul un équipement individuel (ordinateur portable ou tablette, financement Équipement individuel) se prête à une personne.");
  return person.id;
}

export async function importAssets(ctx: Ctx, content: TableContent, options: { dryRun: boolean }) {
  const writable = visibleScopes(ctx.actor.assignments, "asset.write");
  if (!writable.all && writable.regionIds.length + writable.sectorIds.length + writable.zoneIds.length + writable.schoolIds.length === 0) {
    throw forbidden("Seuls les techniciens et la Région importent des équipements.");
  }
  const issues: ImportIssue[] = [];
  const table = readTableFile(content);
  if (!table.ok) return { lines: 0, created: 0, issues: [{ line: table.line, column: null, message: table.message }] };
  const [header, ...lines] = table.records;
  if (!header) return { lines: 0, created: 0, issues: [{ line: 1, column: null, message: "Le fichier est vide : il faut au moins une ligne d'en-tête." }] };
  const columns = header.record.map((c) => fold(c).replace(/\s+/g, "_"));
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    return {
      lines: 0,
      created: 0,
      issues: [
        {
          line: header.line,
          column: null,
          message: `Colonne(s) obligatoire(s) absente(s) : ${missing.join(", ")}. Colonnes possibles : ${IMPORT_COLUMNS.join(";")}.`,
        },
      ],
    };
  }
  if (lines.length > MAX_IMPORT_LINES)
    return { lines: lines.length, created: 0, issues: [{ line: 1, column: null, message: `Au plus ${MAX_IMPORT_LINES} lignes par fichier.` }] };
  const index = new Map(columns.map((c, i) => [c, i]));
  const cell = (record: string[], column: string) => (index.has(column) ? (record[index.get(column) as number] ?? "").trim() : "");

  const schools = new Map(
    (await findSchoolsByUai(ctx.db, [...new Set(lines.map((l) => cell(l.record, "uai").toUpperCase()).filter(Boolean))])).map((s) => [s.uai, s]),
  );
  const borrowers = await findSchoolPeopleByEmail(
    ctx.db,
    lines.map((l) => cell(l.record, "emprunteur_email")),
  );
  const now = ctx.clock.now();
  const rows: Row[] = [];
  for (const { record, line } of lines) {
    const problem = (column: string | null, message: string) => issues.push({ line, column, message });
    const uai = cell(record, "uai").toUpperCase();
    const school = schools.get(uai);
    if (!school || !can(ctx.actor.assignments, "asset.read", schoolTarget(school))) {
      problem("uai", uai ? `Établissement ${uai} inconnu ou hors de votre périmètre.` : "UAI manquant.");
      continue;
    }
    if (!can(ctx.actor.assignments, "asset.write", schoolTarget(school))) problem("uai", `Vous ne tenez pas l'inventaire de ${uai}.`);
    const type = lookup<AssetType>(ASSET_TYPES, cell(record, "type"));
    if (!type) problem("type", `Type « ${cell(record, "type")} » inconnu (par exemple : vidéoprojecteur, commutateur, onduleur).`);
    const statusRaw = cell(record, "statut");
    const status = statusRaw === "" ? "in_service" : lookup<AssetStatus>(ASSET_STATUSES, statusRaw);
    if (!status) problem("statut", `Statut « ${statusRaw} » inconnu.`);
    const fundingRaw = cell(record, "financement");
    const funding = fundingRaw === "" ? null : lookup<AssetFunding>(ASSET_FUNDINGS, fundingRaw);
    if (funding === null && fundingRaw !== "") problem("financement", `Financement « ${fundingRaw} » inconnu.`);
    const acquiredOn = day(cell(record, "date_achat"));
    if (acquiredOn === undefined) problem("date_achat", "Date invalide (AAAA-MM-JJ ou JJ/MM/AAAA).");
    const warrantyEndsOn = day(cell(record, "fin_garantie"));
    if (warrantyEndsOn === undefined) problem("fin_garantie", "Date invalide (AAAA-MM-JJ ou JJ/MM/AAAA).");
    if (acquiredOn && warrantyEndsOn && warrantyEndsOn < acquiredOn) problem("fin_garantie", "La garantie ne peut finir avant l'achat.");
    const text = (column: string, max: number) => {
      const value = cell(record, column);
      if (value.length > max) problem(column, `Au plus ${max} caractères.`);
      return value === "" ? null : value;
    };
    const name = text("nom", 255);
    const serial = text("numero_serie", 255);
    const lentToPersonId = borrowerOf(cell(record, "emprunteur_email"), { type, funding, schoolId: school.id }, borrowers, (m) =>
      problem("emprunteur_email", m),
    );
    const row: Row = {
      regionId: school.regionId,
      schoolId: school.id,
      type: type ?? "other",
      name,
      nameKey: nameKey(name),
      manufacturer: text("fabricant", 255),
      model: text("modele", 255),
      serial,
      serialKey: usableSerial(serial),
      inventoryNumber: text("numero_inventaire", 100),
      status: status ?? "in_service",
      funding: funding ?? null,
      acquiredOn: acquiredOn ?? null,
      warrantyEndsOn: warrantyEndsOn ?? null,
      supplier: text("fournisseur", 255),
      lentToPersonId,
      source: "import",
      createdAt: now,
      updatedAt: now,
    };
    rows.push(row);
  }
  if (issues.length > 0 || options.dryRun) return { lines: lines.length, created: 0, issues };
  if (rows.length === 0) throw new AppError("validation.failed", "Le fichier ne contient aucune ligne d'équipement.");
  // One transaction: a failure on any line (or a crash) leaves nothing half-imported.
  await ctx.db.transaction(async (tx) => {
    const ids = await tx.insert(assets).values(rows).returning({ id: assets.id });
    await tx
      .insert(assetEvents)
      .values(ids.map(({ id }) => ({ assetId: id, at: now, kind: "created", actorLabel: ctx.actor.displayName, details: { source: "import" } })));
    for (const [i, { id }] of ids.entries()) {
      const row = rows[i] as Row;
      if (row.lentToPersonId)
        await recordLending(ctx, tx, { id, regionId: row.regionId, schoolId: row.schoolId }, { from: null, to: row.lentToPersonId, at: now });
    }
  });
  return { lines: lines.length, created: rows.length, issues };
}
