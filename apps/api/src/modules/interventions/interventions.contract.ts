import { MAX_INTERVENTION_MINUTES, MIN_INTERVENTION_MINUTES } from "@relais/shared/interventions";
import { z } from "zod";

/** An instant with its offset ("2026-12-04T09:00:00+01:00" or "…Z") that names a real date. */
const Instant = z.iso
  .datetime({ offset: true, error: "Date et heure attendues au format ISO 8601 avec fuseau (2026-12-04T09:00:00+01:00)." })
  .refine((value) => {
    const [y, m, d] = value.slice(0, 10).split("-").map(Number) as [number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }, "Cette date n'existe pas.");

const Minutes = (what: string) =>
  z
    .number({ error: `${what} : un nombre de minutes.` })
    .int(`${what} : un nombre entier de minutes.`)
    .min(MIN_INTERVENTION_MINUTES, `${what} : au moins ${MIN_INTERVENTION_MINUTES} minutes.`)
    .max(MAX_INTERVENTION_MINUTES, `${what} : au plus ${MAX_INTERVENTION_MINUTES / 60} heures.`);

const Version = z.number({ error: "Indiquez la version lue." }).int().min(1);
const Id = (what: string) => z.uuid(`${what} : identifiant invalide.`);

export const PlanInterventionSchema = z.object({
  kind: z.enum(["on_site", "remote", "preventive"], { error: "Type d'intervention inconnu (on_site, remote, preventive)." }),
  /** A ticket's id or number: required for on-site and remote interventions. */
  ticket: z.string().trim().min(1).max(64).optional(),
  /** A school's id or UAI: required for a preventive visit. */
  school: z.string().trim().min(1).max(64).optional(),
  technicianId: Id("Technicien"),
  startsAt: Instant,
  durationMinutes: Minutes("Durée"),
});
export type PlanInterventionInput = z.infer<typeof PlanInterventionSchema>;

export const DoneSchema = z.object({
  version: Version,
  report: z.string().trim().min(3, "Décrivez ce qui a été fait.").max(20_000, "Compte rendu trop long (20 000 caractères au plus)."),
  timeSpentMinutes: Minutes("Temps passé"),
});
export type DoneInput = z.infer<typeof DoneSchema>;

export const CertificationSchema = z
  .object({
    version: Version,
    decision: z.enum(["certified", "disputed"], { error: "Décision attendue : certified ou disputed." }),
    comment: z.string().trim().max(2000, "Commentaire trop long (2 000 caractères au plus).").optional(),
  })
  .refine((value) => value.decision !== "disputed" || (value.comment?.length ?? 0) >= 3, {
    message: "Dites ce qui n'a pas été fait.",
    path: ["comment"],
  });
export type CertificationInput = z.infer<typeof CertificationSchema>;

export const CancelSchema = z.object({
  version: Version,
  reason: z.string().trim().min(3, "Indiquez pourquoi l'intervention est annulée.").max(2000),
});

export const ListQuery = z.object({
  technician: Id("Technicien").optional(),
  school: Id("Établissement").optional(),
  ticket: z.string().trim().min(1).max(64).optional(),
  from: Instant.optional(),
  to: Instant.optional(),
});

export const MonthSchema = z.string().regex(/^(20\d\d)-(0[1-9]|1[0-2])$/, "Mois attendu au format AAAA-MM.");

export const PreventivePlanSchema = z
  .object({
    school: z.string().trim().min(1).max(64).optional(),
    zone: Id("Zone").optional(),
    month: MonthSchema,
    technicianId: Id("Technicien"),
    /** The contractor performing the visits: its monthly quota (seed 001) caps them. */
    organisationId: Id("Organisation").optional(),
  })
  .refine((value) => Boolean(value.school) !== Boolean(value.zone), { message: "Indiquez un établissement ou une zone (l'un des deux).", path: ["school"] });
export type PreventivePlanInput = z.infer<typeof PreventivePlanSchema>;

export const EstateSchema = z.object({
  pcCount: z.number({ error: "Nombre de postes attendu." }).int("Nombre entier de postes.").min(0, "Au moins 0 poste.").max(100_000, "Au plus 100 000 postes."),
});

export const InterventionSchema = z.object({
  id: z.string(),
  regionId: z.string(),
  regionName: z.string(),
  schoolId: z.string(),
  schoolUai: z.string(),
  schoolName: z.string(),
  schoolCommune: z.string(),
  ticketId: z.string().nullable(),
  ticketNumber: z.string().nullable(),
  ticketTitle: z.string().nullable(),
  kind: z.string(),
  status: z.string(),
  technicianId: z.string(),
  technicianName: z.string(),
  organisationId: z.string().nullable(),
  organisationName: z.string().nullable(),
  startsAt: z.date(),
  endsAt: z.date(),
  durationMinutes: z.number(),
  report: z.string().nullable(),
  timeSpentMinutes: z.number().nullable(),
  doneAt: z.date().nullable(),
  certifiedById: z.string().nullable(),
  certifiedByName: z.string().nullable(),
  certifiedAt: z.date().nullable(),
  certificationComment: z.string().nullable(),
  cancelledAt: z.date().nullable(),
  cancellationReason: z.string().nullable(),
  version: z.number(),
  can: z.object({ markDone: z.boolean(), certify: z.boolean(), cancel: z.boolean() }),
});

export const PlannedVisitSchema = z.object({
  schoolId: z.string(),
  schoolName: z.string(),
  date: z.string(),
  startsAt: z.date(),
  durationMinutes: z.number(),
});
export const PreventivePlanResultSchema = z.object({
  month: z.string(),
  quotaDaysPerMonth: z.number().nullable(),
  schools: z.array(
    z.object({
      schoolId: z.string(),
      schoolName: z.string(),
      pcCount: z.number().nullable(),
      /** Where the count comes from: the inventory's PCs when the school has any, else the declared count. */
      pcSource: z.enum(["inventory", "declared"]).nullable(),
      dueMinutes: z.number(),
    }),
  ),
  visits: z.array(PlannedVisitSchema),
  unplanned: z.array(z.object({ schoolId: z.string(), minutes: z.number() })),
  created: z.number(),
});
