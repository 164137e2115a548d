import "@relais/shared/zod-fr";
import { resolve } from "node:path";
import { z } from "zod";
import { parseSecretKey } from "./lib/secrets.ts";

/**
 * The only reader of process.env. Every variable is validated at boot, and a bad one stops
 * the process with a message listing everything that is wrong.
 */
const booleanFlag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

const PORT_MESSAGE = "doit être un numéro de port, nombre entier de 0 à 65535";

const ConfigSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number({ error: PORT_MESSAGE }).int(PORT_MESSAGE).min(0, PORT_MESSAGE).max(65535, PORT_MESSAGE).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  /** Relative to where the command was typed: npm runs workspace scripts in their own folder but says where it started (INIT_CWD). */
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "doit commencer par postgres:// ou postgresql://")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "doit commencer par smtp:// ou smtps://")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  MAIL_FROM: z.string().min(3).default("Relais <ne-pas-repondre@relais.localhost>"),
  PUBLIC_URL: z.url("doit être une URL complète, ex. https://relais.region.fr").optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Demo mode: demo accounts may log in. Set by `npm start` when it loads the demo region. */
  RELAIS_DEMO: booleanFlag,
  /** Serve the built web app from this folder (defaults to apps/web/dist when present). */
  WEB_DIST_DIR: z.string().optional(),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  TRUST_PROXY: booleanFlag,
  /** Secure cookies need HTTPS; default on when PUBLIC_URL is https. */
  COOKIE_SECURE: z.enum(["true", "false"]).optional(),
  JOBS: z.enum(["on", "off"]).default("on"),
  /**
   * The key that seals the secrets Relais keeps for other servers (a desk mailbox's password,
   * lib/secrets.ts). Left out on the embedded database, one is generated into DATA_DIR
   * (lib/secret-key-file.ts); left out with DATABASE_URL, those secrets cannot be saved.
   */
  RELAIS_SECRET_KEY: z
    .string()
    .optional()
    .transform((value, context) => {
      if (value === undefined || value.trim() === "") return null;
      const key = parseSecretKey(value);
      if (!key)
        context.addIssue({
          code: "custom",
          message:
            "doit être une clé de 32 octets, écrite en base64 (44 caractères) ou en hexadécimal (64 caractères) ; générez-en une avec « openssl rand -base64 32 »",
        });
      return key;
    }),
});

export type Config = Omit<z.infer<typeof ConfigSchema>, "RELAIS_SECRET_KEY"> & {
  publicUrl: string;
  cookieSecure: boolean;
  /** The secrets' key (32 bytes), or null when none is set (with DATABASE_URL, no secret can be saved). */
  secretKey: Buffer | null;
};

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  - ${issue.path.join(".")} : ${issue.message}`);
    throw new ConfigError(`Configuration invalide :\n${lines.join("\n")}`);
  }
  const { RELAIS_SECRET_KEY: secretKey, ...data } = parsed.data;
  const config = { ...data, DATA_DIR: resolve(env.INIT_CWD || process.cwd(), data.DATA_DIR) };
  const publicUrl = config.PUBLIC_URL ?? `http://${config.HOST === "0.0.0.0" ? "localhost" : config.HOST}:${config.PORT}`;
  const cookieSecure = config.COOKIE_SECURE ? config.COOKIE_SECURE === "true" : publicUrl.startsWith("https://");
  return { ...config, publicUrl, cookieSecure, secretKey };
}
