import { chmodSync, closeSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";
import { type Config, ConfigError } from "../config.ts";
import { generateSecretKey, parseSecretKey } from "./secrets.ts";

/** Beside the embedded database in DATA_DIR: a backup of the folder takes the key with the data it opens. */
export const SECRET_KEY_FILE = "secret.key";

/**
 * The secrets' key for a configuration without RELAIS_SECRET_KEY. On the embedded database
 * (the demo, a trial on one machine) nobody should have to make one up: it is generated on the
 * first start into DATA_DIR (mode 0600) and read again on the next ones. With DATABASE_URL
 * (production) there is no folder that goes with the database, so no key is made: the secrets
 * cannot be saved until RELAIS_SECRET_KEY is set (the mailbox settings say so).
 */
export function withSecretKey(config: Config): Config {
  if (config.secretKey || config.DATABASE_URL) return config;
  return { ...config, secretKey: dataDirSecretKey(config.DATA_DIR) };
}

export function dataDirSecretKey(dataDir: string): Buffer {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, SECRET_KEY_FILE);
  try {
    return readKeyFile(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  // Written whole under another name, then linked into place: a crash never leaves a half key,
  // and if another process got there first, the link fails and its key is the one read.
  const draft = `${path}.${process.pid}.tmp`;
  const fd = openSync(draft, "w", 0o600);
  try {
    writeSync(fd, `${generateSecretKey().toString("base64")}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(draft, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    rmSync(draft, { force: true });
  }
  return readKeyFile(path);
}

function readKeyFile(path: string): Buffer {
  const key = parseSecretKey(readFileSync(path, "utf8"));
  if (!key)
    throw new ConfigError(
      `Le fichier ${path} ne contient pas une clé de 32 octets en base64 : remettez-le depuis une sauvegarde, ou définissez RELAIS_SECRET_KEY. ` +
        "(Le supprimer en crée une nouvelle au démarrage : les mots de passe de boîte aux lettres enregistrés seront alors à ressaisir.)",
    );
  // Someone copied it with looser rights: only this user needs to read it.
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  return key;
}
