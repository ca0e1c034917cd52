import type { StateCreator } from "zustand";
import { reduceAll } from "../training/reducer";
import { INITIAL_TRAINING } from "../training/types";
import { NO_DATA_FILES } from "./dataFiles";
import type { EditorState, TrainingSlice } from "./types";

type Slice = StateCreator<EditorState, [["temporal", unknown]], [], TrainingSlice>;

/** Training runs of this session and the panel's run options; undo never sees them. */
export const createTrainingSlice: Slice = (set, get) => ({
  training: INITIAL_TRAINING,
  runOptions: { epochs: null, limit: null },

  applyTraining(actions) {
    const list = Array.isArray(actions) ? actions : [actions];
    if (list.length === 0) return;
    const next = reduceAll(get().training, list);
    if (next !== get().training) set({ training: next });
  },

  setRunOptions(options) {
    set({ runOptions: { ...get().runOptions, ...options } });
  },

  trainPanelOpen: false,
  setTrainPanelOpen(open) {
    set({ trainPanelOpen: open });
  },

  trainTab: "curves",
  showTrainTab(tab) {
    set({ trainTab: tab, trainPanelOpen: true });
  },

  modelFile: null,
  setModelFile(model) {
    set({ modelFile: model });
  },

  dataFiles: NO_DATA_FILES,
  setDataFiles(files) {
    set({ dataFiles: files });
  },
});
