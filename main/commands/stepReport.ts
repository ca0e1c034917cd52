import { sizeOf } from "../../shared/catalog";
import type { StepTrace, StepWeight } from "../../shared/step";

const g = (v: number) => (v === 0 ? "0" : Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3 ? v.toExponential(2) : v.toFixed(4));

/** The Euclidean norm of a tensor's values. */
export function norm(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v * v;
  return Math.sqrt(sum);
}

function stats(values: readonly number[]): string {
  if (values.length === 0) return "empty";
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (const v of values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
  }
  return `mean ${g(sum / values.length)}  range [${g(min)}, ${g(max)}]`;
}

function weightLine(w: StepWeight): string {
  const size = norm(w.value);
  const ratio = size > 0 ? g(norm(w.update) / size) : "- (all 0)";
  return `    ${w.name} [${w.shape.join(", ")}]  |grad| ${g(norm(w.grad))}  |update| ${g(norm(w.update))}  update/weight ${ratio}`;
}

/** The top `k` classes of a probability vector, as `7 (0.912)`, with class names where known. */
export function topClasses(p: readonly number[], k: number, names?: readonly string[]): string {
  return p
    .map((v, i) => [i, v] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(([i, v]) => `${names?.[i] ?? i} (${v.toFixed(3)})`)
    .join(", ");
}

/** A step for a person at a terminal: forward then backward, one block per node. */
export function describeStep(t: StepTrace): string[] {
  const where =
    t.sample.split === "drawn" ? "a drawn sample" : `${t.sample.split} sample ${t.sample.index ?? ""}`.trimEnd();
  const label = t.sample.label === null ? "" : ` (label ${t.classNames?.[t.sample.label] ?? t.sample.label})`;
  const lines = [
    `step ${t.optimizer.step} on ${where}${label}, batch of ${t.batchSize}, backend ${t.backend}`,
    "forward:",
    `  input [${t.input.shape.join(", ")}]  ${stats(t.input.value)}`,
  ];
  for (const n of t.nodes) {
    const top = n.kind === "Softmax" ? `  top ${topClasses(n.output, 3, t.classNames)}` : "";
    lines.push(`  ${n.nodeId} (${n.kind}) [${n.shape.join(", ")}]  ${stats(n.output)}${top}`);
  }
  lines.push(`  loss ${t.loss.name}: ${g(t.loss.sample)} for this sample, ${g(t.loss.batch)} for the batch`);
  lines.push("backward (dLoss/d output):");
  for (const n of [...t.nodes].reverse()) {
    lines.push(`  ${n.nodeId} (${n.kind})  |grad| ${g(norm(n.grad))}  ${stats(n.grad)}`);
    lines.push(...n.weights.map(weightLine));
  }
  lines.push(`  input  |grad| ${g(norm(t.input.grad))}`);
  const o = t.optimizer;
  const momentum =
    o.name === "sgd" && o.momentum > 0 ? `, momentum ${o.momentum}: v = ${o.momentum}·v + g, w -= lr·v` : "";
  lines.push(`update: ${o.name}, learning rate ${o.learningRate}${momentum}`);
  const params = t.nodes.reduce((sum, n) => sum + n.weights.reduce((s, w) => s + sizeOf(w.shape), 0), 0);
  lines.push(`  ${params.toLocaleString("en-US")} weights updated`);
  return lines;
}
