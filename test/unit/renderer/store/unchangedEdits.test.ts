import { describe, expect, it } from "vitest";
import { createEditorStore, isDirty } from "../../../../renderer/store";
import { loadPreset } from "../../../../shared/presets";

function mnistStore() {
  const store = createEditorStore();
  store.getState().loadGraph(loadPreset("mnist"), null);
  return store;
}
type Store = ReturnType<typeof mnistStore>;
const steps = (store: Store) => store.temporal.getState().pastStates.length;

/** Runs an edit that changes nothing and checks it left the very same document behind. */
function expectNoChange(store: Store, edit: () => void): void {
  const before = store.getState().doc;
  edit();
  expect(store.getState().doc).toBe(before);
  expect(isDirty(store.getState())).toBe(false);
  expect(steps(store)).toBe(0);
}

describe("edits that change nothing", () => {
  it("leave a label as it is: same text, surrounding spaces, or empty where there was none", () => {
    const store = mnistStore();
    expectNoChange(store, () => store.getState().setLabel("relu", ""));
    expectNoChange(store, () => store.getState().setLabel("relu", "   "));
    store.getState().setLabel("relu", "Hidden ReLU");
    store.getState().markSaved("/tmp/g.netloom.json");
    store.temporal.getState().clear();
    expectNoChange(store, () => store.getState().setLabel("relu", "Hidden ReLU"));
    expectNoChange(store, () => store.getState().setLabel("relu", " Hidden ReLU "));
    expectNoChange(store, () => store.getState().setLabel("no-such-node", "x"));
  });

  it("leave the graph's name and description as they are", () => {
    const store = mnistStore();
    const { name, description } = store.getState().doc.meta;
    expectNoChange(store, () => store.getState().setMeta({ name }));
    expectNoChange(store, () => store.getState().setMeta({ description: description ?? "" }));
    expectNoChange(store, () => store.getState().setMeta({}));
  });

  it("leave params, positions and connections as they are", () => {
    const store = mnistStore();
    const relu = store.getState().doc.nodes.find((n) => n.id === "relu");
    expectNoChange(store, () => store.getState().setParam("linear1", "units", 300));
    expectNoChange(store, () => store.getState().moveNodes([{ id: "relu", position: { ...relu?.position } as never }]));
    expectNoChange(store, () => {
      const made = store.getState().connect({ source: "linear1", sourcePort: "x", target: "relu", targetPort: "x" });
      expect(made).toEqual({ ok: true, edgeId: "e-linear1-relu" });
    });
    expectNoChange(store, () => store.getState().removeElements({ nodes: ["no-such-node"] }));
  });

  it("still record a real change as one step", () => {
    const store = mnistStore();
    store.getState().setLabel("relu", "Hidden");
    store.getState().setMeta({ name: "Renamed" });
    expect(steps(store)).toBe(2);
    expect(isDirty(store.getState())).toBe(true);
  });
});
