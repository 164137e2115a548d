import { can } from "@relais/shared/permissions";
import type { Ctx } from "../../context.ts";
import { AppError, forbidden, notFound } from "../../errors.ts";
import { recordAudit } from "../audit/audit.service.ts";
import { inboundReadableRegions } from "./mail-in.policy.ts";
import { pollNow } from "./mail-in.poller.ts";
import * as repo from "./mail-in.repository.ts";
import { keptMailboxPassword, type MailboxSettings, type MailboxSettingsInput, publicMailbox, sealMailboxPassword, storedMailbox } from "./mailbox-settings.ts";

/** The region's desk mailbox as its administrator sees it: the account (no password) and the last poll. */
export async function getMailboxSettings(ctx: Ctx, regionId: string) {
  const region = await repo.findRegion(ctx.db, regionId);
  if (!region || !can(ctx.actor.assignments, "region.write", { regionId: region.id })) throw notFound("Région");
  return answer(storedMailbox(region.settings), await repo.findMailboxPoll(ctx.db, region.id));
}

/**
 * Sets the region's desk mailbox (region administrators, audited without the password). Left
 * out, the password stays what it was; a first account needs one.
 */
export async function setMailboxSettings(ctx: Ctx, regionId: string, input: MailboxSettingsInput) {
  return ctx.db.transaction(async (tx) => {
    const region = await repo.findRegion(tx, regionId);
    if (!region || !can(ctx.actor.assignments, "region.read", { regionId: region.id })) throw notFound("Région");
    if (!can(ctx.actor.assignments, "region.write", { regionId: region.id }))
      throw forbidden("Seule l'administration régionale règle la boîte aux lettres du support.");
    const before = storedMailbox(region.settings);
    const key = ctx.config.secretKey;
    const password =
      input.password !== undefined ? sealMailboxPassword(key, region.id, input.password) : before && keptMailboxPassword(key, region.id, before.password);
    if (!password)
      throw new AppError("validation.failed", "Indiquez le mot de passe du compte de messagerie.", {
        fieldErrors: [{ field: "body.password", message: "Mot de passe obligatoire." }],
      });
    const mailbox: MailboxSettings = { ...input, password };
    await repo.writeMailbox(tx, region.id, mailbox);
    await recordAudit(
      { ...ctx, db: tx },
      {
        action: "region.mailbox_updated",
        entityType: "region",
        entityId: region.id,
        regionId: region.id,
        before: before ? publicMailbox(before) : null,
        // A new password was entered (sealed, it cannot be compared with the one it replaces).
        after: { ...publicMailbox(mailbox), passwordChanged: input.password !== undefined },
      },
    );
    return answer(mailbox, await repo.findMailboxPoll(tx, region.id));
  });
}

/**
 * "Relever maintenant": the region's administrators and its desk (who read what comes in) run
 * one poll at once instead of waiting for the next minute, and see what it did.
 */
export async function pollDeskMailboxNow(ctx: Ctx, regionId: string) {
  const region = await repo.findRegion(ctx.db, regionId);
  if (!region || !can(ctx.actor.assignments, "region.read", { regionId: region.id })) throw notFound("Région");
  const readable = inboundReadableRegions(ctx.actor);
  if (readable !== "all" && !readable.includes(region.id))
    throw forbidden("Seuls l'administration régionale et le centre de services relèvent la boîte aux lettres du support.");
  // Not audited: the poll changes nothing by itself; each message it reads is recorded with its outcome.
  const summary = await pollNow(ctx, region);
  const poll = await repo.findMailboxPoll(ctx.db, region.id);
  return { ...summary, polledAt: poll?.lastPolledAt ?? ctx.clock.now() };
}

function answer(mailbox: MailboxSettings | null, poll: Awaited<ReturnType<typeof repo.findMailboxPoll>>) {
  return {
    mailbox: publicMailbox(mailbox),
    lastPolledAt: poll?.lastPolledAt ?? null,
    lastError: poll?.lastError ?? null,
    lastErrorAt: poll?.lastErrorAt ?? null,
  };
}
