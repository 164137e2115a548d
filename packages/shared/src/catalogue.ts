import { z } from "zod";
import { validateEan } from "./ean.ts";
import { CentsSchema } from "./money.ts";
import { LEVELS, TRACKS } from "./schools.ts";

/**
 * The Region's two catalogues (DOMAIN §3, §4; seeds 001 and 003). Equipment: workstations,
 * peripherals, printers, projectors, multimedia, with delivery and a 3 to 5-year warranty;
 * servers are not in it (seed 003: "une demande à l'équipe CESAME"). Textbooks and
 * resources: digital and paper textbooks, digital resources, consumables, the free textbooks
 * co-published by the Region and the académies, and region-wide resources nobody orders.
 */
export const EQUIPMENT_CATEGORIES = ["desktop", "laptop", "tablet", "peripheral", "printer", "projector", "interactive_display", "multimedia"] as const;
export type EquipmentCategory = (typeof EQUIPMENT_CATEGORIES)[number];
export const EQUIPMENT_CATEGORY_LABELS: Record<EquipmentCategory, string> = {
  desktop: "Poste fixe",
  laptop: "Ordinateur portable",
  tablet: "Tablette",
  peripheral: "Périphérique",
  printer: "Imprimante",
  projector: "Vidéoprojecteur",
  interactive_display: "Écran numérique interactif",
  multimedia: "Équipement multimédia",
};
/** Why a server cannot be catalogued or ordered: the screens send the school to an evolution request. */
export const SERVER_REFUSAL =
  "Les serveurs ne sont pas au catalogue : leur achat et leur renouvellement passent par une demande d'évolution au support de la Région (ticket « demande d'évolution »).";

const isServer = (value: unknown) => typeof value === "string" && /^(server|serveur)s?$/i.test(value.trim());

export const EquipmentItemInputSchema = z.object({
  reference: z.string().trim().min(2, "La référence compte au moins 2 caractères.").max(60),
  label: z.string().trim().min(3, "Le libellé compte au moins 3 caractères.").max(200),
  category: z
    .string({ error: "Indiquez la catégorie." })
    .trim()
    .superRefine((value, ctx) => {
      if (isServer(value)) ctx.addIssue({ code: "custom", message: SERVER_REFUSAL });
      else if (!(EQUIPMENT_CATEGORIES as readonly string[]).includes(value))
        ctx.addIssue({ code: "custom", message: `Catégorie inconnue (${EQUIPMENT_CATEGORIES.join(", ")}).` });
    })
    .transform((value) => value as EquipmentCategory),
  unitPriceCents: CentsSchema.min(1, "Le prix unitaire est d'au moins un centime."),
  warrantyYears: z
    .number({ error: "La garantie est un nombre d'années." })
    .int("Garantie en années entières.")
    .min(3, "Garantie de 3 ans au moins (seed : 3 à 5 ans).")
    .max(5, "Garantie de 5 ans au plus."),
  supplier: z.string().trim().min(2, "Indiquez le fournisseur.").max(120),
  /** Mobile equipment is orderable only with a pedagogical project validated by the académie and the Region (seed 003). */
  isMobile: z.boolean().default(false),
});
export type EquipmentItemInput = z.infer<typeof EquipmentItemInputSchema>;

export const RESOURCE_KINDS = ["digital_textbook", "paper_textbook", "digital_resource", "consumable", "free_copublished", "region_wide"] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];
export const RESOURCE_KIND_LABELS: Record<ResourceKind, string> = {
  digital_textbook: "Manuel numérique",
  paper_textbook: "Manuel papier",
  digital_resource: "Ressource numérique",
  consumable: "Consommable",
  free_copublished: "Manuel libre coédité (gratuit)",
  region_wide: "Ressource régionale (sans commande)",
};
/** Kinds bought with per-student licences (teacher licences come free with them, seed 001). */
export const LICENSED_KINDS: readonly ResourceKind[] = ["digital_textbook", "digital_resource"];
/** Kinds nobody orders: free for every school, or bought once by the Region for all. */
export const UNORDERED_KINDS: readonly ResourceKind[] = ["free_copublished", "region_wide"];
/** Paper goods can be sent back until the calendar's return deadline (seed 001). */
export const RETURNABLE_KINDS: readonly ResourceKind[] = ["paper_textbook", "consumable"];

export const EanSchema = z.string({ error: "L'EAN/ISBN est obligatoire." }).transform((raw, ctx) => {
  const result = validateEan(raw);
  if (!result.ok) {
    ctx.addIssue({ code: "custom", message: result.message });
    return z.NEVER;
  }
  return result.ean;
});

export const ResourceItemInputSchema = z
  .object({
    kind: z.enum(RESOURCE_KINDS, { error: `Type de ressource inconnu (${RESOURCE_KINDS.join(", ")}).` }),
    ean: EanSchema,
    title: z.string().trim().min(2, "Le titre compte au moins 2 caractères.").max(200),
    publisher: z.string().trim().min(2, "Indiquez l'éditeur.").max(120),
    subject: z.string().trim().min(2, "Indiquez la discipline.").max(80),
    track: z.enum(TRACKS, { error: "Voie inconnue (general, technological ou vocational)." }).nullable().default(null),
    level: z.enum(LEVELS, { error: "Niveau inconnu." }).nullable().default(null),
    /** Per student licence (digital) or per copy (paper, consumables); 0 for what is free. */
    priceCents: CentsSchema,
    /** Licence duration in years (digital kinds). */
    licenceYears: z.number().int("Durée en années entières.").min(1, "Une licence dure au moins un an.").max(8, "Huit ans au plus.").nullable().default(null),
  })
  .superRefine((item, ctx) => {
    const isLicensed = LICENSED_KINDS.includes(item.kind);
    const isFree = UNORDERED_KINDS.includes(item.kind);
    if (isFree && item.priceCents !== 0)
      ctx.addIssue({ code: "custom", path: ["priceCents"], message: "Un manuel libre ou une ressource régionale est gratuit pour l'établissement : prix 0." });
    if (!isFree && item.priceCents === 0)
      ctx.addIssue({ code: "custom", path: ["priceCents"], message: "Indiquez le prix (par licence élève ou par exemplaire)." });
    if (isLicensed && item.licenceYears === null)
      ctx.addIssue({ code: "custom", path: ["licenceYears"], message: "Indiquez la durée de la licence (en années)." });
    if (!isLicensed && item.kind !== "free_copublished" && item.kind !== "region_wide" && item.licenceYears !== null)
      ctx.addIssue({ code: "custom", path: ["licenceYears"], message: "Un article papier n'a pas de durée de licence." });
  });
export type ResourceItemInput = z.infer<typeof ResourceItemInputSchema>;

export const EquipmentItemSchema = z.object({
  id: z.string(),
  regionId: z.string(),
  reference: z.string(),
  label: z.string(),
  category: z.enum(EQUIPMENT_CATEGORIES),
  unitPriceCents: z.number(),
  warrantyYears: z.number(),
  supplier: z.string(),
  isMobile: z.boolean(),
  isActive: z.boolean(),
});

export const ResourceItemSchema = z.object({
  id: z.string(),
  regionId: z.string(),
  kind: z.enum(RESOURCE_KINDS),
  ean: z.string(),
  title: z.string(),
  publisher: z.string(),
  subject: z.string(),
  track: z.enum(TRACKS).nullable(),
  level: z.enum(LEVELS).nullable(),
  priceCents: z.number(),
  licenceYears: z.number().nullable(),
  isOrderable: z.boolean(),
  isActive: z.boolean(),
});
