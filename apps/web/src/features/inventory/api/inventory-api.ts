import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";
import type { AssetListSearch, PendingSearch } from "../routes/inventory.search.ts";

/** Mirrors AssetSummarySchema (apps/api/src/modules/inventory/assets.contract.ts). */
export type AssetSummary = {
  id: string;
  schoolId: string;
  schoolUai: string;
  schoolName: string;
  roomId: string | null;
  roomName: string | null;
  type: string;
  manufacturer: string | null;
  model: string | null;
  serial: string | null;
  uuid: string | null;
  name: string | null;
  inventoryNumber: string | null;
  status: string;
  funding: string | null;
  isQualifiedByRegion: boolean;
  isSupported: boolean;
  networkDomain: string | null;
  acquiredOn: string | null;
  supplier: string | null;
  warrantyEndsOn: string | null;
  acquisitionPriceCents: number | null;
  lentToPersonId: string | null;
  source: string;
  lastInventoryAt: string | null;
  agentDeviceId: string | null;
  version: number;
};

export type AssetDetail = {
  asset: AssetSummary & { technical: Record<string, unknown> };
  software: { softwareId: string; name: string; publisher: string | null; version: string; arch: string; applicationStatus: string | null }[];
  /** Who has the individual equipment, and since when. */
  loan: { personId: string; name: string; since: string | null } | null;
  history: { id: number; at: string; kind: string; actorLabel: string; details: Record<string, unknown> }[];
  /** The desk's tickets about this item that the viewer may see. */
  tickets: LinkedTicket[];
  canEdit: boolean;
};

export type LinkedTicket = {
  id: string;
  number: string;
  title: string;
  kind: string;
  status: string;
  receivedAt: string;
  resolvedAt: string | null;
  timeSpentMinutes: number | null;
  linkedAt: string;
};

export type PendingReport = {
  id: string;
  tag: string | null;
  deviceId: string | null;
  name: string | null;
  serial: string | null;
  receivedAt: string;
  status: string;
};

export const assetListQuery = (search: AssetListSearch & { pageSize?: number }) =>
  queryOptions({
    queryKey: ["inventory", "assets", search],
    queryFn: ({ signal }) =>
      api.get<{ items: AssetSummary[]; total: number; totalExact: boolean; page: number; pageSize: number }>("/inventory/assets", { ...search }, signal),
    placeholderData: keepPreviousData,
  });

export const assetQuery = (id: string) =>
  queryOptions({ queryKey: ["inventory", "asset", id], queryFn: ({ signal }) => api.get<AssetDetail>(`/inventory/assets/${id}`, undefined, signal) });

/** The borrower gave the individual equipment back (a "returned" entry in its history). */
export const returnAsset = (id: string, version: number) => api.patch<AssetDetail>(`/inventory/assets/${id}`, { version, lentToPersonId: null });
export const updateAssetStatus = (id: string, version: number, status: string) => api.patch<AssetDetail>(`/inventory/assets/${id}`, { version, status });

export const pendingReportsQuery = (search: PendingSearch) =>
  queryOptions({
    queryKey: ["inventory", "pending", search],
    queryFn: ({ signal }) =>
      api.get<{ items: PendingReport[]; total: number; page: number; pageSize: number }>("/inventory/pending-reports", { ...search }, signal),
    placeholderData: keepPreviousData,
  });

export const attachPendingReport = (id: string, school: string) => api.post<PendingReport>(`/inventory/pending-reports/${id}/attach`, { school });

export type Application = {
  softwareId: string;
  name: string;
  publisher: string | null;
  status: string;
  firstSeenSchoolId: string | null;
  firstSeenAt: string;
  evaluatedAt: string | null;
  decidedAt: string | null;
  note: string | null;
};

export const applicationsQuery = (search: { status?: string | undefined; q?: string | undefined; page?: number | undefined }) =>
  queryOptions({
    queryKey: ["inventory", "applications", search],
    queryFn: ({ signal }) => api.get<{ items: Application[]; total: number; page: number; pageSize: number }>("/inventory/applications", { ...search }, signal),
    placeholderData: keepPreviousData,
  });

export const decideApplication = (softwareId: string, status: "under_evaluation" | "qualified" | "refused") =>
  api.post<{ status: string }>(`/inventory/applications/${softwareId}/decision`, { status });

export type AgentCredential = { id: string; login: string; label: string; createdAt: string; lastUsedAt: string | null; revokedAt: string | null };

export const agentCredentialsQuery = () =>
  queryOptions({
    queryKey: ["inventory", "agent-credentials"],
    queryFn: ({ signal }) => api.get<{ items: AgentCredential[] }>("/inventory/agent-credentials", undefined, signal),
  });

export const createAgentCredential = (label: string) => api.post<AgentCredential & { password: string }>("/inventory/agent-credentials", { label });
export const revokeAgentCredential = (id: string) => api.post<AgentCredential>(`/inventory/agent-credentials/${id}/revoke`);

/** The fields a person enters for an item without an agent; mirrors AssetInputSchema / AssetUpdateSchema. */
export type AssetFields = {
  type: string;
  name: string | null;
  manufacturer: string | null;
  model: string | null;
  serial: string | null;
  inventoryNumber: string | null;
  status: string;
  funding: string | null;
  isQualifiedByRegion: boolean;
  acquiredOn: string | null;
  supplier: string | null;
  warrantyEndsOn: string | null;
  acquisitionPriceCents: number | null;
  networkDomain: string | null;
  roomId: string | null;
  lentToPersonId: string | null;
};

export const createAsset = (input: AssetFields & { school: string }) => api.post<AssetDetail>("/inventory/assets", input);
/** `version` is the one read: the API answers 409 when someone saved the item meanwhile. */
export const updateAsset = (id: string, version: number, changes: Partial<AssetFields> & { school?: string }) =>
  api.patch<AssetDetail>(`/inventory/assets/${id}`, { version, ...changes });

export type Room = { id: string; schoolId: string; building: string; floor: string; name: string; use: string };

export const roomsQuery = (school: string) =>
  queryOptions({
    queryKey: ["inventory", "rooms", school],
    queryFn: ({ signal }) => api.get<{ items: Room[] }>("/inventory/rooms", { school }, signal),
    enabled: school !== "",
  });

export const createRoom = (input: { school: string; building: string; floor: string; name: string; use: string }) => api.post<Room>("/inventory/rooms", input);

export type AssetImportReport = { lines: number; created: number; issues: { line: number; column: string | null; message: string }[] };

/** A dry run checks every line and writes nothing; otherwise all lines are written, or none. */
export const importAssets = (content: { file: string } | { csv: string }, dryRun: boolean) =>
  api.post<AssetImportReport>("/inventory/imports/assets", { ...content, dryRun });
