import { describe, expect, it } from "vitest";
import { nodeProgress, stageLabel, stagesOf } from "../../../../renderer/backprop/stages";
import type { StepTrace } from "../../../../shared/step";

const trace = {
  input: { nodeId: "loader" },
  nodes: [{ nodeId: "linear1" }, { nodeId: "relu" }],
  loss: { nodeId: "loss" },
  optimizer: { nodeId: "optimizer" },
} as unknown as StepTrace;

describe("the stages of a step", () => {
  it("go forward through the nodes, to the loss, backward through them, then to the update", () => {
    expect(stagesOf(trace).map(stageLabel)).toEqual([
      "input",
      "linear1",
      "relu",
      "loss",
      "∂ relu",
      "∂ linear1",
      "update",
    ]);
  });

  it("show a node's value once its forward stage is reached, and its gradient once its backward one is", () => {
    const stages = stagesOf(trace);
    expect(nodeProgress(stages, 0, "linear1")).toEqual({ forward: false, backward: false, current: null });
    expect(nodeProgress(stages, 1, "linear1")).toEqual({ forward: true, backward: false, current: "forward" });
    expect(nodeProgress(stages, 4, "linear1")).toEqual({ forward: true, backward: false, current: null });
    expect(nodeProgress(stages, 5, "linear1")).toEqual({ forward: true, backward: true, current: "backward" });
    expect(nodeProgress(stages, 6, "optimizer")).toEqual({ forward: false, backward: true, current: "backward" });
  });
});
