import type { RoleAssignmentInput } from "@relais/shared/people";
import { can, type Permission, type ScopeTarget, visibleScopes } from "@relais/shared/permissions";
import { isDesignatedByHead, isSingleHolderRole, type Role, roleLabel, roleScopes, type ScopeKind } from "@relais/shared/roles";
import { schoolYearBounds, schoolYearOf } from "@relais/shared/school-year";
import { sql } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import { AppError, forbidden, notFound } from "../../errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { queueMail } from "../mail/mail.service.ts";
import { findOrganisation } from "../organisation/organisations.repository.ts";
import { getSchool } from "../organisation/schools.service.ts";
import * as regions from "../regions/regions.repository.ts";
import * as people from "./people.repository.ts";
import * as repo from "./role-assignments.repository.ts";

export async function listAssignments(ctx: Ctx, filters: repo.AssignmentFilters, limit: number, offset: number) {
  return repo.findAssignments(ctx.db, visibleScopes(ctx.actor.assignments, "role.read"), ctx.actor.personId, filters, limit, offset);
}

type Node = {
  target: ScopeTarget;
  name: string;
  ids: { regionId: string | null; sectorId: string | null; zoneId: string | null; schoolId: string | null; organisationId: string | null };
};

/** Resolves the node a role is held over, with its parents (stored on the assignment for scoping). */
async function resolveNode(ctx: Ctx, kind: ScopeKind, id: string | null): Promise<Node> {
  const none = { regionId: null, sectorId: null, zoneId: null, schoolId: null, organisationId: null };
  if (kind === "platform") return { target: { regionId: "" }, name: "Plateforme", ids: none };
  if (!id)
    throw new AppError("validation.failed", "Indiquez le périmètre (établissement, zone, secteur, région ou organisation).", {
      fieldErrors: [{ field: "body.scope.id", message: "Périmètre manquant." }],
    });
  switch (kind) {
    case "school": {
      const school = await getSchool(ctx, id).catch(() => null);
      if (!school) throw notFound("Établissement");
      const ids = { ...none, regionId: school.regionId, sectorId: school.sectorId, zoneId: school.zoneId, schoolId: school.id };
      return { target: { regionId: school.regionId, sectorId: school.sectorId, zoneId: school.zoneId, schoolId: school.id }, name: school.name, ids };
    }
    case "zone": {
      const zone = await regions.findZone(ctx.db, id);
      if (!zone) throw notFound("Zone");
      return {
        target: { regionId: zone.regionId, sectorId: zone.sectorId, zoneId: zone.id },
        name: zone.name,
        ids: { ...none, regionId: zone.regionId, sectorId: zone.sectorId, zoneId: zone.id },
      };
    }
    case "sector": {
      const sector = await regions.findSector(ctx.db, id);
      if (!sector) throw notFound("Secteur");
      return {
        target: { regionId: sector.regionId, sectorId: sector.id },
        name: sector.name,
        ids: { ...none, regionId: sector.regionId, sectorId: sector.id },
      };
    }
    case "region": {
      const region = await regions.findRegion(ctx.db, id);
      if (!region) throw notFound("Région");
      return { target: { regionId: region.id }, name: region.name, ids: { ...none, regionId: region.id } };
    }
    case "organisation": {
      const organisation = await findOrganisation(ctx.db, id);
      if (!organisation) throw notFound("Organisation");
      return {
        target: { regionId: organisation.regionId, organisationId: organisation.id },
        name: organisation.name,
        ids: { ...none, regionId: organisation.regionId, organisationId: organisation.id },
      };
    }
  }
}

/**
 * Who may grant a role: the head designates the school's role holders (DOMAIN "People and
 * roles"); everything else, heads included, is granted by the Region's administrators.
 */
function assignPermission(role: Role, kind: ScopeKind): Permission {
  return isDesignatedByHead(role) && kind === "school" ? "role.assign.school" : "role.assign.any";
}

function assertMayAssign(ctx: Ctx, role: Role, kind: ScopeKind, node: Node) {
  const isPlatformAdmin = ctx.actor.assignments.some((a) => a.scope.kind === "platform");
  if (kind === "platform" ? !isPlatformAdmin : !can(ctx.actor.assignments, assignPermission(role, kind), node.target)) {
    throw forbidden(
      isDesignatedByHead(role) ? "Seul le chef d'établissement (ou la Région) peut désigner ce rôle pour ce lycée." : "Seule la Région peut attribuer ce rôle.",
    );
  }
}

