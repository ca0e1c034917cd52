/** The requests that may replace files, and do only with `overwrite: true`. */
const WRITES = new Set(["file.save", "training.export"]);

/**
 * Which paths the user has agreed to replace, so the writes to them carry `overwrite: true` and
 * every other write keeps the server's default (refuse to replace, reply `EXISTS`):
 * - a path the user agreed to in a save dialog ({@link OverwriteConsent.confirm}, called once
 *   every file the save would replace was asked about); such a consent serves one write;
 * - the files this window opened, saved or restored as its graph: Save writes them without
 *   asking again.
 * A request that sets `overwrite` itself is sent as it is.
 */
export class OverwriteConsent {
  private readonly confirmed = new Set<string>();
  private readonly own = new Set<string>();

  /** The user agreed to replace what is at `path`, once. */
  confirm(path: string): void {
    this.confirmed.add(path);
  }

  /** The window's graph is the file at `path` (recovered work restored): Save replaces it without asking. */
  adopt(path: string): void {
    this.own.add(path);
  }

  /** The payload to send: with `overwrite: true` when the user agreed to replace its path. */
  apply(channel: string, payload: unknown): unknown {
    if (!WRITES.has(channel) || typeof payload !== "object" || payload === null) return payload;
    const { path, overwrite } = payload as { path?: unknown; overwrite?: unknown };
    if (overwrite !== undefined || typeof path !== "string") return payload;
    const agreed = this.confirmed.delete(path) || (channel === "file.save" && this.own.has(path));
    return agreed ? { ...payload, overwrite: true } : payload;
  }

  /** Learns from a successful reply: a graph file opened or saved is the window's own. */
  observe(channel: string, value: unknown): void {
    const reply = value as { path?: unknown; ok?: unknown; model?: unknown } | null;
    if (typeof reply?.path !== "string") return;
    if (channel === "file.save" || (channel === "file.open" && reply.ok === true && !reply.model)) {
      this.own.add(reply.path);
    }
  }
}
