import { readFileSync } from "node:fs";
import { schoolYearOf } from "@relais/shared/school-year";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { hashPassword } from "../auth/secrets.ts";
import { interventions } from "../interventions/interventions.schema.ts";
import { assetEvents, assets, assetTickets, rooms } from "../inventory/inventory.schema.ts";
import { organisations, regions, schoolEnrolments, schools, sectors, zones } from "../organisation/organisation.schema.ts";
import { parseSchoolsTable } from "../organisation/schools-import.ts";
import { credentials, people, roleAssignments } from "../people/people.schema.ts";
import { ticketCounters, ticketEvents, tickets } from "../tickets/tickets.schema.ts";
import { findRegionsByCodes, insertInBatches } from "./demo.repository.ts";
import { DEMO_PASSWORD, DEMO_REGIONS, DEMO_TOTP_SECRET, type DemoRegionCode } from "./demo-accounts.ts";
import { loadDemoCampaigns } from "./demo-campaigns.ts";
import { buildDemoInterventions } from "./demo-interventions.ts";
import { buildDemoInventory } from "./demo-inventory.ts";
import { buildDemoPlan } from "./demo-plan.ts";
import { buildDemoTickets } from "./demo-tickets.ts";

/**
 * The lycées of Île-de-France and Provence-Alpes-Côte d'Azur (rentrée 2021), from two DEPP
 * datasets under the Licence Ouverte; a copy lives in the repository so the demo needs nothing
 * from outside. Only the public lycées are loaded (the import skips private ones).
 */
const SCHOOLS_FILE = new URL("./lycees-idf-paca-2021.csv", import.meta.url);

export type DemoLoadResult =
  | { status: "already_loaded" }
  | {
      status: "loaded";
      counts: {
        regions: number;
        sectors: number;
        zones: number;
        schools: number;
        organisations: number;
        people: number;
        assignments: number;
        tickets: number;
        interventions: number;
        campaigns: number;
      };
      durationMs: number;
    };

type DemoCtx = Pick<Ctx, "db" | "actor" | "clock" | "requestId" | "ip">;

/**
 * Loads the two demo regions, their lycées, organisations and invented people in ONE
 * transaction. Idempotent: if the demo regions exist, nothing is done. Refuses to run where a
 * real region already uses one of the demo codes.
 */
export async function loadDemoData(ctx: DemoCtx): Promise<DemoLoadResult> {
  const started = performance.now();
  const codes = Object.keys(DEMO_REGIONS) as DemoRegionCode[];
  const existing = await findRegionsByCodes(ctx.db, codes);
  if (existing.length > 0) {
    const real = existing.find((r) => (r.settings as { demo?: boolean } | null)?.demo !== true);
    if (real)
      throw new AppError(
        "conflict",
        `La région de code « ${real.code} » existe déjà et n'est pas une région de démonstration : les données de démonstration ne se chargent pas dans cette base.`,
      );
    return { status: "already_loaded" };
  }

  const csv = readFileSync(SCHOOLS_FILE, "utf8");
  const schoolsByRegion = {} as Record<DemoRegionCode, ReturnType<typeof parseSchoolsTable>["schools"]>;
  for (const code of codes) {
    const parsed = parseSchoolsTable(csv, { regionName: DEMO_REGIONS[code].name });
    if (parsed.issues.length > 0) throw new Error(`Fichier des lycées de démonstration invalide : ${JSON.stringify(parsed.issues.slice(0, 3))}`);
    schoolsByRegion[code] = parsed.schools;
  }
  const now = ctx.clock.now();
  const plan = buildDemoPlan({ schools: schoolsByRegion, now });
  // One hash for every demo account: argon2id is deliberately slow, ~2,000 hashes would take minutes.
  const passwordHash = await hashPassword(DEMO_PASSWORD);

  let ticketCount = 0;
  let interventionCount = 0;
  let campaignCount = 0;
  await ctx.db.transaction(async (tx) => {
    await insertInBatches(tx, regions, plan.regions);
    await insertInBatches(tx, sectors, plan.sectors);
    await insertInBatches(tx, zones, plan.zones);
    await insertInBatches(tx, organisations, plan.organisations);
    await insertInBatches(tx, schools, plan.schools);
    await insertInBatches(tx, schoolEnrolments, plan.enrolments);
    await insertInBatches(tx, people, plan.people);
    await insertInBatches(
      tx,
      credentials,
      plan.people.map((person) => {
        const hasTotp = plan.totpPersonIds.has(person.id as string);
        return {
          personId: person.id as string,
          passwordHash,
          passwordChangedAt: now,
          totpSecret: hasTotp ? DEMO_TOTP_SECRET : null,
          totpConfirmedAt: hasTotp ? now : null,
        };
      }),
    );
    await insertInBatches(tx, roleAssignments, plan.assignments);
    const demoTickets = buildDemoTickets(plan, now);
    await insertInBatches(tx, tickets, demoTickets.tickets);
    const demoInterventions = buildDemoInterventions(plan, demoTickets, now);
    await insertInBatches(tx, interventions, demoInterventions.interventions);
    // A timeline reads in the order its entries were written: the visits' entries take their place among the steps.
    const events = [...demoTickets.events, ...demoInterventions.events].sort((a, b) => (a.occurredAt as Date).getTime() - (b.occurredAt as Date).getTime());
    await insertInBatches(tx, ticketEvents, events);
    await insertInBatches(tx, ticketCounters, demoTickets.counters);
    const inventory = buildDemoInventory(plan, demoTickets, now);
    await insertInBatches(tx, rooms, inventory.rooms);
    await insertInBatches(tx, assets, inventory.assets);
    await insertInBatches(tx, assetEvents, inventory.events);
    await insertInBatches(tx, assetTickets, inventory.links);
    ticketCount = demoTickets.tickets.length;
    interventionCount = demoInterventions.interventions.length;
    // In the same transaction, so that a crash leaves no demo without its campaigns: the
    // envelopes are computed from the lycées and enrolment written above.
    campaignCount = await loadDemoCampaigns({ ...ctx, db: tx }, plan.regions as { id: string }[], schoolYearOf(now));
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: "demo.loaded",
        entityType: "platform",
        after: { regions: plan.regions.map((r) => r.code), schools: plan.schools.length, people: plan.people.length },
      },
    );
  });
  return {
    status: "loaded",
    counts: {
      regions: plan.regions.length,
      sectors: plan.sectors.length,
      zones: plan.zones.length,
      schools: plan.schools.length,
      organisations: plan.organisations.length,
      people: plan.people.length,
      assignments: plan.assignments.length,
      tickets: ticketCount,
      interventions: interventionCount,
      campaigns: campaignCount,
    },
    durationMs: Math.round(performance.now() - started),
  };
}
