import type { Shape } from "../../shared/catalog";
import { type CompileResult, compileGraph, type Diagnostic, withReadErrors } from "../../shared/compile";
import type { GraphDocument } from "../../shared/graph";
import { type DataFiles, NO_DATA_FILES } from "./dataFiles";

/** What the canvas shows on one node: output shapes, trainable parameters, problems. */
export interface NodeAnalysis {
  outputs: Readonly<Record<string, Shape>>;
  params: number | null;
  errors: readonly string[];
  warnings: readonly string[];
  status: "ok" | "warning" | "error";
}

/** What a connection shows: the shape it carries, or why the compiler refuses it. */
export interface EdgeAnalysis {
  shape: Shape | null;
  error: string | null;
}

/** The compiler's view of the current graph, indexed for the canvas and the problems list. */
export interface Analysis {
  result: CompileResult;
  nodes: ReadonlyMap<string, NodeAnalysis>;
  edges: ReadonlyMap<string, EdgeAnalysis>;
  /** Errors first, then warnings. */
  problems: readonly Diagnostic[];
}

/** The analysis of a node the compiler said nothing about. */
export const EMPTY_NODE: NodeAnalysis = { outputs: {}, params: null, errors: [], warnings: [], status: "ok" };

let last: { doc: GraphDocument; files: DataFiles; analysis: Analysis; keys: Map<string, string> } | null = null;

/** Moving nodes changes nothing the compiler reads, so a drag reuses the last analysis. */
function sameStructure(a: GraphDocument, b: GraphDocument): boolean {
  if (a.edges !== b.edges || a.nodes.length !== b.nodes.length) return false;
  return a.nodes.every((n, i) => {
    const m = b.nodes[i];
    return m !== undefined && n.id === m.id && n.kind === m.kind && n.params === m.params;
  });
}

/**
 * Compiles the graph (memoized on what the compiler reads), with the shapes of data files the
 * back end has read. Per-node results that did not change keep their identity, so only the nodes
 * an edit affects re-render.
 */
export function analyze(doc: GraphDocument, files: DataFiles = NO_DATA_FILES): Analysis {
  if (last && last.files === files && (last.doc === doc || sameStructure(last.doc, doc))) {
    if (last.doc !== doc) last = { ...last, doc };
    return last.analysis;
  }
  const result = withReadErrors(
    compileGraph(doc, { datasets: files.infos }),
    Object.entries(files.errors),
    (nodeId) => nodeId && files.errors[nodeId],
  );
  const diagnostics = [...(result.ok ? [] : result.errors), ...result.warnings];
  const nodes = new Map<string, NodeAnalysis>();
  const keys = new Map<string, string>();
  for (const node of doc.nodes) {
    const mine = diagnostics.filter((d) => d.nodeId === node.id);
    const errors = mine.filter((d) => d.severity === "error").map((d) => d.message);
    const warnings = mine.filter((d) => d.severity === "warning").map((d) => d.message);
    const next: NodeAnalysis = {
      outputs: result.shapes[node.id] ?? {},
      params: result.params.byNode[node.id] ?? null,
      errors,
      warnings,
      status: errors.length > 0 ? "error" : warnings.length > 0 ? "warning" : "ok",
    };
    const key = JSON.stringify(next);
    const previous = last?.analysis.nodes.get(node.id);
    nodes.set(node.id, previous && last?.keys.get(node.id) === key ? previous : next);
    keys.set(node.id, key);
  }
  const edges = new Map<string, EdgeAnalysis>();
  for (const edge of doc.edges) {
    const error = diagnostics.find((d) => d.edgeId === edge.id && d.severity === "error");
    const next: EdgeAnalysis = {
      shape: result.shapes[edge.source]?.[edge.sourcePort] ?? null,
      error: error?.message ?? null,
    };
    const previous = last?.analysis.edges.get(edge.id);
    const same = previous && previous.error === next.error && previous.shape?.join() === next.shape?.join();
    edges.set(edge.id, same ? previous : next);
  }
  const analysis: Analysis = { result, nodes, edges, problems: diagnostics };
  last = { doc, files, analysis, keys };
  return analysis;
}
