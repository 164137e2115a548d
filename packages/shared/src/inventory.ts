import { z } from "zod";

/**
 * The inventory's vocabulary (DOMAIN §1, seed 004 §7.4.1) and the pure rules that tie an agent's
 * report to an asset: GLPI's blacklists of bogus serials and UUIDs, and software names
 * normalised into one catalogue entry per application.
 */

type Labelled = { fr: string; en: string };

function catalogueEnum<T extends Record<string, Labelled>>(catalogue: T, what: string) {
  const codes = Object.keys(catalogue) as [Extract<keyof T, string>, ...Extract<keyof T, string>[]];
  return z.enum(codes, { error: `${what} inconnu${what.endsWith("e") ? "e" : ""} (${codes.join(", ")}).` });
}

export const ASSET_TYPES = {
  desktop: { fr: "Poste fixe", en: "Desktop" },
  laptop: { fr: "Ordinateur portable", en: "Laptop" },
  tablet: { fr: "Tablette", en: "Tablet" },
  server: { fr: "Serveur", en: "Server" },
  switch: { fr: "Commutateur", en: "Switch" },
  router: { fr: "Routeur", en: "Router" },
  wifi_access_point: { fr: "Borne Wi-Fi", en: "Wi-Fi access point" },
  firewall: { fr: "Pare-feu / passerelle de sécurité", en: "Firewall / security gateway" },
  ups: { fr: "Onduleur", en: "UPS" },
  printer: { fr: "Imprimante", en: "Printer" },
  video_projector: { fr: "Vidéoprojecteur", en: "Video projector" },
  interactive_display: { fr: "Écran numérique interactif (ENI)", en: "Interactive display" },
  ip_phone: { fr: "Téléphone IP", en: "IP phone" },
  camera: { fr: "Caméra", en: "Camera" },
  other: { fr: "Autre", en: "Other" },
} as const satisfies Record<string, Labelled>;
export type AssetType = keyof typeof ASSET_TYPES;
export const AssetTypeSchema = catalogueEnum(ASSET_TYPES, "Type");

export const ASSET_STATUSES = {
  ordered: { fr: "Commandé", en: "Ordered" },
  in_stock: { fr: "En stock", en: "In stock" },
  in_service: { fr: "En service", en: "In service" },
  broken: { fr: "En panne", en: "Broken" },
  in_repair: { fr: "En réparation", en: "In repair" },
  retired: { fr: "Réformé", en: "Retired" },
  recycled: { fr: "Recyclé (DEEE)", en: "Recycled (WEEE)" },
  lost: { fr: "Perdu", en: "Lost" },
  stolen: { fr: "Volé", en: "Stolen" },
} as const satisfies Record<string, Labelled>;
export type AssetStatus = keyof typeof ASSET_STATUSES;
export const AssetStatusSchema = catalogueEnum(ASSET_STATUSES, "Statut");

export const ASSET_FUNDINGS = {
  region_contract: { fr: "Marché Région", en: "Region contract" },
  region_subsidy: { fr: "Subvention Région", en: "Region subsidy" },
  own_funds: { fr: "Fonds propres de l'établissement", en: "School's own funds" },
  individual_programme: { fr: "Équipement individuel", en: "Individual-equipment programme" },
} as const satisfies Record<string, Labelled>;
export type AssetFunding = keyof typeof ASSET_FUNDINGS;
export const AssetFundingSchema = catalogueEnum(ASSET_FUNDINGS, "Financement");

export const NETWORK_DOMAINS = {
  peda: { fr: "Pédagogique (PEDA)", en: "Teaching (PEDA)" },
  admin: { fr: "Administratif (ADMIN)", en: "Administrative (ADMIN)" },
  technical: { fr: "Technique", en: "Technical" },
} as const satisfies Record<string, Labelled>;
export type NetworkDomain = keyof typeof NETWORK_DOMAINS;
export const NetworkDomainSchema = catalogueEnum(NETWORK_DOMAINS, "Domaine réseau");

