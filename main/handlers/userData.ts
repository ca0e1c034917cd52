import { mkdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import writeFileAtomic from "write-file-atomic";
import { type Autosave, type RecentFile, zAutosave, zRecentFile } from "../../shared/api";
import { type GraphDocument, parseGraph } from "../../shared/graph";

/** How many recent files are remembered. */
export const MAX_RECENT = 12;

/** The per-user data folder of `netloom serve`; Electron uses `app.getPath("userData")` instead. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.NETLOOM_DATA_DIR) return env.NETLOOM_DATA_DIR;
  if (process.platform === "win32") return path.join(env.APPDATA ?? os.homedir(), "NetLoom");
  if (process.platform === "darwin") return path.join(os.homedir(), "Library", "Application Support", "NetLoom");
  return path.join(env.XDG_CONFIG_HOME ?? path.join(os.homedir(), ".config"), "netloom");
}

/** Read-modify-write steps on one data folder run one after another, so two requests never race. */
const queues = new Map<string, Promise<unknown>>();
function serial<T>(dataDir: string, step: () => Promise<T>): Promise<T> {
  const next = (queues.get(dataDir) ?? Promise.resolve()).then(step, step);
  queues.set(
    dataDir,
    next.catch(() => {}),
  );
  return next;
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, "utf8"));
  } catch {
    return null;
  }
}

async function writeJson(dataDir: string, name: string, value: unknown): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  await writeFileAtomic(path.join(dataDir, name), `${JSON.stringify(value, null, 2)}\n`);
}

/** The recent-files list, newest first; a damaged list reads as empty. */
export async function readRecent(dataDir: string): Promise<RecentFile[]> {
  const raw = (await readJson(path.join(dataDir, "recent.json"))) as { files?: unknown } | null;
  const parsed = zRecentFile.array().safeParse(raw?.files);
  return parsed.success ? parsed.data : [];
}

/** Puts a file at the top of the recent list. */
export function addRecent(dataDir: string, file: string, now = new Date()): Promise<RecentFile[]> {
  return serial(dataDir, async () => {
    const full = path.resolve(file);
    const files = [
      { path: full, name: path.basename(full), openedAt: now.toISOString() },
      ...(await readRecent(dataDir)).filter((f) => f.path !== full),
    ].slice(0, MAX_RECENT);
    await writeJson(dataDir, "recent.json", { files });
    return files;
  });
}

/** Empties the recent-files list. */
export function clearRecent(dataDir: string): Promise<RecentFile[]> {
  return serial(dataDir, async () => {
    await writeJson(dataDir, "recent.json", { files: [] });
    return [];
  });
}

/** Replaces the autosave with this graph (atomically, so a crash mid-write keeps the old one). */
export function writeAutosave(dataDir: string, doc: GraphDocument, file: string | null, now = new Date()) {
  return serial(dataDir, async () => {
    const savedAt = now.toISOString();
    await writeJson(dataDir, "autosave.json", { savedAt, path: file, doc });
    return { savedAt };
  });
}

/** The autosaved graph, migrated like any file; null when there is none or it is damaged. */
export async function readAutosave(dataDir: string): Promise<Autosave | null> {
  const raw = (await readJson(path.join(dataDir, "autosave.json"))) as Record<string, unknown> | null;
  if (!raw) return null;
  const doc = parseGraph(raw.doc);
  if (!doc.ok) return null;
  const parsed = zAutosave.safeParse({ ...raw, doc: doc.doc });
  return parsed.success ? parsed.data : null;
}

/** Removes the autosave once its work is saved or discarded. */
export function clearAutosave(dataDir: string): Promise<void> {
  return serial(dataDir, () => rm(path.join(dataDir, "autosave.json"), { force: true }));
}
