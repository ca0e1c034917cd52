import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeSession, openSession, takeStep } from "../../../../../main/engine/backprop/session";
import type { GraphDocument } from "../../../../../shared/graph";
import { loadPreset } from "../../../../../shared/presets";
import type { StepTrace } from "../../../../../shared/step";
import { chainGraph } from "../../../../helpers/chainGraph";
import { runPython, torchMissing, warnIfSkipped } from "../../../../helpers/python";

const REFERENCE = join(import.meta.dirname, "../../../../fixtures/backprop/reference.py");

interface TorchWeight {
  value: number[];
  grad: number[];
  update: number[];
}
interface TorchStep {
  loss: number;
  input_grad: number[];
  nodes: { output: number[]; grad: number[]; weights: Record<string, TorchWeight> }[];
}

/** Two steps of `doc` on test samples 0 and 1 from its initial weights: the second has biases and velocity. */
async function twoSteps(doc: GraphDocument): Promise<[StepTrace, StepTrace]> {
  const session = await openSession({ runId: "pytorch-check", doc, options: { seed: 42 } });
  try {
    return [await takeStep(session, { index: 0 }, 1), await takeStep(session, { index: 1 }, 1)];
  } finally {
    closeSession(session);
  }
}

/** What PyTorch's autograd and SGD make of the same two steps from the same starting weights. */
async function torchSteps(dir: string, steps: [StepTrace, StepTrace]): Promise<TorchStep[]> {
  const [first] = steps;
  const job = {
    nodes: first.nodes.map((n) => ({
      kind: n.kind,
      params: n.params,
      weights: n.weights.map((w) => ({ name: w.name, shape: w.shape, value: w.value })),
    })),
    loss: first.loss.name,
    lr: first.optimizer.learningRate,
    momentum: first.optimizer.momentum,
    samples: steps.map((t) => ({ x: t.input.value, y: t.target })),
  };
  const file = join(dir, `job-${Math.random().toString(36).slice(2)}.json`);
  await writeFile(file, JSON.stringify(job));
  const result = await runPython([REFERENCE, file]);
  if (result.code !== 0) throw new Error(`reference.py failed (${result.code}):\n${result.stderr}`);
  return JSON.parse(result.stdout) as TorchStep[];
}

/** Equal within 1e-4 of the reference tensor's largest magnitude (float32 on both sides, summed in different orders). */
function expectSame(shown: readonly number[], torch: readonly number[], what: string): void {
  expect(shown.length, `${what}: length`).toBe(torch.length);
  let scale = 0;
  let worst = 0;
  shown.forEach((v, i) => {
    scale = Math.max(scale, Math.abs(torch[i] as number));
    worst = Math.max(worst, Math.abs(v - (torch[i] as number)));
  });
  expect(worst, `${what}: largest difference, against a scale of ${scale}`).toBeLessThanOrEqual(1e-4 * scale);
}

function compare(steps: [StepTrace, StepTrace], torch: TorchStep[]): void {
  steps.forEach((t, s) => {
    const ref = torch[s] as TorchStep;
    const at = `step ${s + 1}`;
    expect(t.loss.batch).toBeCloseTo(ref.loss, 5);
    expectSame(t.input.grad, ref.input_grad, `${at} dLoss/d(input)`);
    t.nodes.forEach((n, i) => {
      const node = ref.nodes[i] as TorchStep["nodes"][number];
      expectSame(n.output, node.output, `${at} ${n.nodeId} output`);
      expectSame(n.grad, node.grad, `${at} dLoss/d(${n.nodeId})`);
      for (const w of n.weights) {
        const tw = node.weights[w.name] as TorchWeight;
        expectSame(w.value, tw.value, `${at} ${n.nodeId}.${w.name}`);
        expectSame(w.grad, tw.grad, `${at} ${n.nodeId}.${w.name} gradient`);
        expectSame(w.update, tw.update, `${at} ${n.nodeId}.${w.name} update`);
      }
    });
  });
}

warnIfSkipped("step mode against PyTorch autograd");

describe.skipIf(torchMissing)("a step's numbers equal PyTorch autograd's and SGD's", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "netloom-step-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("on the MNIST preset: values, node gradients, weight gradients and momentum updates", async () => {
    const steps = await twoSteps(loadPreset("mnist"));
    expect(steps[1].optimizer).toMatchObject({ name: "sgd", momentum: 0.9, step: 2 });
    expect(steps[1].nodes[0]?.weights[0]?.shape).toEqual([300, 784]);
    compare(steps, await torchSteps(dir, steps));
  }, 120_000);

  it("on a chain of every activation", async () => {
    const doc = chainGraph({
      layers: [
        ["Linear", { units: 24 }],
        ["LeakyReLU", { alpha: 0.1 }],
        ["Maxout", { units: 12, pieces: 2 }],
        ["ELU", { alpha: 0.5 }],
        ["Linear", { units: 16 }],
        ["Tanh"],
        ["Linear", { units: 16 }],
        ["Sigmoid"],
        ["Linear", { units: 10 }],
        ["Softmax"],
      ],
      optimizer: { optimizer: "sgd", learningRate: 0.05, momentum: 0.5 },
    });
    const steps = await twoSteps(doc);
    compare(steps, await torchSteps(dir, steps));
  }, 120_000);
});
