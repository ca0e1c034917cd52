import { readdir, rm } from "node:fs/promises";
import path from "node:path";
import { ApiError, type Autosave, zAutosave } from "../../shared/api";
import { type GraphDocument, parseGraph } from "../../shared/graph";
import type { HandlerContext, Handlers } from "./context";
import { type Connection, processAlive, SessionClaims } from "./sessions";
import { readJson, serial, writeJson } from "./userData";

/** `autosave-<session>.json`: one file per editor session, so no editor overwrites another's. */
const FILE = /^autosave-([\w-]{1,64})\.json$/;
const fileOf = (session: string) => `autosave-${session}.json`;

/** An autosave as kept on disk: the work, and the process whose editor wrote it. */
type Stored = Autosave & { pid: number | null };

async function readStored(dataDir: string, name: string): Promise<Stored | null> {
  const raw = (await readJson(path.join(dataDir, name))) as Record<string, unknown> | null;
  if (!raw) return null;
  const doc = parseGraph(raw.doc);
  if (!doc.ok) return null;
  const parsed = zAutosave.safeParse({ ...raw, doc: doc.doc });
  if (!parsed.success || fileOf(parsed.data.session) !== name) return null;
  return { ...parsed.data, pid: typeof raw.pid === "number" && Number.isInteger(raw.pid) ? raw.pid : null };
}

/** Every readable autosave of the data folder, newest first; damaged ones are left out. */
async function listStored(dataDir: string): Promise<Stored[]> {
  const names = await readdir(dataDir).catch(() => [] as string[]);
  const stored = await Promise.all(names.filter((n) => FILE.test(n)).map((n) => readStored(dataDir, n)));
  return stored.filter((s): s is Stored => s !== null).sort((a, b) => b.savedAt.localeCompare(a.savedAt));
}

/** Replaces a session's autosave with this graph (atomically, so a crash mid-write keeps the old one). */
export function writeAutosave(
  dataDir: string,
  session: string,
  doc: GraphDocument,
  file: string | null,
  now = new Date(),
) {
  return serial(dataDir, async () => {
    const savedAt = now.toISOString();
    await writeJson(dataDir, fileOf(session), { savedAt, path: file, session, pid: process.pid, doc });
    return { savedAt };
  });
}

/** Removes a session's autosave once its work is saved or discarded. */
export function clearAutosave(dataDir: string, session: string): Promise<void> {
  return serial(dataDir, () => rm(path.join(dataDir, fileOf(session)), { force: true }));
}

/** The claims of each data folder's sessions, for hosts that keep none themselves (tests, tools). */
const claimsByDir = new Map<string, SessionClaims>();
/** A context's own connection, for hosts that give none: alive as long as the context is used. */
const ownConnections = new WeakMap<HandlerContext, Connection>();

function sessionsOf(ctx: HandlerContext): { claims: SessionClaims; connection: Connection } {
  let claims = ctx.sessions ?? claimsByDir.get(ctx.dataDir);
  if (!claims) {
    claims = new SessionClaims();
    claimsByDir.set(ctx.dataDir, claims);
  }
  let connection = ctx.connection ?? ownConnections.get(ctx);
  if (!connection) {
    connection = { alive: () => true };
    ownConnections.set(ctx, connection);
  }
  return { claims, connection };
}

function claim(ctx: HandlerContext, session: string): { claims: SessionClaims; connection: Connection } {
  const held = sessionsOf(ctx);
  if (!held.claims.claim(session, held.connection)) {
    throw new ApiError("BUSY", "another open NetLoom tab or window edits under this autosave session");
  }
  return held;
}

/**
 * Whether an autosave belongs to an editor that may still be open: a tab or window of this process
 * that holds its session, or any editor of another NetLoom process that still runs.
 */
function inUse(stored: Stored, claims: SessionClaims, connection: Connection): boolean {
  if (claims.heldByOther(stored.session, connection)) return true;
  return stored.pid !== null && stored.pid !== process.pid && processAlive(stored.pid);
}

/** The autosave handlers: each editor's session has its own file, and no editor touches another's. */
export const autosaveHandlers: Pick<Handlers, "autosave.read" | "autosave.write" | "autosave.clear"> = {
  "autosave.read": async ({ session }, ctx) => {
    const { claims, connection } = claim(ctx, session);
    const all = await listStored(ctx.dataDir);
    const own = all.filter((s) => s.session === session);
    const left = all.filter((s) => s.session !== session && !inUse(s, claims, connection));
    return [...own, ...left].map(({ pid: _pid, ...autosave }) => autosave);
  },

  "autosave.write": ({ session, doc, path: file }, ctx) => {
    claim(ctx, session);
    return writeAutosave(ctx.dataDir, session, doc, file);
  },

  "autosave.clear": async ({ session }, ctx) => {
    const { claims, connection } = sessionsOf(ctx);
    const stored = await readStored(ctx.dataDir, fileOf(session));
    if (stored && inUse(stored, claims, connection)) {
      throw new ApiError("BUSY", "that unsaved work belongs to a NetLoom tab or window that is still open");
    }
    await clearAutosave(ctx.dataDir, session);
    return {};
  },
};
