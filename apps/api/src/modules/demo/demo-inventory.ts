import { randomUUID } from "node:crypto";
import type { AssetFunding, AssetStatus, AssetType, RoomUse } from "@relais/shared/inventory";
import { nameKey } from "@relais/shared/inventory";
import type { assetEvents, assets, assetTickets, rooms } from "../inventory/inventory.schema.ts";
import type { DemoPlan } from "./demo-plan.ts";
import type { DemoTickets } from "./demo-tickets.ts";
import { intBetween, pick, type Random, seededRandom } from "./prng.ts";

/**
 * An invented estate for the named accounts' lycées and a sample of others in each region, so
 * that the inventory reports have something to show: rooms with projectors of every age (the
 * interactive-display programme is planned from them), computer rooms with one model and one
 * with two (seed 004: one model per room), warranties ended and ending soon, items bought on
 * own funds, and the school's incident tickets linked to the items they concern.
 */
export type DemoInventory = {
  rooms: (typeof rooms.$inferInsert)[];
  assets: (typeof assets.$inferInsert)[];
  events: (typeof assetEvents.$inferInsert)[];
  links: (typeof assetTickets.$inferInsert)[];
};

/** Lycées per region beyond the named accounts' ones: enough for region-wide charts, small enough for a quick load. */
const SAMPLE_PER_REGION = 24;
const COMPUTER_MODELS = [
  ["Dell", "OptiPlex 7010"],
  ["HP", "ProDesk 600 G6"],
  ["Lenovo", "ThinkCentre M70q"],
] as const;
const PROJECTOR_MODELS = [
  ["Epson", "EB-695Wi"],
  ["BenQ", "MW560"],
  ["Optoma", "W400LVe"],
] as const;

type DemoTicketRef = { id: string; kind: string; number: string };
const day = (date: Date) => date.toISOString().slice(0, 10);
const shift = (date: Date, { years = 0, days = 0 }: { years?: number; days?: number }) => {
  const d = new Date(date);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  d.setUTCDate(d.getUTCDate() + days);
  return d;
};

export function buildDemoInventory(plan: DemoPlan, demoTickets: DemoTickets, now: Date): DemoInventory {
  const random = seededRandom("relais-demo-inventory");
  const out: DemoInventory = { rooms: [], assets: [], events: [], links: [] };
  const namedPeople = new Set(plan.people.filter((p) => /^(idf|paca)\./.test(p.email as string)).map((p) => p.id));
  const showcase = new Set(plan.assignments.filter((a) => a.schoolId && namedPeople.has(a.personId)).map((a) => a.schoolId as string));
  const ticketsBySchool = new Map<string, DemoTicketRef[]>();
  for (const ticket of demoTickets.tickets)
    ticketsBySchool.set(ticket.schoolId, [
      ...(ticketsBySchool.get(ticket.schoolId) ?? []),
      { id: ticket.id as string, kind: ticket.kind, number: ticket.number },
    ]);
  for (const region of plan.regions) {
    const schoolsOfRegion = plan.schools.filter((s) => s.regionId === region.id);
    const sample = schoolsOfRegion.filter((s) => showcase.has(s.id as string) || ticketsBySchool.has(s.id as string)).slice(0, SAMPLE_PER_REGION);
    const chosen = new Map([...schoolsOfRegion.filter((s) => showcase.has(s.id as string)), ...sample].map((s) => [s.id as string, s]));
    for (const school of chosen.values()) buildSchoolEstate(out, random, { id: school.id as string, regionId: school.regionId }, now, ticketsBySchool);
  }
  return out;
}

