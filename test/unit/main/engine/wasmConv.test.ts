import type { Tensor, Tensor4D } from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../../../main/engine/backend";
import type { Tf } from "../../../../main/engine/tf";

let tf: Tf;
beforeAll(async () => {
  tf = (await selectBackend({ force: "wasm" })).tf;
});

/** Deterministic values in [-1, 1]. */
const values = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 1.7 + seed));

/** The gradients of sum(conv2d(x, w) · probe) with respect to x and w, on the current backend. */
function gradients(xShape: number[], wShape: number[], stride: number, pad: "valid" | "same") {
  const tensor = (shape: number[], seed: number) =>
    tf.tensor(
      values(
        shape.reduce((a, b) => a * b),
        seed,
      ),
      shape,
    );
  const [x, w] = [tensor(xShape, 1), tensor(wShape, 2)];
  const [dx, dw] = tf.grads((a: Tensor, b: Tensor) => {
    const y = tf.conv2d(a as Tensor4D, b as Tensor4D, stride, pad);
    return tf.sum(tf.mul(y, tensor(y.shape, 3)));
  })([x, w]);
  const out = { x: Array.from(dx?.dataSync() ?? []), w: Array.from(dw?.dataSync() ?? []) };
  tf.dispose([x, w, dx, dw] as Tensor[]);
  return out;
}

const worst = (a: number[], b: number[]) => Math.max(...a.map((v, i) => Math.abs(v - (b[i] as number))));

describe("wasm convolution gradients made of XNNPACK convolutions", () => {
  it("are registered with the wasm backend", () => {
    expect(tf.getKernel("Conv2DBackpropFilter", "wasm")?.kernelFunc.name).toBe("conv2dBackpropFilterByConv");
    expect(tf.getKernel("Conv2DBackpropInput", "wasm")?.kernelFunc.name).toBe("conv2dBackpropInputByConv");
  });

  it.each([
    ["valid, stride 1", [2, 7, 6, 3], [3, 3, 3, 4], 1, "valid"],
    ["valid, stride 2 with a left-over row", [2, 8, 7, 1], [3, 3, 1, 2], 2, "valid"],
    ["valid, stride 3", [1, 10, 9, 2], [2, 3, 2, 3], 3, "valid"],
    ["same, stride 1", [1, 5, 5, 2], [3, 3, 2, 3], 1, "same"],
    ["same, stride 2, TF's uneven padding", [3, 6, 5, 2], [3, 2, 2, 5], 2, "same"],
    ["a kernel as large as the image", [2, 4, 4, 1], [4, 4, 1, 2], 1, "valid"],
  ] as const)("equal the cpu backend's: %s", async (_name, xShape, wShape, stride, pad) => {
    const wasm = gradients([...xShape], [...wShape], stride, pad);
    await tf.setBackend("cpu");
    const cpu = gradients([...xShape], [...wShape], stride, pad);
    await tf.setBackend("wasm");
    expect([wasm.x.length, wasm.w.length]).toEqual([cpu.x.length, cpu.w.length]);
    expect(worst(wasm.x, cpu.x)).toBeLessThan(1e-4);
    expect(worst(wasm.w, cpu.w)).toBeLessThan(1e-4);
  });

  it("leave no tensors or buffers behind", () => {
    gradients([1, 6, 6, 2], [3, 3, 2, 2], 2, "same");
    const buffers = () => tf.engine().backend.numDataIds();
    const [tensors, data] = [tf.memory().numTensors, buffers()];
    gradients([1, 6, 6, 2], [3, 3, 2, 2], 2, "same");
    expect([tf.memory().numTensors, buffers()]).toEqual([tensors, data]);
  });
});
