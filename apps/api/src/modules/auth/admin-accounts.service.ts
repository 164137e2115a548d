import { PersonInputSchema } from "@relais/shared/people";
import { type Role, roleLabel } from "@relais/shared/roles";
import type { Ctx } from "../../context.ts";
import { AppError, forbidden } from "../../errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { DEMO_EMAIL_DOMAIN } from "../demo/demo-accounts.ts";
import { insertPerson } from "../people/people.repository.ts";
import { insertAssignment } from "../people/role-assignments.repository.ts";
import * as regions from "../regions/regions.repository.ts";
import { upsertCredentials } from "./auth.repository.ts";
import { checkPasswordStrength, hashPassword } from "./secrets.ts";

export type AdminAccountInput = { email: string; firstName: string; lastName: string; regionCode: string | null; password: string };

/**
 * The first administrator of a deployment, or of a new region, created from the command line
 * (nobody can log in yet to create them through the app). A region administrator when a
 * region is given, else a platform administrator. No second factor yet: administrator roles
 * must enrol one at their first login (seed 001 "Sécurité").
 */
export async function createAdminAccount(ctx: Pick<Ctx, "db" | "actor" | "clock" | "requestId" | "ip">, input: AdminAccountInput) {
  if (!ctx.actor.assignments.some((a) => a.scope.kind === "platform")) throw forbidden("Seul un administrateur de la plateforme peut créer un administrateur.");
  const parsed = PersonInputSchema.pick({ email: true, firstName: true, lastName: true }).safeParse(input);
  if (!parsed.success) throw new AppError("validation.failed", parsed.error.issues.map((i) => i.message).join(" "));
  const person = parsed.data;
  if (person.email.endsWith(`@${DEMO_EMAIL_DOMAIN}`))
    throw new AppError("validation.failed", `Les adresses @${DEMO_EMAIL_DOMAIN} sont réservées aux comptes de démonstration.`);
  const strength = checkPasswordStrength(input.password, person.email);
  if (!strength.ok) throw new AppError("auth.password_weak", strength.message);

  const region = input.regionCode ? await regions.findRegionByCode(ctx.db, input.regionCode) : null;
  if (input.regionCode && !region) throw new AppError("not_found", `Région « ${input.regionCode} » introuvable.`);
  const role: Role = region ? "region_admin" : "platform_admin";
  const passwordHash = await hashPassword(input.password);
  const now = ctx.clock.now();

  const created = await ctx.db.transaction(async (tx) => {
    const row = await insertPerson(tx, { email: person.email, firstName: person.firstName, lastName: person.lastName, regionId: region?.id ?? null });
    if (!row) throw new AppError("conflict.duplicate", `Une personne utilise déjà l'adresse ${person.email}.`);
    await upsertCredentials(tx, row.id, { passwordHash, passwordChangedAt: now });
    const assignment = await insertAssignment(tx, {
      personId: row.id,
      role,
      scopeKind: region ? "region" : "platform",
      regionId: region?.id ?? null,
      validFrom: now.toISOString().slice(0, 10),
    });
    const audit = { ...ctx, db: tx };
    await recordAudit(audit, { action: "person.created", entityType: "person", entityId: row.id, regionId: region?.id ?? null, after: person });
    await recordAudit(audit, {
      action: "role.assigned",
      entityType: "role_assignment",
      entityId: assignment.id,
      regionId: region?.id ?? null,
      after: { role, person: `${person.firstName} ${person.lastName}`, personId: row.id, scope: region?.name ?? "Plateforme" },
    });
    return row;
  });
  return { personId: created.id, email: created.email, role, roleLabel: roleLabel(role), regionName: region?.name ?? null };
}
