import { nameKey } from "@relais/shared/inventory";
import { can } from "@relais/shared/permissions";
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Clock, Ctx } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { AppError, forbidden, notFound } from "../../errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { randomToken, safeEqual, sha256 } from "../auth/secrets.ts";
import { type AgentInventory, ingestAgentInventory, type ReportedMachine } from "../inventory/asset-ingest.service.ts";
import { findSchoolsByUai } from "../organisation/schools.repository.ts";
import { getSchool } from "../organisation/schools.service.ts";
import type { AgentMessage } from "./agent-report.ts";
import { isDemoAgentLogin } from "./demo-agents.ts";
import { agentCredentials, pendingAgentReports } from "./inventory-agent.schema.ts";

export type AgentIdentity = { credentialId: string; regionId: string };
type Deps = { db: Db; clock: Clock };

/** The region whose credentials an `Authorization: Basic` header carries, or null. Demo credentials only in demo mode. */
export async function authenticateAgent(deps: Deps & { isDemo: boolean }, authorization: string | undefined): Promise<AgentIdentity | null> {
  const match = /^Basic\s+([A-Za-z0-9+/=]{1,1024})$/i.exec(authorization ?? "");
  if (!match) return null;
  const decoded = Buffer.from(match[1] as string, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon <= 0) return null;
  const login = decoded.slice(0, colon);
  const secret = decoded.slice(colon + 1);
  if (isDemoAgentLogin(login) && !deps.isDemo) return null;
  const [credential] = await deps.db
    .select({ id: agentCredentials.id, regionId: agentCredentials.regionId, secretHash: agentCredentials.secretHash, lastUsedAt: agentCredentials.lastUsedAt })
    .from(agentCredentials)
    .where(and(eq(agentCredentials.login, login), isNull(agentCredentials.revokedAt)));
  if (!credential || !safeEqual(credential.secretHash, sha256(secret))) return null;
  const now = deps.clock.now();
  // Written at most hourly: an agent fleet reporting must not turn into a write per request.
  if (!credential.lastUsedAt || now.getTime() - credential.lastUsedAt.getTime() > 3_600_000) {
    await deps.db.update(agentCredentials).set({ lastUsedAt: now }).where(eq(agentCredentials.id, credential.id));
  }
  return { credentialId: credential.id, regionId: credential.regionId };
}

export type InventoryOutcome = { stored: "asset"; assetId: string; created: boolean } | { stored: "queue"; pendingId: string };

/**
 * An inventory from an authenticated agent. Its tag names the school by UAI within the
 * credentials' region; a tag naming no school there (or none at all) parks the report in the
 * queue for an administrator. A report without a name is refused and nothing is stored.
 */
export async function receiveInventory(deps: Deps, agent: AgentIdentity, message: Extract<AgentMessage, { kind: "inventory" }>): Promise<InventoryOutcome> {
  const machine = message.content;
  if (!nameKey(machine.name)) throw new AppError("validation.failed", "Inventaire refusé : le rapport ne donne pas le nom de la machine.");
  const uai = message.tag?.trim().toUpperCase() ?? "";
  const [school] = uai ? (await findSchoolsByUai(deps.db, [uai])).filter((s) => s.regionId === agent.regionId) : [];
  if (!school) return { stored: "queue", pendingId: await queueReport(deps, agent.regionId, message) };
  const result = await ingestAgentInventory(deps, {
    regionId: agent.regionId,
    schoolId: school.id,
    deviceId: message.deviceId,
    partial: message.partial,
    machine,
  });
  return { stored: "asset", assetId: result.assetId, created: result.created };
}

type QueuedReport = { deviceId: string | null; partial: boolean; machine: ReportedMachine };

