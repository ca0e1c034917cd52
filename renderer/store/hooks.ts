import { type Analysis, analyze, type EdgeAnalysis, EMPTY_NODE, type NodeAnalysis } from "./analysis";
import { useEditor } from "./index";

const NO_EDGE: EdgeAnalysis = { shape: null, error: null };

/** The compiler's view of the current graph; recomputed only when the graph's structure changes. */
export function useAnalysis(): Analysis {
  return useEditor((s) => analyze(s.doc, s.dataFiles));
}

/** Shapes, params and problems of one node; stable while they do not change. */
export function useNodeAnalysis(id: string): NodeAnalysis {
  return useEditor((s) => analyze(s.doc, s.dataFiles).nodes.get(id) ?? EMPTY_NODE);
}

/** The shape on one connection, or its error; stable while they do not change. */
export function useEdgeAnalysis(id: string): EdgeAnalysis {
  return useEditor((s) => analyze(s.doc, s.dataFiles).edges.get(id) ?? NO_EDGE);
}
