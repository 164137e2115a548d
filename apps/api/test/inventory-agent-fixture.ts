import { readFileSync } from "node:fs";
import { join } from "node:path";
import zlib from "node:zlib";
import { sql } from "drizzle-orm";
import type { FastifyInstance } from "fastify";
import type { Db } from "../src/db/client.ts";
import { buildPerson, buildSchool, buildZone, logIn, regionWithAdmin, type Session } from "./factories.ts";

/** Helpers for the inventory agent tests: agent messages as the agents write them, and the wire. */

export const FIXTURES = join(import.meta.dirname, "fixtures/glpi-inventory");
export const readFixture = (name: string) =>
  JSON.parse(readFileSync(join(FIXTURES, name), "utf8")) as Record<string, unknown> & { content: Record<string, unknown> };

export type Machine = {
  name?: string;
  ssn?: string;
  uuid?: string;
  tag?: string | null;
  chassis?: string;
  deviceId?: string;
  softwares?: { name: string; version: string; publisher?: string }[];
  /** Extra XML inside CONTENT (users, accounts…). */
  extra?: string;
};

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");

/** A FusionInventory INVENTORY message, with the sections the real agent sends. */
export function inventoryXml(m: Machine): string {
  const softwares = (m.softwares ?? [{ name: "Firefox ESR", version: "128.5.0", publisher: "Mozilla" }])
    .map(
      (s) =>
        `<SOFTWARES><ARCH>amd64</ARCH><NAME>${esc(s.name)}</NAME><PUBLISHER>${esc(s.publisher ?? "")}</PUBLISHER><VERSION>${esc(s.version)}</VERSION></SOFTWARES>`,
    )
    .join("");
  const tag = m.tag === null ? "" : `<ACCOUNTINFO><KEYNAME>TAG</KEYNAME><KEYVALUE>${esc(m.tag ?? "")}</KEYVALUE></ACCOUNTINFO>`;
  return `<?xml version="1.0" encoding="UTF-8" ?>
<REQUEST>
  <CONTENT>
    ${tag}
    <BIOS><SSN>${esc(m.ssn ?? "")}</SSN><SMANUFACTURER>Dell Inc.</SMANUFACTURER><SMODEL>OptiPlex 7010</SMODEL><BVERSION>A29</BVERSION></BIOS>
    <CPUS><NAME>Intel(R) Core(TM) i5-3470 CPU @ 3.20GHz</NAME><CORE>4</CORE><THREAD>4</THREAD><SPEED>3200</SPEED></CPUS>
    <HARDWARE><NAME>${esc(m.name ?? "")}</NAME><UUID>${esc(m.uuid ?? "")}</UUID><MEMORY>8192</MEMORY><CHASSIS_TYPE>${m.chassis ?? "Desktop"}</CHASSIS_TYPE><VMSYSTEM>Physical</VMSYSTEM></HARDWARE>
    <NETWORKS><DESCRIPTION>eth0</DESCRIPTION><MACADDR>f0:1f:af:00:00:01</MACADDR><IPADDRESS>10.0.0.12</IPADDRESS><VIRTUALDEV>0</VIRTUALDEV></NETWORKS>
    <OPERATINGSYSTEM><FULL_NAME>Debian GNU/Linux 12 (bookworm)</FULL_NAME><NAME>Debian</NAME><VERSION>12</VERSION><ARCH>x86_64</ARCH></OPERATINGSYSTEM>
    ${softwares}
    ${m.extra ?? ""}
    <VERSIONCLIENT>FusionInventory-Agent_v2.6</VERSIONCLIENT>
  </CONTENT>
  <DEVICEID>${esc(m.deviceId ?? `${m.name ?? "x"}-2026-11-22-10-33-54`)}</DEVICEID>
  <QUERY>INVENTORY</QUERY>
</REQUEST>`;
}

