import { createHash } from "node:crypto";
import { ImapFlow } from "imapflow";
import type { Ctx } from "../../context.ts";
import { AppError, notFound } from "../../errors.ts";
import * as repo from "./mail-in.repository.ts";
import type { InboundOutcome } from "./mail-in.schema.ts";
import { type InboundRegion, processInboundMessage } from "./mail-in.service.ts";
import { MailboxPasswordUnreadable, type MailboxSettings, openMailboxPassword, storedMailbox } from "./mailbox-settings.ts";

/** Messages taken per poll: a backlog drains over a few minutes, and one poll stays well inside its lease. */
const BATCH = 100;
/** Past this, a message is not downloaded: a file is capped at 10 MiB, and base64 adds a third. */
const MAX_MESSAGE_BYTES = 40 * 1024 * 1024;
const LEASE_MS = 5 * 60_000;

export type PollSummary = { fetched: number; outcomes: Partial<Record<InboundOutcome, number>>; duplicates: number; failed: number };

/**
 * Reads the unseen messages of a desk mailbox over IMAP (imapflow) and processes each one;
 * a message is flagged \Seen only after its processing committed (ADR 0005). A message whose
 * processing fails stays unseen and is taken again at the next poll; one already processed
 * (a crash after the commit, before the flag) is recognised by its Message-ID and only flagged.
 */
