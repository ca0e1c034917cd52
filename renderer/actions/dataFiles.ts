import type { DatasetInfo } from "../../shared/catalog";
import { api } from "../api";
import { editorStore } from "../store";
import { type DataFiles, dataFileKey } from "../store/dataFiles";

type Read = { info: DatasetInfo } | { error: string } | "pending";
const reads = new Map<string, Read>();
let seen: { doc: unknown; filePath: string | null; version: number } | null = null;
let version = 0;

/** The folder of the open graph file: relative data paths are read from there, as `netloom train` does. */
export function graphFolder(filePath: string | null): string | undefined {
  if (!filePath) return undefined;
  const cut = Math.max(filePath.lastIndexOf("/"), filePath.lastIndexOf("\\"));
  return cut > 0 ? filePath.slice(0, cut) : undefined;
}

async function read(key: string, params: Record<string, unknown>, baseDir: string | undefined): Promise<void> {
  reads.set(key, "pending");
  try {
    const info = await api.request("dataset.inspect", { params, ...(baseDir ? { baseDir } : {}) });
    reads.set(key, { info });
  } catch (err) {
    reads.set(key, { error: (err as Error).message });
  }
  version++;
  sync();
}

/** Asks the back end for the files the graph's Dataset nodes name, once per distinct file, and publishes what it read. */
function sync(): void {
  const s = editorStore.getState();
  if (seen && seen.doc === s.doc && seen.filePath === s.filePath && seen.version === version) return;
  seen = { doc: s.doc, filePath: s.filePath, version };
  const baseDir = graphFolder(s.filePath);
  const infos: Record<string, DatasetInfo> = {};
  const errors: Record<string, string> = {};
  for (const node of s.doc.nodes) {
    if (node.kind !== "Dataset") continue;
    const key = dataFileKey(node.params, baseDir ?? null);
    if (!key) continue;
    const known = reads.get(key);
    if (!known) void read(key, node.params, baseDir);
    else if (known !== "pending") {
      if ("info" in known) infos[node.id] = known.info;
      else errors[node.id] = known.error;
    }
  }
  const next: DataFiles = { infos, errors };
  if (JSON.stringify(next) !== JSON.stringify(s.dataFiles)) s.setDataFiles(next);
}

/** Keeps the shapes of CSV and IDX data files in the store as the graph changes; call once at start-up. */
export function installDataFiles(): void {
  editorStore.subscribe(sync);
  sync();
}
