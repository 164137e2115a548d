import type { SessionActor } from "./actor.ts";

/**
 * The sessions this process looked up lately, by token hash. It spares a hot read its own
 * session lookup: the route's statement checks the cached session instead (`sessionCheckSql`),
 * so a logout, an expiry or a change of rights in any process is seen at once. It holds no
 * state another process needs: a process that does not have a session simply looks it up.
 */
export class SessionCache {
  private readonly entries = new Map<string, SessionActor>();

  constructor(private readonly capacity: number) {}

  /** The cached session, unless it expired by its own date (the check would refuse it anyway). */
  get(tokenHash: string, now: Date): SessionActor | undefined {
    const entry = this.entries.get(tokenHash);
    if (!entry) return undefined;
    this.entries.delete(tokenHash);
    if (entry.session.expiresAt <= now) return undefined;
    this.entries.set(tokenHash, entry); // Most recently used last: eviction takes the first.
    return entry;
  }

  set(tokenHash: string, entry: SessionActor) {
    this.entries.delete(tokenHash);
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(tokenHash, entry);
  }

  delete(tokenHash: string) {
    this.entries.delete(tokenHash);
  }

  get size() {
    return this.entries.size;
  }
}