function periodOf(ctx: Ctx, input: RoleAssignmentInput, kind: ScopeKind): { schoolYear: string | null; validFrom: string; validUntil: string | null } {
  const today = ctx.clock.now().toISOString().slice(0, 10);
  if (kind === "school") {
    // School roles are held for one school year: from its start (or today) to 31 August.
    const schoolYear = input.schoolYear ?? schoolYearOf(ctx.clock.now());
    const bounds = schoolYearBounds(schoolYear);
    if (bounds.endsOn < today)
      throw new AppError("validation.failed", `L'année scolaire ${schoolYear} est terminée.`, {
        fieldErrors: [{ field: "body.schoolYear", message: "Année terminée." }],
      });
    const validFrom = input.validFrom ?? (bounds.startsOn > today ? bounds.startsOn : today);
    const validUntil = input.validUntil ?? bounds.endsOn;
    if (validFrom < bounds.startsOn || validFrom > bounds.endsOn || validUntil > bounds.endsOn) {
      throw new AppError("validation.failed", `La période doit rester dans l'année scolaire ${schoolYear} (${bounds.startsOn} – ${bounds.endsOn}).`, {
        fieldErrors: [{ field: "body.validFrom", message: "Hors de l'année scolaire." }],
      });
    }
    if (validUntil < validFrom)
      throw new AppError("validation.failed", "La fin de la période précède son début.", {
        fieldErrors: [{ field: "body.validUntil", message: "Avant le début." }],
      });
    return { schoolYear, validFrom, validUntil };
  }
  const validFrom = input.validFrom ?? today;
  const validUntil = input.validUntil ?? null;
  if (validUntil && validUntil < validFrom)
    throw new AppError("validation.failed", "La fin de la période précède son début.", {
      fieldErrors: [{ field: "body.validUntil", message: "Avant le début." }],
    });
  return { schoolYear: null, validFrom, validUntil };
}

export async function assignRole(ctx: Ctx, input: RoleAssignmentInput) {
  const { role, scope } = input;
  if (!roleScopes(role).includes(scope.kind)) {
    const where = roleScopes(role).map(scopeLabel).join(" ou ");
    throw new AppError("role.scope_mismatch", `Le rôle « ${roleLabel(role)} » se tient au niveau ${where}, pas ${scopeLabel(scope.kind)}.`, {
      fieldErrors: [{ field: "body.scope.kind", message: "Périmètre incompatible avec le rôle." }],
    });
  }
  const node = await resolveNode(ctx, scope.kind, scope.id);
  assertMayAssign(ctx, role, scope.kind, node);
  const period = periodOf(ctx, input, scope.kind);
  const nodeId = scope.kind === "platform" ? null : (scope.id as string);

  const created = await ctx.db.transaction(async (tx) => {
    // Serialises designations of one role at one node, so two heads clicking at once cannot both win.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`role:${role}:${scope.kind}:${nodeId}`}))`);
    const person = await resolvePerson({ ...ctx, db: tx }, input, node);
    const sameHolder = await repo.findOverlapping(tx, { role, scopeKind: scope.kind, nodeId, personId: person.id }, period.validFrom, period.validUntil);
    if (sameHolder.length > 0)
      throw new AppError("conflict.duplicate", `${person.firstName} ${person.lastName} est déjà ${roleLabel(role)} ici pour cette période.`);
    if (isSingleHolderRole(role)) {
      const holders = await repo.findOverlapping(tx, { role, scopeKind: scope.kind, nodeId }, period.validFrom, period.validUntil);
      if (holders.length > 0 && !input.replaceCurrent) {
        const names = holders.map((h) => h.name).join(", ");
        throw new AppError(
          "role.single_holder_taken",
          `${node.name} a déjà un(e) ${roleLabel(role)} pour cette période : ${names}. Confirmez le remplacement pour mettre fin à sa désignation.`,
          {
            details: { currentHolders: holders.map((h) => ({ assignmentId: h.id, personId: h.person_id, name: h.name })) },
          },
        );
      }
      for (const holder of holders) {
        const dayBefore = new Date(Date.parse(period.validFrom) - 86_400_000).toISOString().slice(0, 10);
        const ended = await repo.endAssignment(tx, holder.id, dayBefore);
        await recordAudit(
          { ...ctx, db: tx },
          {
            action: "role.ended",
            entityType: "role_assignment",
            entityId: holder.id,
            regionId: node.ids.regionId,
            schoolId: node.ids.schoolId,
            before: { role, personId: holder.person_id, validUntil: holder.valid_until },
            after: { validUntil: ended?.validUntil, reason: "replaced" },
          },
        );
      }
    }
    const assignment = await repo.insertAssignment(tx, {
      personId: person.id,
      role,
      scopeKind: scope.kind,
      ...node.ids,
      schoolYear: period.schoolYear,
      validFrom: period.validFrom,
      validUntil: period.validUntil,
      designatedBy: ctx.actor.via === "system" ? null : ctx.actor.personId,
    });
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: "role.assigned",
        entityType: "role_assignment",
        entityId: assignment.id,
        regionId: node.ids.regionId,
        schoolId: node.ids.schoolId,
        after: { role, person: `${person.firstName} ${person.lastName}`, personId: person.id, scope: node.name, ...period },
      },
    );
    await queueMail(
      { db: tx, jobs: ctx.jobs },
      {
        to: person.email,
        template: "role-designated",
        regionId: node.ids.regionId,
        variables: {
          name: `${person.firstName} ${person.lastName}`,
          role: roleLabel(role),
          school: node.name,
          schoolYear: period.schoolYear ?? "en cours",
          by: ctx.actor.displayName,
          link: ctx.config.publicUrl,
        },
      },
    );
    return assignment;
  });
  const { items } = await repo.findAssignments(
    ctx.db,
    visibleScopes(ctx.actor.assignments, "role.read"),
    ctx.actor.personId,
    { personId: created.personId, role, schoolYear: period.schoolYear ?? undefined },
    50,
    0,
  );
  const found = items.find((i) => i.id === created.id);
  if (!found) throw notFound("Désignation");
  return found;
}

