import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import nodemailer from "nodemailer";
import type { Ctx } from "../../context.ts";
import type { Db } from "../../db/client.ts";
import { outboxMessages } from "./mail.schema.ts";
import { type MailTemplate, type MailVariables, renderMail, textToHtml } from "./mail.templates.ts";

export const DELIVER_OUTBOX_JOB = "outbox.deliver";
const MAX_ATTEMPTS = 8;
const BATCH = 50;

/**
 * Queues a French e-mail in the outbox, inside the caller's transaction: the message exists
 * if and only if the change that caused it committed. Delivery happens in a job.
 */
export async function queueMail<T extends MailTemplate>(
  ctx: Pick<Ctx, "db" | "jobs">,
  message: { to: string; template: T; variables: MailVariables<T>; regionId?: string | null; replyTo?: string | null },
): Promise<void> {
  const rendered = renderMail(message.template, message.variables);
  await ctx.db.insert(outboxMessages).values({
    regionId: message.regionId ?? null,
    template: message.template,
    toAddress: message.to,
    subject: rendered.subject,
    textBody: rendered.text,
    htmlBody: textToHtml(rendered.text),
    replyTo: message.replyTo ?? null,
  });
  await ctx.jobs.send(DELIVER_OUTBOX_JOB, {}, { singletonKey: "outbox" });
}

export type Transport = {
  sendMail: (mail: {
    from: string;
    to: string;
    replyTo?: string;
    subject: string;
    text: string;
    html?: string;
    headers?: Record<string, string>;
  }) => Promise<unknown>;
};

export function createTransport(smtpUrl: string | undefined): Transport | null {
  return smtpUrl ? nodemailer.createTransport(smtpUrl) : null;
}

/**
 * Sends what is due. Rows are claimed with FOR UPDATE SKIP LOCKED so several processes never
 * send one message twice; a failure is retried with a growing delay, then marked failed.
 * Without SMTP, messages are marked "held" and stay readable in the outbox page.
 */
export async function deliverOutbox(db: Db, transport: Transport | null, from: string): Promise<{ sent: number; failed: number; held: number }> {
  const counts = { sent: 0, failed: 0, held: 0 };
  if (!transport) {
    const held = await db.update(outboxMessages).set({ status: "held" }).where(eq(outboxMessages.status, "pending")).returning({ id: outboxMessages.id });
    counts.held = held.length;
    return counts;
  }
  for (;;) {
    const claimed = await db.transaction(async (tx) => {
      const due = await tx
        .select()
        .from(outboxMessages)
        .where(and(inArray(outboxMessages.status, ["pending", "held"]), lte(outboxMessages.nextAttemptAt, sql`now()`)))
        .orderBy(asc(outboxMessages.createdAt))
        .limit(BATCH)
        .for("update", { skipLocked: true });
      for (const message of due) {
        try {
          await transport.sendMail({
            from,
            to: message.toAddress,
            ...(message.replyTo ? { replyTo: message.replyTo } : {}),
            subject: message.subject,
            text: message.textBody,
            ...(message.htmlBody ? { html: message.htmlBody } : {}),
            headers: { "X-Relais-Message-Id": message.id, "Auto-Submitted": "auto-generated" },
          });
          await tx
            .update(outboxMessages)
            .set({ status: "sent", sentAt: sql`now()`, attempts: message.attempts + 1, lastError: null })
            .where(eq(outboxMessages.id, message.id));
          counts.sent++;
        } catch (error) {
          const attempts = message.attempts + 1;
          const gaveUp = attempts >= MAX_ATTEMPTS;
          await tx
            .update(outboxMessages)
            .set({
              status: gaveUp ? "failed" : "pending",
              attempts,
              lastError: String((error as Error).message).slice(0, 500),
              nextAttemptAt: sql`now() + make_interval(secs => ${30 * 2 ** attempts})`,
            })
            .where(eq(outboxMessages.id, message.id));
          counts.failed++;
        }
      }
      return due.length;
    });
    if (claimed < BATCH) return counts;
  }
}
