import { api } from "../api";
import { editorStore, isDirty } from "../store";

/** Quiet time after an edit before the autosave is written. */
export const AUTOSAVE_DELAY_MS = 1500;
/** Longest an unsaved edit waits for the autosave while edits keep coming. */
export const AUTOSAVE_MAX_WAIT_MS = 5000;

async function writeNow(): Promise<void> {
  const s = editorStore.getState();
  if (!isDirty(s)) return;
  await api.request("autosave.write", { doc: s.doc, path: s.filePath }).catch((err: Error) => {
    console.warn("netloom: autosave failed:", err.message);
  });
}

/** Keeps the autosave a few seconds behind the unsaved graph; returns the stop function. */
export function startAutosave(): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let firstEdit = 0;
  const unsubscribe = editorStore.subscribe((s, prev) => {
    if (s.doc === prev.doc || !isDirty(s)) return;
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
    if (timer) clearTimeout(timer);
  };
}

/** Puts the recovered graph back as unsaved work. */
export function restoreRecovered(): void {
  const { recovered } = editorStore.getState();
  if (!recovered) return;
  editorStore.getState().loadGraph(recovered.doc, recovered.path, { dirty: true });
  editorStore.getState().setSession({ recovered: null });
}

/** Throws the recovered graph away. */
export function discardRecovered(): void {
  editorStore.getState().setSession({ recovered: null });
  void api.request("autosave.clear", {}).catch(() => {});
}
