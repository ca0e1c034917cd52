import type { EditorStore, TrackedState } from "./index";

/** The undo snapshot taken when a gesture began, and who began it. */
interface OpenGesture extends TrackedState {
  owner: object | undefined;
}

/** Open gestures, per store. */
const open = new WeakMap<EditorStore, OpenGesture>();

/**
 * Starts a gesture (a node drag, typing into one field): changes until `endGesture` become a
 * single undo step. Starting twice keeps the first snapshot. `owner` names who began it, so that
 * only it can cancel it.
 */
export function beginGesture(store: EditorStore, owner?: object): void {
  if (open.has(store)) return;
  open.set(store, { doc: store.getState().doc, owner });
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
    pastStates: [...temporal.getState().pastStates, { doc: before.doc }].slice(-HISTORY_LIMIT),
    futureStates: [],
  });
}

/**
 * Ends `owner`'s gesture by taking back what it changed: the graph is again the very document it
 * was when the gesture began (so unsaved marks clear too), and no undo step is made. Returns false,
 * changing nothing, when no gesture of `owner` is open.
 */
export function cancelGesture(store: EditorStore, owner: object): boolean {
  const before = open.get(store);
  if (!before || before.owner !== owner) return false;
  open.delete(store);
  // Still paused here, so putting the old document back is not recorded as a step.
  store.setState({ doc: before.doc });
  store.temporal.getState().resume();
  return true;
}

/**
 * Forgets an open gesture without recording it: for a graph that replaces the one it began on,
 * whose old state must not become a step of the new graph's history.
 */
export function dropGesture(store: EditorStore): void {
  if (!open.delete(store)) return;
  store.temporal.getState().resume();
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
