import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, connect as tcpConnect } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { ImapFlow } from "imapflow";

/**
 * A real IMAP server for the tests: Debian's Dovecot, started from a configuration written in
 * a temporary folder (its sockets, state, log and maildirs there too), listening on 127.0.0.1
 * on a free port, any user name accepted with one password. Mail reaches it the way it reaches
 * the desk mailbox for the poller: IMAP APPEND. If Dovecot cannot start, this throws with its
 * log: the mail-in tests fail, they never skip.
 */
export type Dovecot = {
  host: string;
  port: number;
  password: string;
  /** Delivers a message to a user's folder, unseen. */
  append: (user: string, raw: Buffer | string, folder?: string) => Promise<void>;
  /** UIDs of the unseen messages of a user's folder. */
  unseen: (user: string, folder?: string) => Promise<number[]>;
  /** How many messages the folder holds, seen or not. */
  count: (user: string, folder?: string) => Promise<number>;
  stop: () => Promise<void>;
};

const DOVECOT = process.env.DOVECOT_PATH ?? "/usr/sbin/dovecot";

function passwdEntry(name: string): { uid: number; gid: number } | null {
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${name}:`));
  if (!line) return null;
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

function groupName(gid: number): string {
  const line = readFileSync("/etc/group", "utf8")
    .split("\n")
    .find((l) => l.split(":")[2] === String(gid));
  return line?.split(":")[0] ?? String(gid);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const canConnect = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = tcpConnect({ host: "127.0.0.1", port }, () => {
      socket.end();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });

export async function startDovecot(): Promise<Dovecot> {
  if (!existsSync(DOVECOT)) throw new Error(`Dovecot is not installed (${DOVECOT}): apt-get install dovecot-imapd`);
  const dir = mkdtempSync(join(tmpdir(), "relais-dovecot-"));
  // Dovecot's login and mail processes may run as another user than the test: they must reach the folder.
  chmodSync(dir, 0o755);
  const me = userInfo();
  const isRoot = me.uid === 0;
  // As root, Dovecot refuses to run its login process and the mail of uid 0 as root: it takes
  // its unprivileged users. As anyone else, everything runs as that user.
  const loginUser = isRoot ? (passwdEntry("dovenull") ? "dovenull" : "nobody") : me.username;
  const mailOwner = isRoot ? (passwdEntry("nobody") ?? { uid: 65534, gid: 65534 }) : { uid: me.uid, gid: me.gid };
  const internalUser = isRoot ? "root" : me.username;
  const mail = join(dir, "mail");
  mkdirSync(mail);
  mkdirSync(join(dir, "run"));
  mkdirSync(join(dir, "state"));
  if (isRoot) chownSync(mail, mailOwner.uid, mailOwner.gid);
  const password = `imap-${Math.random().toString(36).slice(2, 10)}`;
  const port = await freePort();
  const log = join(dir, "dovecot.log");
  const conf = join(dir, "dovecot.conf");
  writeFileSync(
    conf,
    `base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${log}
info_log_path = ${log}
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = ${internalUser}
default_internal_group = ${groupName(isRoot ? 0 : me.gid)}
default_login_user = ${loginUser}
first_valid_uid = ${mailOwner.uid}
first_valid_gid = ${mailOwner.gid}
mail_location = maildir:${mail}/%u
passdb {
  driver = static
  args = password=${password}
}
userdb {
  driver = static
  args = uid=${mailOwner.uid} gid=${mailOwner.gid} home=${mail}/%u
}
service imap-login {
  chroot =
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service auth-worker {
  user = ${internalUser}
}
`,
  );
  const output: string[] = [];
  const child: ChildProcess = spawn(DOVECOT, ["-F", "-c", conf], { stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once("exit", () => {
      exited = true;
      resolve();
    }),
  );
  const logText = () => [output.join(""), existsSync(log) ? readFileSync(log, "utf8") : ""].join("\n");
  for (let attempt = 0; ; attempt++) {
    if (exited) throw new Error(`Dovecot stopped at start:\n${logText()}`);
    if (await canConnect(port)) break;
    if (attempt > 100) {
      child.kill("SIGTERM");
      throw new Error(`Dovecot did not listen on 127.0.0.1:${port} within 10 s:\n${logText()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const withClient = async <T>(user: string, run: (client: ImapFlow) => Promise<T>): Promise<T> => {
    const client = new ImapFlow({ host: "127.0.0.1", port, secure: false, auth: { user, pass: password }, logger: false });
    client.on("error", () => {});
    await client.connect();
    try {
      return await run(client);
    } finally {
      await client.logout().catch(() => client.close());
    }
  };
  const ensureFolder = async (client: ImapFlow, folder: string) => {
    if (folder.toUpperCase() !== "INBOX") await client.mailboxCreate(folder).catch(() => {});
  };

  return {
    host: "127.0.0.1",
    port,
    password,
    append: (user, raw, folder = "INBOX") =>
      withClient(user, async (client) => {
        await ensureFolder(client, folder);
        await client.append(folder, typeof raw === "string" ? Buffer.from(raw) : raw);
      }),
    unseen: (user, folder = "INBOX") =>
      withClient(user, async (client) => {
        await ensureFolder(client, folder);
        const lock = await client.getMailboxLock(folder);
        try {
          return ((await client.search({ seen: false }, { uid: true })) || []).sort((a, b) => a - b);
        } finally {
          lock.release();
        }
      }),
    count: (user, folder = "INBOX") =>
      withClient(user, async (client) => {
        await ensureFolder(client, folder);
        const status = await client.status(folder, { messages: true });
        return status ? (status.messages ?? 0) : 0;
      }),
    stop: async () => {
      if (!exited) {
        child.kill("SIGTERM");
        await exit;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
