/**
 * The one way the web app talks to the API: fetch with the session cookie, the anti-CSRF token
 * on every write, and RFC 9457 problem+json errors turned into ApiError (French `detail`,
 * per-field `errors` the forms map onto their inputs).
 */
export const API_BASE = "/api/v1";

export type FieldError = { field: string; message: string };

export type Problem = {
  code: string;
  detail: string;
  status?: number;
  errors?: FieldError[];
  requestId?: string;
} & Record<string, unknown>;

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly fieldErrors: FieldError[];
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(problem.detail);
    this.name = "ApiError";
    this.status = status;
    this.code = problem.code;
    this.detail = problem.detail;
    this.fieldErrors = problem.errors ?? [];
    this.problem = problem;
  }
}

/** What JSON makes of a server type: dates arrive as ISO strings. */
export type Json<T> = T extends Date ? string : T extends (infer U)[] ? Json<U>[] : T extends object ? { [K in keyof T]: Json<T[K]> } : T;

let csrfToken: string | null = null;

/** The token comes with the login answer and with GET /me; it is echoed on every write. */
export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

type Listener = (error: ApiError) => void;
const listeners = new Set<Listener>();

/** Lets the app react to a lost session (401) or a pending login step (403 auth.stage_required). */
export function onApiError(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export type QueryValue = string | number | boolean | null | undefined;

export function toQueryString(query: Record<string, QueryValue> | undefined): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === "") continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}

export function apiUrl(path: string, query?: Record<string, QueryValue>): string {
  return `${API_BASE}${path}${toQueryString(query)}`;
}

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

type RequestOptions = { query?: Record<string, QueryValue>; body?: unknown; signal?: AbortSignal };

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  // A form (files) sets its own multipart content type, boundary included.
  const isForm = options.body instanceof FormData;
  if (options.body !== undefined && !isForm) headers["content-type"] = "application/json";
  if (WRITE_METHODS.has(method) && csrfToken) headers["x-csrf-token"] = csrfToken;
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      credentials: "same-origin",
      body: options.body === undefined ? null : isForm ? (options.body as FormData) : JSON.stringify(options.body),
      signal: options.signal ?? null,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw new ApiError(0, { code: "network", detail: "Impossible de joindre le serveur. Vérifiez votre connexion et réessayez." });
  }
  if (response.status === 204) return undefined as T;
  const isJson = (response.headers.get("content-type") ?? "").includes("json");
  const payload: unknown = isJson ? await response.json().catch(() => null) : null;
  if (!response.ok) {
    const problem = isProblem(payload) ? payload : { code: response.status >= 500 ? "internal" : "unknown", detail: `Erreur ${response.status}.` };
    const error = new ApiError(response.status, problem);
    for (const listener of listeners) listener(error);
    throw error;
  }
  return payload as T;
}

function isProblem(value: unknown): value is Problem {
  return typeof value === "object" && value !== null && typeof (value as Problem).code === "string" && typeof (value as Problem).detail === "string";
}

export const api = {
  get: <T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal) =>
    request<T>("GET", path, { ...(query ? { query } : {}), ...(signal ? { signal } : {}) }),
  post: <T>(path: string, body?: unknown) => request<T>("POST", path, { body: body ?? {} }),
  /** A multipart form, for file uploads. */
  postForm: <T>(path: string, form: FormData) => request<T>("POST", path, { body: form }),
  put: <T>(path: string, body: unknown) => request<T>("PUT", path, { body }),
  patch: <T>(path: string, body: unknown) => request<T>("PATCH", path, { body }),
  delete: <T = void>(path: string) => request<T>("DELETE", path),
};
