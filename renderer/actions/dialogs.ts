import type { SaveKind } from "../../shared/api";
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
export function pickFile(mode: "open" | "save", suggestedName?: string, kind?: SaveKind): Promise<string | null> {
  return new Promise((resolve) => {
    editorStore.getState().showDialog({
      type: "file",
      mode,
      suggestedName,
      ...(kind ? { kind } : {}),
      resolve: (path) => {
        editorStore.getState().closeDialog();
        resolve(path);
      },
    });
  });
}

/** Shows why something failed, one line per problem. */
export function showProblems(title: string, lines: readonly string[]): void {
  editorStore.getState().showDialog({ type: "problems", title, lines });
}
