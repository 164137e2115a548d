import { RoleSchema } from "@relais/shared/roles";
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError } from "../../errors.ts";
import { clearSessionCookie, setSessionCookie } from "../../plugins/auth.ts";
import { findProfile } from "./auth.repository.ts";
import * as auth from "./auth.service.ts";

const StageSchema = z.enum(["mfa", "mfa_enrolment", "password_change", "active"]);
const SessionSchema = z.object({ stage: StageSchema, csrfToken: z.string() });
const Email = z.email("Adresse e-mail invalide.").max(254);
const Code = z
  .string()
  .trim()
  .regex(/^\d{6}$/, "Le code compte 6 chiffres.");
const NewPassword = z.string().min(1, "Choisissez un nouveau mot de passe.").max(256);
const ALL_STAGES = ["mfa", "mfa_enrolment", "password_change"] as const;

const AssignmentSchema = z.object({
  id: z.string(),
  role: RoleSchema,
  scopeKind: z.string(),
  regionId: z.string().nullable(),
  sectorId: z.string().nullable(),
  zoneId: z.string().nullable(),
  schoolId: z.string().nullable(),
  organisationId: z.string().nullable(),
  schoolYear: z.string().nullable(),
  validFrom: z.string(),
  validUntil: z.string().nullable(),
  scopeName: z.string(),
});

const MeSchema = z.object({
  id: z.string(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string(),
  regionId: z.string().nullable(),
  organisationId: z.string().nullable(),
  isDemo: z.boolean(),
  totpEnabled: z.boolean(),
  passwordChangedAt: z.string().nullable(),
  stage: StageSchema,
  csrfToken: z.string().nullable(),
  via: z.enum(["session", "token", "system"]),
  assignments: z.array(AssignmentSchema),
});

const ApiTokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  isReadOnly: z.boolean(),
  createdAt: z.date(),
  expiresAt: z.date().nullable(),
  lastUsedAt: z.date().nullable().optional(),
  revokedAt: z.date().nullable().optional(),
});

