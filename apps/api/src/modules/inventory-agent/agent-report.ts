import type { AssetType } from "@relais/shared/inventory";
import type { ReportedMachine } from "../inventory/asset-ingest.service.ts";
import type { XmlNode, XmlObject } from "./xml.ts";

/**
 * One agent message, turned into the few things Relais keeps. Both protocols (FusionInventory
 * XML, GLPI agent JSON) land here: the XML is first lower-cased into the JSON shape, as GLPI's
 * own converter does. Everything is read through a whitelist of technical fields, so the
 * logged-in user, local accounts, Windows owner, environment variables and processes are never
 * copied: nothing personal reaches the database (seed 004 §7.4.1.2).
 */

type SoftwareEntry = { name: string; version: string; publisher: string | null; arch: string };
/** Technical sections present in the report (a partial one carries only some); softwares undefined when absent. */
export type InventoryContent = ReportedMachine;

export type AgentMessage =
  | { kind: "prolog"; deviceId: string | null }
  | { kind: "contact"; deviceId: string | null; enabledTasks: string[] }
  | { kind: "inventory"; deviceId: string | null; tag: string | null; partial: boolean; content: InventoryContent }
  | { kind: "unsupported"; query: string };

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const list = (v: unknown): Json[] => (Array.isArray(v) ? v : v === undefined || v === null || v === "" ? [] : [v]).filter(isObject);

function str(v: unknown, max = 500): string | null {
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (typeof v !== "string") return null;
  // NUL and other control characters come from broken firmware strings; PostgreSQL refuses NUL.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
  const clean = v.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "").trim();
  return clean === "" ? null : clean.slice(0, max);
}
function num(v: unknown): number | null {
  const n = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v) : Number.NaN;
  // Agents report unknown speeds as -1 or 4294967295.
  return Number.isFinite(n) && n >= 0 && n < 4294967295 ? n : null;
}
const bool = (v: unknown) => v === true || v === 1 || v === "1" || (typeof v === "string" && v.toLowerCase() === "true");

/** Picks the listed fields of an object, as strings or numbers, dropping empty ones. */
function pick(source: unknown, fields: Record<string, "s" | "n" | "b">): Json | null {
  if (!isObject(source)) return null;
  const out: Json = {};
  for (const [field, kind] of Object.entries(fields)) {
    const value = kind === "n" ? num(source[field]) : kind === "b" ? (source[field] === undefined ? null : bool(source[field])) : str(source[field]);
    if (value !== null) out[field] = value;
  }
  return Object.keys(out).length > 0 ? out : null;
}

/** The XML tree in the JSON protocol's shape: lower-case keys, MACADDR → mac, storages' SERIALNUMBER → serial. */
export function xmlToJsonShape(node: XmlNode, parent = ""): unknown {
  if (typeof node === "string") return node;
  if (Array.isArray(node)) return node.map((n) => xmlToJsonShape(n, parent));
  const out: Json = {};
  const object = node as XmlObject;
  for (const key of Object.keys(object)) {
    let name = lowerCased(key);
    if (name === "macaddr") name = "mac";
    if (parent === "storages" && name === "serialnumber") name = "serial";
    if (name === "firewall") name = "firewalls";
    out[name] = xmlToJsonShape(object[key] as XmlNode, name);
  }
  return out;
}

/** Element names repeat by the thousand in a report (850 × SOFTWARES × 8 fields): each is lower-cased once. */
const LOWER_CASED = new Map<string, string>();
function lowerCased(key: string): string {
  let lower = LOWER_CASED.get(key);
  if (lower === undefined) {
    lower = key.toLowerCase();
    // Bounded: names come from the agents, so a hostile report cannot grow the cache for ever.
    if (LOWER_CASED.size < 4096) LOWER_CASED.set(key, lower);
  }
  return lower;
}

/** CHASSIS_TYPE (SMBIOS names) and VMSYSTEM to one of our asset types. */
export function assetTypeOf(hardware: Json | null, itemtype: string | null): AssetType {
  const item = (itemtype ?? "").toLowerCase();
  if (item === "printer") return "printer";
  if (item === "networkequipment") return "switch";
  if (item === "phone") return "ip_phone";
  const chassis = (str(hardware?.chassis_type) ?? "").toLowerCase();
  if (/laptop|notebook|portable|sub notebook|convertible|detachable/.test(chassis)) return "laptop";
  if (/tablet/.test(chassis)) return "tablet";
  if (/rack|server|blade|multi-system/.test(chassis)) return "server";
  const vm = (str(hardware?.vmsystem) ?? "physical").toLowerCase();
  // A virtual machine in a school is a server's guest, not somebody's workstation.
  if (vm !== "physical") return "server";
  return "desktop";
}

