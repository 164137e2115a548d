import { CONTRACTOR_PREVENTIVE_DAYS_PER_MONTH, planPreventiveVisits, preventiveMinutesByFortnight } from "@relais/shared/interventions";
import { can, type ScopeTarget } from "@relais/shared/permissions";
import { type Ctx, systemActor } from "../../context.ts";
import { AppError, forbidden, notFound } from "../../errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { findActorByPersonId } from "../auth/actor.ts";
import { listAssets } from "../inventory/assets.service.ts";
import { findOrganisation } from "../organisation/organisations.repository.ts";
import { getSchool } from "../organisation/schools.service.ts";
import { regionTicketSettings } from "../tickets/ticket-settings.ts";
import type { PreventivePlanInput } from "./interventions.contract.ts";
import * as repo from "./interventions.repository.ts";
import { interventions } from "./interventions.schema.ts";

type PlanSchool = { id: string; regionId: string; sectorId: string | null; zoneId: string | null; name: string; departmentCode: string };

const targetOf = (school: PlanSchool, organisationId: string | null): ScopeTarget => ({
  regionId: school.regionId,
  sectorId: school.sectorId,
  zoneId: school.zoneId,
  schoolId: school.id,
  organisationId,
});

/**
 * A school's declared PC count: entered by those who work its tickets (the zone's
 * technicians, the desk) or the Region's administrators, kept in `school_estates`. It serves
 * until the school's PCs are in the inventory, which then wins (see `estatesOf`).
 */
export async function declareSchoolEstate(ctx: Ctx, schoolIdOrUai: string, pcCount: number) {
  const school = await getSchool(ctx, schoolIdOrUai);
  const target = targetOf(school, null);
  if (!can(ctx.actor.assignments, "ticket.work", target) && !can(ctx.actor.assignments, "school.write", target))
    throw forbidden("Seuls les techniciens de la Région et ses administrateurs déclarent le parc d'un établissement.");
  return ctx.db.transaction(async (tx) => {
    const [before] = await repo.findEstates(tx, [school.id]);
    const row = await repo.upsertEstate(tx, { schoolId: school.id, pcCount, updatedById: ctx.actor.personId, updatedAt: ctx.clock.now() });
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: "school.estate_declared",
        entityType: "school",
        entityId: school.id,
        regionId: school.regionId,
        schoolId: school.id,
        before: before ? { pcCount: before.pcCount } : null,
        after: { pcCount },
      },
    );
    return { schoolId: row.schoolId, pcCount: row.pcCount, source: row.source, updatedAt: row.updatedAt };
  });
}

/** What seed 003 counts as PCs: the school's desktops and laptops the Region maintains (in service, broken or in repair). */
const PC_TYPES = ["desktop", "laptop"] as const;
const MAINTAINED_STATUSES = ["in_service", "broken", "in_repair"] as const;

/**
 * A school's PC count from the inventory, read as the platform (the planner is already
 * authorised over the school; the count must not depend on who asks).
 */
async function inventoriedPcs(ctx: Ctx, schoolId: string): Promise<number> {
  const asPlatform = { ...ctx, actor: systemActor() };
  let total = 0;
  for (const type of PC_TYPES)
    for (const status of MAINTAINED_STATUSES) total += (await listAssets(asPlatform, { schoolId, type, status }, { sort: "name", limit: 1, offset: 0 })).total;
  return total;
}

/**
 * The estate each school is planned from: the inventory's PCs when the school has any,
 * else the count declared in `school_estates`, else none (no visit).
 */
async function estatesOf(ctx: Ctx, schoolIds: string[]): Promise<Map<string, { pcCount: number; source: "inventory" | "declared" }>> {
  const declared = new Map((await repo.findEstates(ctx.db, schoolIds)).map((e) => [e.schoolId, e.pcCount]));
  const estates = new Map<string, { pcCount: number; source: "inventory" | "declared" }>();
  for (const id of schoolIds) {
    const inventoried = await inventoriedPcs(ctx, id);
    if (inventoried > 0) estates.set(id, { pcCount: inventoried, source: "inventory" });
    else if (declared.has(id)) estates.set(id, { pcCount: declared.get(id) as number, source: "declared" });
  }
  return estates;
}

async function planSchools(ctx: Ctx, input: PreventivePlanInput): Promise<PlanSchool[]> {
  if (input.school) {
    const school = await getSchool(ctx, input.school);
    return [school];
  }
  const schools = await repo.findZoneSchools(ctx.db, input.zone as string);
  // A zone the actor may not work is reported like an unknown one.
  if (schools.length === 0 || !schools.some((s) => can(ctx.actor.assignments, "ticket.work", targetOf(s, input.organisationId ?? null))))
    throw notFound("Zone");
  return schools;
}

