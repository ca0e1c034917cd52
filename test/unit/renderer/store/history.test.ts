import { describe, expect, it } from "vitest";
import { type createEditorStore, isDirty } from "../../../../renderer/store";
import { beginGesture, cancelGesture, endGesture, inGesture, redo, undo } from "../../../../renderer/store/history";
import { emptyGraph } from "../../../../shared/graph";
import { mnistStore } from "../helpers/mnistStore";

const steps = (store: ReturnType<typeof createEditorStore>) => store.temporal.getState().pastStates.length;
const position = (store: ReturnType<typeof createEditorStore>, id: string) =>
  store.getState().doc.nodes.find((n) => n.id === id)?.position;

describe("undo history", () => {
  it("starts empty after loading a graph", () => {
    expect(steps(mnistStore())).toBe(0);
  });

  it("makes each action one step and undoes and redoes it", () => {
    const store = mnistStore();
    store.getState().removeElements({ edges: ["e-linear1-relu"] });
    store.getState().setParam("linear2", "units", 12);
    expect(steps(store)).toBe(2);
    undo(store);
    expect(store.getState().doc.nodes.find((n) => n.id === "linear2")?.params.units).toBe(10);
    undo(store);
    expect(store.getState().doc.edges.some((e) => e.id === "e-linear1-relu")).toBe(true);
    redo(store);
    expect(store.getState().doc.edges.some((e) => e.id === "e-linear1-relu")).toBe(false);
  });

  it("does not record selection, notices or measured sizes", () => {
    const store = mnistStore();
    store.getState().select({ nodes: ["relu"] });
    store.getState().selectAll();
    store.getState().notify("info", "hello");
    store.getState().setMeasured({ relu: { width: 100, height: 50 } });
    expect(steps(store)).toBe(0);
  });

  it("records a drag of many moves as one step that restores the start position", () => {
    const store = mnistStore();
    const start = position(store, "relu");
    beginGesture(store);
    for (let i = 1; i <= 30; i++) store.getState().moveNodes([{ id: "relu", position: { x: i * 10, y: i } }]);
    endGesture(store);
    expect(steps(store)).toBe(1);
    expect(position(store, "relu")).toEqual({ x: 300, y: 30 });
    undo(store);
    expect(position(store, "relu")).toEqual(start);
    redo(store);
    expect(position(store, "relu")).toEqual({ x: 300, y: 30 });
  });

  it("records typing into one field as one step", () => {
    const store = mnistStore();
    beginGesture(store);
    for (const units of [1, 12, 128]) store.getState().setParam("linear1", "units", units);
    endGesture(store);
    expect(steps(store)).toBe(1);
    undo(store);
    expect(store.getState().doc.nodes.find((n) => n.id === "linear1")?.params.units).toBe(300);
  });

  it("records nothing for a gesture that changed nothing, and clears redo after a new step", () => {
    const store = mnistStore();
    store.getState().setParam("linear1", "units", 5);
    undo(store);
    expect(store.temporal.getState().futureStates).toHaveLength(1);
    beginGesture(store);
    endGesture(store);
    expect(store.temporal.getState().futureStates).toHaveLength(1);
    beginGesture(store);
    store.getState().moveNodes([{ id: "relu", position: { x: 1, y: 1 } }]);
    endGesture(store);
    expect(store.temporal.getState().futureStates).toHaveLength(0);
  });

  it("closes an open gesture before undoing, so the gesture itself is undone", () => {
    const store = mnistStore();
    const start = position(store, "relu");
    beginGesture(store);
    store.getState().moveNodes([{ id: "relu", position: { x: 999, y: 999 } }]);
    undo(store);
    expect(inGesture(store)).toBe(false);
    expect(position(store, "relu")).toEqual(start);
  });

  it("cancels a field's edit back to the very graph it began on, with no step and nothing unsaved", () => {
    const store = mnistStore();
    const field = {};
    const before = store.getState().doc;
    beginGesture(store, field);
    for (const units of [1, 12, 128]) store.getState().setParam("linear1", "units", units);
    expect(cancelGesture(store, {})).toBe(false);
    expect(cancelGesture(store, field)).toBe(true);
    expect(store.getState().doc).toBe(before);
    expect(isDirty(store.getState())).toBe(false);
    expect(steps(store)).toBe(0);
    expect(inGesture(store)).toBe(false);
    store.getState().setParam("linear1", "units", 7);
    expect(steps(store)).toBe(1);
  });

  it("ends a gesture open when another graph is loaded, so the old graph is not in the new one's history", () => {
    const store = mnistStore();
    beginGesture(store);
    store.getState().setParam("linear1", "units", 12);
    const opened = emptyGraph("Opened");
    store.getState().loadGraph(opened, "/tmp/opened.netloom.json");
    expect(inGesture(store)).toBe(false);
    endGesture(store);
    expect(steps(store)).toBe(0);
    undo(store);
    expect(store.getState().doc).toBe(opened);
    store.getState().setMeta({ name: "Renamed" });
    expect(steps(store)).toBe(1);
  });
});
