import type { StateCreator } from "zustand";
import { reduceAll } from "../training/reducer";
import { DEFAULT_RUN_VIEW } from "../training/runs";
import { INITIAL_TRAINING, type TrainingAction } from "../training/types";
import { NO_DATA_FILES } from "./dataFiles";
import type { EditorState, TrainingSlice } from "./types";

type Slice = StateCreator<EditorState, [["temporal", unknown]], [], TrainingSlice>;

/** Training runs of this session and the panel's run options; undo never sees them. */
export const createTrainingSlice: Slice = (set, get) => ({
  training: INITIAL_TRAINING,
  runOptions: { epochs: null, limit: null, backend: null, processes: null },

  applyTraining(actions) {
    const list: readonly TrainingAction[] = Array.isArray(actions) ? actions : [actions];
    if (list.length === 0) return;
    const next = reduceAll(get().training, list);
    if (next === get().training) return;
    // A new run is what its starter wants to see next; forgotten runs take their view along.
    const view = get().runView;
    if (next.runs.length === 0) set({ training: next, runView: DEFAULT_RUN_VIEW });
    else if (next.runs.length > get().training.runs.length) set({ training: next, runView: { ...view, picked: null } });
    else set({ training: next });
  },

  runView: DEFAULT_RUN_VIEW,
  setRunView(view) {
    set({ runView: { ...get().runView, ...view } });
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

  variantSeries: null,
  setVariantSeries(series) {
    set({ variantSeries: series });
  },

  dataFiles: NO_DATA_FILES,
  setDataFiles(files) {
    set({ dataFiles: files });
  },
});
