import { z } from "zod";
import type { Ctx } from "../../context.ts";
import { AppError, forbidden } from "../../errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import * as repo from "./regions.repository.ts";

/** "outsourced": helpdesk and contractors (IDF); "in_house": Region technicians by sector and zone (PACA). */
export const OPERATING_MODELS = ["outsourced", "in_house"] as const;

export const RegionInputSchema = z.object({
  code: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z][a-z0-9-]{1,19}$/, "Le code d'une région compte 2 à 20 caractères : minuscules, chiffres ou tirets (ex. idf, paca)."),
  name: z.string().trim().min(2, "Le nom de la région compte au moins 2 caractères.").max(100, "Le nom de la région compte au plus 100 caractères."),
  operatingModel: z.enum(OPERATING_MODELS, { error: "Modèle inconnu : outsourced (centre de services et prestataires) ou in_house (techniciens régionaux)." }),
});
export type RegionInput = z.infer<typeof RegionInputSchema>;

/** A new tenant. Only a platform administrator creates one (a deployment may host several Regions). */
export async function createRegion(ctx: Pick<Ctx, "db" | "actor" | "requestId" | "ip">, input: RegionInput) {
  if (!ctx.actor.assignments.some((a) => a.scope.kind === "platform")) throw forbidden("Seul un administrateur de la plateforme peut créer une région.");
  const parsed = RegionInputSchema.safeParse(input);
  if (!parsed.success) throw new AppError("validation.failed", parsed.error.issues.map((i) => i.message).join(" "));
  return ctx.db.transaction(async (tx) => {
    const region = await repo.insertRegion(tx, parsed.data);
    if (!region) throw new AppError("conflict.duplicate", `Une région porte déjà le code « ${parsed.data.code} ».`);
    await recordAudit({ ...ctx, db: tx }, { action: "region.created", entityType: "region", entityId: region.id, regionId: region.id, after: parsed.data });
    return region;
  });
}
