import { describe, expect, it } from "vitest";
import { layerRule, NODE_KINDS } from "../../../../shared/catalog";
import {
  eluStep,
  LOSS_STEPS,
  leakyReluStep,
  linearStep,
  maxoutStep,
  num,
  reluStep,
  type StepUnit,
  sigmoidStep,
  softmaxStep,
  tanhStep,
  updateAt,
} from "../../../../shared/catalog/stepRules";

/** A unit with the given vectors; weights and target as given, batch of 1. */
function unit(j: number, v: Partial<StepUnit>): StepUnit {
  return {
    j,
    x: [],
    xShape: [v.x?.length ?? 0],
    y: [],
    yShape: [v.y?.length ?? 0],
    dx: [],
    dy: [],
    weights: {},
    batch: 1,
    crossEntropyTarget: null,
    ...v,
  };
}

describe("step mode's formulas, with one unit's numbers in", () => {
  it("write numbers with 4 significant digits, and exponents for the very small", () => {
    expect([num(0.123456), num(-2), num(0), num(0.00012345), num(123456)]).toEqual([
      "0.1235",
      "-2",
      "0",
      "1.23·10^-4",
      "1.23·10^5",
    ]);
  });

  it("for ReLU: the gradient passes where x > 0 and stops where it is not", () => {
    const u = unit(1, { x: [0.7, -0.5], y: [0.7, 0], dy: [0.2, 0.25], dx: [0.2, 0] });
    expect(reluStep.forwardAt({}, u)).toBe("y_1 = max(0, -0.5) = 0");
    expect(reluStep.backwardAt({}, u)).toBe("∂L/∂x_1 = 0.25 · 0 = 0");
    expect(reluStep.backwardAt({}, { ...u, j: 0 })).toBe("∂L/∂x_0 = 0.2 · 1 = 0.2");
  });

  it("for Sigmoid, Tanh, leaky ReLU and ELU: the local slope", () => {
    const s = 1 / (1 + Math.exp(-0.5));
    const u = unit(0, { x: [0.5], y: [s], dy: [-0.1], dx: [-0.1 * s * (1 - s)] });
    expect(sigmoidStep.backwardAt({}, u)).toBe(`∂L/∂x_0 = (-0.1) · 0.6225·(1 − 0.6225) = -0.0235`);
    const t = Math.tanh(-1);
    expect(tanhStep.backwardAt({}, unit(0, { x: [-1], y: [t], dy: [2], dx: [2 * (1 - t * t)] }))).toBe(
      "∂L/∂x_0 = 2 · (1 − (-0.7616)²) = 0.8399",
    );
    const leaky = unit(0, { x: [-2], y: [-0.2], dy: [0.5], dx: [0.05] });
    expect(leakyReluStep.forwardAt({ alpha: 0.1 }, leaky)).toBe("y_0 = 0.1 · (-2) = -0.2");
    expect(leakyReluStep.backwardAt({ alpha: 0.1 }, leaky)).toBe("∂L/∂x_0 = 0.5 · 0.1 = 0.05");
    const y = Math.exp(-1) - 1;
    expect(eluStep.backwardAt({ alpha: 1 }, unit(0, { x: [-1], y: [y], dy: [1], dx: [y + 1] }))).toBe(
      "∂L/∂x_0 = 1 · (-0.6321 + 1) = 0.3679",
    );
  });

  it("for Softmax followed by cross-entropy: p − y, over the batch", () => {
    const u = unit(2, { x: [1, 2, 3], y: [0.09, 0.245, 0.665], dx: [0.045, 0.1225, -0.1675] });
    const ce = { ...u, crossEntropyTarget: [0, 0, 1], batch: 2 };
    expect(softmaxStep.backwardAt({}, ce)).toBe("∂L/∂z_2 = (p_2 − y_2) / 2 = (0.665 − 1) / 2 = -0.1675");
    expect(softmaxStep.forwardAt({}, u)).toBe("p_2 = e^3 / Σ_k e^z_k = 20.09 / 30.19 = 0.665");
    const big = { ...u, x: [100, 101, 102] };
    expect(softmaxStep.forwardAt({}, big)).toBe("p_2 = e^(102 − 102) / Σ_k e^(z_k − 102) = 1 / 1.503 = 0.665");
  });

  it("for Linear: the weighted sum, and the gradient of its strongest weight", () => {
    // W = [[1, 2], [3, -4]] (units × inputs), b = [0.5, 0], x = [1, 0.5].
    const weights = { weight: { shape: [2, 2], value: [1, 2, 3, -4] }, bias: { shape: [2], value: [0.5, 0] } };
    const u = unit(1, { x: [1, 0.5], y: [2.5, 1], dy: [0.1, -0.3], weights });
    expect(linearStep.forwardAt({ units: 2, bias: true }, u)).toBe("y_1 = Σ_i W_1,i·x_i = 1 + 0 = 1");
    expect(linearStep.backwardAt({ units: 2, bias: true }, u)).toBe("∂L/∂b_1 = -0.3;  ∂L/∂W_1,0 = (-0.3) · 1 = -0.3");
  });

  it("for Maxout: the winning piece takes the gradient", () => {
    // 2 units, 2 pieces: rows 0-1 are piece 1, rows 2-3 piece 2; one input x = [2].
    const weights = { weight: { shape: [4, 1], value: [1, -1, 0.5, 3] }, bias: { shape: [4], value: [0, 0, 0, 0] } };
    const u = unit(1, { x: [2], y: [2, 6], dy: [0.1, 0.4], weights });
    expect(maxoutStep.forwardAt({ units: 2, pieces: 2 }, u)).toBe("y_1 = max(-2, 6) = 6");
    expect(maxoutStep.backwardAt({ units: 2, pieces: 2 }, u)).toMatch(
      /^piece 2 of 2 wins, so ∂L\/∂z_2,1 = ∂L\/∂y_1 = 0.4/,
    );
  });

  it("for the losses and the SGD update", () => {
    const p = [0.2, 0.8];
    const y = [0, 1];
    expect(LOSS_STEPS.categoricalCrossentropy.valueAt(p, y, -Math.log(0.8))).toBe("L = −log p_1 = −log 0.8 = 0.2231");
    expect(LOSS_STEPS.categoricalCrossentropy.gradientAt(p, y, 1, 1 - 1 / 0.8, 1)).toBe(
      "∂L/∂p_1 = (1/1 − 1/0.8) = -0.25",
    );
    expect(LOSS_STEPS.meanSquaredError.gradientAt(p, y, 0, 0.2, 1)).toBe("∂L/∂p_0 = 2 · (0.2 − 0) / 2 = 0.2");
    const sgd = { name: "sgd", learningRate: 0.1, momentum: 0.9 };
    expect(updateAt(sgd, 0.5, 0.2, 1, -0.1 * (0.9 + 0.2))).toBe("v = 0.9 · 1 + 0.2 = 1.1;  w ← 0.5 − 0.1 · 1.1 = 0.39");
    expect(updateAt({ ...sgd, momentum: 0 }, 0.5, 0.2, null, -0.02)).toBe("w ← 0.5 − 0.1 · 0.2 = 0.48");
  });

  it("are declared by every kind that can be a layer of the model", () => {
    const layers = NODE_KINDS.filter((kind) => layerRule(kind));
    expect(layers).toContain("Conv2D");
    for (const kind of layers) expect(layerRule(kind)?.step, kind).toBeTruthy();
  });
});
