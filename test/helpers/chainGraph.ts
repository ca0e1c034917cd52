import type { LossName } from "../../shared/catalog";
import { type CompileSuccess, compileGraph } from "../../shared/compile";
import { emptyGraph, type GraphDocument } from "../../shared/graph";

/** A node of a chain: kind, params, and optionally its id. */
export type NodeSpec = [kind: string, params?: Record<string, unknown>, id?: string];

/** A linear graph: Dataset -> x transforms -> DataLoader -> layers -> Loss -> Optimizer. */
export interface ChainSpec {
  name?: string;
  dataset?: Record<string, unknown>;
  /** Feature transforms; default Normalize(scale) -> Flatten. */
  x?: NodeSpec[];
  /** Label transforms; default One-hot(10). */
  y?: NodeSpec[];
  layers: NodeSpec[];
  loss?: LossName;
  optimizer?: Record<string, unknown>;
  loader?: Record<string, unknown>;
}

/** Builds the graph document of a {@link ChainSpec}. */
export function chainGraph(spec: ChainSpec): GraphDocument {
  const doc = emptyGraph(spec.name ?? "export test");
  const add = (kind: string, params: Record<string, unknown> = {}, id?: string) => {
    const nodeId = id ?? `${kind.toLowerCase()}${doc.nodes.filter((n) => n.kind === kind).length + 1}`;
    doc.nodes.push({ id: nodeId, kind, position: { x: doc.nodes.length * 200, y: 0 }, params });
    return nodeId;
  };
  const link = (source: string, sourcePort: string, target: string, targetPort = "x") =>
    doc.edges.push({ id: `e${doc.edges.length + 1}`, source, sourcePort, target, targetPort });
  const path = (from: string, port: string, nodes: NodeSpec[]) => {
    let previous = from;
    let out = port;
    for (const [kind, params, id] of nodes) {
      const nodeId = add(kind, params, id);
      link(previous, out, nodeId);
      previous = nodeId;
      out = "x";
    }
    return [previous, out] as const;
  };
  const dataset = add("Dataset", spec.dataset ?? { source: "mnist" }, "dataset");
  const loader = add("DataLoader", spec.loader ?? {}, "loader");
  const [xEnd, xPort] = path(dataset, "x", spec.x ?? [["Normalize"], ["Flatten"]]);
  link(xEnd, xPort, loader, "x");
  const [yEnd, yPort] = path(dataset, "y", spec.y ?? [["OneHot", { classes: 10 }]]);
  link(yEnd, yPort, loader, "y");
  const [last] = path(loader, "x", spec.layers);
  const loss = add("Loss", { loss: spec.loss ?? "categoricalCrossentropy" }, "loss");
  link(last, "x", loss, "prediction");
  link(loader, "y", loss, "target");
  const optimizer = add("Optimizer", spec.optimizer ?? {}, "optimizer");
  link(loss, "loss", optimizer, "loss");
  return doc;
}

/** Compiles a graph that must compile, failing with the compiler's errors otherwise. */
export function compileOk(doc: GraphDocument, options: Parameters<typeof compileGraph>[1] = {}): CompileSuccess {
  const result = compileGraph(doc, options);
  if (!result.ok) throw new Error(`graph does not compile: ${result.errors.map((e) => e.message).join("; ")}`);
  return result;
}
