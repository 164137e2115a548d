import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { openPglite } from "../src/db/client.ts";
import { DataDirLockedError, lockDataDir } from "../src/db/data-dir-lock.ts";
import { openDatabase } from "../src/db/open.ts";

/**
 * The embedded database allows one process per data directory: proved with real second
 * processes (the server entry itself, and a small script that opens the directory).
 */
const apiDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const SLOW = { timeout: 180_000 };
const children = new Set<ChildProcess>();
const dirs: string[] = [];

/** A data directory initialised once and copied: creating one costs seconds, copying it nothing. */
let template: string;
beforeAll(async () => {
  template = tempDataDir();
  const database = await openPglite(join(template, "pgdata"));
  await database.close();
}, 120_000);

afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.pid) process.kill(child.pid);
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function tempDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "relais-data-"));
  dirs.push(dir);
  return dir;
}

function initialisedDataDir(): string {
  const dir = tempDataDir();
  cpSync(join(template, "pgdata"), join(dir, "pgdata"), { recursive: true });
  return dir;
}

/** The environment of a real start on PGlite: whatever this run uses, the child has no PostgreSQL. */
function childEnv(dataDir: string): NodeJS.ProcessEnv {
  const { DATABASE_URL: _db, INIT_CWD: _cwd, VITEST: _v, ...rest } = process.env;
  return { ...rest, NODE_ENV: "test", LOG_LEVEL: "silent", DATA_DIR: dataDir, PORT: "0", JOBS: "off" };
}

type Run = { child: ChildProcess; output: () => { stdout: string; stderr: string }; exited: Promise<number | null>; waitFor: (text: string) => Promise<void> };

function run(args: string[], dataDir: string): Run {
  const child = spawn(process.execPath, ["--import", "tsx", ...args], { cwd: apiDir, env: childEnv(dataDir), stdio: ["pipe", "pipe", "pipe"] });
  children.add(child);
  let stdout = "";
  let stderr = "";
  const waiters: { text: string; resolve: () => void }[] = [];
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  child.stdout!.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const waiter of waiters.filter((w) => stdout.includes(w.text))) waiter.resolve();
  });
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return {
    child,
    exited,
    output: () => ({ stdout, stderr }),
    waitFor: (text) =>
      new Promise<void>((resolve, reject) => {
        if (stdout.includes(text)) return resolve();
        waiters.push({ text, resolve });
        void exited.then((code) => reject(new Error(`exited with ${code} before printing "${text}": ${stdout} ${stderr}`)));
      }),
  };
}

const openInChild = (dataDir: string, mode?: "hold") => run(["test/fixtures/open-data-dir.ts", dataDir, ...(mode ? [mode] : [])], dataDir);
const lockMessage = (dataDir: string, pid: number) => `Le dossier de données ${dataDir} est déjà utilisé par un autre processus Relais (pid ${pid}).`;

describe("one process per data directory", () => {
  it("the server refuses to start on a directory another process holds, in French", SLOW, async () => {
    const dataDir = tempDataDir();
    const lock = lockDataDir(dataDir);
    try {
      const server = run(["src/server.ts"], dataDir);
      expect(await server.exited).not.toBe(0);
      expect(server.output().stderr).toContain(lockMessage(dataDir, process.pid));
      expect(server.output().stderr).toContain("utilisez PostgreSQL (DATABASE_URL)");
      // The refused process left the lock alone.
      expect(readFileSync(join(dataDir, "relais.lock"), "utf8")).toBe(String(process.pid));
      expect(existsSync(join(dataDir, "pgdata"))).toBe(false);
    } finally {
      lock.release();
    }
    expect(existsSync(join(dataDir, "relais.lock"))).toBe(false);
  });

  it("takes over a lock left by a process that died", SLOW, async () => {
    const dataDir = initialisedDataDir();
    const dead = spawn(process.execPath, ["-e", "0"]);
    const deadPid = dead.pid!;
    await new Promise((resolve) => dead.on("exit", resolve));
    writeFileSync(join(dataDir, "relais.lock"), String(deadPid));

    const child = openInChild(dataDir);
    expect(await child.exited, child.output().stderr).toBe(0);
    expect(child.output().stdout).toContain(`ouvert par ${child.child.pid}`);
    expect(child.output().stdout).toContain("fermé");
    // Closed: the lock went with it.
    expect(existsSync(join(dataDir, "relais.lock"))).toBe(false);
  });

  it("lets another process open the directory once this one has closed it", SLOW, async () => {
    const dataDir = initialisedDataDir();
    const database = await openDatabase(loadConfig({ NODE_ENV: "test", DATA_DIR: dataDir }), { migrate: false });
    let closed = false;
    try {
      const refused = openInChild(dataDir);
      expect(await refused.exited).toBe(2);
      expect(refused.output().stderr).toContain(lockMessage(dataDir, process.pid));
      await database.close();
      closed = true;
      const opened = openInChild(dataDir);
      expect(await opened.exited, opened.output().stderr).toBe(0);
      expect(opened.output().stdout).toContain("fermé");
    } finally {
      if (!closed) await database.close();
    }
  });

  it("this process is refused while another holds the directory, and gets it when that one stops", SLOW, async () => {
    const dataDir = initialisedDataDir();
    const holder = openInChild(dataDir, "hold");
    await holder.waitFor("ouvert par");
    let refusal: unknown;
    try {
      lockDataDir(dataDir).release();
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(DataDirLockedError);
    expect((refusal as DataDirLockedError).holderPid).toBe(holder.child.pid);
    expect((refusal as Error).message).toBe(
      `${lockMessage(dataDir, holder.child.pid!)} La base embarquée ne supporte qu'un seul processus : arrêtez l'autre, ou utilisez PostgreSQL (DATABASE_URL) pour en lancer plusieurs.`,
    );

    holder.child.stdin!.write("stop\n");
    expect(await holder.exited).toBe(0);
    const lock = lockDataDir(dataDir);
    expect(readFileSync(join(dataDir, "relais.lock"), "utf8")).toBe(String(process.pid));
    lock.release();
  });
});
