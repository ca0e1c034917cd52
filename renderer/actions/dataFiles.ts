import type { DatasetInfo } from "../../shared/catalog";
import type { GraphNode } from "../../shared/graph";
import { api } from "../api";
import { type EditorStore, editorStore } from "../store";
import { type DataFiles, dataFileKey } from "../store/dataFiles";

/** Quiet time after an edit of a Dataset node before its files are read: typing a path asks once. */
export const READ_DELAY_MS = 400;

/** Reads the files a Dataset node names (its params), relative paths from `baseDir`. */
export type Inspect = (params: Record<string, unknown>, baseDir: string | undefined) => Promise<DatasetInfo>;

type Read = { info: DatasetInfo } | { error: string };
type FileNode = { node: GraphNode; key: string; baseDir: string | undefined };

/** The folder of the open graph file: relative data paths are read from there, as `netloom train` does. */
export function graphFolder(filePath: string | null): string | undefined {
  if (!filePath) return undefined;
  const cut = Math.max(filePath.lastIndexOf("/"), filePath.lastIndexOf("\\"));
  return cut > 0 ? filePath.slice(0, cut) : undefined;
}

/** The `baseDir` field of a request that reads data files: none when relative paths have no folder. */
export function baseDirField(baseDir: string | undefined): { baseDir?: string } {
  return baseDir ? { baseDir } : {};
}

/**
 * Keeps the shapes of the files a store's Dataset nodes name. Files are read when a node first
 * appears, again after each edit of it (once typing pauses), and whenever `reread` asks. Nothing
 * is kept as an answer for later: an error, or a file since changed, shows only until the next read.
 */
export function dataFileReader(store: EditorStore, inspect: Inspect, delayMs = READ_DELAY_MS) {
  /** The last answer for each set of files (a node's key), shown while a newer read is out. */
  const answers = new Map<string, Read>();
  const newest = new Map<string, number>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const seen = new Map<string, unknown>();
  let last: { doc: unknown; filePath: string | null } | null = null;
  let reads = 0;

  /** The Dataset nodes, with the key of the files they name (null: built-in data, or no file yet). */
  const datasetNodes = () => {
    const s = store.getState();
    const baseDir = graphFolder(s.filePath);
    return s.doc.nodes
      .filter((node) => node.kind === "Dataset")
      .map((node) => ({ node, key: dataFileKey(node.params, baseDir ?? null), baseDir }));
  };
  const fileNodes = () => datasetNodes().filter((n): n is FileNode => n.key !== null);

  const publish = () => {
    const next: DataFiles = { infos: {}, errors: {} };
    const used = new Set<string>();
    for (const { node, key } of fileNodes()) {
      used.add(key);
      const answer = answers.get(key);
      if (answer && "info" in answer) (next.infos as Record<string, DatasetInfo>)[node.id] = answer.info;
      else if (answer) (next.errors as Record<string, string>)[node.id] = answer.error;
    }
    for (const key of answers.keys()) if (!used.has(key)) answers.delete(key);
    if (JSON.stringify(next) !== JSON.stringify(store.getState().dataFiles)) store.getState().setDataFiles(next);
  };

  const read = async (key: string, params: Record<string, unknown>, baseDir: string | undefined) => {
    const mine = ++reads;
    newest.set(key, mine);
    let answer: Read;
    try {
      answer = { info: await inspect(params, baseDir) };
    } catch (err) {
      answer = { error: (err as Error).message };
    }
    // A newer read of the same files is on its way: its answer counts, not this one.
    if (newest.get(key) !== mine) return;
    answers.set(key, answer);
    publish();
  };

  /** Reads a node's files after `wait`; a later call for the node replaces one still waiting. */
  const cancel = (nodeId: string) => {
    clearTimeout(timers.get(nodeId));
    timers.delete(nodeId);
  };
  const schedule = (file: FileNode, wait: number) => {
    const { node, key, baseDir } = file;
    cancel(node.id);
    if (wait <= 0) return void read(key, node.params, baseDir);
    timers.set(
      node.id,
      setTimeout(() => {
        timers.delete(node.id);
        void read(key, node.params, baseDir);
      }, wait),
    );
  };

  /**
   * Reads what changed since the last call: new Dataset nodes at once, edited ones after a pause.
   * Publishes only when a Dataset node came, went or changed its params or folder: any other
   * edit (a drag frame moves nodes) leaves what is shown as it was.
   */
  const sync = () => {
    const s = store.getState();
    if (last && last.doc === s.doc && last.filePath === s.filePath) return;
    const moved = last !== null && last.filePath !== s.filePath;
    last = { doc: s.doc, filePath: s.filePath };
    const present = new Set<string>();
    let changed = false;
    for (const file of datasetNodes()) {
      const { node, key } = file;
      present.add(node.id);
      const before = seen.get(node.id);
      if (before === node.params && !moved) continue;
      changed = true;
      seen.set(node.id, node.params);
      if (key) schedule({ ...file, key }, before === undefined || moved ? 0 : delayMs);
      else cancel(node.id);
    }
    for (const id of seen.keys()) {
      if (present.has(id)) continue;
      changed = true;
      seen.delete(id);
      cancel(id);
    }
    if (changed) publish();
  };

  /** Reads every file the graph names again, now: after the user changed or created them. */
  const reread = () => {
    for (const file of fileNodes()) schedule(file, 0);
  };

  const dispose = () => {
    for (const timer of timers.values()) clearTimeout(timer);
    timers.clear();
  };
  return { sync, reread, dispose };
}

let reader: ReturnType<typeof dataFileReader> | null = null;

/** Reads the graph's data files again now (the inspector's button, the window regaining focus). */
export function rereadDataFiles(): void {
  reader?.reread();
}

/** Keeps the shapes of CSV and IDX data files in the store as the graph changes; call once at start-up. */
export function installDataFiles(): void {
  reader = dataFileReader(editorStore, (params, baseDir) =>
    api.request("dataset.inspect", { params, ...baseDirField(baseDir) }),
  );
  editorStore.subscribe(reader.sync);
  reader.sync();
  // Back from another program, perhaps one that wrote the files.
  window.addEventListener("focus", rereadDataFiles);
}
