import { mkdir, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import writeFileAtomic from "write-file-atomic";
import { type RecentFile, zRecentFile } from "../../shared/api";

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
export function serial<T>(dataDir: string, step: () => Promise<T>): Promise<T> {
  const next = (queues.get(dataDir) ?? Promise.resolve()).then(step, step);
  queues.set(
    dataDir,
    next.catch(() => {}),
  );
  return next;
}

/** A JSON file's value; null when it is missing or damaged. */
export async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, "utf8"));
  } catch {
    return null;
  }
}

/** Writes a JSON file into the data folder (made if missing), atomically. */
export async function writeJson(dataDir: string, name: string, value: unknown): Promise<void> {
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