export async function pollMailbox(ctx: Ctx, region: InboundRegion, account: MailboxSettings): Promise<PollSummary> {
  const summary: PollSummary = { fetched: 0, outcomes: {}, duplicates: 0, failed: 0 };
  // The one place the stored password is opened: a wrong or missing key fails the poll, saying why.
  const password = openMailboxPassword(ctx.config.secretKey, region.id, account.password);
  const client = new ImapFlow({
    host: account.host,
    port: account.port,
    secure: account.tls,
    auth: { user: account.user, pass: password },
    logger: false,
    connectionTimeout: 15_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000,
  });
  // An error event without a listener would crash the process; the awaited calls report it.
  client.on("error", (error: Error) => ctx.log.warn({ err: error, region: region.code }, "desk mailbox connection error"));
  await client.connect();
  try {
    const lock = await client.getMailboxLock(account.folder);
    try {
      const uids = (await client.search({ seen: false }, { uid: true })) || [];
      const batch = [...uids].sort((a, b) => a - b).slice(0, BATCH);
      if (batch.length === 0) return summary;
      // Sizes and dates first (fetchAll ends before the next command): a huge message is not downloaded.
      const listed = await client.fetchAll(batch.join(","), { uid: true, size: true, internalDate: true, envelope: true }, { uid: true });
      const uidValidity = client.mailbox ? String(client.mailbox.uidValidity) : "0";
      for (const item of listed) {
        summary.fetched++;
        const receivedAt = item.internalDate ? new Date(item.internalDate) : null;
        try {
          let outcome: { outcome: InboundOutcome; duplicate: boolean };
          if ((item.size ?? 0) > MAX_MESSAGE_BYTES) {
            outcome = await recordOversized(ctx, region, item, uidValidity, receivedAt);
          } else {
            const message = await client.fetchOne(String(item.uid), { uid: true, source: true }, { uid: true });
            const source = message ? message.source : undefined;
            if (!source) throw new Error(`message ${item.uid} vanished before it was read`);
            outcome = await processInboundMessage(ctx, region, source, { receivedAt });
          }
          if (outcome.duplicate) summary.duplicates++;
          else summary.outcomes[outcome.outcome] = (summary.outcomes[outcome.outcome] ?? 0) + 1;
        } catch (error) {
          // The connection is gone: the rest of the batch would fail the same way; the poll fails, and says why.
          if (!client.usable) throw error;
          // Left unseen: the next poll tries again. Nothing of it was saved (one transaction).
          summary.failed++;
          ctx.log.error({ err: error, region: region.code, uid: item.uid }, "desk mailbox message not processed");
          continue;
        }
        await client.messageFlagsAdd(String(item.uid), ["\\Seen"], { uid: true });
      }
      return summary;
    } finally {
      lock.release();
    }
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/** A message too large to download: recorded as rejected (so the desk sees it), under a key stable across polls. */
async function recordOversized(
  ctx: Ctx,
  region: InboundRegion,
  item: {
    uid: number;
    size?: number | undefined;
    envelope?: { messageId?: string | undefined; subject?: string | undefined; from?: { address?: string | undefined }[] | undefined } | undefined;
  },
  uidValidity: string,
  receivedAt: Date | null,
): Promise<{ outcome: InboundOutcome; duplicate: boolean }> {
  const messageId =
    item.envelope?.messageId?.trim() || `<sha256-${createHash("sha256").update(`${uidValidity}:${item.uid}:${item.size}`).digest("hex")}@relais.invalid>`;
  const claimed = await repo.claimInbound(ctx.db, {
    regionId: region.id,
    messageId,
    fromAddress: item.envelope?.from?.[0]?.address?.toLowerCase() ?? "",
    subject: (item.envelope?.subject ?? "").slice(0, 500),
    outcome: "rejected",
    detail: `Message trop volumineux (${Math.round((item.size ?? 0) / 1024 / 1024)} Mo, au plus ${MAX_MESSAGE_BYTES / 1024 / 1024} Mo) : il n'a pas été lu.`,
    receivedAt,
    processedAt: ctx.clock.now(),
  });
  return { outcome: "rejected", duplicate: claimed === null };
}

/**
 * Polls one region's mailbox if it has one switched on and no other process is polling it
 * (a lease row), then records when and how it went. Connection and login errors are logged
 * and kept for the region administrator; they never escape.
 */
export async function pollRegionMailbox(ctx: Ctx, region: InboundRegion & { settings: unknown }): Promise<PollSummary | null> {
  const account = storedMailbox(region.settings);
  if (!account?.enabled) return null;
  const now = ctx.clock.now();
  if (!(await repo.takeMailboxLease(ctx.db, region.id, now, new Date(now.getTime() + LEASE_MS)))) return null;
  try {
    const summary = await pollMailbox(ctx, region, account);
    await repo.releaseMailboxLease(ctx.db, region.id, ctx.clock.now(), null);
    if (summary.fetched > 0) ctx.log.info({ region: region.code, ...summary }, "desk mailbox polled");
    return summary;
  } catch (error) {
    const message = describe(error);
    ctx.log.error({ err: error, region: region.code }, "desk mailbox poll failed");
    await repo.releaseMailboxLease(ctx.db, region.id, ctx.clock.now(), message);
    return null;
  }
}

/**
 * `npx relais poll-mailbox --region CODE`: the same poll, now, with every reason it cannot run
 * said in French (no mailbox, switched off, another process polling, the server's refusal).
 */
export async function pollMailboxNow(ctx: Ctx, regionCode: string): Promise<PollSummary> {
  const region = await repo.findRegionByCode(ctx.db, regionCode);
  if (!region) throw notFound(`Région « ${regionCode} »`);
  return pollNow(ctx, region);
}

/**
 * One poll of a region's mailbox at once (the command line, the desk's "Relever maintenant"),
 * under the same lease as the scheduled poll: if that one is reading the mailbox, this one is
 * refused rather than run beside it, so no message is processed twice.
 */
export async function pollNow(ctx: Ctx, region: InboundRegion & { name: string; settings: unknown }): Promise<PollSummary> {
  const account = storedMailbox(region.settings);
  if (!account)
    throw new AppError(
      "validation.failed",
      `La région ${region.name} n'a pas de boîte aux lettres du support : l'administration régionale la règle d'abord (page « Réglages du support », ou PUT /api/v1/regions/${region.id}/mailbox).`,
    );
  if (!account.enabled) throw new AppError("conflict", `La boîte aux lettres du support de ${region.name} est désactivée.`);
  const now = ctx.clock.now();
  if (!(await repo.takeMailboxLease(ctx.db, region.id, now, new Date(now.getTime() + LEASE_MS))))
    throw new AppError("conflict", `Un relevé de la boîte de ${region.name} est déjà en cours (un autre processus) : réessayez dans quelques minutes.`);
  try {
    const summary = await pollMailbox(ctx, region, account);
    await repo.releaseMailboxLease(ctx.db, region.id, ctx.clock.now(), null);
    return summary;
  } catch (error) {
    await repo.releaseMailboxLease(ctx.db, region.id, ctx.clock.now(), describe(error));
    // Not the mail server's answer: this server's own key does not open the password.
    if (error instanceof MailboxPasswordUnreadable) throw new AppError("conflict", `Relevé impossible de ${account.user} : ${error.message}`, { cause: error });
    throw new AppError("unavailable", `Relevé impossible de ${account.user} sur ${account.host}:${account.port} : ${describe(error)}`, { cause: error });
  }
}

/** Every region's mailbox, one after the other; one region's failure does not stop the others. */
export async function pollAllMailboxes(ctx: Ctx): Promise<void> {
  for (const region of await repo.findRegionsWithMailbox(ctx.db)) {
    await pollRegionMailbox(ctx, region).catch((error: unknown) => ctx.log.error({ err: error, region: region.code }, "desk mailbox poll failed"));
  }
}

function describe(error: unknown): string {
  const e = error as { message?: string; responseText?: string; code?: string; reason?: string };
  return [e.message, e.responseText ?? e.reason, e.code].filter(Boolean).join(" — ") || String(error);
}
