import { createEditorStore } from "../../../../renderer/store";
import { loadPreset } from "../../../../shared/presets";

/** A fresh editor store with the MNIST preset loaded, as the app opens. */
export function mnistStore() {
  const store = createEditorStore();
  store.getState().loadGraph(loadPreset("mnist"), null);
  return store;
}
