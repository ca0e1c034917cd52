import type { GraphDocument, GraphVariant } from "./document";

/** A variant applied to its graph, or why it cannot be. */
export type VariantResult = { ok: true; doc: GraphDocument } | { ok: false; error: string };

/**
 * The graph as `variant` makes it: each node it names gets the new kind and params (id, label
 * and position stay), or is bypassed, its one input then feeding every connection it fed. The
 * result has no variants of its own and is named after the variant: `MLP (Tanh)`.
 */
export function applyVariant(doc: GraphDocument, variant: GraphVariant): VariantResult {
  const ids = new Set(doc.nodes.map((n) => n.id));
  let nodes = doc.nodes;
  let edges = doc.edges;
  for (const [id, change] of Object.entries(variant.nodes)) {
    if (!ids.has(id)) return { ok: false, error: `${variant.name} changes node ${id}, which is not in the graph` };
    if ("bypass" in change) {
      const inputs = edges.filter((e) => e.target === id);
      const input = inputs[0];
      if (!input || inputs.length > 1) {
        return {
          ok: false,
          error: `${variant.name} bypasses node ${id}, which needs one connected input to pass on (it has ${inputs.length})`,
        };
      }
      edges = edges
        .filter((e) => e.target !== id)
        .map((e) => (e.source === id ? { ...e, source: input.source, sourcePort: input.sourcePort } : e));
      nodes = nodes.filter((n) => n.id !== id);
    } else {
      nodes = nodes.map((n) => (n.id === id ? { ...n, kind: change.kind, params: change.params } : n));
    }
  }
  const { variants: _variants, ...graph } = doc;
  const name = doc.meta.name ? `${doc.meta.name} (${variant.name})` : variant.name;
  return { ok: true, doc: { ...graph, meta: { ...doc.meta, name }, nodes, edges } };
}