export const prologXml = (deviceId = "vm-2026-11-22-10-33-54") =>
  `<?xml version="1.0" encoding="UTF-8" ?>\n<REQUEST><DEVICEID>${deviceId}</DEVICEID><QUERY>PROLOG</QUERY><TOKEN>12345678</TOKEN></REQUEST>`;

export const basic = (login: string, password: string) => `Basic ${Buffer.from(`${login}:${password}`).toString("base64")}`;

export type AgentPost = { body: Buffer | string; auth?: string | null; contentType?: string; url?: string };

/** Posts like the agent does: zlib-compressed by default, under its content type. */
export function postAgent(app: FastifyInstance, auth: string | null, post: Omit<AgentPost, "auth">) {
  const payload = typeof post.body === "string" ? zlib.deflateSync(Buffer.from(post.body)) : post.body;
  return app.inject({
    method: "POST",
    url: post.url ?? "/front/inventory.php",
    payload,
    headers: {
      "content-type": post.contentType ?? "application/x-compress-zlib",
      "user-agent": "FusionInventory-Agent_v2.6-3",
      ...(auth ? { authorization: auth } : {}),
    },
  });
}

/** The text of an agent reply, inflated when it came back zlib'd. */
export function replyText(response: { rawPayload: Buffer; headers: Record<string, unknown> }): string {
  const type = String(response.headers["content-type"] ?? "");
  return type.includes("x-compress-zlib") ? zlib.inflateSync(response.rawPayload).toString("utf8") : response.rawPayload.toString("utf8");
}

/** Issues agent credentials through the API, as a region administrator does. */
export async function issueCredentials(app: FastifyInstance, session: Session) {
  const response = await app.inject({
    method: "POST",
    url: "/api/v1/inventory/agent-credentials",
    headers: session.headers,
    payload: { label: "Parc des lycées" },
  });
  if (response.statusCode !== 201) throw new Error(`credentials: ${response.statusCode} ${response.body}`);
  const body = response.json() as { login: string; password: string; id: string };
  return { ...body, auth: basic(body.login, body.password) };
}

/**
 * A region whose inventory the tests keep: its administrator, a zone with a lycée and its zone
 * technician (logged in), another lycée (in the zone, or elsewhere in the region), and agent
 * credentials; `api` calls the API as a session.
 */
export async function inventoryRegion(app: FastifyInstance, db: Db, options: { otherSchoolInZone: boolean }) {
  const world = await regionWithAdmin(app, db);
  const regionId = world.region.id;
  const zone = await buildZone(db, { regionId });
  const inZone = { regionId, sectorId: zone.sectorId, zoneId: zone.id };
  const school = await buildSchool(db, inZone);
  const otherSchool = await buildSchool(db, options.otherSchoolInZone ? inZone : { regionId });
  const technician = await logIn(app, await buildPerson(db, { role: "technician", scope: { kind: "zone", ...inZone } }));
  const { auth } = await issueCredentials(app, world.session);
  const api = (session: Session, method: "GET" | "POST" | "PATCH", url: string, payload?: object) =>
    app.inject({ method, url: `/api/v1${url}`, headers: session.headers, ...(payload ? { payload } : {}) });
  return { admin: world.session, regionId, zone, school, otherSchool, technician, auth, api };
}

/** Every row of the inventory's tables (and the audit log) as text: to prove what is not stored. */
export async function storedInventoryText(db: Db): Promise<string> {
  const tables = [
    "assets",
    "asset_events",
    "software",
    "software_versions",
    "asset_installations",
    "region_applications",
    "pending_agent_reports",
    "audit_events",
  ];
  let text = "";
  for (const table of tables) {
    const result = (await db.execute(sql.raw(`select coalesce(json_agg(t)::text, '') as dump from ${table} t`))) as unknown as { rows: { dump: string }[] };
    text += result.rows[0]?.dump ?? "";
  }
  return text;
}

export async function countRows(db: Db, table: string): Promise<number> {
  const result = (await db.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as { rows: { n: number }[] };
  return result.rows[0]?.n ?? 0;
}
