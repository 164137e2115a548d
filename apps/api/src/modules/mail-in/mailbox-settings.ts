import { z } from "zod";
import { AppError } from "../../errors.ts";
import { isSealed, seal, UnsealError, unseal } from "../../lib/secrets.ts";

/**
 * Where a region's desk mailbox lives (ADR 0005): an IMAP account kept in
 * `regions.settings.mailbox`, set by the region administrator. The password is write-only:
 * it is read by the poller, never answered by the API. It is stored sealed (lib/secrets.ts,
 * AES-256-GCM under RELAIS_SECRET_KEY) and opened only by the poller, when it logs in.
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
  /** As entered by the administrator; in the stored account, sealed (or, from an earlier version, in clear). */
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

/**
 * The password as it is stored: sealed under the platform's key, bound to its region (a sealed
 * value copied into another region's settings does not open). Without a key (DATABASE_URL and
 * no RELAIS_SECRET_KEY) it is refused, in French, saying what to set: never kept in clear.
 */
export function sealMailboxPassword(key: Buffer | null, regionId: string, password: string): string {
  if (!key)
    throw new AppError(
      "conflict",
      "Le mot de passe de la boîte aux lettres ne peut pas être enregistré : le serveur n'a pas de clé de chiffrement. " +
        "L'exploitant doit définir RELAIS_SECRET_KEY (32 octets en base64, ex. « openssl rand -base64 32 ») puis redémarrer Relais.",
    );
  return seal(key, password, passwordContext(regionId));
}

/**
 * The stored password made ready to be kept on a save that leaves it out: sealed when it was in
 * clear and a key is there, as it is otherwise (a sealed one is never opened for this).
 */
export function keptMailboxPassword(key: Buffer | null, regionId: string, stored: string): string {
  return key && !isSealed(stored) ? seal(key, stored, passwordContext(regionId)) : stored;
}

/** Why the poller cannot open the stored password: said in French as the poll's error. */
export class MailboxPasswordUnreadable extends Error {}

/**
 * The password to log in with, for the poller only. A password saved in clear by an earlier
 * version of Relais is still read as it is: nothing migrates it, the next save of the settings
 * seals it (keptMailboxPassword). A sealed one needs the key it was sealed with.
 */
export function openMailboxPassword(key: Buffer | null, regionId: string, stored: string): string {
  if (!isSealed(stored)) return stored;
  if (!key)
    throw new MailboxPasswordUnreadable(
      "le mot de passe enregistré est chiffré et le serveur n'a pas de clé (RELAIS_SECRET_KEY non défini) : définissez la clé avec laquelle il a été enregistré, ou ressaisissez le mot de passe.",
    );
  try {
    return unseal(key, stored, passwordContext(regionId));
  } catch (error) {
    if (!(error instanceof UnsealError)) throw error;
    throw new MailboxPasswordUnreadable(
      "le mot de passe enregistré ne s'ouvre pas avec la clé du serveur (RELAIS_SECRET_KEY a changé ?) : remettez l'ancienne clé, ou ressaisissez le mot de passe dans les réglages du support.",
      { cause: error },
    );
  }
}

const passwordContext = (regionId: string) => `regions.settings.mailbox.password:${regionId}`;
