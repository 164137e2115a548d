import { ADMIN_PASSWORD_MAX_AGE_DAYS, isAdministratorRole } from "@relais/shared/roles";
import QRCode from "qrcode";
import type { Ctx } from "../../context.ts";
import { AppError } from "../../errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { queueMail } from "../mail/mail.service.ts";
import { type Actor, findActorByPersonId } from "./actor.ts";
import * as repo from "./auth.repository.ts";
import { checkPasswordStrength, decoyPasswordHash, hashPassword, matchTotp, newTotpSecret, randomToken, sha256, totpFor, verifyPassword } from "./secrets.ts";

/** Failed passwords before a temporary lockout, and its length. */
export const MAX_FAILED_ATTEMPTS = 5;
export const LOCKOUT_MINUTES = 15;
/** Attempts from one address in the window before it is slowed down, whatever the account. */
export const MAX_ATTEMPTS_PER_ADDRESS = 30;
export const THROTTLE_WINDOW_MINUTES = 15;
const RESET_TOKEN_MINUTES = 60;

/**
 * A session passes through stages before it is fully open: the second factor (asked of everyone
 * who enrolled one, and enrolment forced for administrator roles, seed 001 "Sécurité"), then a
 * password renewal for administrators whose password is older than 6 months.
 */
export type SessionStage = "mfa" | "mfa_enrolment" | "password_change" | "active";

type Deps = Pick<Ctx, "db" | "jobs" | "clock" | "config" | "log" | "requestId" | "ip">;
type LoginRow = NonNullable<Awaited<ReturnType<typeof repo.findLoginByEmail>>>;

function anonymous(deps: Deps, email: string): Pick<Ctx, "db" | "actor" | "requestId" | "ip"> {
  const actor: Actor = {
    personId: "",
    email,
    displayName: "Inconnu",
    regionId: null,
    organisationId: null,
    isDemo: false,
    via: "system",
    isReadOnly: false,
    assignments: [],
  };
  return { db: deps.db, actor: { ...actor, displayName: `Tentative de connexion <${email.slice(0, 200)}>` }, requestId: deps.requestId, ip: deps.ip };
}

function holdsAdministratorRole(actor: Actor): boolean {
  return actor.assignments.some((a) => isAdministratorRole(a.role));
}

export function stageAfterPassword(actor: Actor, login: Pick<LoginRow, "totpConfirmedAt" | "passwordChangedAt">, now: Date): SessionStage {
  if (login.totpConfirmedAt) return "mfa";
  if (holdsAdministratorRole(actor)) return "mfa_enrolment";
  return stageAfterSecondFactor(actor, login, now);
}

export function stageAfterSecondFactor(actor: Actor, login: Pick<LoginRow, "passwordChangedAt">, now: Date): SessionStage {
  if (!holdsAdministratorRole(actor)) return "active";
  const changedAt = login.passwordChangedAt?.getTime() ?? 0;
  const ageDays = (now.getTime() - changedAt) / 86_400_000;
  return ageDays > ADMIN_PASSWORD_MAX_AGE_DAYS ? "password_change" : "active";
}

export type NewSession = { token: string; csrfToken: string; stage: SessionStage };

export async function login(deps: Deps, input: { email: string; password: string; userAgent: string | null }): Promise<NewSession> {
  const now = deps.clock.now();
  const addressKey = `ip:${deps.ip ?? "unknown"}`;
  const addressAttempts = await repo.countLoginAttempt(deps.db, addressKey, THROTTLE_WINDOW_MINUTES);
  if (addressAttempts > MAX_ATTEMPTS_PER_ADDRESS) {
    throw new AppError("auth.rate_limited", `Trop de tentatives de connexion depuis votre adresse. Réessayez dans ${THROTTLE_WINDOW_MINUTES} minutes.`);
  }
  const found = await repo.findLoginByEmail(deps.db, input.email);
  const canLogIn = found?.isActive && found.passwordHash && (!found.isDemo || deps.config.RELAIS_DEMO);
  if (!found || !canLogIn) {
    await verifyPassword(await decoyPasswordHash(), input.password);
    await recordAudit(anonymous(deps, input.email), {
      category: "security",
      action: "auth.login_failed",
      entityType: "person",
      entityId: found?.personId ?? null,
      after: { reason: "unknown_or_disabled" },
    });
    throw invalidCredentials();
  }
  if (found.lockedUntil && found.lockedUntil > now) {
    const minutes = Math.ceil((found.lockedUntil.getTime() - now.getTime()) / 60_000);
    throw new AppError("auth.locked", `Compte bloqué temporairement après plusieurs échecs. Réessayez dans ${minutes} minute${minutes > 1 ? "s" : ""}.`, {
      details: { retryAfterMinutes: minutes },
    });
  }
  const personCtx = anonymous(deps, found.email);
  if (!(await verifyPassword(found.passwordHash as string, input.password))) {
    await registerFailure(deps, found, now);
    throw invalidCredentials();
  }
  const actor = await findActorByPersonId(deps.db, found.personId);
  if (!actor) throw invalidCredentials();
  const stage = stageAfterPassword(actor, found, now);
  const session = await deps.db.transaction(async (tx) => {
    await repo.upsertCredentials(tx, found.personId, { failedAttempts: 0, lockedUntil: null });
    // A lycée's staff come from one address (its NAT): only failures count against it.
    await repo.forgiveLoginAttempt(tx, addressKey);
    const created = await openSession({ ...deps, db: tx }, found.personId, stage, input.userAgent);
    await recordAudit(
      { ...personCtx, db: tx, actor },
      { category: "security", action: "auth.login", entityType: "person", entityId: found.personId, regionId: found.regionId, after: { stage } },
    );
    return created;
  });
  return session;
}

