import type { CampaignSchema, EnvelopeSchema } from "@relais/shared/campaigns";
import type { EquipmentItemSchema, ResourceItemSchema } from "@relais/shared/catalogue";
import type { OrderSchema } from "@relais/shared/orders";
import { queryOptions } from "@tanstack/react-query";
import type { z } from "zod";
import { api, type Json } from "../../../lib/api-client.ts";

/** The API's own contracts (packages/shared), as JSON: dates are ISO strings. */
export type Campaign = Json<z.infer<typeof CampaignSchema>>;
export type Envelope = Json<z.infer<typeof EnvelopeSchema>>;
export type Order = Json<z.infer<typeof OrderSchema>>;
export type ResourceItem = Json<z.infer<typeof ResourceItemSchema>>;
export type EquipmentItem = Json<z.infer<typeof EquipmentItemSchema>>;
export type OrderSummary = Omit<Order, "remainingCents" | "remainingConsumablesCents" | "licenceWarning">;

export const campaignsQuery = queryOptions({
  queryKey: ["campaigns"],
  queryFn: ({ signal }) => api.get<{ items: Campaign[] }>("/campaigns", undefined, signal),
  staleTime: 30_000,
});

export const envelopesQuery = (campaignId: string) =>
  queryOptions({
    queryKey: ["campaigns", campaignId, "envelopes"],
    queryFn: ({ signal }) => api.get<{ items: Envelope[] }>(`/campaigns/${campaignId}/envelopes`, undefined, signal),
  });

export const ordersQuery = (campaignId: string, status?: Order["status"]) =>
  queryOptions({
    queryKey: ["campaigns", campaignId, "orders", status ?? "all"],
    queryFn: ({ signal }) => api.get<{ items: OrderSummary[] }>(`/campaigns/${campaignId}/orders`, { status }, signal),
  });

export const orderQuery = (orderId: string) =>
  queryOptions({
    queryKey: ["orders", orderId],
    queryFn: ({ signal }) => api.get<Order>(`/orders/${orderId}`, undefined, signal),
  });

export const catalogueQuery = (programme: Campaign["programme"], regionId: string) =>
  queryOptions({
    queryKey: ["catalogue", programme, regionId],
    queryFn: async ({ signal }) =>
      programme === "textbooks"
        ? (await api.get<{ items: ResourceItem[] }>("/catalogue/resources", { regionId }, signal)).items
            .filter((i) => i.isOrderable)
            .map((i) => ({
              id: i.id,
              label: `${i.title} — ${i.publisher}`,
              priceCents: i.priceCents,
              isLicence: i.kind === "digital_textbook" || i.kind === "digital_resource",
            }))
        : (await api.get<{ items: EquipmentItem[] }>("/catalogue/equipment", { regionId }, signal)).items.map((i) => ({
            id: i.id,
            label: `${i.label} (${i.reference}) — ${i.supplier}`,
            priceCents: i.unitPriceCents,
            isLicence: false,
          })),
    staleTime: 60_000,
  });

export const createCart = (campaignId: string, school: string) => api.post<Order>(`/campaigns/${campaignId}/carts`, { school });
export const setCartLines = (order: Order, lines: { itemId: string; quantity: number; teacherLicences: number }[]) =>
  api.put<Order>(`/orders/${order.id}/lines`, { version: order.version, lines });
export const submitOrder = (order: Order, acknowledgeNoCancellation: boolean) =>
  api.post<Order>(`/orders/${order.id}/submit`, { version: order.version, acknowledgeNoCancellation });
export const reviewOrder = (order: { id: string; version: number }, decision: "approve" | "reject", note?: string) =>
  api.post<Order>(`/orders/${order.id}/review`, { version: order.version, decision, note });

export type GarChecklistItem = {
  orderId: string;
  reference: string;
  label: string;
  publisher: string;
  studentLicences: number;
  teacherLicences: number;
  validatedAt: string;
  expectedFrom: string;
  expectedBy: string;
  isExpectedInGar: boolean;
};

export const garChecklistQuery = (campaignId: string, schoolId: string) =>
  queryOptions({
    queryKey: ["campaigns", campaignId, "gar", schoolId],
    queryFn: ({ signal }) =>
      api.get<{ schoolId: string; resetOn: string; notice: string; items: GarChecklistItem[] }>(
        `/campaigns/${campaignId}/gar-checklist/${schoolId}`,
        undefined,
        signal,
      ),
  });
