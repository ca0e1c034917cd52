import { ApiError } from "../../shared/api";
import { emptyGraph, type GraphDocument } from "../../shared/graph";
import { api } from "../api";
import { fitView } from "../canvas/flow";
import { editorStore, isDirty } from "../store";
import { rebaseDataPaths } from "./dataPaths";
import { ask, chooseSavePath, pickFile, showProblems } from "./dialogs";
import { modelOpened } from "./loadModel";
import { autosaveSession, offerIsOwn } from "./session";

/** `/a/b/mnist.netloom.json` -> `mnist.netloom.json`. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** The name the window shows: the file's, else the graph's. */
export function displayName(s = editorStore.getState()): string {
  return s.filePath ? baseName(s.filePath) : s.doc.meta.name || "Untitled";
}

/** What went wrong, one line per problem, for the problems dialog. */
export function errorLines(err: unknown): string[] {
  if (err instanceof ApiError) return [err.message, ...(err.issues ?? [])];
  return [String((err as Error)?.message ?? err)];
}

/** Asks before unsaved work is replaced; true when there is none or the user agrees. */
export async function confirmDiscard(action: string): Promise<boolean> {
  if (!isDirty(editorStore.getState())) return true;
  return ask(
    "Unsaved changes",
    `${displayName()} has unsaved changes. ${action} anyway and lose them?`,
    `${action} anyway`,
  );
}

/** Forgets this editor's autosave, unless its own earlier work is on offer: that file holds it. */
function clearAutosave(): void {
  if (!offerIsOwn(editorStore.getState())) {
    void api.request("autosave.clear", { session: autosaveSession() }).catch(() => {});
  }
}

/**
 * Shows a graph in place of the current one, forgetting undo and the autosave of the graph it
 * replaces. Recovered work still on offer is kept, offer and autosave both: the autosave holds
 * it, not the graph replaced. `keepAutosave` keeps it too (at start-up, before the offer is made).
 * A `dirty` graph starts unsaved.
 */
export function showGraph(
  doc: GraphDocument,
  path: string | null,
  { keepAutosave = false, dirty = false }: { keepAutosave?: boolean; dirty?: boolean } = {},
): void {
  editorStore.getState().loadGraph(doc, path, { dirty });
  if (!keepAutosave) clearAutosave();
  fitView(true);
}

/** File > New: an empty graph, after asking about unsaved changes. */
export async function newGraph(): Promise<void> {
  if (await confirmDiscard("Start a new graph")) showGraph(emptyGraph(), null);
}

/**
 * Opens a graph file, or a trained model's file as its graph with its weights. A file that is
 * neither shows what is wrong and leaves the current graph as it was. Returns whether it opened.
 */
export async function openPath(path: string, keepAutosave = false): Promise<boolean> {
  try {
    const result = await api.request("file.open", { path });
    if (!result.ok) {
      showProblems(`${result.name} could not be opened`, result.errors);
      return false;
    }
    if (result.model) {
      showGraph(result.doc, null, { keepAutosave, dirty: true });
      modelOpened(result.path, result.name, result.model);
      return true;
    }
    showGraph(result.doc, result.path, { keepAutosave });
    const upgraded = result.migrations.length ? ` (upgraded: ${result.migrations.join(", ")})` : "";
    editorStore.getState().notify("info", `Opened ${result.name}${upgraded}`);
    return true;
  } catch (err) {
    showProblems(`${baseName(path)} could not be opened`, errorLines(err));
    return false;
  }
}

/** File > Open: the native dialog on the desktop, the in-app picker in a browser. */
export async function openFile(): Promise<void> {
  if (!(await confirmDiscard("Open another graph or model"))) return;
  const path = api.host === "electron" ? (await api.request("dialog.open", {})).path : await pickFile("open");
  if (path) await openPath(path);
}

async function saveTo(path: string): Promise<boolean> {
  const s = editorStore.getState();
  // Data files beside the new graph file are saved relative to it; the others keep naming the same file.
  const doc = rebaseDataPaths(s.doc, s.filePath, path);
  if (doc !== s.doc) editorStore.setState({ doc });
  try {
    const saved = await api.request("file.save", { path, doc });
    editorStore.getState().markSaved(saved.path, doc);
    if (!isDirty(editorStore.getState())) clearAutosave();
    editorStore.getState().notify("info", `Saved ${saved.name}`);
    return true;
  } catch (err) {
    if (doc !== s.doc && editorStore.getState().doc === doc) editorStore.setState({ doc: s.doc });
    showProblems(`Could not save ${baseName(path)}`, errorLines(err));
    return false;
  }
}

/** A name for a file: `MNIST MLP` -> `mnist-mlp`; `fallback` when nothing of it is left. */
export function slugify(name: string, fallback: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || fallback
  );
}

/** A file name from the graph's name: `MNIST MLP` -> `mnist-mlp.netloom.json`. */
export function suggestedFileName(): string {
  const s = editorStore.getState();
  if (s.filePath) return baseName(s.filePath);
  return `${slugify(s.doc.meta.name ?? "", "untitled")}.netloom.json`;
}

/** File > Save As: asks for a path; returns whether the graph was saved. */
export async function saveAs(): Promise<boolean> {
  const suggested = suggestedFileName();
  let path: string | null;
  try {
    path = await chooseSavePath(suggested);
  } catch (err) {
    showProblems("Could not save", errorLines(err));
    return false;
  }
  return path ? saveTo(path) : false;
}

/** File > Save: to the current file, or Save As when the graph has none yet. */
export async function save(): Promise<boolean> {
  const path = editorStore.getState().filePath;
  return path ? saveTo(path) : saveAs();
}
