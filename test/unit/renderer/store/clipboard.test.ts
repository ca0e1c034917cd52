import { describe, expect, it } from "vitest";
import { copyFragment, parseFragment, pasteFragment } from "../../../../renderer/store/clipboard";
import { undo } from "../../../../renderer/store/history";
import { PASTE_STEP } from "../../../../renderer/store/uiSlice";
import { parseGraph } from "../../../../shared/graph";
import { loadPreset } from "../../../../shared/presets";
import { mnistStore } from "../helpers/mnistStore";

describe("clipboard", () => {
  it("copies the selected nodes with only the edges among them", () => {
    const fragment = copyFragment(loadPreset("mnist"), ["linear1", "relu", "loss"]);
    expect(fragment?.nodes.map((n) => n.id)).toEqual(["linear1", "relu", "loss"]);
    expect(fragment?.edges.map((e) => e.id)).toEqual(["e-linear1-relu"]);
  });

  it("copies nothing when nothing is selected", () => {
    expect(copyFragment(loadPreset("mnist"), [])).toBeNull();
  });

  it("pastes with fresh ids, shifted, keeping inner edges, into a valid document", () => {
    const doc = loadPreset("mnist");
    const fragment = copyFragment(doc, ["linear1", "relu"]);
    if (!fragment) throw new Error("no fragment");
    const pasted = pasteFragment(doc, fragment, { x: 40, y: 40 });
    expect(pasted.nodeIds).toHaveLength(2);
    for (const id of pasted.nodeIds) expect(doc.nodes.some((n) => n.id === id)).toBe(false);
    const copy = pasted.doc.nodes.find((n) => n.id === pasted.nodeIds[0]);
    const original = doc.nodes.find((n) => n.id === "linear1")?.position;
    expect(copy?.position).toEqual({ x: (original?.x ?? 0) + 40, y: (original?.y ?? 0) + 40 });
    expect(copy?.params).toEqual(doc.nodes.find((n) => n.id === "linear1")?.params);
    const inner = pasted.doc.edges.filter((e) => pasted.nodeIds.includes(e.source));
    expect(inner).toEqual([expect.objectContaining({ source: pasted.nodeIds[0], target: pasted.nodeIds[1] })]);
    expect(parseGraph(pasted.doc).ok).toBe(true);
  });

  it("round-trips through clipboard text and refuses text that is not a fragment", () => {
    const fragment = copyFragment(loadPreset("mnist"), ["relu"]);
    expect(parseFragment(JSON.stringify(fragment))).toEqual(fragment);
    expect(parseFragment("hello")).toBeNull();
    expect(parseFragment(JSON.stringify({ format: "netloom.clipboard", nodes: [{ id: 3 }], edges: [] }))).toBeNull();
  });

  it("pastes further away each time, selects the copy, and undoes a paste in one step", () => {
    const store = mnistStore();
    store.getState().select({ nodes: ["relu"] });
    store.getState().copySelection();
    const first = store.getState().paste();
    const second = store.getState().paste();
    const pos = (id: string) => store.getState().doc.nodes.find((n) => n.id === id)?.position;
    const { x, y } = pos("relu") ?? { x: 0, y: 0 };
    expect(pos(first[0] as string)).toEqual({ x: x + PASTE_STEP, y: y + PASTE_STEP });
    expect(pos(second[0] as string)).toEqual({ x: x + 2 * PASTE_STEP, y: y + 2 * PASTE_STEP });
    expect(store.getState().selection.nodes).toEqual(second);
    undo(store);
    expect(store.getState().doc.nodes.some((n) => n.id === second[0])).toBe(false);
    expect(store.getState().doc.nodes.some((n) => n.id === first[0])).toBe(true);
  });

  it("cuts: copies, then deletes the selection", () => {
    const store = mnistStore();
    store.getState().select({ nodes: ["softmax"] });
    expect(store.getState().cutSelection()?.nodes[0]?.kind).toBe("Softmax");
    expect(store.getState().doc.nodes.some((n) => n.id === "softmax")).toBe(false);
    expect(store.getState().paste()).toHaveLength(1);
  });

  it("duplicates the selection next to it without touching the clipboard", () => {
    const store = mnistStore();
    store.getState().select({ nodes: ["linear1", "relu"] });
    const ids = store.getState().duplicateSelection();
    expect(ids).toHaveLength(2);
    expect(store.getState().clipboard).toBeNull();
    expect(store.getState().doc.nodes).toHaveLength(13);
    expect(store.getState().doc.edges.filter((e) => ids.includes(e.source) && ids.includes(e.target))).toHaveLength(1);
  });
});
