import type { Edge, Node } from "@xyflow/react";
import type { GraphEdge, GraphNode } from "../../shared/graph";
import { inHandle, outHandle } from "../store/connect";
import { nodeHandles, nodeSize } from "./geometry";

/** What a canvas node carries; shapes and problems come from the analysis, not from here. */
type NetNodeData = { kind: string; params: Record<string, unknown>; label?: string };
/** React Flow's view of a graph node (xyflow's typed `Node<Data, Type>`). */
export type NetFlowNode = Node<NetNodeData, "net">;
/** React Flow's view of a connection, drawn by `ShapeEdge`. */
export type NetFlowEdge = Edge<Record<string, never>, "shape">;

type Size = { width: number; height: number };

type Cached = { src: GraphNode; selected: boolean; size?: Size; flow: NetFlowNode };

/** The node's data, the previous object while kind, params and label are the same: NetNode then skips the render. */
function dataOf(n: GraphNode, hit: Cached | undefined): NetNodeData {
  const old = hit?.flow.data;
  if (old && old.kind === n.kind && old.params === n.params && old.label === n.label) return old;
  return { kind: n.kind, params: n.params, ...(n.label !== undefined ? { label: n.label } : {}) };
}

/**
 * Converts graph nodes to React Flow nodes, reusing the previous object for every node whose
 * content, selection and size did not change: React Flow then re-renders only what changed.
 * A node React Flow has not measured yet gets the size and handles canvas.css will give it, so
 * React Flow can leave it undrawn while it is out of view (`onlyRenderVisibleElements`) and still
 * draw its connections; once drawn, React Flow's own measurements take over.
 */
export function nodeConverter() {
  const cache = new Map<string, Cached>();
  return (nodes: readonly GraphNode[], selected: ReadonlySet<string>, sizes: Record<string, Size>): NetFlowNode[] => {
    const seen = new Set<string>();
    const out = nodes.map((n) => {
      seen.add(n.id);
      const isSelected = selected.has(n.id);
      const size = sizes[n.id];
      const hit = cache.get(n.id);
      if (hit && hit.src === n && hit.selected === isSelected && hit.size === size) return hit.flow;
      const flow: NetFlowNode = {
        id: n.id,
        type: "net",
        position: n.position,
        data: dataOf(n, hit),
        selected: isSelected,
        ...(size ? { measured: size } : estimated(n)),
      };
      cache.set(n.id, { src: n, selected: isSelected, size, flow });
      return flow;
    });
    for (const id of cache.keys()) if (!seen.has(id)) cache.delete(id);
    return out;
  };
}

function estimated(n: GraphNode): Pick<NetFlowNode, "initialWidth" | "initialHeight" | "handles"> {
  const { width, height } = nodeSize(n.kind, n.params);
  return { initialWidth: width, initialHeight: height, handles: nodeHandles(n.kind, n.params) };
}

/** Converts graph edges to React Flow edges, reusing unchanged ones. */
export function edgeConverter() {
  const cache = new Map<string, { src: GraphEdge; selected: boolean; flow: NetFlowEdge }>();
  return (edges: readonly GraphEdge[], selected: ReadonlySet<string>): NetFlowEdge[] =>
    edges.map((e) => {
      const isSelected = selected.has(e.id);
      const hit = cache.get(e.id);
      if (hit && hit.src === e && hit.selected === isSelected) return hit.flow;
      const flow: NetFlowEdge = {
        id: e.id,
        type: "shape",
        source: e.source,
        sourceHandle: outHandle(e.sourcePort),
        target: e.target,
        targetHandle: inHandle(e.targetPort),
        selected: isSelected,
      };
      cache.set(e.id, { src: e, selected: isSelected, flow });
      return flow;
    });
}
