import type { OpenKind, SaveKind } from "../../shared/api";
import { api } from "../api";
import { editorStore } from "../store";

/** Asks a yes/no question in an in-app dialog; resolves true when confirmed. */
export function ask(title: string, message: string, confirm: string): Promise<boolean> {
  return new Promise((resolve) => {
    editorStore.getState().showDialog({
      type: "confirm",
      title,
      message,
      confirm,
      resolve: (ok) => {
        editorStore.getState().closeDialog();
        resolve(ok);
      },
    });
  });
}

/** The in-app file picker (the browser has no native dialog that yields a path); null when cancelled. */
export function pickFile(
  mode: "open" | "save",
  suggestedName?: string,
  kind?: SaveKind,
  openKind?: OpenKind,
): Promise<string | null> {
  return new Promise((resolve) => {
    editorStore.getState().showDialog({
      type: "file",
      mode,
      suggestedName,
      ...(kind ? { kind } : {}),
      ...(openKind ? { openKind } : {}),
      resolve: (path) => {
        editorStore.getState().closeDialog();
        resolve(path);
      },
    });
  });
}

/** Asks for a data file (CSV, IDX): Electron's native dialog, else the in-app picker; null when cancelled. */
export async function chooseDataFile(): Promise<string | null> {
  if (api.host === "electron") return (await api.request("dialog.open", { kind: "data" })).path;
  return pickFile("open", undefined, undefined, "data");
}

/** The question before a save replaces files. */
export function replaceQuestion(existing: readonly string[]): string {
  return existing.length === 1
    ? `${existing[0]} already exists. Replace it?`
    : `${existing.join(", ")} already exist. Replace them?`;
}

/**
 * Asks where to save a graph or an exported model: Electron's native dialog, else the in-app
 * picker. Either way the user has agreed to every file the save would replace when a path comes
 * back, and that path's next write may replace them. The native dialog asks only about the file
 * it shows; the files it does not show (a TF.js folder's model.json and weights.bin, a PyTorch
 * script's weights) are asked about here. Null when cancelled or declined.
 */
export async function chooseSavePath(suggestedName: string, kind: SaveKind = "graph"): Promise<string | null> {
  if (api.host !== "electron") return pickFile("save", suggestedName, kind);
  const { path } = await api.request("dialog.save", { suggestedName, kind });
  if (!path) return null;
  const { existing } = await api.request("file.existing", { path, kind });
  const unasked = existing.filter((f) => f !== path);
  if (unasked.length > 0 && !(await ask("Replace files", replaceQuestion(unasked), "Replace"))) return null;
  if (existing.length > 0) api.overwrite.confirm(path);
  return path;
}

/** Shows why something failed, one line per problem. */
export function showProblems(title: string, lines: readonly string[]): void {
  editorStore.getState().showDialog({ type: "problems", title, lines });
}