/** The existing person named, or a new one created on the spot (a head designating a teacher). */
async function resolvePerson(ctx: Ctx, input: RoleAssignmentInput, node: Node) {
  if (input.personId) {
    const person = await people.findPersonById(ctx.db, input.personId);
    if (!person) throw notFound("Personne");
    return person;
  }
  const newPerson = input.newPerson!;
  const existing = await people.findPersonByEmail(ctx.db, newPerson.email);
  if (existing) return existing;
  const created = await people.insertPerson(ctx.db, {
    regionId: node.ids.regionId,
    organisationId: node.ids.organisationId,
    email: newPerson.email,
    firstName: newPerson.firstName,
    lastName: newPerson.lastName,
    phone: newPerson.phone ?? null,
  });
  if (!created) throw new AppError("conflict.duplicate", `L'adresse ${newPerson.email} est déjà utilisée.`);
  await recordAudit(ctx, {
    action: "person.created",
    entityType: "person",
    entityId: created.id,
    regionId: node.ids.regionId,
    schoolId: node.ids.schoolId,
    after: newPerson,
  });
  return created;
}

/** Ends a designation today (the record stays, for the history of who held what). */
export async function endRole(ctx: Ctx, id: string) {
  const assignment = await repo.findAssignmentById(ctx.db, id);
  const visible = assignment && (await listAssignments(ctx, { personId: assignment.personId }, 500, 0)).items.some((a) => a.id === id);
  if (!assignment || !visible) throw notFound("Désignation");
  const node = await resolveNode(ctx, assignment.scopeKind as ScopeKind, nodeIdOf(assignment));
  assertMayAssign(ctx, assignment.role as Role, assignment.scopeKind as ScopeKind, node);
  if (assignment.endedAt) throw new AppError("conflict", "Cette désignation est déjà terminée.");
  await ctx.db.transaction(async (tx) => {
    const ended = await repo.endAssignment(tx, id, ctx.clock.now().toISOString().slice(0, 10));
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: "role.ended",
        entityType: "role_assignment",
        entityId: id,
        regionId: assignment.regionId,
        schoolId: assignment.schoolId,
        before: { role: assignment.role, personId: assignment.personId, validUntil: assignment.validUntil },
        after: { validUntil: ended?.validUntil },
      },
    );
  });
}

function nodeIdOf(a: {
  scopeKind: string;
  regionId: string | null;
  sectorId: string | null;
  zoneId: string | null;
  schoolId: string | null;
  organisationId: string | null;
}): string | null {
  return (
    { platform: null, region: a.regionId, sector: a.sectorId, zone: a.zoneId, school: a.schoolId, organisation: a.organisationId }[a.scopeKind as ScopeKind] ??
    null
  );
}

function scopeLabel(kind: ScopeKind): string {
  return { platform: "plateforme", region: "région", sector: "secteur", zone: "zone", school: "établissement", organisation: "organisation" }[kind];
}
