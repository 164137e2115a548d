import { ACADEMIES, type DIGITAL_MODES, type EnrolmentLine, type SCHOOL_TYPES, type WIFI_STATUSES } from "@relais/shared/schools";
import { validateUai } from "@relais/shared/uai";
import { readTableFile, type TableContent } from "../../lib/table-file.ts";

/**
 * Reading a list of lycées (CSV, or the first sheet of an XLSX workbook) into validated rows,
 * with a French report of every wrong cell (line number, column). Pure: no database here, so every rule is unit-testable; the
 * checks that need the database (UAI held by another region, unknown sector code) and the
 * writing are in schools-import.service.ts.
 *
 * Two formats, told apart by their header (CSV: `;`-separated, UTF-8, optional BOM):
 *
 * - "depp": the DEPP lycée file (data.education.gouv.fr: lycée social index + GT enrolment),
 *   header `uai;uai_check_ok;nom;type_lycee;secteur;academie;region;code_departement;
 *   departement;code_insee_commune;commune;eff_…`. Private lycées (secteur ≠ public) and
 *   lycées of another region (column `region`) are skipped, not errors: the file is national.
 * - "simple": a file written by hand or exported from a spreadsheet, header
 *   `uai;nom;type;academie;departement;commune` plus optional `code_secteur;code_zone;mode;
 *   wifi;debit_mbps;telemaintenance`.
 *
 * Both accept the enrolment columns `eff_2nde_gt;eff_2nde_specifique;eff_1ere_g;
 * eff_1ere_techno;eff_tle_g;eff_tle_techno`. Column names ignore case and accents.
 */

type SchoolType = (typeof SCHOOL_TYPES)[number];
type DigitalMode = (typeof DIGITAL_MODES)[number];
type WifiStatus = (typeof WIFI_STATUSES)[number];

export type ImportFormat = "depp" | "simple";

/** One valid line. Optional fields are undefined when the file leaves them out or empty: the import then keeps the current value. */
export type ImportedSchool = {
  line: number;
  uai: string;
  name: string;
  type: SchoolType;
  academie: string;
  departmentCode: string;
  commune: string;
  sectorCode?: string;
  zoneCode?: string;
  digitalMode?: DigitalMode;
  wifiStatus?: WifiStatus;
  bandwidthMbps?: number;
  hasRemoteSupport?: boolean;
  /** null when the line gives no enrolment (then the school's enrolment is left as it is). */
  enrolment: EnrolmentLine[] | null;
};

export type ImportIssue = { line: number; column: string | null; message: string };

export type ParsedSchoolsFile = {
  format: ImportFormat;
  schools: ImportedSchool[];
  issues: ImportIssue[];
  skipped: { private: number; otherRegion: number };
  /** Regions named in a DEPP file's `region` column, to explain a file that matched nothing. */
  regionsInFile: string[];
};

const REQUIRED: Record<ImportFormat, readonly string[]> = {
  depp: ["uai", "nom", "type_lycee", "secteur", "academie", "code_departement", "commune"],
  simple: ["uai", "nom", "type", "academie", "departement", "commune"],
};

/**
 * DEPP enrolment columns → (track, level). The 2de GT is common to both tracks; we count it as
 * general (the envelope's general 2de rate); the "2de spécifique" (STHR, TMD…) is technological.
 */
export const ENROLMENT_COLUMNS = [
  { column: "eff_2nde_gt", track: "general", level: "2de" },
  { column: "eff_2nde_specifique", track: "technological", level: "2de" },
  { column: "eff_1ere_g", track: "general", level: "1re" },
  { column: "eff_1ere_techno", track: "technological", level: "1re" },
  { column: "eff_tle_g", track: "general", level: "tle" },
  { column: "eff_tle_techno", track: "technological", level: "tle" },
] as const satisfies readonly { column: string; track: EnrolmentLine["track"]; level: EnrolmentLine["level"] }[];

