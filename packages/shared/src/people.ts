import { z } from "zod";
import { RoleSchema } from "./roles.ts";

const Name = (what: string) => z.string().trim().min(1, `${what} est obligatoire.`).max(100, `${what} compte au plus 100 caractères.`);
export const EmailSchema = z
  .email("Adresse e-mail invalide.")
  .max(254)
  .transform((e) => e.trim().toLowerCase());

export const PersonInputSchema = z.object({
  email: EmailSchema,
  firstName: Name("Le prénom"),
  lastName: Name("Le nom"),
  phone: z
    .string()
    .trim()
    .regex(/^[+\d .()-]{6,25}$/, "Numéro de téléphone invalide.")
    .nullable()
    .optional(),
  organisationId: z.uuid("Organisation invalide.").nullable().optional(),
});
export type PersonInput = z.infer<typeof PersonInputSchema>;

export const PersonUpdateSchema = PersonInputSchema.omit({ email: true, organisationId: true })
  .partial()
  .extend({
    isActive: z.boolean().optional(),
    version: z.number().int().min(1),
  });
export type PersonUpdate = z.infer<typeof PersonUpdateSchema>;

export const PersonSchema = z.object({
  id: z.string(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  phone: z.string().nullable(),
  regionId: z.string().nullable(),
  organisationId: z.string().nullable(),
  organisationName: z.string().nullable(),
  isActive: z.boolean(),
  hasAccount: z.boolean(),
  version: z.number(),
});
export type Person = z.infer<typeof PersonSchema>;

export const ScopeInputSchema = z.object({
  kind: z.enum(["platform", "region", "sector", "zone", "school", "organisation"], { error: "Type de périmètre inconnu." }),
  id: z.uuid("Identifiant de périmètre invalide.").nullable().default(null),
});

export const RoleAssignmentInputSchema = z
  .object({
    personId: z.uuid("Personne invalide.").optional(),
    newPerson: PersonInputSchema.omit({ organisationId: true }).optional(),
    role: RoleSchema,
    scope: ScopeInputSchema,
    schoolYear: z
      .string()
      .regex(/^\d{4}-\d{4}$/, "Année scolaire attendue sous la forme 2025-2026.")
      .optional(),
    validFrom: z.iso.date("Date de début invalide (AAAA-MM-JJ).").optional(),
    validUntil: z.iso.date("Date de fin invalide (AAAA-MM-JJ).").nullable().optional(),
    /** For single-holder roles (coordinator, correspondent…): end the current holder's designation. */
    replaceCurrent: z.boolean().default(false),
  })
  .refine((v) => (v.personId ? !v.newPerson : !!v.newPerson), {
    message: "Indiquez soit une personne existante, soit une nouvelle personne.",
    path: ["personId"],
  });
export type RoleAssignmentInput = z.infer<typeof RoleAssignmentInputSchema>;

export const RoleAssignmentSchema = z.object({
  id: z.string(),
  personId: z.string(),
  personName: z.string(),
  personEmail: z.string(),
  role: RoleSchema,
  scopeKind: z.string(),
  regionId: z.string().nullable(),
  sectorId: z.string().nullable(),
  zoneId: z.string().nullable(),
  schoolId: z.string().nullable(),
  organisationId: z.string().nullable(),
  scopeName: z.string(),
  schoolYear: z.string().nullable(),
  validFrom: z.string(),
  validUntil: z.string().nullable(),
  endedAt: z.date().nullable(),
  isActive: z.boolean(),
  designatedByName: z.string().nullable(),
});
export type RoleAssignment = z.infer<typeof RoleAssignmentSchema>;
