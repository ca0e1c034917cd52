import { describe, expect, it } from "vitest";
import { createEditorStore, isDirty } from "../../../../renderer/store";
import { analyze } from "../../../../renderer/store/analysis";
import { loadPreset } from "../../../../shared/presets";
import { mnistStore } from "../helpers/mnistStore";

describe("editor store actions", () => {
  it("adds a node of a catalog kind with its default params, selected", () => {
    const store = createEditorStore();
    const id = store.getState().addNode("Linear", { x: 10, y: 20 });
    const node = store.getState().doc.nodes.find((n) => n.id === id);
    expect(node).toMatchObject({ kind: "Linear", position: { x: 10, y: 20 }, params: { units: 10, bias: true } });
    expect(store.getState().selection.nodes).toEqual([id]);
    expect(store.getState().addNode("Linear", { x: 0, y: 0 })).not.toBe(id);
  });

  it("forgets the model file a graph was opened from when another graph replaces it", () => {
    const store = mnistStore();
    store.getState().setModelFile({ path: "/m/model.json", name: "model.json", pending: true });
    store.getState().addNode("Dropout", { x: 0, y: 0 });
    expect(store.getState().modelFile).toMatchObject({ name: "model.json" });
    store.getState().loadGraph(loadPreset("mnist"), null);
    expect(store.getState().modelFile).toBeNull();
  });

  it("refuses an unknown kind", () => {
    expect(() => createEditorStore().getState().addNode("Conv9D", { x: 0, y: 0 })).toThrow(/unknown node kind/);
  });

  it("connects fitting ports and refuses others with the reason", () => {
    const store = createEditorStore();
    const s = store.getState();
    const data = s.addNode("Dataset", { x: 0, y: 0 });
    const linear = s.addNode("Linear", { x: 200, y: 0 });
    const refused = s.connect({ source: data, sourcePort: "x", target: linear, targetPort: "x" });
    expect(refused).toEqual({ ok: false, reason: expect.stringMatching(/through a DataLoader/) });
    expect(store.getState().doc.edges).toHaveLength(0);
    const flatten = s.addNode("Flatten", { x: 100, y: 0 });
    expect(s.connect({ source: data, sourcePort: "x", target: flatten, targetPort: "x" }).ok).toBe(true);
    expect(store.getState().doc.edges).toHaveLength(1);
  });

  it("refuses a connection that would close a loop, and one to the node itself", () => {
    const store = createEditorStore();
    const s = store.getState();
    const a = s.addNode("ReLU", { x: 0, y: 0 });
    const b = s.addNode("Tanh", { x: 0, y: 0 });
    expect(s.connect({ source: a, sourcePort: "x", target: b, targetPort: "x" }).ok).toBe(true);
    expect(s.connect({ source: b, sourcePort: "x", target: a, targetPort: "x" })).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/loop/),
    });
    expect(s.connect({ source: a, sourcePort: "x", target: a, targetPort: "x" })).toMatchObject({ ok: false });
  });

  it("replaces the connection at an input that is already connected", () => {
    const store = mnistStore();
    const s = store.getState();
    const tanh = s.addNode("Tanh", { x: 0, y: 0 });
    s.connect({ source: "linear1", sourcePort: "x", target: tanh, targetPort: "x" });
    s.connect({ source: tanh, sourcePort: "x", target: "linear2", targetPort: "x" });
    const into = store.getState().doc.edges.filter((e) => e.target === "linear2");
    expect(into).toEqual([expect.objectContaining({ source: tanh })]);
  });

  it("removes nodes with their edges and drops them from the selection", () => {
    const store = mnistStore();
    store.getState().select({ nodes: ["relu", "softmax"] });
    store.getState().deleteSelection();
    const { doc, selection } = store.getState();
    expect(doc.nodes.map((n) => n.id)).not.toContain("relu");
    expect(doc.edges.some((e) => e.source === "relu" || e.target === "relu")).toBe(false);
    expect(selection.nodes).toEqual([]);
  });

  it("sets params and labels; an empty label removes it", () => {
    const store = mnistStore();
    store.getState().setParam("linear1", "units", 128);
    store.getState().setLabel("linear1", "  hidden ");
    expect(store.getState().doc.nodes.find((n) => n.id === "linear1")).toMatchObject({
      label: "hidden",
      params: { units: 128 },
    });
    store.getState().setLabel("linear1", "");
    expect(store.getState().doc.nodes.find((n) => n.id === "linear1")?.label).toBeUndefined();
  });

  it("is unsaved after an edit and saved again after markSaved or undoing the edit", () => {
    const store = mnistStore();
    expect(isDirty(store.getState())).toBe(false);
    store.getState().setParam("linear1", "units", 64);
    expect(isDirty(store.getState())).toBe(true);
    store.temporal.getState().undo();
    expect(isDirty(store.getState())).toBe(false);
    store.getState().setParam("linear1", "units", 64);
    store.getState().markSaved("/tmp/a.netloom.json");
    expect(isDirty(store.getState())).toBe(false);
    expect(store.getState().filePath).toBe("/tmp/a.netloom.json");
  });

  it("treats a restored autosave as unsaved work", () => {
    const store = createEditorStore();
    store.getState().loadGraph(loadPreset("mnist"), null, { dirty: true });
    expect(isDirty(store.getState())).toBe(true);
  });
});

describe("live analysis", () => {
  it("gives the MNIST shapes and parameter counts", () => {
    const a = analyze(loadPreset("mnist"));
    expect(a.nodes.get("flatten")?.outputs.x).toEqual([784]);
    expect(a.nodes.get("linear1")?.outputs.x).toEqual([300]);
    expect(a.nodes.get("linear1")?.params).toBe(784 * 300 + 300);
    expect(a.edges.get("e-linear2-softmax")?.shape).toEqual([10]);
    expect(a.problems.filter((p) => p.severity === "error")).toEqual([]);
  });

  it("puts an error on the node whose input was disconnected, and keeps unaffected nodes identical", () => {
    const store = mnistStore();
    const before = analyze(store.getState().doc);
    store.getState().removeElements({ edges: ["e-linear1-relu"] });
    const after = analyze(store.getState().doc);
    expect(after.nodes.get("relu")?.status).toBe("error");
    expect(after.nodes.get("relu")?.errors.join()).toMatch(/not connected/);
    expect(after.nodes.get("dataset")).toBe(before.nodes.get("dataset"));
  });

  it("marks a node with only warnings amber, not red, and lists the warning as a problem", () => {
    const store = mnistStore();
    store.getState().setParam("loss", "loss", "meanSquaredError");
    const a = analyze(store.getState().doc);
    expect(a.nodes.get("loss")?.status).toBe("warning");
    expect(a.nodes.get("loss")?.errors).toEqual([]);
    expect(a.nodes.get("loss")?.warnings.join()).toMatch(/softmax/i);
    expect(a.problems).toContainEqual(expect.objectContaining({ nodeId: "loss", severity: "warning" }));
    expect(a.nodes.get("softmax")?.status).toBe("ok");
  });

  it("reuses the analysis when only positions change", () => {
    const store = mnistStore();
    const before = analyze(store.getState().doc);
    store.getState().moveNodes([{ id: "relu", position: { x: 5, y: 5 } }]);
    expect(analyze(store.getState().doc)).toBe(before);
  });
});
