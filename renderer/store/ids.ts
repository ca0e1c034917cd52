import type { GraphDocument } from "../../shared/graph";

/** A readable node id not yet in use: `linear-1`, `linear-2`, ... */
export function newNodeId(kind: string, taken: ReadonlySet<string>): string {
  const base = kind.toLowerCase().replace(/[^a-z0-9]/g, "") || "node";
  for (let i = 1; ; i++) {
    const id = `${base}-${i}`;
    if (!taken.has(id)) return id;
  }
}

/** An edge id not yet in use: `e-1`, `e-2`, ... */
export function newEdgeId(taken: ReadonlySet<string>): string {
  for (let i = 1; ; i++) {
    const id = `e-${i}`;
    if (!taken.has(id)) return id;
  }
}

/** The node ids in use. */
export function nodeIds(doc: GraphDocument): Set<string> {
  return new Set(doc.nodes.map((n) => n.id));
}

/** The edge ids in use. */
export function edgeIds(doc: GraphDocument): Set<string> {
  return new Set(doc.edges.map((e) => e.id));
}
