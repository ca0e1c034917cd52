import type { StateCreator } from "zustand";
import { defaultParams, isNodeKind } from "../../shared/catalog";
import { emptyGraph, type GraphDocument } from "../../shared/graph";
import { connectionProblem } from "./connect";
import { dropGesture } from "./history";
import { edgeIds, newEdgeId, newNodeId, nodeIds } from "./ids";
import type { EditorStore } from "./index";
import { insertIntoEdge, replaceNode, wireAfter } from "./rewire";
import type { EditorState, GraphSlice } from "./types";

type Slice = StateCreator<EditorState, [["temporal", unknown]], [], GraphSlice>;

function mapNode(
  doc: GraphDocument,
  id: string,
  fn: (n: GraphDocument["nodes"][number]) => GraphDocument["nodes"][number],
) {
  return { ...doc, nodes: doc.nodes.map((n) => (n.id === id ? fn(n) : n)) };
}

/** Graph content. Every action is one `set`, so each is one undo step unless a gesture groups them. */
export const createGraphSlice: Slice = (set, get, store) => {
  const initial = emptyGraph();
  return {
    doc: initial,
    filePath: null,
    savedDoc: initial,

    addNode(kind, position) {
      return get().addNodeLinked(kind, position, null).nodeId;
    },

    replaceNode(id, kind) {
      if (!isNodeKind(kind)) return null;
      const result = replaceNode(get().doc, id, kind);
      if (!result) return null;
      set({ doc: result.doc, selection: { nodes: [result.nodeId], edges: [] } });
      return { nodeId: result.nodeId, dropped: result.dropped };
    },

    insertIntoEdge(nodeId, edgeId) {
      const doc = insertIntoEdge(get().doc, nodeId, edgeId);
      if (doc) set({ doc });
      return doc !== null;
    },

    addNodeLinked(kind, position, link) {
      if (!isNodeKind(kind)) throw new Error(`unknown node kind ${kind}`);
      const { doc } = get();
      const id = newNodeId(kind, nodeIds(doc));
      const added = {
        ...doc,
        nodes: [...doc.nodes, { id, kind, position: { ...position }, params: defaultParams(kind) }],
      };
      const linked = !link
        ? null
        : "after" in link
          ? wireAfter(added, link.after, id)
          : insertIntoEdge(added, id, link.edge);
      set({ doc: linked ?? added, selection: { nodes: [id], edges: [] } });
      return { nodeId: id, linked: linked !== null };
    },

    moveNodes(moves) {
      const at = new Map(moves.map((m) => [m.id, m.position]));
      const { doc } = get();
      let changed = false;
      const nodes = doc.nodes.map((n) => {
        const p = at.get(n.id);
        if (!p || (p.x === n.position.x && p.y === n.position.y)) return n;
        changed = true;
        return { ...n, position: { x: p.x, y: p.y } };
      });
      if (changed) set({ doc: { ...doc, nodes } });
    },

    connect(wire) {
      const { doc } = get();
      const reason = connectionProblem(doc, wire);
      if (reason) return { ok: false, reason };
      // Drawing a connection that is already there changes nothing: no new id, no undo step.
      const same = doc.edges.find(
        (e) =>
          e.source === wire.source &&
          e.sourcePort === wire.sourcePort &&
          e.target === wire.target &&
          e.targetPort === wire.targetPort,
      );
      if (same) return { ok: true, edgeId: same.id };
      const kept = doc.edges.filter((e) => !(e.target === wire.target && e.targetPort === wire.targetPort));
      const id = newEdgeId(edgeIds(doc));
      set({ doc: { ...doc, edges: [...kept, { id, ...wire }] } });
      return { ok: true, edgeId: id };
    },

    removeElements({ nodes = [], edges = [] }) {
      const { doc, selection } = get();
      const goneNodes = new Set(nodes);
      const goneEdges = new Set(edges);
      const keptEdges = doc.edges.filter(
        (e) => !goneEdges.has(e.id) && !goneNodes.has(e.source) && !goneNodes.has(e.target),
      );
      const keptNodes = doc.nodes.filter((n) => !goneNodes.has(n.id));
      if (keptNodes.length === doc.nodes.length && keptEdges.length === doc.edges.length) return;
      set({
        doc: { ...doc, nodes: keptNodes, edges: keptEdges },
        selection: {
          nodes: selection.nodes.filter((id) => !goneNodes.has(id)),
          edges: selection.edges.filter((id) => keptEdges.some((e) => e.id === id)),
        },
      });
    },

    setParam(nodeId, key, value) {
      const node = get().doc.nodes.find((n) => n.id === nodeId);
      if (!node || Object.is(node.params[key], value)) return;
      set({ doc: mapNode(get().doc, nodeId, (n) => ({ ...n, params: { ...n.params, [key]: value } })) });
    },

    setLabel(nodeId, label) {
      const trimmed = label.trim();
      const node = get().doc.nodes.find((n) => n.id === nodeId);
      if (!node || (node.label ?? "") === trimmed) return;
      set({
        doc: mapNode(get().doc, nodeId, ({ label: _old, ...n }) => (trimmed ? { ...n, label: trimmed } : n)),
      });
    },

    setMeta(meta) {
      const { doc } = get();
      const changed = (Object.keys(meta) as (keyof typeof meta)[]).some(
        (k) => meta[k] !== undefined && meta[k] !== (doc.meta[k] ?? ""),
      );
      if (!changed) return;
      set({ doc: { ...doc, meta: { ...doc.meta, ...meta } } });
    },

    loadGraph(doc, filePath, opts = {}) {
      // A field edit or drag still open belongs to the old graph: recording it would put the old
      // graph into the new one's undo history.
      dropGesture(store as unknown as EditorStore);
      // The saved copy is a different object when the loaded graph is unsaved work (a restored autosave).
      set({
        doc,
        filePath,
        savedDoc: opts.dirty ? structuredClone(doc) : doc,
        selection: { nodes: [], edges: [] },
        // React Flow keeps the drawn element of a node whose id the new graph has too, and measures
        // it again only when its size changes: its last size must stay known.
        measured: Object.fromEntries(
          doc.nodes.flatMap((n) => {
            const size = get().measured[n.id];
            return size ? [[n.id, size]] : [];
          }),
        ),
        pasteCount: 0,
        // A graph on the canvas is what the start page was for.
        startPage: false,
        // Weights of a model file belong to the graph it opened as, not to the next one.
        modelFile: null,
      });
      (store as unknown as EditorStore).temporal.getState().clear();
    },

    markSaved(filePath, doc = get().doc) {
      set({ filePath, savedDoc: doc });
    },
  };
};
