/**
 * Times `compileGraph` on a generated 300-node graph (the editor compiles on every edit) and
 * prints one JSON line: ms per compile against a 16.7 ms frame.
 */
import { compileGraph } from "../shared/compile";
import { benchGraph } from "./graphs";

const doc = benchGraph(300, [["Linear", { units: 64 }], ["ReLU"], ["Dropout", { rate: 0.1 }]]);
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
