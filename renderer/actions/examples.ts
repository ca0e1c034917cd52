import type { ExampleInfo } from "../../shared/api";
import { api } from "../api";
import { editorStore } from "../store";
import { showProblems } from "./dialogs";
import { confirmDiscard, errorLines, showGraph } from "./files";

let list: Promise<ExampleInfo[]> | null = null;

/** The gallery's examples, asked of the back end once (again after a failure). */
export function examples(): Promise<ExampleInfo[]> {
  if (!list) {
    list = api.request("examples.list", {});
    list.catch(() => {
      list = null;
    });
  }
  return list;
}

/** File > New from Example: the gallery. */
export function showExamples(): void {
  editorStore.getState().showDialog({ type: "examples" });
}

/**
 * Opens an example as a new graph with no file yet (Save asks where), after asking about unsaved
 * changes. Returns whether it opened.
 */
export async function openExample(id: string): Promise<boolean> {
  const s = editorStore.getState();
  if (s.dialog?.type === "examples") s.closeDialog();
  if (!(await confirmDiscard("Open an example"))) return false;
  try {
    const doc = await api.request("examples.load", { id });
    showGraph(doc, null);
    editorStore.getState().notify("info", `Opened the example ${doc.meta.name ?? id}; Save As keeps your changes`);
    return true;
  } catch (err) {
    showProblems("The example could not be opened", errorLines(err));
    return false;
  }
}
