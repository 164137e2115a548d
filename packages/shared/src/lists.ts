import { z } from "zod";

/**
 * One convention for every list endpoint: `page` and `pageSize` (≤ 200), `sort` as
 * `field` or `-field`, `q` for search, and `format=csv` or `format=xlsx` for an export of the
 * whole filtered list (same columns in both).
 */
export const MAX_PAGE_SIZE = 200;

/** The page sizes the web offers (a list's API takes any size up to MAX_PAGE_SIZE). */
export const PAGE_SIZES = [25, 50, 100, MAX_PAGE_SIZE] as const;

/** `json` answers the page; `csv` and `xlsx` download the whole list as a file. */
export const LIST_FORMATS = ["json", "csv", "xlsx"] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];
export const listFormatSchema = z.enum(LIST_FORMATS, { error: "Format : json, csv ou xlsx." }).default("json");

export function listQuerySchema<const S extends readonly [string, ...string[]]>(sortFields: S) {
  const allowed = new Set<string>(sortFields);
  return z.object({
    page: z.coerce.number({ error: "La page est un nombre." }).int().min(1, "La page commence à 1.").max(100000).default(1),
    pageSize: z.coerce
      .number({ error: "La taille de page est un nombre." })
      .int()
      .min(1, "Au moins 1 ligne par page.")
      .max(MAX_PAGE_SIZE, `Au plus ${MAX_PAGE_SIZE} lignes par page.`)
      .default(50),
    sort: z
      .string()
      .refine((s) => allowed.has(s.replace(/^-/, "")), { message: `Tri possible sur : ${sortFields.join(", ")}.` })
      .default(sortFields[0]),
    q: z.string().trim().max(200, "Recherche trop longue (200 caractères au plus).").optional(),
    format: listFormatSchema,
  });
}

export function parseSort(sort: string): { field: string; descending: boolean } {
  return sort.startsWith("-") ? { field: sort.slice(1), descending: true } : { field: sort, descending: false };
}

export type Page<T> = { items: T[]; total: number; page: number; pageSize: number };

export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number(), page: z.number(), pageSize: z.number() });
}
