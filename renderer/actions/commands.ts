import type { MenuCommand } from "../../shared/api";
import { fitView, getFlow, paneSize } from "../canvas/flow";
import { editorStore } from "../store";
import { redo, undo } from "../store/history";
import { showExamples } from "./examples";
import { exportModel } from "./exportModel";
import { confirmDiscard, newGraph, openFile, openPath, save, saveAs } from "./files";
import { controlTraining, startTraining } from "./trainRun";

/** Whether keyboard focus is in a text field, where edit commands act on the text instead. */
export function editingText(target: EventTarget | null = document.activeElement): boolean {
  const el = target as HTMLElement | null;
  if (!el || !(el instanceof HTMLElement)) return false;
  if (el.isContentEditable || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  return el instanceof HTMLInputElement && !["checkbox", "radio", "button", "submit"].includes(el.type);
}

/**
 * Lays the graph out left to right, wrapped to the canvas's shape, as one undo step, unless the
 * graph changed while ELK was working.
 */
export async function autoLayout(): Promise<void> {
  const { doc, measured } = editorStore.getState();
  if (doc.nodes.length === 0) return;
  // ELK is large; it loads the first time someone asks for a layout, not at start-up.
  const { layoutGraph } = await import("../canvas/layout");
  const pane = paneSize();
  const positions = await layoutGraph(doc, measured, pane ?? undefined);
  if (editorStore.getState().doc !== doc) return;
  editorStore.getState().moveNodes(positions);
  fitView(true, 200);
}

/** Runs a command from the native menu, the toolbar or a key. Text fields keep their own editing. */
export async function runCommand(command: MenuCommand, path?: string): Promise<void> {
  const s = editorStore.getState();
  const text = editingText();
  switch (command) {
    case "file.new":
      return newGraph();
    case "file.examples":
      return showExamples();
    case "file.open":
      return openFile();
    case "file.openRecent":
      if (path && (await confirmDiscard("Open another graph"))) await openPath(path);
      return;
    case "file.save":
      return void (await save());
    case "file.saveAs":
      return void (await saveAs());
    case "edit.undo":
      return text ? void document.execCommand("undo") : undo(editorStore);
    case "edit.redo":
      return text ? void document.execCommand("redo") : redo(editorStore);
    case "edit.duplicate":
      return void s.duplicateSelection();
    case "edit.delete":
      return text ? void document.execCommand("delete") : s.deleteSelection();
    case "edit.selectAll":
      if (text) return void (document.activeElement as HTMLInputElement).select?.();
      return s.selectAll();
    case "view.zoomIn":
      return void getFlow()?.zoomIn({ duration: 150 });
    case "view.zoomOut":
      return void getFlow()?.zoomOut({ duration: 150 });
    case "view.zoomReset":
      return void getFlow()?.zoomTo(1, { duration: 150 });
    case "view.fitView":
      return fitView();
    case "view.autoLayout":
      return autoLayout();
    case "training.train":
      return startTraining();
    case "training.stop":
      return controlTraining("stop");
    case "export.tfjs":
    case "export.json":
    case "export.pytorch":
      return exportModel(command.slice("export.".length) as "tfjs" | "json" | "pytorch");
  }
}
