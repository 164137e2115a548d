import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { Ctx } from "../context.ts";
import { AppError } from "../errors.ts";
import { type Actor, findActorByApiToken, findActorBySession, type SessionInfo } from "../modules/auth/actor.ts";
import { touchSession } from "../modules/auth/auth.repository.ts";
import { safeEqual, sha256 } from "../modules/auth/secrets.ts";
import { sendProblem } from "./errors.ts";

export const SESSION_COOKIE = "relais_session";
export const CSRF_HEADER = "x-csrf-token";
const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** Sliding sessions are extended at most this often, not on every request. */
const TOUCH_EVERY_MS = 5 * 60_000;

declare module "fastify" {
  interface FastifyContextConfig {
    /** The route needs no login (health, login, password reset, agents). */
    isPublic?: boolean;
    /** Session stages allowed besides "active" (the 2FA and password-renewal steps). */
    stages?: readonly string[];
  }
  interface FastifyRequest {
    actor: Actor | null;
    session: SessionInfo | null;
    /** The use-case context for this request; throws 401 when nobody is logged in. */
    ctx: () => Ctx;
  }
}

/**
 * Resolves who is calling (a Bearer API token, or the session cookie), then enforces: a login
 * for every non-public route, the session stage, CSRF on cookie-authenticated writes (the
 * token the app got at login, echoed in a header), and read-only tokens.
 */
export default fp(async function authPlugin(app: FastifyInstance) {
  app.decorateRequest("actor", null);
  app.decorateRequest("session", null);
  app.decorateRequest("ctx", function (this: FastifyRequest): Ctx {
    if (!this.actor) throw new AppError("auth.required", "Connectez-vous pour continuer.");
    return { db: app.database.db, actor: this.actor, log: this.log, jobs: app.jobs, clock: app.clock, config: app.config, requestId: this.id, ip: this.ip };
  });

  app.addHook("onRequest", async (request, reply) => {
    const error = await authenticate(app, request);
    if (error) return sendProblem(request, reply, error);
  });
});

async function authenticate(app: FastifyInstance, request: FastifyRequest): Promise<AppError | null> {
  const config = request.routeOptions.config ?? {};
  const authorization = request.headers.authorization;
  if (authorization !== undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    // Agents use HTTP Basic on their own routes; anywhere else only Bearer tokens are accepted.
    if (!match) return config.isPublic ? null : new AppError("auth.token_invalid", "En-tête Authorization invalide : utilisez « Bearer <jeton> ».");
    const actor = await findActorByApiToken(app.database.db, sha256(match[1] as string), app.clock.now());
    if (!actor || !mayAct(app, actor)) return new AppError("auth.token_invalid", "Jeton d'API invalide, expiré ou révoqué.");
    request.actor = actor;
    if (actor.isReadOnly && UNSAFE_METHODS.has(request.method) && !config.isPublic) {
      return new AppError("auth.read_only_token", "Ce jeton d'API est en lecture seule.");
    }
    return null;
  }

  const cookie = request.cookies[SESSION_COOKIE];
  if (cookie) {
    const found = await findActorBySession(app.database.db, sha256(cookie), app.clock.now());
    if (found && mayAct(app, found.actor)) {
      request.actor = found.actor;
      request.session = found.session;
    }
  }
  // Unknown routes answer 404 to everyone; public routes need nobody logged in.
  if (config.isPublic || request.is404) return null;
  if (!request.actor || !request.session) return new AppError("auth.required", "Connectez-vous pour continuer.");

  const session = request.session;
  if (session.stage !== "active" && !config.stages?.includes(session.stage)) {
    return new AppError("auth.stage_required", stageMessage(session.stage), { details: { stage: session.stage } });
  }
  if (UNSAFE_METHODS.has(request.method)) {
    const sent = request.headers[CSRF_HEADER];
    if (typeof sent !== "string" || !safeEqual(sent, session.csrfToken)) {
      return new AppError("auth.csrf", "Requête refusée (jeton anti-CSRF absent ou invalide). Rechargez la page et réessayez.");
    }
  }
  const now = app.clock.now();
  if (session.stage === "active" && now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
    await touchSession(app.database.db, session.tokenHash, app.config.SESSION_TTL_HOURS, now);
  }
  return null;
}

/** Demo accounts exist only in demo mode: outside it, even a live session of theirs is refused. */
function mayAct(app: FastifyInstance, actor: Actor): boolean {
  return !actor.isDemo || app.config.RELAIS_DEMO;
}

function stageMessage(stage: string): string {
  switch (stage) {
    case "mfa":
      return "Saisissez d'abord votre code de double authentification.";
    case "mfa_enrolment":
      return "Votre rôle exige la double authentification : configurez-la d'abord.";
    case "password_change":
      return "Votre mot de passe a plus de 6 mois : choisissez-en un nouveau pour continuer.";
    default:
      return "Action impossible à cette étape de la connexion.";
  }
}

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean, maxAgeSeconds: number) {
  reply.setCookie(SESSION_COOKIE, token, { path: "/", httpOnly: true, sameSite: "lax", secure, maxAge: maxAgeSeconds });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean) {
  reply.clearCookie(SESSION_COOKIE, { path: "/", httpOnly: true, sameSite: "lax", secure });
}
