import { api } from "../api";
import { editorStore, isDirty } from "../store";
import { confirmDiscard } from "./files";

/** Quiet time after an edit before the autosave is written. */
export const AUTOSAVE_DELAY_MS = 1500;
/** Longest an unsaved edit waits for the autosave while edits keep coming. */
export const AUTOSAVE_MAX_WAIT_MS = 5000;

async function writeNow(): Promise<void> {
  const s = editorStore.getState();
  // While recovered work is on offer, the autosave holds it, and nothing may overwrite it.
  if (!isDirty(s) || s.recovered) return;
  await api.request("autosave.write", { doc: s.doc, path: s.filePath }).catch((err: Error) => {
    console.warn("netloom: autosave failed:", err.message);
  });
}

/**
 * Keeps the autosave a few seconds behind the unsaved graph; returns the stop function. It is
 * paused while recovered work is on offer, and writes the unsaved graph as soon as the offer is
 * answered (restored or discarded).
 */
export function startAutosave(): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let firstEdit = 0;
  const cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  const unsubscribe = editorStore.subscribe((s, prev) => {
    if (prev.recovered && !s.recovered) {
      cancel();
      void writeNow();
      return;
    }
    if (s.doc === prev.doc || !isDirty(s) || s.recovered) return;
    const now = Date.now();
    if (!timer) firstEdit = now;
    else clearTimeout(timer);
    const wait = Math.max(0, Math.min(AUTOSAVE_DELAY_MS, firstEdit + AUTOSAVE_MAX_WAIT_MS - now));
    timer = setTimeout(() => {
      timer = null;
      void writeNow();
    }, wait);
  });
  return () => {
    unsubscribe();
    cancel();
  };
}

/** Puts the recovered graph back as unsaved work, after asking when it would replace unsaved edits. */
export async function restoreRecovered(): Promise<void> {
  const { recovered } = editorStore.getState();
  if (!recovered || !(await confirmDiscard("Restore the recovered work"))) return;
  // The offer may have been answered while the question was open.
  if (editorStore.getState().recovered !== recovered) return;
  editorStore.getState().loadGraph(recovered.doc, recovered.path, { dirty: true });
  // The work was that file's: Save writes it back, as it would have before the crash.
  if (recovered.path) api.overwrite.adopt(recovered.path);
  editorStore.getState().setSession({ recovered: null });
}

/** Throws the recovered graph away; the autosave then keeps the current unsaved graph instead. */
export async function discardRecovered(): Promise<void> {
  // Cleared before the offer ends, so the write that follows is not cleared after it.
  await api.request("autosave.clear", {}).catch(() => {});
  editorStore.getState().setSession({ recovered: null });
}
