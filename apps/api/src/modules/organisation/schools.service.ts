import { can, type Permission, type ScopeTarget, visibleScopes } from "@relais/shared/permissions";
import { schoolYearOf } from "@relais/shared/school-year";
import type { EnrolmentLine, SchoolInput, SchoolUpdate } from "@relais/shared/schools";
import type { Ctx } from "../../context.ts";
import { AppError, forbidden, notFound } from "../../errors.ts";
import { diffFields, recordAudit } from "../audit/audit.service.ts";
import * as regions from "../regions/regions.repository.ts";
import * as repo from "./schools.repository.ts";

export type School = NonNullable<Awaited<ReturnType<typeof repo.findSchool>>>;

export function schoolTarget(school: Pick<School, "id" | "regionId" | "sectorId" | "zoneId">): ScopeTarget {
  return { regionId: school.regionId, sectorId: school.sectorId, zoneId: school.zoneId, schoolId: school.id };
}

export function assertCan(ctx: Ctx, permission: Permission, target: ScopeTarget, message?: string) {
  if (!can(ctx.actor.assignments, permission, target)) throw forbidden(message);
}

export async function listSchools(ctx: Ctx, filters: repo.SchoolFilters, page: { sort: string; limit: number; offset: number }) {
  return repo.findSchools(ctx.db, visibleScopes(ctx.actor.assignments, "school.read"), filters, page, ctx.sessionCheck);
}

/** A school the actor may read; one outside their scope is reported as not found. */
export async function getSchool(ctx: Ctx, idOrUai: string): Promise<School> {
  const school = await repo.findSchool(ctx.db, visibleScopes(ctx.actor.assignments, "school.read"), idOrUai);
  if (!school) throw notFound("Établissement");
  return school;
}

async function assertPlacement(ctx: Ctx, regionId: string, sectorId: string | null | undefined, zoneId: string | null | undefined) {
  if (sectorId) {
    const sector = await regions.findSector(ctx.db, sectorId);
    if (!sector || sector.regionId !== regionId)
      throw new AppError("validation.failed", "Ce secteur n'appartient pas à la région de l'établissement.", {
        fieldErrors: [{ field: "body.sectorId", message: "Secteur hors région." }],
      });
  }
  if (zoneId) {
    const zone = await regions.findZone(ctx.db, zoneId);
    if (!zone || zone.regionId !== regionId)
      throw new AppError("validation.failed", "Cette zone n'appartient pas à la région de l'établissement.", {
        fieldErrors: [{ field: "body.zoneId", message: "Zone hors région." }],
      });
    if (sectorId && zone.sectorId !== sectorId)
      throw new AppError("validation.failed", "Cette zone n'est pas dans le secteur choisi.", {
        fieldErrors: [{ field: "body.zoneId", message: "Zone hors du secteur." }],
      });
  }
}

export async function createSchool(ctx: Ctx, regionId: string, input: SchoolInput): Promise<School> {
  assertCan(ctx, "school.write", { regionId }, "Seule la Région peut ajouter un établissement.");
  await assertPlacement(ctx, regionId, input.sectorId, input.zoneId);
  const id = await ctx.db.transaction(async (tx) => {
    const created = await repo.insertSchool(tx, { ...input, regionId });
    if (!created)
      throw new AppError("conflict.duplicate", `Un établissement porte déjà l'UAI ${input.uai}.`, {
        fieldErrors: [{ field: "body.uai", message: "UAI déjà utilisé." }],
      });
    await recordAudit(
      { ...ctx, db: tx },
      { action: "school.created", entityType: "school", entityId: created.id, regionId, schoolId: created.id, after: input },
    );
    return created.id;
  });
  return getSchool(ctx, id);
}

export async function updateSchool(ctx: Ctx, idOrUai: string, patch: SchoolUpdate): Promise<School> {
  const school = await getSchool(ctx, idOrUai);
  assertCan(ctx, "school.write", schoolTarget(school), "Seule la Région peut modifier la fiche d'un établissement.");
  const { version, ...changes } = patch;
  await assertPlacement(
    ctx,
    school.regionId,
    changes.sectorId === undefined ? school.sectorId : changes.sectorId,
    changes.zoneId === undefined ? school.zoneId : changes.zoneId,
  );
  await ctx.db.transaction(async (tx) => {
    const updated = await repo.updateSchool(tx, school.id, version, changes);
    if (!updated) throw new AppError("conflict.version", "Cette fiche a été modifiée entre-temps par quelqu'un d'autre : rechargez-la avant d'enregistrer.");
    const diff = diffFields(school as Record<string, unknown>, changes as Record<string, unknown>);
    await recordAudit(
      { ...ctx, db: tx },
      { action: "school.updated", entityType: "school", entityId: school.id, regionId: school.regionId, schoolId: school.id, ...diff },
    );
  });
  return getSchool(ctx, school.id);
}

export async function getEnrolment(ctx: Ctx, idOrUai: string, schoolYear: string | undefined) {
  const school = await getSchool(ctx, idOrUai);
  const year = schoolYear ?? schoolYearOf(ctx.clock.now());
  return { schoolYear: year, lines: await repo.findEnrolment(ctx.db, school.id, year) };
}

/** Replaces a school year's enrolment; the current year's total feeds the school lists. */
export async function setEnrolment(ctx: Ctx, idOrUai: string, schoolYear: string, lines: EnrolmentLine[]) {
  const school = await getSchool(ctx, idOrUai);
  assertCan(ctx, "school.enrolment.write", schoolTarget(school), "Seuls le chef d'établissement et la Région peuvent saisir les effectifs.");
  const seen = new Set<string>();
  for (const line of lines) {
    const key = `${line.track}/${line.level}`;
    if (seen.has(key)) throw new AppError("validation.failed", `La ligne ${key} apparaît deux fois.`);
    seen.add(key);
  }
  const before = await repo.findEnrolment(ctx.db, school.id, schoolYear);
  await ctx.db.transaction(async (tx) => {
    await repo.replaceEnrolment(tx, school.id, schoolYear, lines);
    if (schoolYear === schoolYearOf(ctx.clock.now())) {
      await repo.setStudentCount(
        tx,
        school.id,
        lines.reduce((sum, line) => sum + line.students, 0),
      );
    }
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: "school.enrolment_set",
        entityType: "school",
        entityId: school.id,
        regionId: school.regionId,
        schoolId: school.id,
        before: { schoolYear, lines: before },
        after: { schoolYear, lines },
      },
    );
  });
  return { schoolYear, lines: await repo.findEnrolment(ctx.db, school.id, schoolYear) };
}

export const listAcademies = (ctx: Ctx) => repo.findSchoolAcademies(ctx.db, visibleScopes(ctx.actor.assignments, "school.read"));
