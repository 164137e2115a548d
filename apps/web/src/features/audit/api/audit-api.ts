import { keepPreviousData, queryOptions } from "@tanstack/react-query";
import { api, type QueryValue } from "../../../lib/api-client.ts";
import type { AuditSearch } from "../routes/audit.search.ts";

/** Mirrors AuditEventSchema (apps/api/src/modules/audit/audit.routes.ts). */
export type AuditEvent = {
  id: number;
  occurredAt: string;
  regionId: string | null;
  schoolId: string | null;
  actorId: string | null;
  actorLabel: string;
  category: string;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
};

/** Days picked in the form are Paris calendar days; the API wants instants. */
export function auditApiQuery(search: AuditSearch): Record<string, QueryValue> {
  return {
    category: search.category,
    action: search.action,
    from: search.from ? new Date(`${search.from}T00:00:00`).toISOString() : undefined,
    to: search.to ? new Date(`${search.to}T23:59:59.999`).toISOString() : undefined,
    page: search.page,
    pageSize: search.pageSize,
  };
}

export const auditQuery = (search: AuditSearch) =>
  queryOptions({
    queryKey: ["audit", search],
    queryFn: ({ signal }) => api.get<{ items: AuditEvent[]; total: number; page: number; pageSize: number }>("/audit-events", auditApiQuery(search), signal),
    placeholderData: keepPreviousData,
  });
