import type { FastifyBaseLogger } from "fastify";
import type { Config } from "./config.ts";
import type { Db } from "./db/client.ts";
import type { Actor, SessionCheck } from "./modules/auth/actor.ts";
import type { Jobs } from "./plugins/jobs.ts";

export type Clock = { now: () => Date };
export const systemClock: Clock = { now: () => new Date() };

/** What every use case receives: small, plain, built per request (or per job, or per CLI run). */
export type Ctx = {
  db: Db;
  actor: Actor;
  log: FastifyBaseLogger;
  jobs: Jobs;
  clock: Clock;
  config: Config;
  requestId: string | null;
  ip: string | null;
  /** A cached session the request's first statement must confirm (plugins/auth.ts `withSessionCheck`). */
  sessionCheck?: SessionCheck | null;
};

/** What a use case that sends no job and logs nothing needs: the demo loader and the CLI can call it. */
export type PlainCtx = Pick<Ctx, "db" | "actor" | "clock" | "requestId" | "ip">;

/** The actor used by jobs and the CLI: it holds the platform scope and names itself. */
export function systemActor(label = "Système"): Actor {
  return {
    personId: "00000000-0000-0000-0000-000000000000",
    email: "systeme@relais.localhost",
    displayName: label,
    regionId: null,
    organisationId: null,
    isDemo: false,
    via: "system",
    isReadOnly: false,
    assignments: [{ role: "platform_admin", scope: { kind: "platform", regionId: null, sectorId: null, zoneId: null, schoolId: null, organisationId: null } }],
  };
}
