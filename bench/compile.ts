/**
 * Times `compileGraph` on a generated 300-node graph (the editor compiles on every edit) and
 * prints one JSON line: ms per compile against a 16.7 ms frame.
 */
import { compileGraph } from "../shared/compile";
import { emptyGraph, type GraphDocument } from "../shared/graph";

/** Dataset -> Normalize -> Flatten -> DataLoader -> (Linear, ReLU, Dropout)* -> Linear -> Softmax -> Loss -> Optimizer. */
export function bigGraph(nodes: number): GraphDocument {
  const doc = emptyGraph(`bench ${nodes} nodes`);
  const add = (id: string, kind: string, params: Record<string, unknown> = {}) =>
    doc.nodes.push({ id, kind, position: { x: doc.nodes.length * 50, y: 0 }, params });
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
  const kinds = ["Linear", "ReLU", "Dropout"] as const;
  for (let i = 0; doc.nodes.length < nodes - 4; i++) {
    const kind = kinds[i % 3] as string;
    const id = `n${i}`;
    add(id, kind, kind === "Linear" ? { units: 64 } : kind === "Dropout" ? { rate: 0.1 } : {});
    link(previous, "x", id);
    previous = id;
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

const doc = bigGraph(300);
const first = compileGraph(doc);
if (!first.ok) throw new Error(`the bench graph must compile: ${first.errors[0]?.message}`);
for (let i = 0; i < 20; i++) compileGraph(doc);
const times: number[] = [];
for (let i = 0; i < 200; i++) {
  const start = performance.now();
  compileGraph(doc);
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const at = (q: number) => Number((times[Math.floor(q * (times.length - 1))] as number).toFixed(3));
const frameMs = 1000 / 60;
process.stdout.write(
  `${JSON.stringify({
    bench: "compile-graph",
    nodes: doc.nodes.length,
    edges: doc.edges.length,
    compiles: times.length,
    medianMs: at(0.5),
    p95Ms: at(0.95),
    frameMs: Number(frameMs.toFixed(1)),
    framesPerCompile: Number((at(0.5) / frameMs).toFixed(3)),
  })}\n`,
);