/** One waiting row per machine and tag: a machine reporting daily under a wrong tag does not fill the queue. */
async function queueReport(deps: Deps, regionId: string, message: Extract<AgentMessage, { kind: "inventory" }>): Promise<string> {
  const now = deps.clock.now();
  const report: QueuedReport = { deviceId: message.deviceId, partial: message.partial, machine: message.content };
  const values = {
    regionId,
    tag: message.tag,
    deviceId: message.deviceId,
    name: message.content.name,
    serial: message.content.serial,
    report: report as unknown as Record<string, unknown>,
    receivedAt: now,
  };
  return deps.db.transaction(async (tx) => {
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`inventory-queue:${regionId}:${message.tag ?? ""}:${nameKey(message.content.name)}`}, 0))`,
    );
    const [existing] = await tx
      .select({ id: pendingAgentReports.id })
      .from(pendingAgentReports)
      .where(
        and(
          eq(pendingAgentReports.regionId, regionId),
          eq(pendingAgentReports.status, "pending"),
          message.tag === null ? isNull(pendingAgentReports.tag) : eq(pendingAgentReports.tag, message.tag),
          sql`lower(${pendingAgentReports.name}) = ${(message.content.name ?? "").toLowerCase()}`,
        ),
      )
      .limit(1);
    if (existing) {
      // A newer full report replaces the waiting one; a partial one only if nothing better waits.
      await tx.update(pendingAgentReports).set(values).where(eq(pendingAgentReports.id, existing.id));
      return existing.id;
    }
    const [row] = await tx.insert(pendingAgentReports).values(values).returning({ id: pendingAgentReports.id });
    return (row as { id: string }).id;
  });
}

// ——— Administration: credentials and the queue (region administrators) ———

function assertManagesRegion(ctx: Ctx, regionId: string) {
  if (!can(ctx.actor.assignments, "region.write", { regionId })) throw forbidden("Seuls les administrateurs de la Région gèrent les agents d'inventaire.");
}

/** The region an administrator acts on: theirs, or the one a platform administrator names. */
function regionFor(ctx: Ctx, requested: string | undefined): string {
  const regionId = requested ?? ctx.actor.regionId;
  if (!regionId)
    throw new AppError("validation.failed", "Précisez la Région (paramètre region).", { fieldErrors: [{ field: "region", message: "Obligatoire." }] });
  assertManagesRegion(ctx, regionId);
  return regionId;
}

const credentialColumns = {
  id: agentCredentials.id,
  regionId: agentCredentials.regionId,
  login: agentCredentials.login,
  label: agentCredentials.label,
  createdAt: agentCredentials.createdAt,
  lastUsedAt: agentCredentials.lastUsedAt,
  revokedAt: agentCredentials.revokedAt,
};

export async function listAgentCredentials(ctx: Ctx, requestedRegion: string | undefined) {
  const regionId = regionFor(ctx, requestedRegion);
  return ctx.db.select(credentialColumns).from(agentCredentials).where(eq(agentCredentials.regionId, regionId)).orderBy(desc(agentCredentials.createdAt));
}

/** Issues agent credentials: the password is shown once, only its hash is kept. */
export async function createAgentCredential(ctx: Ctx, input: { regionId?: string | undefined; label: string }) {
  const regionId = regionFor(ctx, input.regionId);
  const login = `agent-${randomToken(6)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "x")}`;
  const password = randomToken(24);
  const now = ctx.clock.now();
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(agentCredentials)
      .values({ regionId, login, secretHash: sha256(password), label: input.label, createdById: ctx.actor.personId, createdAt: now })
      .returning(credentialColumns);
    const created = row as NonNullable<typeof row>;
    await recordAudit(
      { ...ctx, db: tx },
      {
        category: "security",
        action: "agent_credential.created",
        entityType: "agent_credential",
        entityId: created.id,
        regionId,
        after: { login, label: input.label },
      },
    );
    return { ...created, password };
  });
}

export async function revokeAgentCredential(ctx: Ctx, id: string) {
  const [credential] = await ctx.db.select(credentialColumns).from(agentCredentials).where(eq(agentCredentials.id, id));
  // Who does not manage the region does not learn the credentials exist.
  if (!credential || !can(ctx.actor.assignments, "region.write", { regionId: credential.regionId })) throw notFound("Identifiant d'agent");
  if (credential.revokedAt) return credential;
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.update(agentCredentials).set({ revokedAt: ctx.clock.now() }).where(eq(agentCredentials.id, id)).returning(credentialColumns);
    await recordAudit(
      { ...ctx, db: tx },
      { category: "security", action: "agent_credential.revoked", entityType: "agent_credential", entityId: id, regionId: credential.regionId },
    );
    return row as NonNullable<typeof row>;
  });
}

const pendingColumns = {
  id: pendingAgentReports.id,
  regionId: pendingAgentReports.regionId,
  tag: pendingAgentReports.tag,
  deviceId: pendingAgentReports.deviceId,
  name: pendingAgentReports.name,
  serial: pendingAgentReports.serial,
  receivedAt: pendingAgentReports.receivedAt,
  status: pendingAgentReports.status,
  processedAt: pendingAgentReports.processedAt,
  schoolId: pendingAgentReports.schoolId,
  assetId: pendingAgentReports.assetId,
};

export async function listPendingReports(
  ctx: Ctx,
  filters: { region?: string | undefined; status: "pending" | "attached" },
  page: { limit: number; offset: number },
) {
  const regionId = regionFor(ctx, filters.region);
  const where = and(eq(pendingAgentReports.regionId, regionId), eq(pendingAgentReports.status, filters.status));
  const [items, [count]] = await Promise.all([
    ctx.db
      .select(pendingColumns)
      .from(pendingAgentReports)
      .where(where)
      .orderBy(desc(pendingAgentReports.receivedAt), desc(pendingAgentReports.id))
      .limit(page.limit)
      .offset(page.offset),
    ctx.db.select({ n: sql<number>`count(*)::int` }).from(pendingAgentReports).where(where),
  ]);
  return { items, total: count?.n ?? 0 };
}

/** An administrator ties a waiting report to a school of the region: it becomes (or updates) an asset there. */
export async function attachPendingReport(ctx: Ctx, id: string, schoolIdOrUai: string) {
  const [pending] = await ctx.db.select().from(pendingAgentReports).where(eq(pendingAgentReports.id, id));
  if (!pending || !can(ctx.actor.assignments, "region.write", { regionId: pending.regionId })) throw notFound("Rapport en attente");
  if (pending.status !== "pending") throw new AppError("conflict", "Ce rapport a déjà été rattaché à un établissement.");
  const school = await getSchool(ctx, schoolIdOrUai);
  if (school.regionId !== pending.regionId)
    throw new AppError("validation.failed", "L'établissement doit appartenir à la Région du rapport.", {
      fieldErrors: [{ field: "school", message: "Autre Région." }],
    });
  const report = pending.report as unknown as QueuedReport;
  const input: AgentInventory = {
    regionId: pending.regionId,
    schoolId: school.id,
    deviceId: report.deviceId,
    partial: report.partial,
    machine: report.machine,
  };
  return ctx.db.transaction(async (tx) => {
    // Nested in this transaction (a savepoint): the asset and the queue's state change together.
    const result = await ingestAgentInventory({ db: tx, clock: ctx.clock }, input);
    const [row] = await tx
      .update(pendingAgentReports)
      .set({ status: "attached", processedAt: ctx.clock.now(), processedById: ctx.actor.personId, schoolId: school.id, assetId: result.assetId })
      .where(and(eq(pendingAgentReports.id, id), eq(pendingAgentReports.status, "pending")))
      .returning(pendingColumns);
    if (!row) throw new AppError("conflict", "Ce rapport a déjà été rattaché à un établissement.");
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: "agent_report.attached",
        entityType: "asset",
        entityId: result.assetId,
        regionId: pending.regionId,
        schoolId: school.id,
        after: { pendingId: id, tag: pending.tag },
      },
    );
    return row;
  });
}
