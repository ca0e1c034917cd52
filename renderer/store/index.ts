import { temporal } from "zundo";
import { useStore } from "zustand";
import { createStore } from "zustand/vanilla";
import { createBackpropSlice } from "./backpropSlice";
import { createGraphSlice } from "./graphSlice";
import { HISTORY_LIMIT } from "./history";
import { createTrainingSlice } from "./trainingSlice";
import type { EditorState } from "./types";
import { createUiSlice } from "./uiSlice";

export type { EditorState } from "./types";

/** What undo tracks: the graph document only, never selection, sizes or the viewport. */
export type TrackedState = Pick<EditorState, "doc">;

/** One store of slices (graph, ui, training), with undo over the graph. */
export function createEditorStore() {
  return createStore<EditorState>()(
    temporal(
      (...a) => ({
        ...createGraphSlice(...a),
        ...createUiSlice(...a),
        ...createTrainingSlice(...a),
        ...createBackpropSlice(...a),
      }),
      {
        partialize: (s): TrackedState => ({ doc: s.doc }),
        // Only a new document object is a step; selection or notices changing is not.
        equality: (past, current) => past.doc === current.doc,
        limit: HISTORY_LIMIT,
      },
    ),
  );
}

/** The editor store, with its undo history at `.temporal`. */
export type EditorStore = ReturnType<typeof createEditorStore>;

/** The app's store. */
export const editorStore: EditorStore = createEditorStore();

/** Reads from the app's store in a component; re-renders when the selected value changes. */
export function useEditor<T>(selector: (s: EditorState) => T): T {
  return useStore(editorStore, selector);
}

/** Whether undo and redo have anything to do. */
export function useHistory(): { canUndo: boolean; canRedo: boolean } {
  const canUndo = useStore(editorStore.temporal, (t) => t.pastStates.length > 0);
  const canRedo = useStore(editorStore.temporal, (t) => t.futureStates.length > 0);
  return { canUndo, canRedo };
}

/** The graph has changes not yet saved. */
export function isDirty(s: Pick<EditorState, "doc" | "savedDoc">): boolean {
  return s.doc !== s.savedDoc;
}
