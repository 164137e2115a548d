import { validateUai } from "@relais/shared/uai";
import { readTableFile, type TableContent } from "../../lib/table-file.ts";
import { normaliseKey } from "../organisation/schools-import.ts";

/**
 * Reads the GAR allocations export (`UAI;idAbonnement;codeProjetRessource;idRessource;
 * cumulAffectationEleve;cumulAffectationEnseignant;…`, seed 001 "statistiques d'usage"), as CSV
 * or as an XLSX workbook: per school and resource, how many students and teachers the resource
 * is assigned to. Pure; a line-by-line report of what is wrong, so the import writes all lines
 * or none.
 */
export type GarUsageRow = { line: number; uai: string; resourceId: string; studentAssignments: number; teacherAssignments: number };
export type GarUsageIssue = { line: number; column: string | null; message: string };

const REQUIRED = ["uai", "idressource", "cumulaffectationeleve", "cumulaffectationenseignant"] as const;

export function parseGarUsageTable(content: TableContent): { rows: GarUsageRow[]; issues: GarUsageIssue[] } {
  const table = readTableFile(content);
  if (!table.ok) return { rows: [], issues: [{ line: table.line, column: null, message: table.message }] };
  const [header, ...lines] = table.records;
  if (!header) return { rows: [], issues: [{ line: 1, column: null, message: "Le fichier est vide." }] };
  const columns = header.record.map((name) => normaliseKey(name).toLowerCase().replace(/_/g, ""));
  const missing = REQUIRED.filter((c) => !columns.includes(c));
  if (missing.length)
    return {
      rows: [],
      issues: [{ line: header.line, column: null, message: `Colonnes manquantes : ${missing.join(", ")} (export des affectations du GAR attendu).` }],
    };
  const at = (record: string[], name: (typeof REQUIRED)[number]) => record[columns.indexOf(name)] ?? "";
  const rows: GarUsageRow[] = [];
  const issues: GarUsageIssue[] = [];
  for (const { record, line } of lines) {
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