const OS_FIELDS = {
  full_name: "s",
  name: "s",
  version: "s",
  arch: "s",
  kernel_name: "s",
  kernel_version: "s",
  service_pack: "s",
  install_date: "s",
  fqdn: "s",
} as const;
const CPU_FIELDS = { name: "s", manufacturer: "s", core: "n", thread: "n", speed: "n" } as const;
const MEMORY_FIELDS = { capacity: "n", type: "s", speed: "n", numslots: "n", description: "s" } as const;
const STORAGE_FIELDS = { name: "s", model: "s", manufacturer: "s", serial: "s", disksize: "n", type: "s", interface: "s" } as const;
const DRIVE_FIELDS = { volumn: "s", type: "s", letter: "s", filesystem: "s", total: "n", free: "n" } as const;
const NETWORK_FIELDS = {
  description: "s",
  mac: "s",
  ipaddress: "s",
  ipmask: "s",
  ipsubnet: "s",
  ipgateway: "s",
  ipaddress6: "s",
  virtualdev: "b",
  type: "s",
  status: "s",
  speed: "n",
} as const;
const BIOS_FIELDS = {
  bmanufacturer: "s",
  bversion: "s",
  bdate: "s",
  smanufacturer: "s",
  smodel: "s",
  mmanufacturer: "s",
  mmodel: "s",
  skunumber: "s",
} as const;
const HARDWARE_FIELDS = { chassis_type: "s", vmsystem: "s", memory: "n", swap: "n", workgroup: "s" } as const;

const MAX_ITEMS = 5000;
const pickAll = (items: unknown, fields: Record<string, "s" | "n" | "b">) =>
  list(items)
    .slice(0, MAX_ITEMS)
    .map((item) => pick(item, fields))
    .filter((x): x is Json => x !== null);

/** A computer's content (JSON shape) read through the whitelist. */
export function readComputer(content: Json, itemtype: string | null): InventoryContent {
  const hardware = isObject(content.hardware) ? content.hardware : null;
  const bios = isObject(content.bios) ? content.bios : null;
  const sections: Record<string, unknown> = {};
  const section = (key: string, value: unknown) => {
    if (content[key] !== undefined && value !== null) sections[key] = value;
  };
  section("operatingsystem", pick(content.operatingsystem, OS_FIELDS) ?? {});
  section("cpus", pickAll(content.cpus, CPU_FIELDS));
  section("memories", pickAll(content.memories, MEMORY_FIELDS));
  section("storages", pickAll(content.storages, STORAGE_FIELDS));
  section("drives", pickAll(content.drives, DRIVE_FIELDS));
  section("networks", pickAll(content.networks, NETWORK_FIELDS));
  section("bios", pick(bios, BIOS_FIELDS) ?? {});
  section("hardware", pick(hardware, HARDWARE_FIELDS) ?? {});
  const softwares =
    content.softwares === undefined
      ? undefined
      : list(content.softwares)
          .slice(0, MAX_ITEMS * 4)
          .map((s) => ({ name: str(s.name, 255), version: str(s.version, 100) ?? "", publisher: str(s.publisher, 255), arch: str(s.arch, 40) ?? "" }))
          .filter((s): s is SoftwareEntry => s.name !== null);
  return {
    name: str(hardware?.name, 255),
    serial: str(bios?.ssn, 255),
    serialFallback: str(bios?.msn, 255),
    uuid: str(hardware?.uuid, 64),
    manufacturer: str(bios?.smanufacturer) ?? str(bios?.mmanufacturer) ?? str(bios?.bmanufacturer),
    model: modelOf(bios),
    assetTag: str(bios?.assettag, 255),
    type: assetTypeOf(hardware, itemtype),
    sections,
    softwares,
  };
}

/** GLPI writes "SMODEL (MMODEL)" when the two differ. */
function modelOf(bios: Json | null): string | null {
  const system = str(bios?.smodel);
  const board = str(bios?.mmodel);
  if (system && board && system !== board) return `${system} (${board})`;
  return system ?? board;
}