export const ROOM_USES = {
  computer_room: { fr: "Salle informatique", en: "Computer room" },
  classroom: { fr: "Salle de classe", en: "Classroom" },
  cdi: { fr: "CDI", en: "Library (CDI)" },
  office: { fr: "Bureau", en: "Office" },
  technical_room: { fr: "Local technique", en: "Technical room" },
} as const satisfies Record<string, Labelled>;
export type RoomUse = keyof typeof ROOM_USES;
export const RoomUseSchema = catalogueEnum(ROOM_USES, "Usage");

/**
 * The columns of an asset import (CSV separated by « ; » or XLSX, first line the headers), in
 * the order of the template; `uai` and `type` are required. The API reads them and the web
 * app explains them and offers the template.
 */
export const ASSET_IMPORT_COLUMNS = [
  "uai",
  "type",
  "nom",
  "fabricant",
  "modele",
  "numero_serie",
  "numero_inventaire",
  "statut",
  "financement",
  "date_achat",
  "fin_garantie",
  "fournisseur",
  "emprunteur_email",
] as const;
export const ASSET_IMPORT_REQUIRED = ["uai", "type"] as const;

/** The Region's directory of applications: what the technician evaluates and the Region decides. */
export const APPLICATION_STATUSES = {
  to_evaluate: { fr: "À évaluer", en: "To evaluate" },
  under_evaluation: { fr: "En cours d'évaluation", en: "Under evaluation" },
  qualified: { fr: "Qualifiée", en: "Qualified" },
  refused: { fr: "Refusée", en: "Refused" },
} as const satisfies Record<string, Labelled>;
export type ApplicationStatus = keyof typeof APPLICATION_STATUSES;
export const ApplicationStatusSchema = catalogueEnum(APPLICATION_STATUSES, "Statut");

/**
 * Items bought on the school's own funds are supported only once the Region has qualified them
 * (seed 004 §7.4.1.1); everything bought by the Region is supported.
 */
export function isSupported(asset: { funding: AssetFunding | null; isQualifiedByRegion: boolean }): boolean {
  return asset.funding !== "own_funds" || asset.isQualifiedByRegion;
}

/** The types an individual-equipment programme hands out: laptops (IDF, DOMAIN §5) and tablets (PACA, seed 004). */
export const INDIVIDUAL_EQUIPMENT_TYPES: readonly AssetType[] = ["laptop", "tablet"];

/**
 * Individual equipment is what is lent to one person (a student's or teacher's laptop, the
 * coordinator's PC, a student's tablet): a laptop or tablet bought under the individual-equipment
 * programme. Only such an item has a borrower; a room's laptops or a cart's tablets have none.
 */
export function isIndividualEquipment(asset: { type: string; funding: string | null }): boolean {
  return asset.funding === "individual_programme" && (INDIVIDUAL_EQUIPMENT_TYPES as readonly string[]).includes(asset.type);
}

// ——— Blacklists (GLPI 10 Blacklist.php defaults, plus "Default string" of white-box boards) ———

const SERIAL_BLACKLIST = new Set(
  [
    "n/a",
    "na",
    "invalid",
    "none",
    "null",
    "unknown",
    "empty",
    "default string",
    "to be filled by o.e.m.",
    "to be filled by oem",
    "system serial number",
    "not specified",
    "not available",
    "not applicable",
    "serial",
    "serial number",
    "sn",
    "chassis serial number",
    "base board serial number",
    "xxxxxxxxxxx",
    "0123456789",
    "123456789",
    "1234567890",
    "12345678",
    "1234567",
    "123456",
    "12345",
    "oem",
    "o.e.m.",
    "$",
    "-",
  ].map((s) => s.toLowerCase()),
);

