import { validateUai } from "@relais/shared/uai";
import { CsvError, parse } from "csv-parse/sync";
import { normaliseKey } from "../organisation/schools-import.ts";

/**
 * Reads the GAR allocations export (`UAI;idAbonnement;codeProjetRessource;idRessource;
 * cumulAffectationEleve;cumulAffectationEnseignant;…`, seed 001 "statistiques d'usage"): per
 * school and resource, how many students and teachers the resource is assigned to. Pure; a
 * line-by-line report of what is wrong, so the import writes all lines or none.
 */
export type GarUsageRow = { line: number; uai: string; resourceId: string; studentAssignments: number; teacherAssignments: number };
export type GarUsageIssue = { line: number; column: string | null; message: string };

const REQUIRED = ["uai", "idressource", "cumulaffectationeleve", "cumulaffectationenseignant"] as const;

export function parseGarUsageCsv(text: string): { rows: GarUsageRow[]; issues: GarUsageIssue[] } {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { delimiter: ";", bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true }) as unknown as typeof records;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    return {
      rows: [],
      issues: [{ line: Number((error as CsvError & { lines?: number }).lines ?? 0), column: null, message: `Fichier CSV illisible : ${error.message}` }],
    };
  }
  const [header, ...lines] = records;
  if (!header) return { rows: [], issues: [{ line: 1, column: null, message: "Le fichier est vide." }] };
  const columns = header.record.map((name) => normaliseKey(name).toLowerCase().replace(/_/g, ""));
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (missing.length)
    return {
      rows: [],
      issues: [{ line: header.info.lines, column: null, message: `Colonnes manquantes : ${missing.join(", ")} (export des affectations du GAR attendu).` }],
    };
  const at = (record: string[], name: (typeof REQUIRED)[number]) => record[columns.indexOf(name)] ?? "";
  const rows: GarUsageRow[] = [];
  const issues: GarUsageIssue[] = [];
  for (const { record, info } of lines) {
    const line = info.lines;
    const uai = validateUai(at(record, "uai"));
    if (!uai.ok) issues.push({ line, column: "UAI", message: uai.message });
    const resourceId = at(record, "idressource");
    if (!resourceId) issues.push({ line, column: "idRessource", message: "Identifiant de ressource manquant." });
    const count = (name: "cumulaffectationeleve" | "cumulaffectationenseignant", label: string) => {
      const raw = at(record, name);
      if (!/^\d{1,7}$/.test(raw)) {
        issues.push({ line, column: label, message: `« ${raw} » : un nombre entier d'affectations est attendu.` });
        return 0;
      }
      return Number(raw);
    };
    const studentAssignments = count("cumulaffectationeleve", "cumulAffectationEleve");
    const teacherAssignments = count("cumulaffectationenseignant", "cumulAffectationEnseignant");
    if (uai.ok && resourceId) rows.push({ line, uai: uai.uai, resourceId, studentAssignments, teacherAssignments });
  }
  return { rows: issues.length ? [] : rows, issues };
}

/** The EAN a GAR resource id carries (publishers' ids embed the book's 13 digits), or null. */
export function eanInResourceId(resourceId: string): string | null {
  const match = /97[89]\d{10}/.exec(resourceId.replace(/[\s-]/g, ""));
  return match ? match[0] : null;
}
