import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { AppError, type ErrorCode, type FieldError } from "../errors.ts";

/**
 * One error handler for the whole API, answering RFC 9457 problem+json:
 * `{ type, title, status, code, detail, errors?, requestId }`. Unknown errors become a 500
 * with a generic message; the cause is logged with the request id, never sent.
 */
const FASTIFY_CODES: Record<string, { code: ErrorCode; message: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: "media.unsupported", message: "Type de contenu non pris en charge : envoyez du JSON (application/json)." },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: "payload.too_large", message: "Le contenu envoyé est trop volumineux." },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: "request.malformed", message: "Le corps de la requête est vide alors qu'il est déclaré JSON." },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: "request.malformed", message: "Le corps de la requête n'est pas du JSON valide." },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: "request.malformed", message: "La longueur déclarée du contenu ne correspond pas." },
  FST_ERR_BAD_URL: { code: "request.malformed", message: "L'adresse demandée est mal formée." },
  FST_ERR_ASYNC_CONSTRAINT: { code: "request.malformed", message: "Requête mal formée." },
};

type Problem = {
  type: string;
  title: string;
  status: number;
  code: ErrorCode;
  detail: string;
  errors?: FieldError[];
  requestId: string;
} & Record<string, unknown>;

export function sendProblem(request: FastifyRequest, reply: FastifyReply, error: AppError) {
  const problem: Problem = {
    type: `https://relais.dev/problems/${error.code}`,
    title: error.message,
    status: error.status,
    code: error.code,
    detail: error.message,
    requestId: request.id,
    ...(error.fieldErrors ? { errors: error.fieldErrors } : {}),
    ...(error.details ?? {}),
  };
  return reply.status(error.status).type("application/problem+json; charset=utf-8").send(problem);
}

export function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  const fastifyError = error as FastifyError;
  if (hasZodFastifySchemaValidationErrors(fastifyError)) {
    const fieldErrors = fastifyError.validation.map((issue) => ({
      field: [fastifyError.validationContext, ...issue.instancePath.split("/").filter(Boolean)].join("."),
      message: issue.message ?? "Valeur invalide.",
    }));
    const first = fieldErrors[0];
    const summary =
      fieldErrors.length === 1 && first
        ? `Donnée invalide (${first.field}) : ${first.message}`
        : `${fieldErrors.length} données invalides : corrigez les champs signalés.`;
    return new AppError("validation.failed", summary, { fieldErrors });
  }
  if (isDataException(error)) {
    return new AppError("request.malformed", "Une valeur envoyée est inutilisable (caractère nul, date ou nombre hors limites) : corrigez-la et réessayez.", {
      cause: error,
    });
  }
  const mapped = fastifyError.code ? FASTIFY_CODES[fastifyError.code] : undefined;
  if (mapped) return new AppError(mapped.code, mapped.message, { cause: error });
  if (typeof fastifyError.statusCode === "number" && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    if (fastifyError.statusCode === 413) return new AppError("payload.too_large", "Le contenu envoyé est trop volumineux.", { cause: error });
    if (fastifyError.statusCode === 415) return new AppError("media.unsupported", "Type de contenu non pris en charge.", { cause: error });
    return new AppError("request.malformed", "Requête mal formée.", { cause: error });
  }
  return null;
}

/**
 * A PostgreSQL "data exception" (SQLSTATE class 22): a value the database cannot take, such as
 * a NUL character in a text or a date out of its range. It comes from what the request sent,
 * so it is a 400, not a 500. Drizzle wraps the driver's error: look down the causes.
 */
function isDataException(error: unknown): boolean {
  let current = error;
  for (let depth = 0; current && depth < 4; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^22[0-9A-Z]{3}$/.test(code)) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

export default fp(async function errorsPlugin(app: FastifyInstance) {
  app.setErrorHandler((error, request, reply) => {
    const known = toAppError(error);
    if (known) {
      if (known.status >= 500) request.log.error({ err: error }, "request failed");
      return sendProblem(request, reply, known);
    }
    request.log.error({ err: error, url: request.url, method: request.method }, "unexpected error");
    return sendProblem(
      request,
      reply,
      new AppError("internal", "Une erreur inattendue est survenue. Réessayez ; si elle persiste, signalez-la avec son identifiant."),
    );
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, new AppError("route.not_found", `Aucune ressource à l'adresse ${request.method} ${request.url.split("?")[0]}.`)),
  );
});
