import type { MobileProjectDecision, MobileProjectInput, MobileProjectSchema } from "@relais/shared/mobile-projects";
import type { Permission } from "@relais/shared/permissions";
import { ROLE_PERMISSIONS } from "@relais/shared/permissions";
import { queryOptions } from "@tanstack/react-query";
import type { z } from "zod";
import { api, type Json } from "../../../lib/api-client.ts";
import type { Me } from "../../../lib/session.ts";
import type { Order } from "./campaigns-api.ts";

/** The school's side of a campaign after the cart: mobile projects, deliveries, returns, teacher licences, GAR usage. */
export type MobileProject = Json<z.infer<typeof MobileProjectSchema>>;

/** The schools where the person holds a role carrying a permission (their own assignments). */
export function schoolsWhere(me: Me, permission: Permission): string[] {
  return [
    ...new Set(me.assignments.filter((a) => a.scopeKind === "school" && a.schoolId && ROLE_PERMISSIONS[a.role].includes(permission)).map((a) => a.schoolId!)),
  ];
}

export const mobileProjectsQuery = (campaignId: string) =>
  queryOptions({
    queryKey: ["campaigns", campaignId, "mobile-projects"],
    queryFn: ({ signal }) => api.get<{ items: MobileProject[] }>(`/campaigns/${campaignId}/mobile-projects`, undefined, signal),
  });

export const fileMobileProject = (campaignId: string, input: MobileProjectInput) => api.post<MobileProject>(`/campaigns/${campaignId}/mobile-projects`, input);

export const decideMobileProject = (project: MobileProject, reviewer: "academie" | "region", decision: MobileProjectDecision) =>
  api.post<MobileProject>(`/mobile-projects/${project.id}/${reviewer}-decision`, { ...decision, version: project.version });

export type DeliveredAsset = { lineId: string; assetId: string; inventoryNumber: string | null; status: string };

export const deliveredAssetsQuery = (orderId: string) =>
  queryOptions({
    queryKey: ["orders", orderId, "delivered-assets"],
    queryFn: ({ signal }) => api.get<{ deliveredAt: string | null; items: DeliveredAsset[] }>(`/orders/${orderId}/delivered-assets`, undefined, signal),
  });

export const deliverOrder = (order: { id: string; version: number }) =>
  api.post<{ order: Order; assetIds: string[] }>(`/orders/${order.id}/delivery`, { version: order.version });

export const returnItems = (orderId: string, lineId: string, quantity: number) => api.post<Order>(`/orders/${orderId}/returns`, { lineId, quantity });

export type TeacherLicenceRequest = {
  id: string;
  campaignId: string;
  schoolId: string;
  publisher: string;
  lines: { ean: string; title: string; teacherLicences: number; studentLicencesBought: number }[];
  status: "pending" | "answered";
  answer: string | null;
  requestedAt: string;
  answeredAt: string | null;
};

export const teacherLicenceRequestsQuery = (campaignId: string) =>
  queryOptions({
    queryKey: ["campaigns", campaignId, "teacher-licence-requests"],
    queryFn: ({ signal }) => api.get<{ items: TeacherLicenceRequest[] }>(`/campaigns/${campaignId}/teacher-licence-requests`, undefined, signal),
  });

export const requestTeacherLicences = (campaignId: string, input: { school: string; publisher: string; lines: { ean: string; teacherLicences: number }[] }) =>
  api.post<TeacherLicenceRequest>(`/campaigns/${campaignId}/teacher-licence-requests`, input);

export const answerTeacherLicenceRequest = (id: string, answer: string) =>
  api.post<TeacherLicenceRequest>(`/teacher-licence-requests/${id}/answer`, { answer });

export type GarUsageReport = {
  notice: string;
  items: {
    schoolId: string;
    reference: string;
    label: string;
    studentLicencesBought: number;
    studentAssignments: number;
    teacherAssignments: number;
    unassignedLicences: number;
  }[];
  unmatched: { schoolId: string; resourceId: string; studentAssignments: number; teacherAssignments: number }[];
};

export const garUsageQuery = (campaignId: string) =>
  queryOptions({
    queryKey: ["campaigns", campaignId, "gar-usage"],
    queryFn: ({ signal }) => api.get<GarUsageReport>(`/campaigns/${campaignId}/gar-usage`, undefined, signal),
  });

/** The GAR export as the person picked it: CSV as text, a workbook as base64 bytes. */
export async function importGarUsage(campaignId: string, file: File) {
  const isWorkbook = /\.xlsx$/i.test(file.name);
  const body = isWorkbook ? { file: toBase64(new Uint8Array(await file.arrayBuffer())) } : { csv: await file.text() };
  return api.post<{ lines: number; schools: number }>(`/campaigns/${campaignId}/gar-usage/import`, body);
}

function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
