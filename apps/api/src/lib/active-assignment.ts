import { and, gte, isNull, lte, or, type SQL, sql } from "drizzle-orm";
import { roleAssignments } from "../modules/people/people.schema.ts";

/** Today in Paris, the day role assignments are valid on (they are held by school days). */
export const parisToday = sql`(now() at time zone 'Europe/Paris')::date`;

/** A role assignment in force on a day: not ended, started, not yet over. */
export function activeAssignment(day: SQL = parisToday): SQL {
  return and(
    isNull(roleAssignments.endedAt),
    lte(roleAssignments.validFrom, day),
    or(isNull(roleAssignments.validUntil), gte(roleAssignments.validUntil, day)),
  ) as SQL;
}
