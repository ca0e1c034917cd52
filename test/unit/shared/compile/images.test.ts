import { describe, expect, it } from "vitest";
import { compileGraph } from "../../../../shared/compile";
import { chainGraph, type NodeSpec } from "../../../helpers/chainGraph";

/** MNIST with its channel axis -> `layers` -> Flatten -> Linear(10) -> Softmax. */
function imageGraph(layers: NodeSpec[]) {
  return chainGraph({
    dataset: { source: "mnist", channelAxis: true },
    x: [["Normalize"]],
    layers: [...layers, ["Flatten", {}, "flat"], ["Linear", { units: 10 }, "head"], ["Softmax", {}, "probs"]],
  });
}

describe("image layers in a graph", () => {
  it("name the node whose kernel is larger than the image that reaches it", () => {
    const result = compileGraph(
      imageGraph([
        ["MaxPool2D", { poolSize: 7, stride: 7 }, "shrink"],
        ["Conv2D", { filters: 8, kernelSize: 5 }, "edges"],
      ]),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toContainEqual(
      expect.objectContaining({
        nodeId: "edges",
        message: expect.stringMatching(/5x5 kernel is larger than the 4x4 input/),
      }),
    );
    expect(result.errors.some((e) => e.nodeId === "shrink")).toBe(false);
  });

  it("name the node whose stride skips pixels, and the Linear a non-image reaches", () => {
    const skip = compileGraph(imageGraph([["Conv2D", { filters: 4, kernelSize: 2, stride: 3 }, "sparse"]]));
    expect(skip.warnings).toContainEqual(expect.objectContaining({ nodeId: "sparse" }));
    const flat = compileGraph(
      chainGraph({ layers: [["Conv2D", {}, "conv"], ["Flatten"], ["Linear", { units: 10 }], ["Softmax"]] }),
    );
    expect(flat.ok).toBe(false);
    if (!flat.ok) expect(flat.errors.map((e) => e.nodeId)).toContain("conv");
  });

  it("count k·k·c·filters + filters parameters per convolution, none per pooling, 4 per BatchNorm channel", () => {
    const result = compileGraph(
      imageGraph([
        ["Conv2D", { filters: 32, kernelSize: 3 }, "c1"],
        ["MaxPool2D", {}, "p1"],
        ["Conv2D", { filters: 64, kernelSize: 3, bias: false }, "c2"],
        ["BatchNorm", {}, "bn"],
      ]),
    );
    expect(result.params.byNode.c1).toBe(3 * 3 * 1 * 32 + 32);
    expect(result.params.byNode.p1 ?? 0).toBe(0);
    expect(result.params.byNode.c2).toBe(3 * 3 * 32 * 64);
    // γ and β, and the running mean and variance: Keras' count_params, TF.js's countParams.
    expect(result.params.byNode.bn).toBe(4 * 64);
    expect(result.shapes.c2?.x).toEqual([11, 11, 64]);
  });
});
