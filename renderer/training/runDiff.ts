import { isNodeKind, kindDef } from "../../shared/catalog";
import type { GraphDocument, GraphNode } from "../../shared/graph";
import { applyRunOptions, DEFAULT_SEED, type RunOptions } from "../../shared/run";
import { formatParam, paramLabel } from "../canvas/format";

/** What a run trains: its graph and its run options. */
export interface RunInput {
  doc: GraphDocument;
  options: RunOptions;
}

/** Short names for the params people tune most, as they are usually written. */
const SHORT: Record<string, string> = {
  learningRate: "lr",
  lrDecay: "lr decay",
  batchSize: "batch",
  validationSplit: "validation",
};
/** Kinds a graph has one of: their params need no node name in front. */
const SINGLETONS = new Set(["Dataset", "DataLoader", "Loss", "Optimizer"]);
/** Changes listed before the rest are summed up as "+N more". */
const MAX_ITEMS = 4;

/** A node's params with the catalog's defaults filled in, so `{}` and `{ rate: 0.5 }` compare equal. */
function withDefaults(node: GraphNode): Record<string, unknown> {
  if (!isNodeKind(node.kind)) return node.params;
  const parsed = kindDef(node.kind).params.safeParse(node.params);
  return parsed.success ? (parsed.data as Record<string, unknown>) : node.params;
}

function value(kind: string, key: string, v: unknown): string {
  if (key === "limit" && v === 0) return "all";
  return formatParam(kind, key, v);
}

/** `Dropout(0.5)`, `Linear(128)`, `ReLU`: a node by its kind and first inline param. */
function nodeTitle(node: GraphNode): string {
  if (!isNodeKind(node.kind)) return node.kind;
  const def = kindDef(node.kind);
  const key = def.inline[0];
  const params = withDefaults(node);
  return key && params[key] !== undefined ? `${def.label}(${value(node.kind, key, params[key])})` : def.label;
}

function nodeName(node: GraphNode, doc: GraphDocument): string | null {
  if (SINGLETONS.has(node.kind)) return null;
  if (node.label) return node.label;
  const sameKind = doc.nodes.filter((n) => n.kind === node.kind).length;
  return sameKind === 1 && isNodeKind(node.kind) ? kindDef(node.kind).label : node.id;
}

function wires(doc: GraphDocument, keep: (id: string) => boolean): Set<string> {
  return new Set(
    doc.edges
      .filter((e) => keep(e.source) && keep(e.target))
      .map((e) => `${e.source}.${e.sourcePort}>${e.target}.${e.targetPort}`),
  );
}

/**
 * What changed from one run to the next, in the words of the graph: `lr 0.1 → 0.05`,
 * `+Dropout(0.5)`, `−ReLU`, `Linear units 300 → 100`, `epochs 5 → 1`, `rewired`. The first run
 * is "first run"; a run of the same graph is "same graph".
 */
export function describeChanges(prev: RunInput | null, next: RunInput): string {
  if (!prev) return "first run";
  const a = applyRunOptions(prev.doc, prev.options);
  const b = applyRunOptions(next.doc, next.options);
  const before = new Map(a.nodes.map((n) => [n.id, n]));
  const after = new Map(b.nodes.map((n) => [n.id, n]));
  const items: string[] = [];
  for (const node of b.nodes) {
    const old = before.get(node.id);
    if (!old || old.kind !== node.kind) {
      items.push(`+${nodeTitle(node)}`);
      continue;
    }
    const p = withDefaults(old);
    const q = withDefaults(node);
    const name = nodeName(node, b);
    for (const key of new Set([...Object.keys(p), ...Object.keys(q)])) {
      if (JSON.stringify(p[key]) === JSON.stringify(q[key])) continue;
      const what = SHORT[key] ?? paramLabel(key);
      items.push(
        `${name ? `${name} ` : ""}${what} ${value(node.kind, key, p[key])} → ${value(node.kind, key, q[key])}`,
      );
    }
  }
  for (const node of a.nodes) {
    const now = after.get(node.id);
    if (!now || now.kind !== node.kind) items.push(`−${nodeTitle(node)}`);
  }
  // Adding or removing a node rewires its neighbours; only rewiring beyond that is news.
  const nodesChanged = items.some((i) => i.startsWith("+") || i.startsWith("−"));
  const kept = (id: string) => {
    const [x, y] = [before.get(id), after.get(id)];
    return x !== undefined && y !== undefined && x.kind === y.kind;
  };
  const [w1, w2] = [wires(a, kept), wires(b, kept)];
  if (!nodesChanged && (w1.size !== w2.size || [...w1].some((w) => !w2.has(w)))) items.push("rewired");
  const [seedA, seedB] = [prev.options.seed ?? DEFAULT_SEED, next.options.seed ?? DEFAULT_SEED];
  if (seedA !== seedB) {
    items.push(`seed ${seedA} → ${seedB}`);
  }
  const [backendA, backendB] = [prev.options.backend ?? "best", next.options.backend ?? "best"];
  if (backendA !== backendB) items.push(`backend ${backendA} → ${backendB}`);
  const [processesA, processesB] = [prev.options.processes ?? 1, next.options.processes ?? 1];
  if (processesA !== processesB) items.push(`processes ${processesA} → ${processesB}`);
  if (items.length === 0) return "same graph";
  const shown = items.slice(0, MAX_ITEMS);
  return items.length > MAX_ITEMS ? `${shown.join(", ")}, +${items.length - MAX_ITEMS} more` : shown.join(", ");
}
