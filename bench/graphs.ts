import { emptyGraph, type GraphDocument } from "../shared/graph";

/** A middle node of a bench graph: its kind and params. */
export type Repeat = readonly [kind: string, params?: Record<string, unknown>];

/**
 * A trainable graph of `count` nodes for benchmarks: Dataset -> Normalize -> Flatten ->
 * DataLoader (labels through OneHot), then `repeat` over and over, then Linear(10) -> Softmax ->
 * Loss -> Optimizer. `columns` lays the nodes out on a grid of that width (a row when absent).
 */
export function benchGraph(count: number, repeat: readonly Repeat[], columns?: number): GraphDocument {
  const doc = emptyGraph(`bench, ${count} nodes`);
  const at = (i: number) =>
    columns ? { x: (i % columns) * 230, y: Math.floor(i / columns) * 170 } : { x: i * 50, y: 0 };
  const add = (id: string, kind: string, params: Record<string, unknown> = {}) =>
    doc.nodes.push({ id, kind, position: at(doc.nodes.length), params });
  const link = (source: string, sourcePort: string, target: string, targetPort = "x") =>
    doc.edges.push({ id: `e${doc.edges.length}`, source, sourcePort, target, targetPort });
  add("data", "Dataset");
  add("norm", "Normalize");
  add("flat", "Flatten");
  add("hot", "OneHot");
  add("loader", "DataLoader");
  link("data", "x", "norm");
  link("norm", "x", "flat");
  link("flat", "x", "loader");
  link("data", "y", "hot");
  link("hot", "x", "loader", "y");
  let previous = "loader";
  for (let i = 0; doc.nodes.length < count - 4; i++) {
    const [kind, params] = repeat[i % repeat.length] as Repeat;
    add(`n${i}`, kind, params);
    link(previous, "x", `n${i}`);
    previous = `n${i}`;
  }
  add("head", "Linear", { units: 10 });
  add("softmax", "Softmax");
  add("loss", "Loss");
  add("opt", "Optimizer");
  link(previous, "x", "head");
  link("head", "x", "softmax");
  link("softmax", "x", "loss", "prediction");
  link("loader", "y", "loss", "target");
  link("loss", "loss", "opt", "loss");
  return doc;
}
