import type { TopUpSchema } from "@relais/shared/campaigns";
import type { OrderReviewSchema } from "@relais/shared/orders";
import { queryOptions } from "@tanstack/react-query";
import type { z } from "zod";
import { api, type Json } from "../../../lib/api-client.ts";
import type { Order } from "./campaigns-api.ts";

/** The Region's side of a campaign: its steering figures, supplier rows, top-ups, and the review of orders. */
export type Figures = {
  totalCents: number;
  committedCents: number;
  unspentCents: number;
  totalConsumablesCents: number;
  committedConsumablesCents: number;
  unspentConsumablesCents: number;
};
export type CampaignSummary = {
  isClosed: boolean;
  region: Figures;
  academies: (Figures & { academie: string })[];
  schools: (Figures & { schoolId: string; uai: string; schoolName: string; academie: string })[];
};
export type SupplierRow = {
  supplier: string;
  uai: string;
  schoolName: string;
  reference: string;
  label: string;
  quantity: number;
  teacherLicences: number;
  unitPriceCents: number;
  amountCents: number;
};
export type TopUp = Json<z.infer<typeof TopUpSchema>>;
export type ReviewInput = z.input<typeof OrderReviewSchema>;
export type Adjustment = NonNullable<ReviewInput["adjustments"]>[number];

export const summaryQuery = (campaignId: string) =>
  queryOptions({
    queryKey: ["campaigns", campaignId, "summary"],
    queryFn: ({ signal }) => api.get<CampaignSummary>(`/campaigns/${campaignId}/summary`, undefined, signal),
  });

export const supplierRowsQuery = (campaignId: string) =>
  queryOptions({
    queryKey: ["campaigns", campaignId, "by-supplier"],
    queryFn: ({ signal }) => api.get<{ items: SupplierRow[] }>(`/campaigns/${campaignId}/orders/by-supplier`, undefined, signal),
  });

export const allTopUpsQuery = (campaignId: string) =>
  queryOptions({
    queryKey: ["campaigns", campaignId, "top-ups", "all"],
    queryFn: ({ signal }) => api.get<{ items: TopUp[] }>(`/campaigns/${campaignId}/top-ups`, undefined, signal),
  });

/** The Region's decision on a validated order, with its line adjustments (each with a reason). */
export const reviewOrderWithAdjustments = (order: { id: string; version: number }, review: Omit<ReviewInput, "version">) =>
  api.post<Order>(`/orders/${order.id}/review`, { version: order.version, ...review });
