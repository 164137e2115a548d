import type { InventorySettings as EffectiveInventorySettings, StoredInventorySettings } from "@relais/shared/inventory-reports";
import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";
import type { AssetDetail } from "./inventory-api.ts";

/**
 * The inventory reports (apps/api/src/modules/inventory/inventory-reports.contract.ts): each
 * covers a region (what the viewer sees of it) or one school.
 */
export type ReportScope = { region?: string | undefined; school?: string | undefined };
type Paged<T> = { items: T[]; total: number; totalExact: boolean; page: number; pageSize: number };

export type CountRow = { key: string | null; uai: string | null; name: string | null; count: number };
export type ListedAsset = {
  id: string;
  schoolId: string;
  schoolUai: string;
  schoolName: string;
  roomId: string | null;
  roomName: string | null;
  type: string;
  name: string | null;
  manufacturer: string | null;
  model: string | null;
  status: string;
  funding: string | null;
  acquiredOn: string | null;
  warrantyEndsOn: string | null;
};
export type RenewalReason = "out_of_warranty" | "too_old" | "frequent_incidents";
export type RenewalCandidates = Paged<ListedAsset & { ageYears: number | null; recentIncidents: number; reasons: RenewalReason[] }> & {
  rule: { today: string; renewalAgeYears: number; frequentIncidentTickets: number; incidentWindowMonths: number };
};
export type Warranties = Paged<ListedAsset & { daysLeft: number }> & { from: string; to: string };
export type ProjectorRoom = {
  roomId: string | null;
  roomName: string | null;
  building: string | null;
  schoolId: string;
  schoolUai: string;
  schoolName: string;
  projectors: number;
  undated: number;
  oldestAcquiredOn: string | null;
  oldestAgeYears: number | null;
  meanAgeYears: number | null;
  interactiveDisplays: number;
};
export type ProjectorAges = Paged<ProjectorRoom> & { distribution: { ageYears: number | null; count: number }[]; today: string };
export type ModelCount = { model: string; count: number };
export type RoomHomogeneity = Paged<{
  roomId: string;
  roomName: string;
  building: string;
  use: string;
  schoolId: string;
  schoolUai: string;
  schoolName: string;
  computers: number;
  modelCount: number;
  models: ModelCount[];
  isHomogeneous: boolean;
}>;
export type ClassCost = {
  type: string;
  count: number;
  pricedCount: number;
  supportMinutes: number;
  acquisitionCents: number;
  deploymentCents: number;
  supportCents: number;
  recyclingCents: number;
  totalCents: number;
  perItemCents: number;
  parameters: { priceCents: number; deploymentMinutes: number; recyclingCents: number };
};
export type TotalCost = { items: ClassCost[]; supportHourCents: number; formula: string; totalCents: number };

export type RoomView = {
  room: { id: string; regionId: string; schoolId: string; schoolUai: string; schoolName: string; building: string; floor: string; name: string; use: string };
  assets: (ListedAsset & { serial: string | null; inventoryNumber: string | null; ageYears: number | null })[];
  computerModels: ModelCount[];
  isHomogeneous: boolean;
  computerTypes: string[];
  canEdit: boolean;
};

export type EstateReport = {
  schoolId: string;
  school: { id: string; uai: string; name: string; commune: string; regionId: string; sectorId: string | null; zoneId: string | null };
  byType: { key: string | null; count: number }[];
  byStatus: { key: string | null; count: number }[];
  byFunding: { key: string | null; count: number }[];
  rooms: { id: string; building: string; floor: string; name: string; use: string; assetCount: number }[];
  mixedRooms: { roomId: string; room: string; building: string; models: ModelCount[] }[];
  warranties: { id: string; name: string | null; type: string; model: string | null; warrantyEndsOn: string | null; isEnded: boolean }[];
};

const scoped = (scope: ReportScope) => ({ region: scope.region, school: scope.school });

export const countsQuery = (scope: ReportScope, by: "type" | "status" | "funding" | "school") =>
  queryOptions({
    queryKey: ["inventory", "reports", "counts", scope, by],
    queryFn: ({ signal }) => api.get<{ items: CountRow[] }>("/inventory/reports/counts", { ...scoped(scope), by }, signal),
  });

export const renewalQuery = (scope: ReportScope, page: number, pageSize = 20) =>
  queryOptions({
    queryKey: ["inventory", "reports", "renewal", scope, page, pageSize],
    queryFn: ({ signal }) => api.get<RenewalCandidates>("/inventory/reports/renewal-candidates", { ...scoped(scope), page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });

export const warrantiesQuery = (scope: ReportScope, withinDays: number, page: number, pageSize = 20) =>
  queryOptions({
    queryKey: ["inventory", "reports", "warranties", scope, withinDays, page, pageSize],
    queryFn: ({ signal }) => api.get<Warranties>("/inventory/reports/warranties", { ...scoped(scope), withinDays, page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });

export const projectorAgesQuery = (scope: ReportScope, page: number, pageSize = 20) =>
  queryOptions({
    queryKey: ["inventory", "reports", "projectors", scope, page, pageSize],
    queryFn: ({ signal }) => api.get<ProjectorAges>("/inventory/reports/projector-ages", { ...scoped(scope), page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });

export const homogeneityQuery = (scope: ReportScope, mixedOnly: boolean, page: number, pageSize = 20) =>
  queryOptions({
    queryKey: ["inventory", "reports", "homogeneity", scope, mixedOnly, page, pageSize],
    queryFn: ({ signal }) =>
      api.get<RoomHomogeneity>("/inventory/reports/room-homogeneity", { ...scoped(scope), mixedOnly: String(mixedOnly), page, pageSize }, signal),
    placeholderData: keepPreviousData,
  });

export const totalCostQuery = (scope: ReportScope) =>
  queryOptions({
    queryKey: ["inventory", "reports", "total-cost", scope],
    queryFn: ({ signal }) => api.get<TotalCost>("/inventory/reports/total-cost", scoped(scope), signal),
  });

export const roomViewQuery = (roomId: string) =>
  queryOptions({ queryKey: ["inventory", "room", roomId], queryFn: ({ signal }) => api.get<RoomView>(`/inventory/rooms/${roomId}`, undefined, signal) });

export const estateQuery = (school: string, withinDays = 90) =>
  queryOptions({
    queryKey: ["inventory", "estate", school, withinDays],
    queryFn: ({ signal }) => api.get<EstateReport>("/inventory/reports/estate", { school, withinDays }, signal),
  });

export const linkAssetTicket = (assetId: string, ticket: string) => api.post<AssetDetail>(`/inventory/assets/${assetId}/tickets`, { ticket });
export const unlinkAssetTicket = (assetId: string, ticketId: string) => api.delete<AssetDetail>(`/inventory/assets/${assetId}/tickets/${ticketId}`);

/** The region's parameters of the reports, as stored (what it set) and in effect (over the defaults). */
export type InventorySettings = { stored: StoredInventorySettings; effective: EffectiveInventorySettings };
export const inventorySettingsQuery = (regionId: string) =>
  queryOptions({
    queryKey: ["inventory", "settings", regionId],
    queryFn: ({ signal }) => api.get<InventorySettings>(`/regions/${regionId}/inventory-settings`, undefined, signal),
  });
export const saveInventorySettings = (regionId: string, stored: InventorySettings["stored"]) =>
  api.put<InventorySettings>(`/regions/${regionId}/inventory-settings`, stored);
