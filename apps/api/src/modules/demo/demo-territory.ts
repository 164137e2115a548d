import type { ImportedSchool } from "../organisation/schools-import.ts";
import { formatCommune } from "./school-labels.ts";

/**
 * How the demo regions are cut into sectors and zones.
 *
 * PACA (DOMAIN: 5 geographic sectors of ~30 schools, each split into zones of ~3 schools served
 * by one technician). Our cut, by department, with Bouches-du-Rhône split in two because it
 * holds 62 of the 158 public lycées:
 *   04-05-84  Alpes et Vaucluse (Alpes-de-Haute-Provence, Hautes-Alpes, Vaucluse)   37 lycées
 *   06        Alpes-Maritimes                                                      35
 *   83        Var                                                                  24
 *   13-MRS    Marseille (the city's arrondissements)                               31
 *   13-PRV    Provence (Bouches-du-Rhône outside Marseille)                        31
 * Zones: a sector's schools sorted by department then commune (so neighbours tend to share a
 * zone), taken three at a time; a lone school left at the end joins the last zone.
 *
 * IDF: one sector per académie (Paris, Créteil, Versailles), one zone per department.
 */
export type DemoSector = { code: string; name: string; zones: DemoZone[] };
export type DemoZone = { code: string; name: string; uais: string[] };

const PACA_SECTORS = [
  { code: "04-05-84", name: "Alpes et Vaucluse" },
  { code: "06", name: "Alpes-Maritimes" },
  { code: "83", name: "Var" },
  { code: "13-MRS", name: "Marseille" },
  { code: "13-PRV", name: "Provence (Bouches-du-Rhône hors Marseille)" },
] as const;

export function pacaSectorCode(school: Pick<ImportedSchool, "departmentCode" | "commune">): string {
  switch (school.departmentCode) {
    case "04":
    case "05":
    case "84":
      return "04-05-84";
    case "06":
    case "83":
      return school.departmentCode;
    case "13":
      return /^MARSEILLE\b/i.test(school.commune) ? "13-MRS" : "13-PRV";
    default:
      throw new Error(`Département ${school.departmentCode} hors de la région PACA`);
  }
}

/** Groups of three, the last one taking a lone remainder (so no zone has a single school). */
export function chunkIntoZones<T>(items: readonly T[], size = 3): T[][] {
  const groups: T[][] = [];
  for (let i = 0; i < items.length; i += size) groups.push(items.slice(i, i + size));
  const last = groups.at(-1);
  if (groups.length > 1 && last && last.length === 1) {
    groups.pop();
    groups.at(-1)?.push(...last);
  }
  return groups;
}

const byPlace = (a: ImportedSchool, b: ImportedSchool) =>
  a.departmentCode.localeCompare(b.departmentCode) || a.commune.localeCompare(b.commune, "fr", { numeric: true }) || a.uai.localeCompare(b.uai);

export function pacaTerritory(schools: readonly ImportedSchool[]): DemoSector[] {
  return PACA_SECTORS.map((sector) => {
    const members = schools.filter((s) => pacaSectorCode(s) === sector.code).sort(byPlace);
    const zones = chunkIntoZones(members).map((group, i) => ({
      code: `${sector.code}-Z${String(i + 1).padStart(2, "0")}`,
      name: zoneName(group),
      uais: group.map((s) => s.uai),
    }));
    return { ...sector, zones };
  });
}

/** A zone is named after its communes: that is how technicians and heads speak of it. */
function zoneName(group: readonly ImportedSchool[]): string {
  const communes = [...new Set(group.map((s) => formatCommune(s.commune)))];
  return communes.join(", ");
}

const IDF_DEPARTMENTS: Record<string, string> = {
  "75": "Paris",
  "77": "Seine-et-Marne",
  "78": "Yvelines",
  "91": "Essonne",
  "92": "Hauts-de-Seine",
  "93": "Seine-Saint-Denis",
  "94": "Val-de-Marne",
  "95": "Val-d'Oise",
};

const IDF_SECTORS = [
  { code: "PARIS", academie: "Paris", name: "Académie de Paris" },
  { code: "CRETEIL", academie: "Créteil", name: "Académie de Créteil" },
  { code: "VERSAILLES", academie: "Versailles", name: "Académie de Versailles" },
] as const;

export function idfTerritory(schools: readonly ImportedSchool[]): DemoSector[] {
  return IDF_SECTORS.map((sector) => {
    const members = schools.filter((s) => s.academie === sector.academie);
    const departments = [...new Set(members.map((s) => s.departmentCode))].sort();
    const zones = departments.map((department) => ({
      code: department,
      name: `${IDF_DEPARTMENTS[department] ?? department} (${department})`,
      uais: members.filter((s) => s.departmentCode === department).map((s) => s.uai),
    }));
    return { code: sector.code, name: sector.name, zones };
  });
}