function buildSchoolEstate(
  out: DemoInventory,
  random: Random,
  school: { id: string; regionId: string },
  now: Date,
  ticketsBySchool: Map<string, DemoTicketRef[]>,
) {
  const at = now;
  const room = (building: string, floor: string, name: string, use: RoomUse) => {
    const id = randomUUID();
    out.rooms.push({ id, regionId: school.regionId, schoolId: school.id, building, floor, name, use, createdAt: at });
    return id;
  };
  let serial = 0;
  const item = (
    type: AssetType,
    roomId: string | null,
    name: string,
    options: {
      make: readonly [string, string];
      ageYears: number;
      ageDays?: number;
      warrantyYears: number;
      funding?: AssetFunding;
      status?: AssetStatus;
      priceCents?: number;
    },
  ) => {
    const id = randomUUID();
    const acquired = shift(now, { years: -options.ageYears, days: -(options.ageDays ?? intBetween(random, 0, 200)) });
    out.assets.push({
      id,
      regionId: school.regionId,
      schoolId: school.id,
      roomId,
      type,
      manufacturer: options.make[0],
      model: options.make[1],
      name,
      nameKey: nameKey(name),
      serial: `DEMO${school.id.slice(0, 4).toUpperCase()}${String(++serial).padStart(4, "0")}`,
      status: options.status ?? "in_service",
      funding: options.funding ?? "region_contract",
      isQualifiedByRegion: options.funding === "own_funds" ? random() < 0.5 : true,
      acquiredOn: day(acquired),
      warrantyEndsOn: day(shift(acquired, { years: options.warrantyYears })),
      acquisitionPriceCents: options.priceCents ?? null,
      networkDomain: type === "desktop" ? "peda" : type === "switch" || type === "firewall" || type === "wifi_access_point" ? "technical" : null,
      source: "manual",
      createdAt: at,
      updatedAt: at,
    });
    out.events.push({ assetId: id, at, kind: "created", actorLabel: "Données de démonstration", details: { source: "demo" } });
    return id;
  };

  // Two computer rooms: A12 with one model, B04 with two (older ones kept when the room grew).
  const homogeneous = room("A", "1", "A12 — salle informatique", "computer_room");
  const model = pick(random, COMPUTER_MODELS);
  const recentAge = intBetween(random, 1, 5);
  const oldAge = intBetween(random, 6, 10);
  const computers: string[] = [];
  for (let i = 1; i <= 12; i++)
    computers.push(
      item("desktop", homogeneous, `A12-PC${String(i).padStart(2, "0")}`, { make: model, ageYears: recentAge, warrantyYears: 5, priceCents: 68_000 }),
    );
  const mixed = room("B", "0", "B04 — salle informatique", "computer_room");
  for (let i = 1; i <= 8; i++)
    computers.push(item("desktop", mixed, `B04-PC${String(i).padStart(2, "0")}`, { make: COMPUTER_MODELS[0], ageYears: oldAge, warrantyYears: 5 }));
  for (let i = 9; i <= 12; i++)
    computers.push(
      item("desktop", mixed, `B04-PC${String(i).padStart(2, "0")}`, {
        make: COMPUTER_MODELS[1],
        ageYears: 1,
        warrantyYears: 5,
        funding: "own_funds",
        priceCents: 74_000,
      }),
    );

  // Classrooms with a projector each, from 1 to 14 years old; in most lycées one has had its interactive display.
  const projectorAges = Array.from({ length: intBetween(random, 4, 8) }, () => intBetween(random, 1, 14));
  const withDisplay = random() < 0.6;
  const projectors: string[] = [];
  projectorAges.forEach((age, i) => {
    const classroom = room("C", String(1 + Math.floor(i / 4)), `C${101 + i}`, "classroom");
    projectors.push(item("video_projector", classroom, `VP-C${101 + i}`, { make: pick(random, PROJECTOR_MODELS), ageYears: age, warrantyYears: 3 }));
    if (i === 1 && withDisplay)
      item("interactive_display", classroom, `ENI-C${101 + i}`, { make: ["Signal", "Prowise Touchscreen Ten"], ageYears: 0, ageDays: 60, warrantyYears: 5 });
  });

  // Warranties ending within the next weeks, and the network, printing and power of the school.
  const cdi = room("A", "0", "CDI", "cdi");
  for (let i = 1; i <= 4; i++)
    computers.push(
      item("laptop", cdi, `CDI-PORT${i}`, { make: ["Dell", "Latitude 3540"], ageYears: 4, ageDays: 365 - 20 * i, warrantyYears: 5, funding: "region_subsidy" }),
    );
  item("printer", cdi, "CDI-IMP1", { make: ["Brother", "HL-L6210DW"], ageYears: 6, warrantyYears: 3, funding: "own_funds", priceCents: 42_000 });
  const technical = room("A", "-1", "Local technique", "technical_room");
  item("switch", technical, "SW-CORE", { make: ["HPE", "Aruba 2930F"], ageYears: 9, warrantyYears: 5 });
  item("firewall", technical, "FW-PEDA", { make: ["Stormshield", "SN310"], ageYears: 3, warrantyYears: 3 });
  item("ups", technical, "UPS-BAIE", { make: ["Eaton", "5PX 1500"], ageYears: 10, warrantyYears: 2 });
  for (let i = 1; i <= 3; i++) item("wifi_access_point", null, `AP-${i}`, { make: ["Aruba", "AP-505"], ageYears: 2, warrantyYears: 5 });
  item("desktop", null, "PC-ANCIEN", { make: COMPUTER_MODELS[0], ageYears: 12, warrantyYears: 5, status: "retired" });

  // The school's incident tickets go to the items they were about: the first three to one old
  // B04 computer when there are three (frequent incidents), the others to projectors.
  const incidents = (ticketsBySchool.get(school.id) ?? []).filter((t) => t.kind === "incident");
  incidents.forEach((ticket, i) => {
    const assetId = incidents.length >= 3 && i < 3 ? (computers[12] as string) : (projectors[i % projectors.length] as string);
    out.links.push({ assetId, ticketId: ticket.id, linkedAt: at });
    out.events.push({ assetId, at, kind: "ticket_linked", actorLabel: "Données de démonstration", details: { ticketId: ticket.id, number: ticket.number } });
  });
}