/** A network device (printer, switch…) reported by a network inventory. */
function readNetworkDevice(content: Json, itemtype: string | null): InventoryContent {
  const device = isObject(content.network_device) ? content.network_device : {};
  return {
    name: str(device.name, 255),
    serial: str(device.serial, 255),
    serialFallback: null,
    uuid: null,
    manufacturer: str(device.manufacturer),
    model: str(device.model),
    assetTag: null,
    type: assetTypeOf(null, itemtype ?? str(device.type)),
    sections: { network_device: pick(device, { firmware: "s", mac: "s", model: "s", type: "s", ram: "n", location: "s" }) ?? {} },
    softwares: undefined,
  };
}

function tagOf(content: Json): string | null {
  for (const info of list(content.accountinfo)) {
    if (str(info.keyname)?.toUpperCase() === "TAG") return str(info.keyvalue, 64);
  }
  return null;
}

const SOFTWARE_FIELDS = new Set(["name", "version", "publisher", "arch"]);

/**
 * The XML's SOFTWARES in the JSON shape, with only the fields `readComputer` reads: a report lists
 * hundreds of packages with as many fields again (comments, sizes, categories), never kept.
 */
function softwareFieldsOf(node: XmlNode): unknown {
  const one = (item: XmlNode) => {
    if (typeof item !== "object" || Array.isArray(item)) return item;
    const out: Json = {};
    for (const key in item) {
      const name = lowerCased(key);
      if (SOFTWARE_FIELDS.has(name)) out[name] = item[key];
    }
    return out;
  };
  return Array.isArray(node) ? node.map(one) : one(node);
}

const XML_SECTIONS = new Set(["accountinfo", "bios", "hardware", "operatingsystem", "cpus", "memories", "storages", "drives", "networks", "softwares"]);

/** A FusionInventory XML message (`<REQUEST>`). */
export function readXmlMessage(doc: XmlObject): AgentMessage {
  const request = doc.REQUEST;
  if (!request || typeof request !== "object" || Array.isArray(request)) return { kind: "unsupported", query: "" };
  // Only the sections read below are converted: the others (local accounts, processes, controllers…) are never touched.
  const shaped: Json = {};
  for (const [key, value] of Object.entries(request as XmlObject)) {
    const name = key.toLowerCase();
    if (name !== "content") shaped[name] = xmlToJsonShape(value, name);
  }
  const rawContent = (request as XmlObject).CONTENT;
  if (rawContent && typeof rawContent === "object" && !Array.isArray(rawContent)) {
    const content: Json = {};
    for (const [key, value] of Object.entries(rawContent)) {
      const name = key.toLowerCase();
      if (name === "softwares") content.softwares = softwareFieldsOf(value);
      else if (XML_SECTIONS.has(name)) content[name] = xmlToJsonShape(value, name);
    }
    shaped.content = content;
  }
  const query = (str(shaped.query) ?? "INVENTORY").toUpperCase();
  const deviceId = str(shaped.deviceid, 255);
  if (query === "PROLOG") return { kind: "prolog", deviceId };
  if (query !== "INVENTORY") return { kind: "unsupported", query };
  const content = isObject(shaped.content) ? shaped.content : {};
  return { kind: "inventory", deviceId, tag: tagOf(content), partial: false, content: readComputer(content, "Computer") };
}

/** A GLPI agent JSON message. */
export function readJsonMessage(body: Json): AgentMessage {
  const action = (str(body.action) ?? "").toLowerCase();
  const deviceId = str(body.deviceid, 255);
  if (action === "contact") {
    const tasks = Array.isArray(body["enabled-tasks"]) ? body["enabled-tasks"].map((t) => str(t)).filter((t): t is string => t !== null) : [];
    return { kind: "contact", deviceId, enabledTasks: tasks };
  }
  if (action !== "inventory" && action !== "netinventory") return { kind: "unsupported", query: action };
  const content = isObject(body.content) ? body.content : {};
  const itemtype = str(body.itemtype);
  const tag = str(body.tag, 64) ?? tagOf(content);
  const read = isObject(content.network_device) ? readNetworkDevice(content, itemtype) : readComputer(content, itemtype ?? "Computer");
  return { kind: "inventory", deviceId, tag, partial: bool(body.partial), content: read };
}
