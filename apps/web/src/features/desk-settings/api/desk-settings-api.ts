import { queryOptions } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";

/** Mirrors apps/api/src/modules/tickets/ticket-settings.ts. */
export type CategoryRoute =
  | { handler: "zone_technicians" }
  | { handler: "organisation"; organisationId: string }
  | { handler: "supplier"; supplier: string; contact?: string };
type Urgencies = Partial<Record<"low" | "medium" | "very_high", number>>;
export type StoredSettings = {
  coordinatorsMayFile?: boolean;
  extraCategories?: string[];
  autoCloseDays?: number;
  routing?: Record<string, CategoryRoute>;
  sla?: {
    takeChargeBusinessMinutes?: number;
    calendar?: { closedDates?: string[] };
    resolutionDays?: Partial<Record<"infrastructure" | "office" | "other", Urgencies>>;
    impactDays?: Partial<Record<"school" | "group" | "user" | "none", number>>;
  };
  escalationShares?: [number, number];
};
export type DeskSettings = {
  stored: StoredSettings;
  effective: {
    coordinatorsMayFile: boolean;
    categories: string[];
    routing: Record<string, CategoryRoute>;
    autoCloseDays: number;
    takeChargeBusinessMinutes: number;
    closedDates: string[];
    resolutionDays: Record<"infrastructure" | "office" | "other", Record<"low" | "medium" | "very_high", number>>;
    impactDays: Partial<Record<"school" | "group" | "user" | "none", number>>;
    escalationShares: [number, number];
  };
};
export type Organisation = { id: string; name: string; kind: string; regionId: string };

export const deskSettingsQuery = (regionId: string) =>
  queryOptions({ queryKey: ["desk-settings", regionId], queryFn: () => api.get<DeskSettings>(`/regions/${regionId}/ticket-settings`) });
export const organisationsQuery = queryOptions({
  queryKey: ["organisations"],
  queryFn: () => api.get<{ items: Organisation[] }>("/organisations"),
  staleTime: 5 * 60_000,
});
export const saveDeskSettings = (regionId: string, settings: StoredSettings) => api.put<DeskSettings>(`/regions/${regionId}/ticket-settings`, settings);
