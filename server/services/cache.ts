/**
 * Answers of the analysis routes kept in memory until the graph changes. Imports may run from another process,
 * so the graph's version (stamped after every import's analyses) is read at most once a second.
 */
import type { Db } from '../db/driver.ts';
import { graphVersion } from '../db/queries/meta.ts';

/** Answers kept until the graph's version changes, at most `maxEntries` of them. */
export class GraphCache {
  private version = -1;
  private checkedAt = 0;
  private checking: Promise<number> | null = null;
  private entries = new Map<string, Promise<unknown>>();

  constructor(
    private db: Db,
    private checkEveryMs = 1000,
    private maxEntries = 500,
  ) {}

  private listeners: (() => void)[] = [];
  private timer: NodeJS.Timeout | null = null;

  /**
   * Calls `fn` whenever the graph is found changed (and once now): to compute the answers users will ask for
   * before they ask. The graph is looked at every `everyMs` even without requests, since imports run elsewhere.
   */
  onNewVersion(fn: () => void, everyMs = 5000): void {
    this.listeners.push(fn);
    // a failed look (the database down) is repeated at the next tick
    const look = () => void this.currentVersion().catch(() => undefined);
    this.timer ??= setInterval(look, everyMs).unref();
    look();
  }

  /** Looks at the graph's version again at the next request: this process has just changed the graph. */
  changed(): void {
    this.checkedAt = 0;
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async currentVersion(): Promise<number> {
    if (Date.now() - this.checkedAt < this.checkEveryMs) return this.version;
    this.checking ??= this.db
      .query(graphVersion, {})
      .then((rows) => rows[0]?.v ?? 0)
      .finally(() => (this.checking = null));
    const v = await this.checking;
    this.checkedAt = Date.now();
    if (v !== this.version) {
      this.version = v;
      this.entries.clear();
      for (const fn of this.listeners) fn();
    }
    return v;
  }

  async get<T>(key: string, compute: () => Promise<T>): Promise<T> {
    await this.currentVersion();
    const hit = this.entries.get(key) as Promise<T> | undefined;
    if (hit) return hit;
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    const p = compute();
    this.entries.set(key, p);
    // a failure (the database down, say) is not kept
    p.catch(() => this.entries.delete(key));
    return p;
  }
}
