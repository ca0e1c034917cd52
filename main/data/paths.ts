import { isAbsolute, resolve } from "node:path";
import type { GraphDocument } from "../../shared/graph";

/** The params of a Dataset node that name files. */
export const DATASET_PATH_PARAMS = ["path", "labelsPath", "testPath", "testLabelsPath"] as const;

/**
 * The graph with the relative file paths of its Dataset nodes resolved against `baseDir`, the
 * folder of the graph file: a project's data travels with the project, wherever it is run from.
 */
export function resolveDataPaths(doc: GraphDocument, baseDir: string): GraphDocument {
  return {
    ...doc,
    nodes: doc.nodes.map((node) =>
      node.kind === "Dataset" ? { ...node, params: resolveDatasetPaths(node.params, baseDir) } : node,
    ),
  };
}

/** A Dataset node's params with their relative file paths resolved against `baseDir` (see {@link resolveDataPaths}). */
function resolveDatasetPaths(params: Record<string, unknown>, baseDir: string): Record<string, unknown> {
  const resolved = { ...params };
  for (const key of DATASET_PATH_PARAMS) {
    const value = resolved[key];
    if (typeof value === "string" && value !== "" && !isAbsolute(value)) resolved[key] = resolve(baseDir, value);
  }
  return resolved;
}