/** Upper case, no accents, runs of spaces/hyphens/underscores as one "_": for comparing labels. */
export function normaliseKey(value: string): string {
  return value
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .trim()
    .toUpperCase()
    .replace(/[\s_\-']+/g, "_");
}

const TYPE_ALIASES: Record<string, SchoolType> = {
  LEGT: "LEGT",
  LGT: "LEGT",
  LG: "LEGT",
  LT: "LEGT",
  LP: "LP",
  LPO: "LPO",
  LPA: "agricultural",
  LEGTA: "agricultural",
  AGRICOLE: "agricultural",
  AGRICULTURAL: "agricultural",
  CITE_MIXTE: "cite_mixte",
};

export function parseSchoolType(raw: string): SchoolType | null {
  return TYPE_ALIASES[normaliseKey(raw)] ?? null;
}

const ACADEMIE_BY_KEY = new Map(ACADEMIES.map((name) => [normaliseKey(name), name]));

/** The académie's usual spelling when we know it ("CRETEIL" → "Créteil"), else the text as given. */
export function canonicalAcademie(raw: string): string {
  return ACADEMIE_BY_KEY.get(normaliseKey(raw)) ?? raw.trim();
}

const CHOICES = {
  mode: { NUMERIQUE: "digital", DIGITAL: "digital", PAPIER: "paper", PAPER: "paper" } as Record<string, DigitalMode>,
  wifi: { AUCUN: "none", NONE: "none", NON: "none", PARTIEL: "partial", PARTIAL: "partial", COMPLET: "full", FULL: "full", OUI: "full" } as Record<
    string,
    WifiStatus
  >,
  yesNo: { OUI: true, O: true, YES: true, "1": true, VRAI: true, NON: false, N: false, NO: false, "0": false, FAUX: false } as Record<string, boolean>,
};

type Cells = { get: (column: string) => string; has: (column: string) => boolean };

/** Reads a CSV or XLSX file into validated rows and issues. `regionName` selects a DEPP file's lines. */
export function parseSchoolsTable(content: TableContent, options: { regionName: string }): ParsedSchoolsFile {
  const result: ParsedSchoolsFile = { format: "simple", schools: [], issues: [], skipped: { private: 0, otherRegion: 0 }, regionsInFile: [] };
  const table = readTableFile(content);
  if (!table.ok) {
    result.issues.push({ line: table.line, column: null, message: table.message });
    return result;
  }
  const [header, ...lines] = table.records;
  if (!header) {
    result.issues.push({ line: 1, column: null, message: "Le fichier est vide : il faut au moins une ligne d'en-tête." });
    return result;
  }
  const columns = header.record.map((name) => normaliseKey(name).toLowerCase());
  const format: ImportFormat = columns.includes("type_lycee") ? "depp" : "simple";
  result.format = format;
  const missing = REQUIRED[format].filter((name) => !columns.includes(name));
  if (missing.length > 0) {
    const expected = REQUIRED.simple.join(";");
    result.issues.push({
      line: header.line,
      column: null,
      message: `Colonne(s) obligatoire(s) absente(s) de l'en-tête : ${missing.join(", ")}. En-tête attendu au minimum : ${expected} (ou le format DEPP avec type_lycee).`,
    });
    return result;
  }
  const index = new Map(columns.map((name, i) => [name, i]));
  const regionKey = regionMatchKey(options.regionName);
  const regionsInFile = new Set<string>();
  const firstLineOfUai = new Map<string, number>();

  for (const { record, line } of lines) {
    if (record.length !== columns.length) {
      result.issues.push({
        line,
        column: null,
        message: `La ligne compte ${record.length} colonne(s), l'en-tête en compte ${columns.length}. Vérifiez le séparateur « ; » et les guillemets.`,
      });
      continue;
    }
    const cells: Cells = { get: (column) => record[index.get(column) ?? -1] ?? "", has: (column) => index.has(column) };
    if (format === "depp") {
      const region = cells.get("region");
      if (region) regionsInFile.add(region);
      if (cells.has("region") && region && regionMatchKey(region) !== regionKey) {
        result.skipped.otherRegion++;
        continue;
      }
      const sector = normaliseKey(cells.get("secteur"));
      if (sector.startsWith("PRIVE")) {
        result.skipped.private++;
        continue;
      }
      if (sector !== "PUBLIC") {
        result.issues.push({ line, column: "secteur", message: `Secteur « ${cells.get("secteur")} » inconnu : attendu « public » ou « privé sous contrat ».` });
        continue;
      }
    }
    const issuesBefore = result.issues.length;
    const school = readLine(cells, format, line, result.issues);
    if (!school || result.issues.length > issuesBefore) continue;
    const seenAt = firstLineOfUai.get(school.uai);
    if (seenAt !== undefined) {
      result.issues.push({ line, column: "uai", message: `L'UAI ${school.uai} figure déjà ligne ${seenAt} : un établissement par ligne.` });
      continue;
    }
    firstLineOfUai.set(school.uai, line);
    result.schools.push(school);
  }
  result.regionsInFile = [...regionsInFile].sort();
  return result;
}

function regionMatchKey(name: string): string {
  return normaliseKey(name).replace(/^REGION_/, "");
}

/** Validates one line's cells, pushing one issue per wrong cell; returns the row (meaningful only if no issue was added). */
function readLine(cells: Cells, format: ImportFormat, line: number, issues: ImportIssue[]): ImportedSchool | null {
  const fail = (column: string, message: string) => {
    issues.push({ line, column, message });
    return undefined;
  };
  const uaiCheck = validateUai(cells.get("uai"));
  const uai = uaiCheck.ok ? uaiCheck.uai : fail("uai", cells.get("uai") ? uaiCheck.message : "L'UAI est obligatoire.");

  const name = cells.get("nom");
  if (name.length < 2 || name.length > 200) fail("nom", name ? "Le nom compte entre 2 et 200 caractères." : "Le nom est obligatoire.");

  const typeColumn = format === "depp" ? "type_lycee" : "type";
  const type =
    parseSchoolType(cells.get(typeColumn)) ?? fail(typeColumn, `Type « ${cells.get(typeColumn)} » inconnu : attendu LEGT, LP, LPO, agricole ou cité mixte.`);

  const academieRaw = cells.get("academie");
  if (academieRaw.length < 2 || academieRaw.length > 60)
    fail("academie", academieRaw ? "L'académie compte entre 2 et 60 caractères." : "L'académie est obligatoire.");

  const departmentColumn = format === "depp" ? "code_departement" : "departement";
  const departmentCode =
    parseDepartmentCode(cells.get(departmentColumn)) ??
    fail(departmentColumn, `Code de département « ${cells.get(departmentColumn)} » invalide (ex. 75, 13, 04, 2A, 974).`);

  const commune = cells.get("commune");
  if (!commune || commune.length > 120) fail("commune", commune ? "La commune compte au plus 120 caractères." : "La commune est obligatoire.");

  const school: ImportedSchool = {
    line,
    uai: uai ?? "",
    name,
    type: type ?? "LEGT",
    academie: canonicalAcademie(academieRaw),
    departmentCode: departmentCode ?? "",
    commune,
    enrolment: readEnrolment(cells, fail),
  };
  if (format === "simple") readOptionalColumns(cells, school, fail);
  return school;
}

function parseDepartmentCode(raw: string): string | null {
  const code = raw.trim().toUpperCase();
  // Spreadsheets drop the leading zero of "04".
  const padded = /^\d$/.test(code) ? `0${code}` : code;
  return /^(\d{2,3}|2A|2B)$/.test(padded) ? padded : null;
}

function readEnrolment(cells: Cells, fail: (column: string, message: string) => undefined): EnrolmentLine[] | null {
  const lines: EnrolmentLine[] = [];
  let given = false;
  for (const { column, track, level } of ENROLMENT_COLUMNS) {
    const raw = cells.get(column);
    if (!raw) continue;
    given = true;
    const students = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
    if (!Number.isInteger(students) || students > 10000) {
      fail(column, `Effectif « ${raw} » invalide : un nombre entier entre 0 et 10 000.`);
      continue;
    }
    if (students > 0) lines.push({ track, level, students });
  }
  return given ? lines : null;
}

function readOptionalColumns(cells: Cells, school: ImportedSchool, fail: (column: string, message: string) => undefined) {
  const sectorCode = cells.get("code_secteur");
  if (sectorCode) school.sectorCode = sectorCode;
  const zoneCode = cells.get("code_zone");
  if (zoneCode) school.zoneCode = zoneCode;

  const mode = cells.get("mode");
  if (mode) {
    const digitalMode = CHOICES.mode[normaliseKey(mode)];
    if (digitalMode) school.digitalMode = digitalMode;
    else fail("mode", `Mode « ${mode} » inconnu : attendu « numérique » ou « papier ».`);
  }
  const wifi = cells.get("wifi");
  if (wifi) {
    const wifiStatus = CHOICES.wifi[normaliseKey(wifi)];
    if (wifiStatus) school.wifiStatus = wifiStatus;
    else fail("wifi", `Wi-Fi « ${wifi} » inconnu : attendu « aucun », « partiel » ou « complet ».`);
  }
  const bandwidth = cells.get("debit_mbps");
  if (bandwidth) {
    const mbps = /^\d+$/.test(bandwidth) ? Number(bandwidth) : Number.NaN;
    if (Number.isInteger(mbps) && mbps <= 100000) school.bandwidthMbps = mbps;
    else fail("debit_mbps", `Débit « ${bandwidth} » invalide : un nombre entier de Mbit/s entre 0 et 100 000.`);
  }
  const remote = cells.get("telemaintenance");
  if (remote) {
    const hasRemoteSupport = CHOICES.yesNo[normaliseKey(remote)];
    if (hasRemoteSupport !== undefined) school.hasRemoteSupport = hasRemoteSupport;
    else fail("telemaintenance", `Valeur « ${remote} » inconnue : attendu « oui » ou « non ».`);
  }
}

/** The current values of a school the import may change. */
export type ExistingSchool = {
  id: string;
  regionId: string;
  name: string;
  type: SchoolType;
  academie: string;
  departmentCode: string;
  commune: string;
  sectorId: string | null;
  zoneId: string | null;
  digitalMode: DigitalMode;
  wifiStatus: WifiStatus;
  bandwidthMbps: number | null;
  hasRemoteSupport: boolean;
};

export type SchoolChanges = Partial<Omit<ExistingSchool, "id" | "regionId">>;

/** Only the fields the line sets to a different value: an unchanged school keeps its version. */
export function schoolChanges(
  existing: ExistingSchool,
  row: ImportedSchool,
  placement: { sectorId: string | null; zoneId: string | null } | null,
): SchoolChanges {
  const wanted: SchoolChanges = {
    name: row.name,
    type: row.type,
    academie: row.academie,
    departmentCode: row.departmentCode,
    commune: row.commune,
    ...(placement ?? {}),
    ...(row.digitalMode !== undefined ? { digitalMode: row.digitalMode } : {}),
    ...(row.wifiStatus !== undefined ? { wifiStatus: row.wifiStatus } : {}),
    ...(row.bandwidthMbps !== undefined ? { bandwidthMbps: row.bandwidthMbps } : {}),
    ...(row.hasRemoteSupport !== undefined ? { hasRemoteSupport: row.hasRemoteSupport } : {}),
  };
  const changes: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(wanted)) {
    if (existing[key as keyof ExistingSchool] !== value) changes[key] = value;
  }
  return changes as SchoolChanges;
}
