import { defaultParams, isNodeKind, kindDef, NODE_KINDS, type NodeKind, type PortDef } from "../../shared/catalog";
import type { GraphDocument, GraphEdge, GraphNode } from "../../shared/graph";
import { connectionProblem, type Wire } from "./connect";
import { edgeIds, newEdgeId, newNodeId, nodeIds } from "./ids";

/** The port of `ports` a wire at `name` moves to: the one of that name, else the only one there is. */
function matchingPort(ports: readonly PortDef[], name: string): PortDef | undefined {
  return ports.find((p) => p.name === name) ?? (ports.length === 1 ? ports[0] : undefined);
}

/** Params the new kind shares with the old node, kept where the new kind takes them as they are. */
function keptParams(kind: NodeKind, old: GraphNode): Record<string, unknown> {
  const params = defaultParams(kind);
  for (const [key, value] of Object.entries(old.params)) {
    if (!(key in params)) continue;
    const next = { ...params, [key]: value };
    if (kindDef(kind).params.safeParse(next).success) params[key] = value;
  }
  return params;
}

/**
 * Adds edges that pass the editor's connection rules into inputs still free, one at a time;
 * returns the document and how many were dropped.
 */
function addWires(doc: GraphDocument, wires: readonly Wire[]): { doc: GraphDocument; dropped: number } {
  let next = doc;
  let dropped = 0;
  for (const wire of wires) {
    const taken = next.edges.some((e) => e.target === wire.target && e.targetPort === wire.targetPort);
    if (taken || connectionProblem(next, wire)) {
      dropped++;
      continue;
    }
    const edge: GraphEdge = { id: newEdgeId(edgeIds(next)), ...wire };
    next = { ...next, edges: [...next.edges, edge] };
  }
  return { doc: next, dropped };
}

/**
 * The graph with node `id` replaced by a new node of `kind` at its place, its params kept where
 * the new kind has them, and its wires moved to the new node's ports where they fit (same port
 * name, or the only port on that side). Returns the new node's id and how many wires did not fit.
 */
export function replaceNode(
  doc: GraphDocument,
  id: string,
  kind: NodeKind,
): { doc: GraphDocument; nodeId: string; dropped: number } | null {
  const old = doc.nodes.find((n) => n.id === id);
  if (!old || !isNodeKind(kind)) return null;
  const def = kindDef(kind);
  const taken = nodeIds(doc);
  taken.delete(id);
  const nodeId = newNodeId(kind, taken);
  const node: GraphNode = { id: nodeId, kind, position: { ...old.position }, params: keptParams(kind, old) };
  const wires: Wire[] = [];
  let unmatched = 0;
  for (const e of doc.edges) {
    if (e.target === id) {
      const port = matchingPort(def.inputs, e.targetPort);
      if (port) wires.push({ source: e.source, sourcePort: e.sourcePort, target: nodeId, targetPort: port.name });
      else unmatched++;
    } else if (e.source === id) {
      const port = matchingPort(def.outputs, e.sourcePort);
      if (port) wires.push({ source: nodeId, sourcePort: port.name, target: e.target, targetPort: e.targetPort });
      else unmatched++;
    }
  }
  const without: GraphDocument = {
    ...doc,
    nodes: doc.nodes.map((n) => (n.id === id ? node : n)),
    edges: doc.edges.filter((e) => e.source !== id && e.target !== id),
  };
  const rewired = addWires(without, wires);
  return { doc: rewired.doc, nodeId, dropped: unmatched + rewired.dropped };
}

/**
 * The graph with node `nodeId` put on the wire `edgeId` (A → B becomes A → node → B), using the
 * node's first input that takes A's output and its first output that B's input takes; null when
 * no such pair of ports fits, and the graph stays as it was.
 */
export function insertIntoEdge(doc: GraphDocument, nodeId: string, edgeId: string): GraphDocument | null {
  const edge = doc.edges.find((e) => e.id === edgeId);
  const node = doc.nodes.find((n) => n.id === nodeId);
  if (!edge || !node || !isNodeKind(node.kind) || edge.source === nodeId || edge.target === nodeId) return null;
  const def = kindDef(node.kind);
  const without: GraphDocument = { ...doc, edges: doc.edges.filter((e) => e.id !== edgeId) };
  for (const input of def.inputs) {
    const first: Wire = { source: edge.source, sourcePort: edge.sourcePort, target: nodeId, targetPort: input.name };
    if (connectionProblem(without, first)) continue;
    for (const output of def.outputs) {
      const second: Wire = {
        source: nodeId,
        sourcePort: output.name,
        target: edge.target,
        targetPort: edge.targetPort,
      };
      const result = addWires(without, [first, second]);
      if (result.dropped === 0) return result.doc;
    }
  }
  return null;
}

/** The graph with a wire from node `from`'s first output that fits into node `to`'s first free input; null when none fits. */
export function wireAfter(doc: GraphDocument, from: string, to: string): GraphDocument | null {
  const [a, b] = [doc.nodes.find((n) => n.id === from), doc.nodes.find((n) => n.id === to)];
  if (!a || !b || !isNodeKind(a.kind) || !isNodeKind(b.kind)) return null;
  for (const output of kindDef(a.kind).outputs) {
    for (const input of kindDef(b.kind).inputs) {
      if (doc.edges.some((e) => e.target === to && e.targetPort === input.name)) continue;
      const result = addWires(doc, [{ source: from, sourcePort: output.name, target: to, targetPort: input.name }]);
      if (result.dropped === 0) return result.doc;
    }
  }
  return null;
}

/** A kind a node can be replaced with, and how many of the node's wires it would drop. */
export interface Replacement {
  kind: NodeKind;
  dropped: number;
}

/** Every other catalog kind for node `id`, in catalog order, each with the wires it would drop. */
export function replacementsFor(doc: GraphDocument, id: string): Replacement[] {
  const node = doc.nodes.find((n) => n.id === id);
  if (!node) return [];
  return NODE_KINDS.flatMap((kind) => {
    if (kind === node.kind) return [];
    const result = replaceNode(doc, id, kind);
    return result ? [{ kind, dropped: result.dropped }] : [];
  });
}