function invalidCredentials() {
  return new AppError("auth.invalid_credentials", "Adresse e-mail ou mot de passe incorrect.");
}

async function registerFailure(deps: Deps, found: LoginRow, now: Date) {
  await deps.db.transaction(async (tx) => {
    // Counted in the database, not from the row read before the password check: parallel
    // attempts would otherwise each write "1" and never reach the lockout.
    const { failures, locks } = await repo.countFailedLogin(tx, found.personId, MAX_FAILED_ATTEMPTS, new Date(now.getTime() + LOCKOUT_MINUTES * 60_000));
    const ctx = { ...anonymous(deps, found.email), db: tx };
    await recordAudit(ctx, {
      category: "security",
      action: locks ? "auth.locked" : "auth.login_failed",
      entityType: "person",
      entityId: found.personId,
      regionId: found.regionId,
      after: { failures },
    });
    if (locks) {
      await queueMail(
        { db: tx, jobs: deps.jobs },
        {
          to: found.email,
          template: "account-locked",
          variables: { name: `${found.firstName} ${found.lastName}`, minutes: LOCKOUT_MINUTES },
          regionId: found.regionId,
        },
      );
    }
  });
}

async function openSession(deps: Deps, personId: string, stage: SessionStage, userAgent: string | null): Promise<NewSession> {
  const token = randomToken();
  const csrfToken = randomToken(24);
  // A session that still has a step to pass lives 10 minutes; an open one, the configured time.
  const ttlMs = stage === "active" ? deps.config.SESSION_TTL_HOURS * 3_600_000 : 10 * 60_000;
  await repo.insertSession(deps.db, {
    tokenHash: sha256(token),
    personId,
    csrfToken,
    stage,
    expiresAt: new Date(deps.clock.now().getTime() + ttlMs),
    ip: deps.ip,
    userAgent: userAgent?.slice(0, 300) ?? null,
  });
  return { token, csrfToken, stage };
}

export async function logout(ctx: Ctx, tokenHash: string) {
  await repo.deleteSession(ctx.db, tokenHash);
}

/** Moves a session to its next stage; leaving a pre-stage starts a fresh session TTL. */
async function advanceSession(ctx: Ctx, tokenHash: string, stage: SessionStage) {
  await repo.updateSessionStage(ctx.db, tokenHash, stage);
  if (stage === "active") await repo.touchSession(ctx.db, tokenHash, ctx.config.SESSION_TTL_HOURS, ctx.clock.now());
}

export async function verifySecondFactor(ctx: Ctx, tokenHash: string, code: string): Promise<SessionStage> {
  const creds = await repo.findCredentials(ctx.db, ctx.actor.personId);
  if (!creds?.totpSecret || !creds.totpConfirmedAt)
    throw new AppError("auth.stage_required", "Aucune double authentification n'est configurée pour ce compte.");
  const step = matchTotp(creds.totpSecret, code.trim(), ctx.clock.now());
  if (step === null || (creds.totpLastStep !== null && step <= creds.totpLastStep)) {
    await recordAudit(ctx, {
      category: "security",
      action: "auth.mfa_failed",
      entityType: "person",
      entityId: ctx.actor.personId,
      regionId: ctx.actor.regionId,
    });
    throw new AppError("auth.invalid_code", "Code de vérification incorrect ou déjà utilisé. Saisissez le code à 6 chiffres affiché par votre application.");
  }
  const stage = stageAfterSecondFactor(ctx.actor, creds, ctx.clock.now());
  await ctx.db.transaction(async (tx) => {
    await repo.upsertCredentials(tx, ctx.actor.personId, { totpLastStep: step });
    await advanceSession({ ...ctx, db: tx }, tokenHash, stage);
    await recordAudit(
      { ...ctx, db: tx },
      { category: "security", action: "auth.mfa_passed", entityType: "person", entityId: ctx.actor.personId, regionId: ctx.actor.regionId },
    );
  });
  return stage;
}

