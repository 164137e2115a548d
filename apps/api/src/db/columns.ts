import { timestamp, uuid } from "drizzle-orm/pg-core";
import { regions, schools } from "../modules/organisation/organisation.schema.ts";

/** Column builders every module's tables share, so that the same column is written once. */

/** An instant: timestamptz, shown in Europe/Paris by the web app. */
export const instant = (name: string) => timestamp(name, { withTimezone: true });

/** The region a row belongs to: every tenant-owned table carries it, for scope in SQL. */
export const regionRef = () =>
  uuid("region_id")
    .notNull()
    .references(() => regions.id);

/** The lycée a row belongs to. */
export const schoolRef = () =>
  uuid("school_id")
    .notNull()
    .references(() => schools.id);