/**
 * The preventive visits of a school, or of a zone's schools served by one technician, over a
 * month (seed 003's estate rule; seed 001's contractor quota when a contractor performs
 * them), on business days. `create` writes them as planned interventions; a visit already
 * planned for the same school, technician and start is not written twice.
 */
export async function preventivePlan(ctx: Ctx, input: PreventivePlanInput, create: boolean) {
  const schools = await planSchools(ctx, input);
  const organisationId = input.organisationId ?? null;
  const regionId = schools[0]!.regionId;
  if (organisationId) {
    const organisation = await findOrganisation(ctx.db, organisationId);
    if (!organisation || organisation.regionId !== regionId)
      throw new AppError("validation.failed", "Organisation inconnue dans cette région.", {
        fieldErrors: [{ field: "body.organisationId", message: "Organisation inconnue." }],
      });
  }
  for (const school of schools) {
    if (!can(ctx.actor.assignments, "ticket.work", targetOf(school, organisationId)))
      throw forbidden("Seuls les techniciens et le centre de services planifient les visites préventives.");
  }
  const technician = await findActorByPersonId(ctx.db, input.technicianId);
  if (!technician || !schools.every((s) => can(technician.assignments, "ticket.work", targetOf(s, organisationId))))
    throw new AppError("validation.failed", "Ce technicien n'intervient pas dans ces établissements.", {
      fieldErrors: [{ field: "body.technicianId", message: "Technicien hors périmètre." }],
    });

  const estateOf = await estatesOf(
    ctx,
    schools.map((s) => s.id),
  );
  const estates = new Map([...estateOf].map(([id, e]) => [id, e.pcCount]));
  const quota = organisationId ? CONTRACTOR_PREVENTIVE_DAYS_PER_MONTH : null;
  // Largest estates first: they need whole days, the small ones fill what is left.
  const ordered = [...schools].sort((a, b) => (estates.get(b.id) ?? 0) - (estates.get(a.id) ?? 0) || a.name.localeCompare(b.name, "fr"));
  const [year, month] = input.month.split("-").map(Number) as [number, number];
  const settings = await regionTicketSettings(ctx.db, regionId);
  const plan = planPreventiveVisits({
    year,
    month,
    schools: ordered.map((s) => ({ schoolId: s.id, pcCount: estates.get(s.id) ?? 0, departmentCode: s.departmentCode })),
    quotaDaysPerMonth: quota,
    calendar: settings.sla.calendar,
  });
  const names = new Map(schools.map((s) => [s.id, s.name]));

  let created = 0;
  if (create && plan.visits.length > 0) {
    const now = ctx.clock.now();
    created = await ctx.db.transaction(async (tx) => {
      const existing = await repo.findTechnicianInterventions(
        tx,
        technician.personId,
        plan.visits[0]!.startsAt,
        new Date(plan.visits.at(-1)!.startsAt.getTime() + 1),
      );
      const taken = new Set(existing.filter((e) => e.kind === "preventive" && e.status !== "cancelled").map((e) => `${e.schoolId}@${e.startsAt.getTime()}`));
      let written = 0;
      for (const visit of plan.visits) {
        if (taken.has(`${visit.schoolId}@${visit.startsAt.getTime()}`)) continue;
        await tx.insert(interventions).values({
          regionId,
          schoolId: visit.schoolId,
          kind: "preventive",
          technicianId: technician.personId,
          organisationId: technician.organisationId ?? organisationId,
          startsAt: visit.startsAt,
          durationMinutes: visit.durationMinutes,
          createdById: ctx.actor.personId,
          createdAt: now,
          updatedAt: now,
        });
        written++;
      }
      await recordAudit(
        { ...ctx, db: tx },
        {
          action: "intervention.preventive_planned",
          entityType: "intervention",
          regionId,
          schoolId: schools.length === 1 ? schools[0]!.id : null,
          after: { month: input.month, technicianId: technician.personId, visits: written, schools: schools.map((s) => s.id) },
        },
      );
      return written;
    });
  }
  return {
    month: input.month,
    quotaDaysPerMonth: quota,
    schools: ordered.map((s) => {
      const pcCount = estates.get(s.id) ?? null;
      const [a, b] = preventiveMinutesByFortnight(pcCount ?? 0, quota);
      return { schoolId: s.id, schoolName: s.name, pcCount, pcSource: estateOf.get(s.id)?.source ?? null, dueMinutes: a + b };
    }),
    visits: plan.visits.map((v) => ({ ...v, schoolName: names.get(v.schoolId) ?? "" })),
    unplanned: plan.unplanned,
    created,
  };
}
