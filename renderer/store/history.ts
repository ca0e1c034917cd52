import type { EditorStore, TrackedState } from "./index";

/** Undo snapshots taken when a gesture began, per store. */
const open = new WeakMap<EditorStore, TrackedState>();

/**
 * Starts a gesture (a node drag, typing into one field): changes until `endGesture` become a
 * single undo step. Starting twice keeps the first snapshot.
 */
export function beginGesture(store: EditorStore): void {
  if (open.has(store)) return;
  open.set(store, { doc: store.getState().doc });
  store.temporal.getState().pause();
}

/** Ends the gesture; if the graph changed, the state before it becomes one undo step. */
export function endGesture(store: EditorStore): void {
  const before = open.get(store);
  if (!before) return;
  open.delete(store);
  const temporal = store.temporal;
  temporal.getState().resume();
  if (before.doc === store.getState().doc) return;
  temporal.setState({
    pastStates: [...temporal.getState().pastStates, before].slice(-HISTORY_LIMIT),
    futureStates: [],
  });
}

/** Whether a gesture is open (a drag or a field edit in progress). */
export function inGesture(store: EditorStore): boolean {
  return open.has(store);
}

/** Undo steps kept. */
export const HISTORY_LIMIT = 200;

/** Undoes the last step; an open gesture is closed first, so it is that step. */
export function undo(store: EditorStore): void {
  endGesture(store);
  store.temporal.getState().undo();
}

/** Redoes the last undone step. */
export function redo(store: EditorStore): void {
  endGesture(store);
  store.temporal.getState().redo();
}
