import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";

/**
 * PGlite does not lock its data directory, and a second process writing to it corrupts it.
 * We take an exclusive lock file (O_EXCL create) holding our pid. A lock left by a process that
 * no longer exists (a crash, kill -9) is taken over; a live one makes us refuse to start.
 */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
  ) {
    super(
      `Le dossier de données ${dataDir} est déjà utilisé par un autre processus Relais (pid ${holderPid}). ` +
        "La base embarquée ne supporte qu'un seul processus : arrêtez l'autre, ou utilisez PostgreSQL (DATABASE_URL) pour en lancer plusieurs.",
    );
  }
}

export type DataDirLock = { release: () => void };

const LOCK_FILE = "relais.lock";

export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const lockPath = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        if (readHolder(lockPath) === process.pid) rmSync(lockPath, { force: true });
      };
      process.once("exit", release);
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readHolder(lockPath);
      if (holder !== null && holder !== process.pid && isAlive(holder)) throw new DataDirLockedError(dataDir, holder);
      // Stale lock: its process is gone. Remove it and try once more (the O_EXCL create
      // still arbitrates if another process is doing the same at this moment).
      rmSync(lockPath, { force: true });
    }
  }
  throw new DataDirLockedError(dataDir, readHolder(lockPath) ?? -1);
}

function readHolder(lockPath: string): number | null {
  try {
    const pid = Number.parseInt(readFileSync(lockPath, "utf8"), 10);
    return Number.isFinite(pid) ? pid : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
