import { isAbsolute, resolve } from "node:path";
import type { GraphDocument } from "../../shared/graph";

const PATH_PARAMS = ["path", "labelsPath", "testPath", "testLabelsPath"] as const;

/**
 * The graph with the relative file paths of its Dataset nodes resolved against `baseDir`, the
 * folder of the graph file: a project's data travels with the project, wherever it is run from.
 */
export function resolveDataPaths(doc: GraphDocument, baseDir: string): GraphDocument {
  return {
    ...doc,
    nodes: doc.nodes.map((node) => {
      if (node.kind !== "Dataset") return node;
      const params = { ...node.params };
      for (const key of PATH_PARAMS) {
        const value = params[key];
        if (typeof value === "string" && value !== "" && !isAbsolute(value)) params[key] = resolve(baseDir, value);
      }
      return { ...node, params };
    }),
  };
}
