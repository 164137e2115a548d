import {
  isLiveMobileProject,
  type MobileProjectDecision,
  type MobileProjectInput,
  type MobileProjectReviewer,
  nextMobileProjectStatus,
} from "@relais/shared/mobile-projects";
import { can, type VisibleScopes, visibleScopes } from "@relais/shared/permissions";
import type { Ctx } from "../../context.ts";
import { AppError, forbidden, notFound } from "../../errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { findVisibleCampaign } from "../campaigns/campaigns.service.ts";
import { getSchool, schoolTarget } from "../organisation/schools.service.ts";
import * as repo from "./mobile-projects.repository.ts";

/** PostgreSQL's unique_violation, as the driver reports it or as Drizzle wraps it. */
const isUniqueViolation = (error: unknown): boolean =>
  [error, (error as { cause?: unknown } | null)?.cause].some((e) => (e as { code?: string } | null)?.code === "23505");

type Row = NonNullable<Awaited<ReturnType<typeof repo.findMobileProjectWithSchool>>>;

const present = ({ project, schoolName, uai, academie }: Row) => ({
  id: project.id,
  campaignId: project.campaignId,
  schoolId: project.schoolId,
  schoolName,
  uai,
  academie,
  wifiStatus: project.wifiStatus,
  reference: project.reference,
  description: project.description,
  devices: project.devices,
  status: project.status,
  filedAt: project.filedAt,
  academieDecidedAt: project.academieDecidedAt,
  academieNote: project.academieNote,
  regionDecidedAt: project.validatedAt,
  regionNote: project.regionNote,
  version: project.version,
});

async function presentById(ctx: Ctx, id: string) {
  const row = await repo.findMobileProjectWithSchool(ctx.db, id);
  if (!row) throw notFound("Projet");
  return present(row);
}

function unionOf(...all: VisibleScopes[]): VisibleScopes {
  return {
    all: all.some((s) => s.all),
    regionIds: all.flatMap((s) => s.regionIds),
    sectorIds: all.flatMap((s) => s.sectorIds),
    zoneIds: all.flatMap((s) => s.zoneIds),
    schoolIds: all.flatMap((s) => s.schoolIds),
    organisationIds: [],
  };
}

/** Who sees a campaign's projects: the school (its envelope's readers), the académie's advisors, the Region. */
const projectScopes = (ctx: Ctx) =>
  unionOf(
    visibleScopes(ctx.actor.assignments, "envelope.read"),
    visibleScopes(ctx.actor.assignments, "mobile_project.academic_review"),
    visibleScopes(ctx.actor.assignments, "campaign.manage"),
  );

export async function listMobileProjects(ctx: Ctx, campaignId: string) {
  const campaign = await findVisibleCampaign(ctx, campaignId);
  return (await repo.findMobileProjects(ctx.db, projectScopes(ctx), campaign.id)).map(present);
}

/**
 * The school's head files its pedagogical project for mobile equipment (seed 003), with the
 * school's Wi-Fi as it stands, the first criterion the académie and the Region look at. One
 * live project per school and campaign.
 */
