import type { Autosave } from "../../shared/api";
import { api } from "../api";
import { editorStore, isDirty } from "../store";
import { confirmDiscard } from "./files";
import { autosaveSession, offerIsOwn } from "./session";

/** Quiet time after an edit before the autosave is written. */
export const AUTOSAVE_DELAY_MS = 1500;
/** Longest an unsaved edit waits for the autosave while edits keep coming. */
export const AUTOSAVE_MAX_WAIT_MS = 5000;

async function writeNow(): Promise<void> {
  const s = editorStore.getState();
  if (!isDirty(s) || offerIsOwn(s)) return;
  await api
    .request("autosave.write", { session: autosaveSession(), doc: s.doc, path: s.filePath })
    .catch((err: Error) => {
      console.warn("netloom: autosave failed:", err.message);
    });
}

/**
 * Keeps this editor's autosave a few seconds behind the unsaved graph; returns the stop function.
 * It is paused while this editor's own earlier work is on offer, and writes the unsaved graph as
 * soon as an offer is answered (restored or discarded).
 */
export function startAutosave(): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let firstEdit = 0;
  const cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
  };
  const unsubscribe = editorStore.subscribe((s, prev) => {
    if (prev.recovered && prev.recovered !== s.recovered) {
      cancel();
      void writeNow();
      return;
    }
    if (s.doc === prev.doc || !isDirty(s) || offerIsOwn(s)) return;
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

/** Work on offer after the one shown: each is shown once the one before is answered. */
let waiting: Autosave[] = [];

/** Offers back work left unsaved, one at a time, this editor's own first (see `autosave.read`). */
export function offerRecovered(offers: readonly Autosave[]): void {
  const [first, ...rest] = offers;
  waiting = rest;
  editorStore.getState().setSession({ recovered: first ?? null, recoveredMore: rest.length });
}

/** The offer shown was answered: the next one, if any, takes its place. */
function nextOffer(): void {
  const next = waiting.shift() ?? null;
  editorStore.getState().setSession({ recovered: next, recoveredMore: waiting.length });
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
  nextOffer();
  // Another editor's work is this one's now: autosaved in this session, it leaves its old file.
  if (recovered.session !== autosaveSession()) {
    await api.request("autosave.clear", { session: recovered.session }).catch(() => {});
  }
}

/** Throws the recovered graph away (its file, no other); this editor's autosave keeps its own unsaved graph. */
export async function discardRecovered(): Promise<void> {
  const { recovered } = editorStore.getState();
  if (!recovered) return;
  // Cleared before the offer ends, so the write that follows (to the same file, when the work was
  // this editor's own) is not cleared after it.
  await api.request("autosave.clear", { session: recovered.session }).catch(() => {});
  nextOffer();
}
