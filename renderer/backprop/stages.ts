import type { StepTrace } from "../../shared/step";

/**
 * One stage of a step as step mode walks it: the input, each node forward, the loss, each node
 * backward (last to first), then the optimizer's update.
 */
export type Stage =
  | { kind: "input"; nodeId: string }
  | { kind: "forward"; index: number; nodeId: string }
  | { kind: "loss"; nodeId: string }
  | { kind: "backward"; index: number; nodeId: string }
  | { kind: "update"; nodeId: string };

/** The stages of a step, in the order step mode shows them. */
export function stagesOf(trace: StepTrace): Stage[] {
  const forward = trace.nodes.map((n, index): Stage => ({ kind: "forward", index, nodeId: n.nodeId }));
  const backward = trace.nodes.map((n, index): Stage => ({ kind: "backward", index, nodeId: n.nodeId })).reverse();
  return [
    { kind: "input", nodeId: trace.input.nodeId },
    ...forward,
    { kind: "loss", nodeId: trace.loss.nodeId },
    ...backward,
    { kind: "update", nodeId: trace.optimizer.nodeId },
  ];
}

/** What the canvas shows of a node at a stage: its forward value once reached, its gradient once reached. */
export interface NodeProgress {
  forward: boolean;
  backward: boolean;
  current: "forward" | "backward" | null;
}

/** How far the walk through `stages` has come at `at` for one node. */
export function nodeProgress(stages: readonly Stage[], at: number, nodeId: string): NodeProgress {
  let forward = false;
  let backward = false;
  stages.forEach((s, i) => {
    if (i > at || s.nodeId !== nodeId) return;
    if (s.kind === "backward" || s.kind === "update") backward = true;
    else forward = true;
  });
  const now = stages[at];
  const current =
    now?.nodeId === nodeId ? (now.kind === "backward" || now.kind === "update" ? "backward" : "forward") : null;
  return { forward, backward, current };
}

/** A short name of a stage for the stage bar: `linear1`, `loss`, `linear1 ∂`. */
export function stageLabel(stage: Stage): string {
  if (stage.kind === "input") return "input";
  if (stage.kind === "loss") return "loss";
  if (stage.kind === "update") return "update";
  return stage.kind === "backward" ? `∂ ${stage.nodeId}` : stage.nodeId;
}
