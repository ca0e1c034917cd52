import { isNodeKind, kindDef, type NodeKind, type PortType } from "../catalog";
import type { GraphDocument, GraphNode } from "../graph/document";
import type { Diagnostics } from "./diagnostics";

/** The edge feeding one input port. */
export interface Link {
  edgeId: string;
  source: string;
  sourcePort: string;
  target: string;
  targetPort: string;
}

/** The graph with its usable edges indexed both ways. */
export interface GraphIndex {
  nodes: Map<string, GraphNode & { kind: NodeKind }>;
  /** target node id -> input port -> link */
  incoming: Map<string, Map<string, Link>>;
  /** source node id -> links leaving it */
  outgoing: Map<string, Link[]>;
  /** `target:port` of inputs whose only connections were refused (already reported). */
  refused: Set<string>;
}

const TYPE_HINTS: Record<string, string> = {
  "data>tensor": "dataset columns reach layers through a DataLoader",
  "tensor>data": "model tensors cannot go back into dataset transforms",
  "loss>tensor": "a Loss output connects only to an Optimizer",
  "tensor>loss": "an Optimizer takes the output of a Loss",
  "data>loss": "an Optimizer takes the output of a Loss",
};

/** Why a connection between these port types is refused, or null when it is allowed. */
export function portTypeProblem(from: readonly PortType[], to: readonly PortType[]): string | null {
  if (from.some((t) => to.includes(t))) return null;
  const key = `${from[0]}>${to[0]}`;
  return TYPE_HINTS[key] ?? `${from.join("/")} cannot connect to ${to.join("/")}`;
}

/** Checks every edge (ports exist, types fit, one link per input) and indexes the good ones. */
export function indexGraph(doc: GraphDocument, diags: Diagnostics): GraphIndex {
  const nodes = new Map<string, GraphNode & { kind: NodeKind }>();
  for (const node of doc.nodes) {
    if (isNodeKind(node.kind) && !nodes.has(node.id)) nodes.set(node.id, node as GraphNode & { kind: NodeKind });
  }
  const known = new Set(doc.nodes.map((n) => n.id));
  const incoming = new Map<string, Map<string, Link>>();
  const outgoing = new Map<string, Link[]>();
  const refused = new Set<string>();
  for (const edge of doc.edges) {
    const at = { nodeId: edge.target, edgeId: edge.id };
    if (!known.has(edge.source) || !known.has(edge.target)) {
      diags.error("BAD_EDGE", `connection ${edge.id} refers to a node that is not in the graph`, { edgeId: edge.id });
      continue;
    }
    const source = nodes.get(edge.source);
    const target = nodes.get(edge.target);
    if (!source || !target) continue; // the unknown kind is already reported on its node
    const out = kindDef(source.kind).outputs.find((p) => p.name === edge.sourcePort);
    const inp = kindDef(target.kind).inputs.find((p) => p.name === edge.targetPort);
    if (!out) {
      diags.error("BAD_EDGE", `${source.kind} "${source.id}" has no output "${edge.sourcePort}"`, at);
      continue;
    }
    if (!inp) {
      diags.error("BAD_EDGE", `${target.kind} has no input "${edge.targetPort}"`, at);
      continue;
    }
    if (edge.source === edge.target) {
      diags.error("CYCLE", `${target.kind} is connected to itself; remove that connection`, at);
      continue;
    }
    const problem = portTypeProblem(out.types, inp.types);
    if (problem) {
      refused.add(`${edge.target}:${edge.targetPort}`);
      diags.error(
        "PORT_TYPE",
        `cannot connect ${source.kind}.${out.name} to ${target.kind}.${inp.name}: ${problem}`,
        at,
      );
      continue;
    }
    let ports = incoming.get(edge.target);
    if (!ports) {
      ports = new Map();
      incoming.set(edge.target, ports);
    }
    if (ports.has(edge.targetPort)) {
      diags.error("DUPLICATE_INPUT", `input "${edge.targetPort}" has more than one connection; keep one`, at);
      continue;
    }
    const link: Link = { edgeId: edge.id, ...edge };
    ports.set(edge.targetPort, link);
    const outs = outgoing.get(edge.source);
    if (outs) outs.push(link);
    else outgoing.set(edge.source, [link]);
  }
  return { nodes, incoming, outgoing, refused };
}

/**
 * Orders the nodes so every node comes after its inputs, and reports each cycle once on its
 * nodes, naming the loop. Nodes in or after a cycle are left out of the order.
 */
export function topoOrder(index: GraphIndex, diags: Diagnostics): string[] {
  const indegree = new Map<string, number>();
  for (const id of index.nodes.keys()) indegree.set(id, index.incoming.get(id)?.size ?? 0);
  const ready = [...index.nodes.keys()].filter((id) => indegree.get(id) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    const id = ready.pop() as string;
    order.push(id);
    for (const link of index.outgoing.get(id) ?? []) {
      const left = (indegree.get(link.target) ?? 0) - 1;
      indegree.set(link.target, left);
      if (left === 0) ready.push(link.target);
    }
  }
  if (order.length < index.nodes.size) {
    const placed = new Set(order);
    for (const cycle of findCycles(index, placed)) {
      const names = [...cycle, cycle[0]].map((id) => `${index.nodes.get(id as string)?.kind}(${id})`).join(" -> ");
      for (const id of cycle) {
        diags.error("CYCLE", `part of a cycle ${names}; remove one of these connections`, { nodeId: id });
      }
    }
  }
  return order;
}

/** Strongly connected components of more than one node among the unplaced ones (Tarjan, iterative). */
function findCycles(index: GraphIndex, placed: Set<string>): string[][] {
  const ids = [...index.nodes.keys()].filter((id) => !placed.has(id));
  const num = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  const next = (id: string) => (index.outgoing.get(id) ?? []).map((l) => l.target).filter((t) => !placed.has(t));
  for (const root of ids) {
    if (num.has(root)) continue;
    const work: { id: string; succ: string[]; i: number }[] = [];
    const visit = (id: string) => {
      num.set(id, counter);
      low.set(id, counter++);
      stack.push(id);
      onStack.add(id);
      work.push({ id, succ: next(id), i: 0 });
    };
    visit(root);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { id: string; succ: string[]; i: number };
      if (frame.i < frame.succ.length) {
        const w = frame.succ[frame.i++] as string;
        if (!num.has(w)) visit(w);
        else if (onStack.has(w)) low.set(frame.id, Math.min(low.get(frame.id) ?? 0, num.get(w) ?? 0));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.id, Math.min(low.get(parent.id) ?? 0, low.get(frame.id) ?? 0));
      if (low.get(frame.id) === num.get(frame.id)) {
        const component: string[] = [];
        let w: string | undefined;
        do {
          w = stack.pop() as string;
          onStack.delete(w);
          component.push(w);
        } while (w !== frame.id);
        if (component.length > 1) cycles.push(component.reverse());
      }
    }
  }
  return cycles;
}
