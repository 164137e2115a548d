import { z } from "zod";
import { CentsSchema } from "./money.ts";

/** Orders of a campaign (DOMAIN §3, §4): a cart, validated by the school for the Region, then approved or rejected by it. */
export const ORDER_STATUSES = ["cart", "submitted", "approved", "rejected"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
export const ORDER_STATUS_LABELS: Record<OrderStatus, string> = {
  cart: "Panier",
  submitted: "Validée par l'établissement",
  approved: "Approuvée par la Région",
  rejected: "Refusée par la Région",
};

/** Shown before validation, and required to be acknowledged (seed 001). */
export const LICENCE_WARNING =
  "Une licence numérique achetée ne peut plus être annulée ni reportée sur une autre année : vérifiez les quantités avant de valider.";

const Quantity = z
  .number({ error: "La quantité est un nombre." })
  .int("La quantité est un nombre entier.")
  .min(1, "La quantité est d'au moins 1 (retirez la ligne sinon).")
  .max(100_000, "Quantité invraisemblable.");

export const CartLinesInputSchema = z.object({
  version: z.number().int().min(1),
  lines: z
    .array(
      z.object({
        itemId: z.uuid("Article invalide."),
        quantity: Quantity,
        teacherLicences: z
          .number({ error: "Nombre de licences enseignant attendu." })
          .int("Nombre entier attendu.")
          .min(0, "Pas de nombre négatif.")
          .max(10_000)
          .default(0),
      }),
    )
    .max(300, "Trois cents lignes au plus."),
});
export type CartLinesInput = z.infer<typeof CartLinesInputSchema>;

export const OrderLineSchema = z.object({
  id: z.string(),
  itemId: z.string(),
  label: z.string(),
  reference: z.string(),
  supplier: z.string(),
  kind: z.string(),
  envelope: z.enum(["main", "consumables"]),
  unitPriceCents: z.number(),
  quantity: z.number(),
  teacherLicences: z.number(),
  isLicence: z.boolean(),
  isMobile: z.boolean(),
  amountCents: z.number(),
  adjustmentReason: z.string().nullable(),
  /** What the school validated, when the Region changed the line (null: unchanged). */
  requestedQuantity: z.number().nullable(),
  requestedUnitPriceCents: z.number().nullable(),
  returnedQuantity: z.number(),
});

export const OrderSchema = z.object({
  id: z.string(),
  campaignId: z.string(),
  schoolId: z.string(),
  programme: z.enum(["equipment", "textbooks"]),
  status: z.enum(ORDER_STATUSES),
  totalCents: z.number(),
  consumablesCents: z.number(),
  version: z.number(),
  createdAt: z.date(),
  submittedAt: z.date().nullable(),
  reviewedAt: z.date().nullable(),
  reviewNote: z.string().nullable(),
  deliveredAt: z.date().nullable(),
  /** What the envelope still allows, for the screen that builds the cart. */
  remainingCents: z.number(),
  remainingConsumablesCents: z.number(),
  /** Non-null when the order holds licences: shown before validation. */
  licenceWarning: z.string().nullable(),
  lines: z.array(OrderLineSchema),
});

export const OrderReviewSchema = z
  .object({
    version: z.number().int().min(1),
    decision: z.enum(["approve", "reject"], { error: "Décision attendue : approve ou reject." }),
    note: z.string().trim().max(2_000).optional(),
    /**
     * The Region's changes to lines, each with its reason: a new quantity (0 removes the line,
     * which stays visible at zero with its reason) and/or a new unit price.
     */
    adjustments: z
      .array(
        z
          .object({
            lineId: z.uuid("Ligne invalide."),
            quantity: z
              .number({ error: "La quantité est un nombre." })
              .int("La quantité est un nombre entier.")
              .min(0, "La quantité est positive (0 retire la ligne).")
              .max(100_000, "Quantité invraisemblable.")
              .optional(),
            unitPriceCents: CentsSchema.optional(),
            reason: z.string().trim().min(5, "Motivez l'ajustement (5 caractères au moins).").max(500),
          })
          .refine((a) => a.quantity !== undefined || a.unitPriceCents !== undefined, {
            message: "Indiquez la nouvelle quantité ou le nouveau prix unitaire.",
            path: ["quantity"],
          }),
      )
      .max(300)
      .refine((list) => !Array.isArray(list) || new Set(list.map((a) => a?.lineId)).size === list.length, {
        message: "Une ligne n'a qu'un ajustement.",
      })
      .default([]),
  })
  .refine((r) => r.decision === "approve" || (r.note?.length ?? 0) >= 5, { message: "Motivez le refus (5 caractères au moins).", path: ["note"] });
