import { z } from "zod";
import { type GraphDocument, type GraphEdge, type GraphNode, zGraphEdge, zGraphNode } from "../../shared/graph";
import { edgeIds, newEdgeId, newNodeId, nodeIds } from "./ids";

/** What copy puts on the clipboard: nodes and the connections among them. */
export const zFragment = z.object({
  format: z.literal("netloom.clipboard"),
  nodes: z.array(zGraphNode).min(1),
  edges: z.array(zGraphEdge),
});
export type Fragment = z.infer<typeof zFragment>;

/** The selected nodes and the edges between them; edges to unselected nodes stay behind. */
export function copyFragment(doc: GraphDocument, ids: readonly string[]): Fragment | null {
  const chosen = new Set(ids);
  const nodes = doc.nodes.filter((n) => chosen.has(n.id));
  if (nodes.length === 0) return null;
  const edges = doc.edges.filter((e) => chosen.has(e.source) && chosen.has(e.target));
  return structuredClone({ format: "netloom.clipboard", nodes, edges });
}

/** Clipboard text from another window or app: a fragment, or null when it is something else. */
export function parseFragment(text: string): Fragment | null {
  try {
    const parsed = zFragment.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Adds a copy of the fragment to the graph with fresh ids, shifted by `offset`, and returns the new
 * document with the ids of the pasted nodes.
 */
export function pasteFragment(
  doc: GraphDocument,
  fragment: Fragment,
  offset: { x: number; y: number },
): { doc: GraphDocument; nodeIds: string[] } {
  const takenNodes = nodeIds(doc);
  const takenEdges = edgeIds(doc);
  const rename = new Map<string, string>();
  const nodes: GraphNode[] = fragment.nodes.map((n) => {
    const id = newNodeId(n.kind, takenNodes);
    takenNodes.add(id);
    rename.set(n.id, id);
    return {
      ...structuredClone(n),
      id,
      position: { x: n.position.x + offset.x, y: n.position.y + offset.y },
    };
  });
  const edges: GraphEdge[] = [];
  for (const e of fragment.edges) {
    const source = rename.get(e.source);
    const target = rename.get(e.target);
    if (!source || !target) continue;
    const id = newEdgeId(takenEdges);
    takenEdges.add(id);
    edges.push({ ...e, id, source, target });
  }
  return {
    doc: { ...doc, nodes: [...doc.nodes, ...nodes], edges: [...doc.edges, ...edges] },
    nodeIds: nodes.map((n) => n.id),
  };
}
