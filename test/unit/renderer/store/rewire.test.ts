import { describe, expect, it } from "vitest";
import { undo } from "../../../../renderer/store/history";
import { replacementsFor } from "../../../../renderer/store/rewire";
import { mnistStore } from "../helpers/mnistStore";

type Store = ReturnType<typeof mnistStore>;

/** The graph's wires as `source.port->target.port`, sorted, ids left out. */
function wires(store: Store): string[] {
  return store
    .getState()
    .doc.edges.map((e) => `${e.source}.${e.sourcePort}->${e.target}.${e.targetPort}`)
    .sort();
}

const steps = (store: Store) => store.temporal.getState().pastStates.length;

describe("Replace with…", () => {
  it("puts ELU in ReLU's place with both wires, selected, as one undo step", () => {
    const store = mnistStore();
    const before = store.getState().doc;
    const relu = before.nodes.find((n) => n.id === "relu");
    const result = store.getState().replaceNode("relu", "ELU");
    expect(result).toEqual({ nodeId: "elu-1", dropped: 0 });
    const doc = store.getState().doc;
    expect(doc.nodes.find((n) => n.id === "relu")).toBeUndefined();
    expect(doc.nodes.find((n) => n.id === "elu-1")).toMatchObject({ kind: "ELU", position: relu?.position });
    expect(wires(store)).toContain("linear1.x->elu-1.x");
    expect(wires(store)).toContain("elu-1.x->linear2.x");
    expect(doc.edges).toHaveLength(before.edges.length);
    expect(store.getState().selection.nodes).toEqual(["elu-1"]);
    expect(steps(store)).toBe(1);
    undo(store);
    expect(store.getState().doc).toBe(before);
  });

  it("keeps the params the new kind shares: Linear's units become Maxout's", () => {
    const store = mnistStore();
    store.getState().replaceNode("linear2", "Maxout");
    const maxout = store.getState().doc.nodes.find((n) => n.kind === "Maxout");
    expect(maxout?.params).toEqual({ units: 10, pieces: 2 });
  });

  it("drops the wires that no port of the new kind takes and says how many", () => {
    const store = mnistStore();
    // Loss has two inputs and feeds the Optimizer; ReLU has one input and its output is no loss.
    const result = store.getState().replaceNode("loss", "ReLU");
    expect(result).toEqual({ nodeId: "relu-1", dropped: 2 });
    expect(wires(store)).toContain("softmax.x->relu-1.x");
    expect(wires(store).filter((w) => w.includes("relu-1"))).toHaveLength(1);
  });

  it("does nothing for a node that is not there or a kind that does not exist", () => {
    const store = mnistStore();
    const before = store.getState().doc;
    expect(store.getState().replaceNode("nope", "ELU")).toBeNull();
    expect(store.getState().replaceNode("relu", "Conv9D")).toBeNull();
    expect(store.getState().doc).toBe(before);
    expect(steps(store)).toBe(0);
  });

  it("lists every other kind with the wires each would drop", () => {
    const list = replacementsFor(mnistStore().getState().doc, "relu");
    expect(list.map((r) => r.kind)).not.toContain("ReLU");
    expect(list.find((r) => r.kind === "Tanh")).toEqual({ kind: "Tanh", dropped: 0 });
    // The Optimizer takes a loss and feeds nothing: neither wire fits.
    expect(list.find((r) => r.kind === "Optimizer")?.dropped).toBe(2);
  });
});

describe("a node put on a wire", () => {
  it("goes between the wire's ends, in the same undo step as its adding", () => {
    const store = mnistStore();
    const before = store.getState().doc;
    const { nodeId, linked } = store.getState().addNodeLinked("Dropout", { x: 0, y: 0 }, { edge: "e-linear1-relu" });
    expect(linked).toBe(true);
    expect(wires(store)).toContain(`linear1.x->${nodeId}.x`);
    expect(wires(store)).toContain(`${nodeId}.x->relu.x`);
    expect(wires(store)).not.toContain("linear1.x->relu.x");
    expect(steps(store)).toBe(1);
    undo(store);
    expect(store.getState().doc).toBe(before);
  });

  it("moves an existing node onto a wire", () => {
    const store = mnistStore();
    const tanh = store.getState().addNode("Tanh", { x: 0, y: 0 });
    expect(store.getState().insertIntoEdge(tanh, "e-relu-linear2")).toBe(true);
    expect(wires(store)).toEqual(expect.arrayContaining([`relu.x->${tanh}.x`, `${tanh}.x->linear2.x`]));
  });

  it("is refused, leaving the wire, when the node's ports do not fit both ends", () => {
    const store = mnistStore();
    const optimizer = store.getState().addNode("Optimizer", { x: 0, y: 0 });
    const before = store.getState().doc;
    expect(store.getState().insertIntoEdge(optimizer, "e-linear1-relu")).toBe(false);
    expect(store.getState().insertIntoEdge("relu", "e-linear1-relu")).toBe(false);
    expect(store.getState().doc).toBe(before);
  });
});

describe("a node added after the selection", () => {
  it("is wired from the selected node's output", () => {
    const store = mnistStore();
    const { nodeId, linked } = store.getState().addNodeLinked("Dropout", { x: 0, y: 0 }, { after: "linear2" });
    expect(linked).toBe(true);
    expect(wires(store)).toContain(`linear2.x->${nodeId}.x`);
    expect(steps(store)).toBe(1);
  });

  it("is added unwired when no port fits", () => {
    const store = mnistStore();
    const { nodeId, linked } = store.getState().addNodeLinked("Dataset", { x: 0, y: 0 }, { after: "linear2" });
    expect(linked).toBe(false);
    expect(store.getState().doc.nodes.some((n) => n.id === nodeId)).toBe(true);
    expect(wires(store).some((w) => w.includes(nodeId))).toBe(false);
  });
});
