import type { ExportFormat } from "../../shared/trainingApi";
import { api } from "../api";
import { editorStore } from "../store";
import { shownRun } from "../training/runs";
import { chooseSavePath, showProblems } from "./dialogs";
import { downloadOf, fromBase64, saveDownload } from "./download";
import { baseName, slugify } from "./files";
import { askRun } from "./trainRun";

function slug(): string {
  const s = editorStore.getState();
  const name = s.filePath ? baseName(s.filePath).replace(/(\.netloom)?\.json$/i, "") : (s.doc.meta.name ?? "");
  return slugify(name, "model");
}

const SUGGESTED: Record<ExportFormat, (name: string) => string> = {
  tfjs: (name) => `${name}-tfjs`,
  json: (name) => `${name}.model.json`,
  pytorch: (name) => `${name}_train.py`,
};

/** The folder a path is in, and the path from there: `/m/a/b.json` -> [`/m/a`, `b.json`]. */
function splitFolder(path: string): [string, string] {
  const cut = Math.max(path.lastIndexOf("/"), path.lastIndexOf("\\"));
  return cut > 0 ? [path.slice(0, cut), path.slice(cut + 1)] : [path.slice(0, cut + 1), path.slice(cut + 1)];
}

/** `a, b and c`. */
function listOf(items: readonly string[]): string {
  return items.length < 2 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

/** Writes the run's model where the native save dialog says; the message names the folder and every file. */
async function saveToDisk(runId: string, seq: number, format: ExportFormat, suggested: string): Promise<void> {
  const path = await chooseSavePath(suggested, format);
  if (!path) return;
  const { files } = await askRun("training.export", { runId, format, path });
  const [folder] = splitFolder(path);
  const names = files.map((f) => (f.startsWith(folder) ? f.slice(folder.length + 1) : f));
  editorStore.getState().notify("info", `Exported run ${seq} to ${folder}: ${listOf(names)}`);
}

/** Downloads the run's model in the browser: one file, or a zip of several; the message names them all. */
async function download(runId: string, seq: number, format: ExportFormat, name: string): Promise<void> {
  const reply = await askRun("training.download", { runId, format, name });
  const files = reply.files.map((f) => ({ path: f.path, data: fromBase64(f.base64) }));
  const { fileName, blob, entries } = downloadOf(files, name);
  saveDownload(fileName, blob);
  const inside = entries.length > 1 ? `, which holds ${listOf(entries)}` : "";
  editorStore
    .getState()
    .notify("info", `Downloaded run ${seq} as ${fileName} into your browser's downloads folder${inside}`);
}

/**
 * Export > TF.js model, single JSON or PyTorch script, of the run Results shows: on the desktop,
 * written where the native save dialog says; in a browser, downloaded (a zip when it is several files).
 */
export async function exportModel(format: ExportFormat): Promise<void> {
  const s = editorStore.getState();
  const run = shownRun(s.training, s.runView);
  if (!run?.runId) {
    s.notify("error", "Train the graph first: export writes the trained model of a finished or stopped run");
    return;
  }
  const suggested = SUGGESTED[format](slug());
  try {
    if (api.host === "electron") await saveToDisk(run.runId, run.seq, format, suggested);
    else await download(run.runId, run.seq, format, suggested);
  } catch (err) {
    showProblems("Could not export the model", [(err as Error).message]);
  }
}