/** Starts (or restarts, while unconfirmed) TOTP enrolment and returns what the app must show. */
export async function beginMfaEnrolment(ctx: Ctx): Promise<{ secret: string; otpauthUrl: string; qrCodeSvg: string }> {
  const creds = await repo.findCredentials(ctx.db, ctx.actor.personId);
  if (creds?.totpConfirmedAt) throw new AppError("auth.mfa_already_enabled", "La double authentification est déjà activée pour ce compte.");
  const secret = newTotpSecret();
  await repo.upsertCredentials(ctx.db, ctx.actor.personId, { totpSecret: secret, totpConfirmedAt: null, totpLastStep: null });
  const otpauthUrl = totpFor(secret, ctx.actor.email).toString();
  const qrCodeSvg = await QRCode.toString(otpauthUrl, { type: "svg", margin: 1, width: 200 });
  return { secret, otpauthUrl, qrCodeSvg };
}

export async function confirmMfaEnrolment(ctx: Ctx, tokenHash: string | null, code: string): Promise<SessionStage> {
  const creds = await repo.findCredentials(ctx.db, ctx.actor.personId);
  if (!creds?.totpSecret || creds.totpConfirmedAt)
    throw new AppError("auth.stage_required", "Commencez par demander un nouveau QR code de double authentification.");
  const step = matchTotp(creds.totpSecret, code.trim(), ctx.clock.now());
  if (step === null) throw new AppError("auth.invalid_code", "Code incorrect : vérifiez l'heure de votre téléphone et saisissez le code à 6 chiffres affiché.");
  const stage = stageAfterSecondFactor(ctx.actor, creds, ctx.clock.now());
  await ctx.db.transaction(async (tx) => {
    await repo.upsertCredentials(tx, ctx.actor.personId, { totpConfirmedAt: ctx.clock.now(), totpLastStep: step });
    if (tokenHash) await advanceSession({ ...ctx, db: tx }, tokenHash, stage);
    await recordAudit(
      { ...ctx, db: tx },
      { category: "security", action: "auth.mfa_enabled", entityType: "person", entityId: ctx.actor.personId, regionId: ctx.actor.regionId },
    );
  });
  return stage;
}

export async function changePassword(ctx: Ctx, tokenHash: string | null, input: { currentPassword: string; newPassword: string }): Promise<SessionStage> {
  const creds = await repo.findCredentials(ctx.db, ctx.actor.personId);
  if (!creds?.passwordHash || !(await verifyPassword(creds.passwordHash, input.currentPassword))) {
    throw new AppError("validation.failed", "Le mot de passe actuel est incorrect.", {
      fieldErrors: [{ field: "body.currentPassword", message: "Mot de passe actuel incorrect." }],
    });
  }
  await assertAcceptablePassword(input.newPassword, ctx.actor.email, creds.passwordHash);
  const passwordHash = await hashPassword(input.newPassword);
  await ctx.db.transaction(async (tx) => {
    await repo.upsertCredentials(tx, ctx.actor.personId, { passwordHash, passwordChangedAt: ctx.clock.now() });
    await repo.deleteOtherSessions(tx, ctx.actor.personId, tokenHash);
    if (tokenHash) await advanceSession({ ...ctx, db: tx }, tokenHash, "active");
    await recordAudit(
      { ...ctx, db: tx },
      { category: "security", action: "auth.password_changed", entityType: "person", entityId: ctx.actor.personId, regionId: ctx.actor.regionId },
    );
  });
  return "active";
}

async function assertAcceptablePassword(password: string, email: string, previousHash: string | null) {
  const strength = checkPasswordStrength(password, email);
  if (!strength.ok) throw new AppError("auth.password_weak", strength.message, { fieldErrors: [{ field: "body.newPassword", message: strength.message }] });
  if (previousHash && (await verifyPassword(previousHash, password))) {
    throw new AppError("auth.password_reused", "Choisissez un mot de passe différent de l'actuel.", {
      fieldErrors: [{ field: "body.newPassword", message: "Identique à l'actuel." }],
    });
  }
}

