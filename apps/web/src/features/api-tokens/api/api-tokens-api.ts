import { queryOptions } from "@tanstack/react-query";
import { api } from "../../../lib/api-client.ts";

/** Mirrors ApiTokenSchema (apps/api/src/modules/auth/auth.routes.ts); dates arrive as ISO strings. */
export type ApiToken = {
  id: string;
  name: string;
  prefix: string;
  isReadOnly: boolean;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt?: string | null;
  revokedAt?: string | null;
};

export const apiTokensQuery = queryOptions({ queryKey: ["api-tokens"], queryFn: () => api.get<{ items: ApiToken[] }>("/api-tokens") });
export const createApiToken = (input: { name: string; isReadOnly: boolean; expiresInDays: number | null }) =>
  api.post<ApiToken & { token: string }>("/api-tokens", input);
export const revokeApiToken = (id: string) => api.delete(`/api-tokens/${id}`);
