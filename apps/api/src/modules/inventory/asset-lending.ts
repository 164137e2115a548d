import { isIndividualEquipment } from "@relais/shared/inventory";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Ctx } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { AppError } from "../../errors.ts";
import { activeAssignment } from "../../lib/active-assignment.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { people, roleAssignments } from "../people/people.schema.ts";
import { assetEvents } from "./inventory.schema.ts";

/**
 * Individual equipment lent to one person (DOMAIN §5, §7: a student's or teacher's laptop, the
 * coordinator's PC). Only a person or a technician sets the borrower, never an agent's report
 * (inventory carries no personal data, DOMAIN §1, §10). The history keeps the borrower's id, not
 * their name: the name is read from the directory when the asset is shown.
 */

// As the request validation names it, so that a malformed id and a refused borrower land on the same input.
const FIELD = "body.lentToPersonId";

function refuse(message: string): never {
  throw new AppError("validation.failed", message, { fieldErrors: [{ field: FIELD, message }] });
}

/**
 * Checks the borrower an asset will have once saved: the item must be individual equipment, and
 * the person must hold a role in force at the asset's school (a student or teacher there, its
 * coordinator…). Throws a 400 naming the field; nothing is written before this passes.
 */
export async function checkBorrower(db: Db, asset: { type: string; funding: string | null; schoolId: string }, personId: string) {
  if (!isIndividualEquipment(asset))
    refuse("Seul un équipement individuel (ordinateur portable ou tablette du programme d'équipement individuel) se prête à une personne.");
  const [holder] = await db
    .select({ id: people.id })
    .from(roleAssignments)
    .innerJoin(people, eq(people.id, roleAssignments.personId))
    .where(and(eq(roleAssignments.personId, personId), eq(roleAssignments.schoolId, asset.schoolId), eq(people.isActive, true), activeAssignment()))
    .limit(1);
  if (!holder) refuse("L'emprunteur doit avoir un rôle en cours dans l'établissement de l'équipement.");
}

/** People by (lower-cased) e-mail, with the schools where each holds a role in force: the import's borrower column. */
export async function findSchoolPeopleByEmail(db: Db, emails: string[]) {
  const wanted = [...new Set(emails.filter(Boolean).map((e) => e.toLowerCase()))];
  const found = new Map<string, { id: string; schoolIds: Set<string> }>();
  if (wanted.length === 0) return found;
  const rows = await db
    .select({ id: people.id, email: people.email, schoolId: roleAssignments.schoolId })
    .from(people)
    .leftJoin(roleAssignments, and(eq(roleAssignments.personId, people.id), activeAssignment()))
    .where(and(inArray(sql`lower(${people.email})`, wanted), eq(people.isActive, true)));
  for (const row of rows) {
    const entry = found.get(row.email.toLowerCase()) ?? { id: row.id, schoolIds: new Set<string>() };
    if (row.schoolId) entry.schoolIds.add(row.schoolId);
    found.set(row.email.toLowerCase(), entry);
  }
  return found;
}

/** A "returned" entry for the former borrower and a "lent" entry for the new one, in the history and the audit log. */
export async function recordLending(
  ctx: Ctx,
  tx: Db,
  asset: { id: string; regionId: string; schoolId: string },
  change: { from: string | null; to: string | null; at: Date },
) {
  if (change.from === change.to) return;
  const trace = async (kind: "returned" | "lent", personId: string) => {
    await tx.insert(assetEvents).values({ assetId: asset.id, at: change.at, kind, actorLabel: ctx.actor.displayName, details: { personId } });
    const lentTo = { lentToPersonId: personId };
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: kind === "lent" ? "asset.lent" : "asset.returned",
        entityType: "asset",
        entityId: asset.id,
        regionId: asset.regionId,
        schoolId: asset.schoolId,
        before: kind === "lent" ? { lentToPersonId: null } : lentTo,
        after: kind === "lent" ? lentTo : { lentToPersonId: null },
      },
    );
  };
  if (change.from) await trace("returned", change.from);
  if (change.to) await trace("lent", change.to);
}

type Event = { at: Date; kind: string; details: Record<string, unknown> };
const personOf = (event: Event) => (typeof event.details.personId === "string" ? event.details.personId : null);

/**
 * The current loan (borrower's name, since when) and the history with each lending entry's
 * borrower named; `events` come newest first.
 */
export async function withBorrowers<E extends Event>(db: Db, lentToPersonId: string | null, events: E[]) {
  const ids = new Set(events.filter((e) => e.kind === "lent" || e.kind === "returned").map(personOf));
  if (lentToPersonId) ids.add(lentToPersonId);
  ids.delete(null);
  const names = new Map(
    ids.size === 0
      ? []
      : (
          await db
            .select({ id: people.id, firstName: people.firstName, lastName: people.lastName })
            .from(people)
            .where(inArray(people.id, [...ids] as string[]))
        ).map((p) => [p.id, `${p.firstName} ${p.lastName}`]),
  );
  const history = events.map((e) => {
    const personId = e.kind === "lent" || e.kind === "returned" ? personOf(e) : null;
    return personId ? { ...e, details: { ...e.details, personName: names.get(personId) ?? null } } : e;
  });
  const lentEvent = lentToPersonId ? events.find((e) => e.kind === "lent" && personOf(e) === lentToPersonId) : undefined;
  const loan = lentToPersonId ? { personId: lentToPersonId, name: names.get(lentToPersonId) ?? "", since: lentEvent?.at ?? null } : null;
  return { history, loan };
}
