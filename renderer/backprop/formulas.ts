import { isNodeKind, kindDef } from "../../shared/catalog";
import type { StepRule, StepUnit } from "../../shared/catalog/stepRules";
import type { StepTrace } from "../../shared/step";
import { maxAbs } from "./colours";

/** The step formulas a node's kind declares in the catalog, or null. */
export function stepRuleOf(kind: string): StepRule<Record<string, unknown>> | null {
  if (!isNodeKind(kind)) return null;
  const rule = kindDef(kind).compile;
  return "layer" in rule && rule.layer?.step ? (rule.layer.step as StepRule<Record<string, unknown>>) : null;
}

/** The unit with the largest gradient: the one a step explains unless another is picked. */
export function strongestUnit(grad: readonly number[]): number {
  const top = maxAbs(grad);
  return Math.max(
    0,
    grad.findIndex((g) => Math.abs(g) === top),
  );
}

/** Node `index` of a step as its formulas take it, at unit `j`: its input is the node before's output. */
export function stepUnit(trace: StepTrace, index: number, j: number): StepUnit {
  const node = trace.nodes[index];
  const before = trace.nodes[index - 1];
  const last = index === trace.nodes.length - 1;
  const crossEntropy = last && node?.kind === "Softmax" && trace.loss.name === "categoricalCrossentropy";
  return {
    j,
    x: before?.output ?? trace.input.value,
    xShape: before?.shape ?? trace.input.shape,
    yShape: node?.shape ?? [],
    dx: before?.grad ?? trace.input.grad,
    y: node?.output ?? [],
    dy: node?.grad ?? [],
    weights: Object.fromEntries((node?.weights ?? []).map((w) => [w.name, { shape: w.shape, value: w.value }])),
    batch: trace.batchSize,
    crossEntropyTarget: crossEntropy ? trace.target : null,
  };
}