/** A serial worth matching on, trimmed; null when empty or one of the bogus values boards ship with. */
export function usableSerial(raw: string | null | undefined): string | null {
  const value = (raw ?? "").trim();
  if (value === "") return null;
  const lower = value.toLowerCase();
  if (SERIAL_BLACKLIST.has(lower)) return null;
  // All zeros, all ones, all one repeated character, or only punctuation and blanks.
  if (/^(.)\1*$/.test(lower)) return null;
  if (/^[\s.\-_*#]+$/.test(value)) return null;
  return value;
}

/** The serial of a BIOS section: SSN, or MSN when SSN is empty or bogus (GLPI). HP's leading "S" is dropped. */
export function serialOf(bios: { ssn?: string | null; msn?: string | null; manufacturer?: string | null }): string | null {
  let serial = usableSerial(bios.ssn) ?? usableSerial(bios.msn);
  if (serial && /^(hp|hewlett)/i.test(bios.manufacturer ?? "") && /^S[A-Z0-9]{10,}$/.test(serial)) serial = serial.slice(1);
  return serial;
}

const UUID_BLACKLIST = new Set([
  "ffffffff-ffff-ffff-ffff-ffffffffffff",
  "00000000-0000-0000-0000-000000000000",
  "03000200-0400-0500-0006-000700080009",
  "01010101-0101-0101-0101-010101010101",
  "12345678-1234-5678-90ab-cddeefaabbcc",
]);
const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** An SMBIOS UUID lower-cased, or null when missing, malformed or a placeholder. */
export function usableUuid(raw: string | null | undefined): string | null {
  const value = (raw ?? "").trim().toLowerCase();
  if (!UUID_SHAPE.test(value) || UUID_BLACKLIST.has(value)) return null;
  if (/^([0-9a-f])\1{7}-\1{4}-\1{4}-\1{4}-\1{12}$/.test(value)) return null;
  return value;
}

const swapPairs = (hex: string) => hex.match(/../g)?.reverse().join("") ?? hex;

/**
 * The forms one UUID takes across dmidecode versions: as is, with the first block's bytes
 * swapped, and with the first three blocks' bytes swapped (GLPI compares with all three).
 */
export function uuidVariants(uuid: string): string[] {
  const [a = "", b = "", c = "", ...rest] = uuid.split("-");
  const firstSwapped = [swapPairs(a), b, c, ...rest].join("-");
  const threeSwapped = [swapPairs(a), swapPairs(b), swapPairs(c), ...rest].join("-");
  return [...new Set([uuid, firstSwapped, threeSwapped])];
}

const MODEL_BLACKLIST = new Set([
  "system product name",
  "to be filled by o.e.m.",
  "all series",
  "default string",
  "not specified",
  "system name",
  "none",
  "n/a",
]);
const MANUFACTURER_BLACKLIST = new Set(["system manufacturer", "to be filled by o.e.m.", "default string", "not specified", "none", "n/a", "oem"]);

export function usableModel(raw: string | null | undefined): string | null {
  const value = (raw ?? "").trim();
  return value === "" || MODEL_BLACKLIST.has(value.toLowerCase()) ? null : value;
}

export function usableManufacturer(raw: string | null | undefined): string | null {
  const value = (raw ?? "").trim();
  return value === "" || MANUFACTURER_BLACKLIST.has(value.toLowerCase()) ? null : value;
}

/** Host names compare case-insensitively, without the domain (agents send the short name, some the FQDN). */
export function nameKey(raw: string | null | undefined): string | null {
  const value = (raw ?? "").trim().toLowerCase().split(".")[0] ?? "";
  return value === "" || value === "localhost" ? null : value;
}

// ——— Software catalogue ———

const collapse = (s: string) => s.normalize("NFC").replace(/\s+/g, " ").trim();
/** Legal suffixes publishers write or omit at will ("Mozilla" / "Mozilla Foundation" stay apart: they are words, not forms). */
const LEGAL_SUFFIX = /[,.]?\s+(inc|inc\.|incorporated|corp|corp\.|corporation|ltd|ltd\.|limited|llc|gmbh|s\.a\.|sa|sas|s\.a\.s\.|co\.|b\.v\.|ag)\.?$/i;

/** The catalogue key of a software name: case, blanks and a trailing architecture tag do not make another application. */
export function softwareNameKey(name: string): string {
  return collapse(name)
    .toLowerCase()
    .replace(/\s*\((x64|x86|64-bit|32-bit|amd64|i386)\)$/, "");
}

/** The catalogue key of a publisher: case, blanks and legal suffixes removed; a missing publisher is the empty key. */
export function publisherKey(publisher: string | null | undefined): string {
  let value = collapse(publisher ?? "").toLowerCase();
  for (let i = 0; i < 2 && LEGAL_SUFFIX.test(value); i++) value = value.replace(LEGAL_SUFFIX, "").trim();
  return value;
}