export async function fileMobileProject(ctx: Ctx, campaignId: string, input: MobileProjectInput) {
  const campaign = await findVisibleCampaign(ctx, campaignId);
  if (campaign.programme !== "equipment") throw new AppError("conflict", "Les projets d'équipement mobile relèvent du plan d'équipement, pas des manuels.");
  const school = await getSchool(ctx, input.school);
  if (school.regionId !== campaign.regionId) throw notFound("Établissement");
  if (!can(ctx.actor.assignments, "order.equipment", schoolTarget(school)))
    throw forbidden("Seul le chef d'établissement dépose le projet pédagogique d'équipement mobile.");
  const duplicate = () => new AppError("conflict.duplicate", "Un projet de cet établissement est déjà en cours ou validé pour cette campagne.");
  if (await repo.findLiveMobileProject(ctx.db, campaign.id, school.id)) throw duplicate();
  const id = await ctx.db
    .transaction(async (tx) => {
      const project = await repo.insertMobileProject(tx, {
        campaignId: campaign.id,
        regionId: campaign.regionId,
        schoolId: school.id,
        reference: input.reference,
        description: input.description,
        devices: input.devices,
        wifiStatus: school.wifiStatus,
        filedById: ctx.actor.personId,
        filedAt: ctx.clock.now(),
      });
      await recordAudit(
        { ...ctx, db: tx },
        {
          action: "order.mobile_project_filed",
          entityType: "order",
          entityId: project.id,
          regionId: campaign.regionId,
          schoolId: school.id,
          after: { reference: input.reference, devices: input.devices, wifiStatus: school.wifiStatus },
        },
      );
      return project.id;
    })
    .catch((error: unknown) => {
      // Two filings at once: the partial unique index keeps one.
      throw isUniqueViolation(error) ? duplicate() : error;
    });
  return presentById(ctx, id);
}

const REVIEWERS = {
  academie: {
    may: (ctx: Ctx, school: Parameters<typeof schoolTarget>[0]) => can(ctx.actor.assignments, "mobile_project.academic_review", schoolTarget(school)),
    refusal: "Seul le conseiller académique au numérique donne l'avis de l'académie.",
    notNow: "L'académie a déjà donné son avis sur ce projet.",
  },
  region: {
    may: (ctx: Ctx, school: Parameters<typeof schoolTarget>[0]) => can(ctx.actor.assignments, "campaign.manage", { regionId: school.regionId }),
    refusal: "Seule la Région décide des projets d'équipement mobile.",
    notNow: "La Région décide après l'avis favorable de l'académie, et une seule fois.",
  },
} as const;

/**
 * The académie's opinion, then the Region's decision (seed 003: "validé par l'Académie et par
 * la Région"). A refusal ends the project and needs a reason; the school may file another.
 */
export async function decideMobileProject(ctx: Ctx, id: string, reviewer: MobileProjectReviewer, input: MobileProjectDecision & { version: number }) {
  const project = await repo.findMobileProjectById(ctx.db, id);
  if (!project) throw notFound("Projet");
  const school = await getSchool(ctx, project.schoolId).catch(() => {
    throw notFound("Projet");
  });
  await findVisibleCampaign(ctx, project.campaignId).catch(() => {
    throw notFound("Projet");
  });
  const rules = REVIEWERS[reviewer];
  if (!rules.may(ctx, school)) {
    // Who may not even see the project is told it does not exist.
    const sees = (["envelope.read", "mobile_project.academic_review", "campaign.manage"] as const).some((p) =>
      can(ctx.actor.assignments, p, schoolTarget(school)),
    );
    if (!sees) throw notFound("Projet");
    throw forbidden(rules.refusal);
  }
  const next = nextMobileProjectStatus(project.status, reviewer, input.decision);
  if (!next)
    throw new AppError("conflict", isLiveMobileProject(project.status) ? rules.notNow : "Ce projet a été refusé : l'établissement peut en déposer un autre.");
  const now = ctx.clock.now();
  const note = input.note?.trim() || null;
  await ctx.db.transaction(async (tx) => {
    const updated = await repo.updateMobileProject(
      tx,
      project.id,
      input.version,
      reviewer === "academie"
        ? { status: next, academieDecidedById: ctx.actor.personId, academieDecidedAt: now, academieNote: note }
        : { status: next, validatedById: ctx.actor.personId, validatedAt: now, regionNote: note },
    );
    if (!updated) throw new AppError("conflict.version", "Ce projet a changé entre-temps : rechargez la page.");
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: reviewer === "academie" ? "order.mobile_project_academie_decided" : "order.mobile_project_region_decided",
        entityType: "order",
        entityId: project.id,
        regionId: project.regionId,
        schoolId: project.schoolId,
        before: { status: project.status },
        after: { status: next, note },
      },
    );
  });
  return presentById(ctx, project.id);
}
