import type { PersonInput, PersonUpdate } from "@relais/shared/people";
import { can, visibleScopes } from "@relais/shared/permissions";
import type { Ctx } from "../../context.ts";
import { AppError, forbidden, notFound } from "../../errors.ts";
import { diffFields, recordAudit } from "../audit/audit.service.ts";
import * as repo from "./people.repository.ts";

export async function listPeople(ctx: Ctx, filters: repo.PersonFilters, page: { sort: string; limit: number; offset: number }) {
  return repo.findPeople(ctx.db, visibleScopes(ctx.actor.assignments, "person.read"), ctx.actor.personId, filters, page);
}

export async function getPerson(ctx: Ctx, id: string) {
  const person = await repo.findPerson(ctx.db, visibleScopes(ctx.actor.assignments, "person.read"), ctx.actor.personId, id);
  if (!person) throw notFound("Personne");
  return person;
}

/** The Region's administrators create the people of their region (staff, contractors' people). */
export async function createPerson(ctx: Ctx, regionId: string, input: PersonInput) {
  if (!can(ctx.actor.assignments, "person.write", { regionId }))
    throw forbidden("Seule la Région peut créer des comptes ; un chef d'établissement désigne directement les personnes de son lycée.");
  const id = await ctx.db.transaction(async (tx) => {
    const created = await repo.insertPerson(tx, {
      regionId,
      email: input.email,
      firstName: input.firstName,
      lastName: input.lastName,
      phone: input.phone ?? null,
      organisationId: input.organisationId ?? null,
    });
    if (!created)
      throw new AppError("conflict.duplicate", `Une personne utilise déjà l'adresse ${input.email}.`, {
        fieldErrors: [{ field: "body.email", message: "Adresse déjà utilisée." }],
      });
    await recordAudit({ ...ctx, db: tx }, { action: "person.created", entityType: "person", entityId: created.id, regionId, after: input });
    return created.id;
  });
  return getPerson(ctx, id);
}

export async function updatePerson(ctx: Ctx, id: string, patch: PersonUpdate) {
  const person = await getPerson(ctx, id);
  if (!person.regionId || !can(ctx.actor.assignments, "person.write", { regionId: person.regionId })) {
    throw forbidden("Seule la Région peut modifier cette fiche.");
  }
  const { version, ...changes } = patch;
  await ctx.db.transaction(async (tx) => {
    const updated = await repo.updatePerson(tx, id, version, changes);
    if (!updated) throw new AppError("conflict.version", "Cette fiche a été modifiée entre-temps : rechargez-la avant d'enregistrer.");
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: "person.updated",
        entityType: "person",
        entityId: id,
        regionId: person.regionId,
        ...diffFields(person as Record<string, unknown>, changes as Record<string, unknown>),
      },
    );
  });
  return getPerson(ctx, id);
}
