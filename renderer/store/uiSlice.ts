import type { StateCreator } from "zustand";
import { copyFragment, type Fragment, pasteFragment } from "./clipboard";
import type { EditorState, UiSlice } from "./types";

type Slice = StateCreator<EditorState, [["temporal", unknown]], [], UiSlice>;

/** How far each paste lands from the copied nodes, in canvas units. */
export const PASTE_STEP = 40;

/** Selection, clipboard and notices: view state that undo leaves alone. */
export const createUiSlice: Slice = (set, get) => ({
  selection: { nodes: [], edges: [] },
  measured: {},
  clipboard: null,
  pasteCount: 0,
  notice: null,

  select(selection) {
    const current = get().selection;
    set({ selection: { nodes: selection.nodes ?? current.nodes, edges: selection.edges ?? current.edges } });
  },

  selectAll() {
    const { doc } = get();
    set({ selection: { nodes: doc.nodes.map((n) => n.id), edges: doc.edges.map((e) => e.id) } });
  },

  setMeasured(sizes) {
    set({ measured: { ...get().measured, ...sizes } });
  },

  copySelection() {
    const fragment = copyFragment(get().doc, get().selection.nodes);
    if (fragment) set({ clipboard: fragment, pasteCount: 0 });
    return fragment;
  },

  cutSelection() {
    const fragment = get().copySelection();
    if (fragment) get().deleteSelection();
    return fragment;
  },

  paste(fragment) {
    const source: Fragment | null = fragment ?? get().clipboard;
    if (!source) return [];
    const count = get().pasteCount + 1;
    const step = PASTE_STEP * count;
    const pasted = pasteFragment(get().doc, source, { x: step, y: step });
    set({
      doc: pasted.doc,
      selection: { nodes: pasted.nodeIds, edges: [] },
      pasteCount: count,
      ...(fragment ? { clipboard: fragment } : {}),
    });
    return pasted.nodeIds;
  },

  duplicateSelection() {
    const fragment = copyFragment(get().doc, get().selection.nodes);
    if (!fragment) return [];
    const pasted = pasteFragment(get().doc, fragment, { x: PASTE_STEP, y: PASTE_STEP });
    set({ doc: pasted.doc, selection: { nodes: pasted.nodeIds, edges: [] } });
    return pasted.nodeIds;
  },

  deleteSelection() {
    const { selection } = get();
    get().removeElements({ nodes: selection.nodes, edges: selection.edges });
  },

  notify(kind, text) {
    set({ notice: { kind, text, seq: (get().notice?.seq ?? 0) + 1 } });
  },

  dismissNotice() {
    set({ notice: null });
  },

  dialog: null,
  showDialog(dialog) {
    set({ dialog });
  },
  closeDialog() {
    set({ dialog: null });
  },

  appInfo: null,
  recovered: null,
  recoveredMore: 0,
  connected: true,
  setSession(session) {
    set(session);
  },

  startPage: false,
  setStartPage(shown) {
    set({ startPage: shown });
  },
});
