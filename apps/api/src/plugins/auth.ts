import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { Ctx } from "../context.ts";
import { AppError } from "../errors.ts";
import { type Actor, findActorByApiToken, findActorBySession, type SessionCheck, SessionCheckFailed, type SessionInfo } from "../modules/auth/actor.ts";
import { touchSession } from "../modules/auth/auth.repository.ts";
import { safeEqual, sha256 } from "../modules/auth/secrets.ts";
import { SessionCache } from "../modules/auth/session-cache.ts";
import { sendProblem } from "./errors.ts";

export const SESSION_COOKIE = "relais_session";
export const CSRF_HEADER = "x-csrf-token";
const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** Sliding sessions are extended at most this often, not on every request. */
const TOUCH_EVERY_MS = 5 * 60_000;
/** Sessions kept per process for the reads that check them themselves: a few thousand people at work at once. */
const CACHED_SESSIONS = 5_000;

declare module "fastify" {
  interface FastifyContextConfig {
    /** The route needs no login (health, login, password reset, agents). */
    isPublic?: boolean;
    /** Session stages allowed besides "active" (the 2FA and password-renewal steps). */
    stages?: readonly string[];
    /**
     * A read whose statement checks the session itself (`withSessionCheck`): a session this
     * process knows serves it without a lookup of its own. For the hottest lists only.
     */
    checksSession?: boolean;
  }
  interface FastifyRequest {
    actor: Actor | null;
    session: SessionInfo | null;
    /** Set when the session came from the cache: the route's statement must confirm it. */
    sessionCheck: SessionCheck | null;
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
  const cache = new SessionCache(CACHED_SESSIONS);
  app.decorate("sessionCache", cache);
  app.decorateRequest("actor", null);
  app.decorateRequest("session", null);
  app.decorateRequest("sessionCheck", null);
  app.decorateRequest("ctx", function (this: FastifyRequest): Ctx {
    if (!this.actor) throw new AppError("auth.required", "Connectez-vous pour continuer.");
    return {
      db: app.database.db,
      actor: this.actor,
      log: this.log,
      jobs: app.jobs,
      clock: app.clock,
      config: app.config,
      requestId: this.id,
      ip: this.ip,
      sessionCheck: this.sessionCheck,
    };
  });

  app.addHook("onRequest", async (request, reply) => {
    const error = await authenticate(app, request);
    if (error) return sendProblem(request, reply, error);
  });

  // Fail closed: a cached session that no statement confirmed never gets an answer out.
  app.addHook("onSend", async (request, reply, payload) => {
    if (!request.sessionCheck || request.sessionCheck.confirmed || reply.statusCode >= 400) return payload;
    request.log.error("réponse sur une session en cache non vérifiée : refusée");
    reply.code(401).type("application/problem+json; charset=utf-8");
    return JSON.stringify({
      type: "https://relais.dev/problems/auth.required",
      title: REQUIRED,
      status: 401,
      code: "auth.required",
      detail: REQUIRED,
      requestId: request.id,
    });
  });
});

const REQUIRED = "Connectez-vous pour continuer.";

declare module "fastify" {
  interface FastifyInstance {
    sessionCache: SessionCache;
  }
}

/**
 * Runs a read on a route marked `checksSession`. Its statement checks a cached session and
 * throws SessionCheckFailed when it no longer holds: the session is then looked up afresh and
 * the read run again on it, or the request is refused as any unknown session is.
 */
export async function withSessionCheck<T>(request: FastifyRequest, run: (ctx: Ctx) => Promise<T>): Promise<T> {
  try {
    return await run(request.ctx());
  } catch (error) {
    if (!(error instanceof SessionCheckFailed)) throw error;
    const app = request.server;
    if (request.session) app.sessionCache.delete(request.session.tokenHash);
    request.actor = null;
    request.session = null;
    request.sessionCheck = null;
    const failure = await authenticate(app, request);
    if (failure) throw failure;
    return run(request.ctx());
  }
}

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
    const tokenHash = sha256(cookie);
    const now = app.clock.now();
    // A route that checks the session in its own statement takes it from the cache (a failed
    // check drops it from there first, and comes back here for a real lookup).
    // Only an active session is served from there: a refusal (a step to pass first) is never
    // answered from the cache, whose stage may be older than the database's.
    const fromCache = config.checksSession && request.method === "GET" ? app.sessionCache.get(tokenHash, now) : undefined;
    const cached = fromCache?.session.stage === "active" ? fromCache : undefined;
    const found = cached ?? (await findActorBySession(app.database.db, tokenHash, now));
    if (found && !cached) app.sessionCache.set(tokenHash, found);
    if (found && mayAct(app, found.actor)) {
      request.actor = found.actor;
      request.session = found.session;
      if (cached) request.sessionCheck = { tokenHash, at: now, fingerprint: found.fingerprint, confirmed: false };
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
    // The session object may be the cache's: it now says when it was last extended.
    session.lastSeenAt = now;
    session.expiresAt = new Date(now.getTime() + app.config.SESSION_TTL_HOURS * 3_600_000);
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
