import { z } from "zod";

/**
 * Where a region's desk mailbox lives (ADR 0005): an IMAP account kept in
 * `regions.settings.mailbox`, set by the region administrator. The password is write-only:
 * it is read by the poller, never answered by the API.
 */
const Hostname = z
  .string()
  .trim()
  .min(1, "Indiquez le serveur IMAP.")
  .max(253, "Nom de serveur trop long.")
  .regex(
    /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*$|^\[?[0-9a-fA-F:.]+\]?$/,
    "Nom de serveur invalide (ex. imap.region.fr).",
  );

const fields = {
  enabled: z.boolean(),
  host: Hostname,
  port: z.number().int("Port entier.").min(1, "Port de 1 à 65535.").max(65535, "Port de 1 à 65535."),
  /** Implicit TLS (IMAPS, usually port 993). Without it, the connection upgrades with STARTTLS when the server offers it. */
  tls: z.boolean(),
  user: z.string().trim().min(1, "Indiquez l'identifiant du compte.").max(320, "Identifiant trop long."),
  password: z.string().min(1, "Indiquez le mot de passe.").max(500, "Mot de passe trop long."),
  folder: z.string().trim().min(1, "Indiquez le dossier à relever.").max(200, "Nom de dossier trop long."),
  /**
   * The desk's public address (often the IMAP user): ticket mail is sent with it as Reply-To,
   * so that a school's answer reaches the mailbox and joins the ticket.
   */
  address: z.email("Adresse e-mail invalide (ex. support@region.fr).").max(320, "Adresse trop longue.").optional(),
};

export const MailboxSettingsSchema = z.object(fields);
export type MailboxSettings = z.infer<typeof MailboxSettingsSchema>;

/** What the region administrator sends: the password may be left out to keep the current one. */
export const MailboxSettingsInputSchema = z
  .object({
    enabled: fields.enabled.default(true),
    host: fields.host,
    port: fields.port.default(993),
    tls: fields.tls.default(true),
    user: fields.user,
    password: fields.password.optional(),
    folder: fields.folder.default("INBOX"),
    address: fields.address,
  })
  .strict();
export type MailboxSettingsInput = z.infer<typeof MailboxSettingsInputSchema>;

/** The stored account, or null when the region has none (or a hand-edited, unusable one). */
export function storedMailbox(settings: unknown): MailboxSettings | null {
  const parsed = MailboxSettingsSchema.safeParse((settings as { mailbox?: unknown } | null | undefined)?.mailbox);
  return parsed.success ? parsed.data : null;
}

/** The settings as the API shows them: everything but the password. */
export function publicMailbox(mailbox: MailboxSettings | null) {
  if (!mailbox) return null;
  const { password, address, ...visible } = mailbox;
  return { ...visible, address: address ?? null, hasPassword: password.length > 0 };
}

/** Where answers to the region's ticket mail should go: its desk mailbox, when one is in use. */
export function deskReplyAddress(settings: unknown): string | null {
  const mailbox = storedMailbox(settings);
  return mailbox?.enabled ? (mailbox.address ?? (mailbox.user.includes("@") ? mailbox.user : null)) : null;
}
