/**
 * The one error type services throw. Its code is stable (clients and tests rely on it), its
 * message is French and meant for the person using the app; the HTTP status comes from the
 * table below, so no route decides a status by itself.
 */
export const ERROR_STATUS = {
  "validation.failed": 400,
  "request.malformed": 400,
  "auth.required": 401,
  "auth.invalid_credentials": 401,
  "auth.invalid_code": 401,
  "auth.stage_required": 403,
  "auth.csrf": 403,
  "auth.locked": 429,
  "auth.rate_limited": 429,
  "auth.token_invalid": 401,
  "auth.reset_token_invalid": 400,
  "auth.password_reused": 400,
  "auth.password_weak": 400,
  "auth.mfa_already_enabled": 409,
  "auth.read_only_token": 403,
  forbidden: 403,
  not_found: 404,
  "route.not_found": 404,
  "method.not_allowed": 405,
  conflict: 409,
  "conflict.version": 409,
  "conflict.duplicate": 409,
  /** An order over the school's envelope (seeds 001, 003: a ceiling, no own funds). */
  "envelope.exceeded": 409,
  /** Ordering outside the campaign's windows; the message gives the next opening. */
  "ordering.closed": 409,
  "role.single_holder_taken": 409,
  "role.scope_mismatch": 400,
  "payload.too_large": 413,
  "media.unsupported": 415,
  "attachment.empty": 422,
  "attachment.too_large": 413,
  "attachment.type_refused": 415,
  "attachment.type_mismatch": 422,
  "attachment.quota_exceeded": 409,
  internal: 500,
  unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export type FieldError = { field: string; message: string };

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly fieldErrors: FieldError[] | undefined;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, userMessage: string, options: { cause?: unknown; fieldErrors?: FieldError[]; details?: Record<string, unknown> } = {}) {
    super(userMessage, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.fieldErrors = options.fieldErrors;
    this.details = options.details;
  }
}

export const notFound = (what: string) => new AppError("not_found", `${what} introuvable.`);
export const forbidden = (message = "Vous n'avez pas le droit de faire cela.") => new AppError("forbidden", message);
