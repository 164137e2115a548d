import { type EquipmentItemInput, EquipmentItemInputSchema, type ResourceItemInput, ResourceItemInputSchema } from "@relais/shared/catalogue";
import { parseEuros } from "@relais/shared/money";
import { readTableFile, type TableContent } from "../../lib/table-file.ts";
import { normaliseKey } from "../organisation/schools-import.ts";

/**
 * Reading a catalogue file — CSV (`;`-separated, UTF-8, optional BOM) or XLSX (its first
 * sheet) — into validated items, with a French report of every wrong cell (line, column).
 * Pure: the service writes all the lines or none. Prices are in euros as people type them ("12,50").
 *
 * - equipment: `reference;libelle;categorie;prix;garantie_ans;fournisseur;mobile`
 * - resources: `type;ean;titre;editeur;discipline;voie;niveau;prix;duree_licence_ans`
 */
export type CatalogueKind = "equipment" | "resources";
export type ImportIssue = { line: number; column: string | null; message: string };
export type ParsedCatalogue<T> = { items: (T & { line: number })[]; issues: ImportIssue[] };

export const CATALOGUE_COLUMNS = {
  equipment: { required: ["reference", "libelle", "categorie", "prix", "garantie_ans", "fournisseur"], optional: ["mobile"] },
  resources: { required: ["type", "ean", "titre", "editeur", "discipline", "prix"], optional: ["voie", "niveau", "duree_licence_ans"] },
} as const;

/** Field of the item → column of the file, to name the column of a refused value. */
const FIELD_COLUMNS: Record<string, string> = {
  reference: "reference",
  label: "libelle",
  category: "categorie",
  unitPriceCents: "prix",
  warrantyYears: "garantie_ans",
  supplier: "fournisseur",
  isMobile: "mobile",
  kind: "type",
  ean: "ean",
  title: "titre",
  publisher: "editeur",
  subject: "discipline",
  track: "voie",
  level: "niveau",
  priceCents: "prix",
  licenceYears: "duree_licence_ans",
};

const MAX_LINES = 20_000;

function readRecords(content: TableContent, kind: CatalogueKind): { rows: { line: number; values: Record<string, string> }[]; issues: ImportIssue[] } {
  const table = readTableFile(content);
  if (!table.ok) return { rows: [], issues: [{ line: table.line, column: null, message: table.message }] };
  const [header, ...lines] = table.records;
  if (!header) return { rows: [], issues: [{ line: 1, column: null, message: "Le fichier est vide : il faut au moins une ligne d'en-tête." }] };
  const columns = header.record.map((name) => normaliseKey(name).toLowerCase());
  const missing = CATALOGUE_COLUMNS[kind].required.filter((name) => !columns.includes(name));
  if (missing.length > 0) {
    const expected = [...CATALOGUE_COLUMNS[kind].required, ...CATALOGUE_COLUMNS[kind].optional].join(";");
    return {
      rows: [],
      issues: [{ line: header.line, column: null, message: `Colonnes manquantes : ${missing.join(", ")}. En-tête attendu : ${expected}` }],
    };
  }
  if (lines.length > MAX_LINES) return { rows: [], issues: [{ line: 0, column: null, message: `Fichier trop long : ${MAX_LINES} lignes au plus.` }] };
  if (lines.length === 0) return { rows: [], issues: [{ line: header.line, column: null, message: "Le fichier ne contient aucun article." }] };
  return {
    rows: lines.map(({ record, line }) => ({ line, values: Object.fromEntries(columns.map((c, i) => [c, record[i] ?? ""])) })),
    issues: [],
  };
}

function euros(raw: string | undefined, issues: ImportIssue[], line: number): number | undefined {
  if (raw === undefined || raw === "") return undefined;
  const cents = parseEuros(raw);
  if (cents === null) issues.push({ line, column: "prix", message: `Prix « ${raw} » illisible : un montant en euros, deux décimales au plus (ex. 12,50).` });
  return cents ?? undefined;
}

function whole(raw: string | undefined, column: string, issues: ImportIssue[], line: number): number | null | undefined {
  if (raw === undefined || raw === "") return null;
  if (!/^\d+$/.test(raw)) {
    issues.push({ line, column, message: `« ${raw} » : un nombre entier est attendu.` });
    return undefined;
  }
  return Number(raw);
}

function yesNo(raw: string | undefined, issues: ImportIssue[], line: number): boolean | undefined {
  const value = normaliseKey(raw ?? "").toLowerCase();
  if (value === "" || value === "non" || value === "n" || value === "0" || value === "false") return false;
  if (value === "oui" || value === "o" || value === "1" || value === "true") return true;
  issues.push({ line, column: "mobile", message: `« ${raw} » : oui ou non attendu.` });
  return undefined;
}

function validate<T>(
  schema: { safeParse: (v: unknown) => { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } },
  candidate: unknown,
  line: number,
  issues: ImportIssue[],
): T | null {
  const result = schema.safeParse(candidate);
  if (result.success) return result.data;
  for (const issue of result.error.issues) issues.push({ line, column: FIELD_COLUMNS[String(issue.path[0] ?? "")] ?? null, message: issue.message });
  return null;
}

export function parseEquipmentTable(content: TableContent): ParsedCatalogue<EquipmentItemInput> {
  const { rows, issues } = readRecords(content, "equipment");
  const items: (EquipmentItemInput & { line: number })[] = [];
  const seen = new Map<string, number>();
  for (const { line, values } of rows) {
    const cellIssues: ImportIssue[] = [];
    const candidate = {
      reference: values.reference,
      label: values.libelle,
      category: values.categorie,
      unitPriceCents: euros(values.prix, cellIssues, line),
      warrantyYears: whole(values.garantie_ans, "garantie_ans", cellIssues, line) ?? undefined,
      supplier: values.fournisseur,
      isMobile: yesNo(values.mobile, cellIssues, line),
    };
    const item = cellIssues.length ? null : validate(EquipmentItemInputSchema, candidate, line, cellIssues);
    const first = item ? seen.get(item.reference) : undefined;
    if (item && first !== undefined) cellIssues.push({ line, column: "reference", message: `Référence ${item.reference} déjà donnée ligne ${first}.` });
    issues.push(...cellIssues);
    if (item && cellIssues.length === 0) {
      seen.set(item.reference, line);
      items.push({ ...item, line });
    }
  }
  return { items, issues };
}

export function parseResourcesTable(content: TableContent): ParsedCatalogue<ResourceItemInput> {
  const { rows, issues } = readRecords(content, "resources");
  const items: (ResourceItemInput & { line: number })[] = [];
  const seen = new Map<string, number>();
  for (const { line, values } of rows) {
    const cellIssues: ImportIssue[] = [];
    const candidate = {
      kind: values.type,
      ean: values.ean,
      title: values.titre,
      publisher: values.editeur,
      subject: values.discipline,
      track: values.voie ? values.voie : null,
      level: values.niveau ? values.niveau : null,
      priceCents: euros(values.prix, cellIssues, line),
      licenceYears: whole(values.duree_licence_ans, "duree_licence_ans", cellIssues, line),
    };
    const item = cellIssues.length ? null : validate(ResourceItemInputSchema, candidate, line, cellIssues);
    const first = item ? seen.get(item.ean) : undefined;
    if (item && first !== undefined) cellIssues.push({ line, column: "ean", message: `EAN ${item.ean} déjà donné ligne ${first}.` });
    issues.push(...cellIssues);
    if (item && cellIssues.length === 0) {
      seen.set(item.ean, line);
      items.push({ ...item, line });
    }
  }
  return { items, issues };
}
