/**
 * Which editor (a browser tab, an Electron window) edits under which autosave session, so that one
 * editor's unsaved work is never offered to, or thrown away by, another that runs at the same time.
 */

/** One editor's link to the back end: a WebSocket of `netloom serve`, or an Electron window. */
export interface Connection {
  /** False once the tab or window is gone (closed, crashed, reloaded). */
  alive(): boolean;
}

/** The sessions the editors of this process have claimed, each by the connection that edits it. */
export class SessionClaims {
  private readonly claims = new Map<string, Connection>();

  /**
   * Claims `session` for `connection`; false when another connection that is still alive holds it
   * (a duplicated tab copies its session id: it must take a new one).
   */
  claim(session: string, connection: Connection): boolean {
    const holder = this.claims.get(session);
    if (holder && holder !== connection && holder.alive()) return false;
    this.claims.set(session, connection);
    for (const [id, c] of this.claims) if (!c.alive()) this.claims.delete(id);
    return true;
  }

  /** Whether an editor other than `connection` is alive and edits `session`. */
  heldByOther(session: string, connection: Connection): boolean {
    const holder = this.claims.get(session);
    return holder !== undefined && holder !== connection && holder.alive();
  }
}

/** Whether the process `pid` still runs: another NetLoom whose editors may still be open. */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, as another user.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