/** Always answers the same way, so that it does not reveal which e-mails have an account. */
export async function requestPasswordReset(deps: Deps, email: string): Promise<void> {
  const attempts = await repo.countLoginAttempt(deps.db, `reset:${email.trim().toLowerCase()}`, THROTTLE_WINDOW_MINUTES);
  if (attempts > 3) return;
  const found = await repo.findLoginByEmail(deps.db, email);
  if (!found?.isActive || (found.isDemo && !deps.config.RELAIS_DEMO)) return;
  const token = randomToken();
  await deps.db.transaction(async (tx) => {
    await repo.insertResetToken(tx, {
      tokenHash: sha256(token),
      personId: found.personId,
      expiresAt: new Date(deps.clock.now().getTime() + RESET_TOKEN_MINUTES * 60_000),
    });
    await queueMail(
      { db: tx, jobs: deps.jobs },
      {
        to: found.email,
        template: "password-reset",
        variables: {
          name: `${found.firstName} ${found.lastName}`,
          link: `${deps.config.publicUrl}/reinitialiser-mot-de-passe?jeton=${token}`,
          minutes: RESET_TOKEN_MINUTES,
        },
        regionId: found.regionId,
      },
    );
    await recordAudit(
      { ...anonymous(deps, found.email), db: tx },
      { category: "security", action: "auth.reset_requested", entityType: "person", entityId: found.personId, regionId: found.regionId },
    );
  });
}

export async function resetPassword(deps: Deps, input: { token: string; newPassword: string }): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const personId = await repo.consumeResetToken(tx, sha256(input.token), deps.clock.now());
    if (!personId) throw new AppError("auth.reset_token_invalid", "Ce lien de réinitialisation est invalide, expiré ou déjà utilisé. Demandez-en un nouveau.");
    const actor = await findActorByPersonId(tx, personId);
    const creds = await repo.findCredentials(tx, personId);
    await assertAcceptablePassword(input.newPassword, actor?.email ?? "", creds?.passwordHash ?? null);
    await repo.upsertCredentials(tx, personId, {
      passwordHash: await hashPassword(input.newPassword),
      passwordChangedAt: deps.clock.now(),
      failedAttempts: 0,
      lockedUntil: null,
    });
    await repo.deleteOtherSessions(tx, personId, null);
    if (actor)
      await recordAudit(
        { db: tx, actor, requestId: deps.requestId, ip: deps.ip },
        { category: "security", action: "auth.password_reset", entityType: "person", entityId: personId, regionId: actor.regionId },
      );
  });
}

/** An API token acts as its creator, with the creator's scope (never more), optionally read-only. */
export async function createApiToken(ctx: Ctx, input: { name: string; isReadOnly: boolean; expiresInDays: number | null }) {
  if (ctx.actor.via === "token") throw new AppError("forbidden", "Un jeton d'API ne peut pas créer d'autre jeton.");
  const token = `rls_${randomToken()}`;
  const row = await ctx.db.transaction(async (tx) => {
    const created = await repo.insertApiToken(tx, {
      personId: ctx.actor.personId,
      name: input.name,
      tokenHash: sha256(token),
      prefix: token.slice(0, 10),
      isReadOnly: input.isReadOnly,
      expiresAt: input.expiresInDays ? new Date(ctx.clock.now().getTime() + input.expiresInDays * 86_400_000) : null,
    });
    await recordAudit(
      { ...ctx, db: tx },
      {
        category: "security",
        action: "api_token.created",
        entityType: "api_token",
        entityId: created.id,
        regionId: ctx.actor.regionId,
        after: { name: input.name, isReadOnly: input.isReadOnly },
      },
    );
    return created;
  });
  return { id: row.id, name: row.name, prefix: row.prefix, isReadOnly: row.isReadOnly, createdAt: row.createdAt, expiresAt: row.expiresAt, token };
}

export async function revokeApiToken(ctx: Ctx, tokenId: string) {
  await ctx.db.transaction(async (tx) => {
    const revoked = await repo.revokeApiToken(tx, ctx.actor.personId, tokenId);
    if (!revoked) throw new AppError("not_found", "Jeton introuvable ou déjà révoqué.");
    await recordAudit(
      { ...ctx, db: tx },
      {
        category: "security",
        action: "api_token.revoked",
        entityType: "api_token",
        entityId: tokenId,
        regionId: ctx.actor.regionId,
        before: { name: revoked.name },
      },
    );
  });
}

export const listApiTokens = (ctx: Ctx) => repo.listApiTokens(ctx.db, ctx.actor.personId);