const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const tags = ["authentification"];
  const sessionMaxAge = app.config.SESSION_TTL_HOURS * 3600;
  const deps = (request: FastifyRequest) => ({
    db: app.database.db,
    jobs: app.jobs,
    clock: app.clock,
    config: app.config,
    log: request.log,
    requestId: request.id,
    ip: request.ip,
  });

  app.post(
    "/auth/login",
    {
      config: { isPublic: true },
      schema: {
        tags,
        summary: "Se connecter (e-mail et mot de passe)",
        security: [],
        body: z.object({ email: Email, password: z.string().min(1, "Saisissez votre mot de passe.").max(256) }),
        response: { 200: SessionSchema },
      },
    },
    async (request, reply) => {
      const session = await auth.login(deps(request), { ...request.body, userAgent: request.headers["user-agent"] ?? null });
      setSessionCookie(reply, session.token, app.config.cookieSecure, sessionMaxAge);
      return { stage: session.stage, csrfToken: session.csrfToken };
    },
  );

  app.post(
    "/auth/logout",
    { config: { stages: ALL_STAGES }, schema: { tags, summary: "Se déconnecter", response: { 204: z.null() } } },
    async (request, reply) => {
      if (request.session) await auth.logout(request.ctx(), request.session.tokenHash);
      clearSessionCookie(reply, app.config.cookieSecure);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/me",
    { config: { stages: ALL_STAGES }, schema: { tags, summary: "Qui suis-je : compte, rôles en cours, étape de connexion", response: { 200: MeSchema } } },
    async (request) => {
      const ctx = request.ctx();
      const profile = await findProfile(ctx.db, ctx.actor.personId);
      if (!profile) throw new AppError("auth.required", "Connectez-vous pour continuer.");
      const changedAt = profile.password_changed_at;
      return {
        id: profile.id,
        email: profile.email,
        firstName: profile.first_name,
        lastName: profile.last_name,
        regionId: profile.region_id,
        organisationId: profile.organisation_id,
        isDemo: profile.is_demo,
        totpEnabled: profile.totp_enabled,
        passwordChangedAt: changedAt ? new Date(changedAt).toISOString() : null,
        stage: (request.session?.stage ?? "active") as z.infer<typeof StageSchema>,
        csrfToken: request.session?.csrfToken ?? null,
        via: ctx.actor.via,
        assignments: (typeof profile.assignments === "string" ? JSON.parse(profile.assignments) : profile.assignments) as z.infer<typeof AssignmentSchema>[],
      };
    },
  );

  app.post(
    "/auth/mfa/verify",
    {
      config: { stages: ["mfa"] },
      schema: { tags, summary: "Valider le second facteur (code TOTP)", body: z.object({ code: Code }), response: { 200: z.object({ stage: StageSchema }) } },
    },
    async (request) => ({ stage: await auth.verifySecondFactor(request.ctx(), requireSession(request).tokenHash, request.body.code) }),
  );

  app.post(
    "/auth/mfa/setup",
    {
      config: { stages: ["mfa_enrolment"] },
      schema: {
        tags,
        summary: "Commencer l'activation de la double authentification",
        response: { 200: z.object({ secret: z.string(), otpauthUrl: z.string(), qrCodeSvg: z.string() }) },
      },
    },
    async (request) => auth.beginMfaEnrolment(request.ctx()),
  );

  app.post(
    "/auth/mfa/confirm",
    {
      config: { stages: ["mfa_enrolment"] },
      schema: {
        tags,
        summary: "Confirmer la double authentification avec un premier code",
        body: z.object({ code: Code }),
        response: { 200: z.object({ stage: StageSchema }) },
      },
    },
    async (request) => ({ stage: await auth.confirmMfaEnrolment(request.ctx(), request.session?.tokenHash ?? null, request.body.code) }),
  );

  app.post(
    "/auth/password",
    {
      config: { stages: ["password_change"] },
      schema: {
        tags,
        summary: "Changer son mot de passe",
        body: z.object({ currentPassword: z.string().min(1, "Saisissez votre mot de passe actuel.").max(256), newPassword: NewPassword }),
        response: { 200: z.object({ stage: StageSchema }) },
      },
    },
    async (request) => ({ stage: await auth.changePassword(request.ctx(), request.session?.tokenHash ?? null, request.body) }),
  );

  app.post(
    "/auth/password-reset/request",
    {
      config: { isPublic: true },
      schema: {
        tags,
        summary: "Recevoir un lien de réinitialisation par e-mail",
        security: [],
        body: z.object({ email: Email }),
        response: { 202: z.object({ message: z.string() }) },
      },
    },
    async (request, reply) => {
      await auth.requestPasswordReset(deps(request), request.body.email);
      return reply.status(202).send({ message: "Si un compte existe pour cette adresse, un e-mail de réinitialisation vient d'être envoyé." });
    },
  );

  app.post(
    "/auth/password-reset/confirm",
    {
      config: { isPublic: true },
      schema: {
        tags,
        summary: "Choisir un nouveau mot de passe avec le lien reçu",
        security: [],
        body: z.object({ token: z.string().min(10).max(200), newPassword: NewPassword }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await auth.resetPassword(deps(request), request.body);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/api-tokens",
    { schema: { tags: ["jetons d'API"], summary: "Mes jetons d'API", response: { 200: z.object({ items: z.array(ApiTokenSchema) }) } } },
    async (request) => ({
      items: await auth.listApiTokens(request.ctx()),
    }),
  );

  app.post(
    "/api-tokens",
    {
      schema: {
        tags: ["jetons d'API"],
        summary: "Créer un jeton d'API (affiché une seule fois)",
        body: z.object({
          name: z.string().trim().min(2, "Nommez le jeton (2 caractères au moins).").max(100),
          isReadOnly: z.boolean().default(false),
          expiresInDays: z.number().int().min(1).max(730).nullable().default(365),
        }),
        response: { 201: ApiTokenSchema.extend({ token: z.string() }) },
      },
    },
    async (request, reply) => reply.status(201).send(await auth.createApiToken(request.ctx(), request.body)),
  );

  app.delete(
    "/api-tokens/:id",
    {
      schema: {
        tags: ["jetons d'API"],
        summary: "Révoquer un jeton d'API",
        params: z.object({ id: z.uuid("Identifiant invalide.") }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await auth.revokeApiToken(request.ctx(), request.params.id);
      return reply.status(204).send(null);
    },
  );
};

function requireSession(request: FastifyRequest) {
  if (!request.session) throw new AppError("auth.required", "Connectez-vous pour continuer.");
  return request.session;
}

export default authRoutes;
