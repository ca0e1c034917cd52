import type { StepNode } from "../../shared/step";
import type { EditorState } from "../store/types";
import { gradLevel } from "./colours";
import { nodeProgress } from "./stages";

/** What step mode shows on one node: its part in the step and how far the walk has come. */
export interface NodeStepView {
  role: "input" | "node" | "loss" | "optimizer" | null;
  /** The node's numbers (role `node`); stable while the step is the same. */
  node: StepNode | undefined;
  forward: boolean;
  backward: boolean;
  current: "forward" | "backward" | null;
}

const NONE: NodeStepView = { role: null, node: undefined, forward: false, backward: false, current: null };

/** Step mode's view of node `id`; compare with useShallow: its fields change only as the walk passes the node. */
export function nodeStepView(s: EditorState, id: string): NodeStepView {
  const step = s.step;
  if (step.phase !== "ready") return NONE;
  const { trace, stages, at } = step;
  const progress = nodeProgress(stages, at, id);
  if (id === trace.input.nodeId) {
    // The input's gradient is known once the first node's backward stage is reached.
    return { role: "input", node: undefined, ...progress, backward: at >= stages.length - 2 };
  }
  if (id === trace.loss.nodeId) return { role: "loss", node: undefined, ...progress };
  if (id === trace.optimizer.nodeId) return { role: "optimizer", node: undefined, ...progress };
  const node = trace.nodes.find((n) => n.nodeId === id);
  return node ? { role: "node", node, ...progress } : NONE;
}

/**
 * The colour level (0-4) of a wire from `source`, by the gradient flowing back along it: in step
 * mode once the walk has brought it there, else from live signals; null leaves the wire plain.
 */
export function wireLevel(s: EditorState, source: string): number | null {
  const step = s.step;
  if (step.phase === "ready") {
    const norm = step.gradNorms[source];
    if (norm === undefined) return null;
    const view = nodeStepView(s, source);
    return view.backward ? gradLevel(norm, step.gradRange) : null;
  }
  if (!s.signalsOn || !s.signals) return null;
  const signal = s.signals.byNode[source];
  return signal ? gradLevel(signal.gradNorm, s.signals.gradRange) : null;
}
