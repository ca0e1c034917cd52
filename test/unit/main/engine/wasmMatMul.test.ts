import { beforeAll, describe, expect, it } from "vitest";
import { selectBackend } from "../../../../main/engine/backend";
import type { Tensor, Tf } from "../../../../main/engine/tf";
import { setXnnpackMatMul } from "../../../../main/engine/wasmMatMul";

let tf: Tf;
beforeAll(async () => {
  tf = (await selectBackend({ force: "wasm" })).tf;
});

/** The same product on the cpu backend, as the reference. */
async function reference(a: number[][][] | number[][], b: number[][][] | number[][], ta: boolean, tb: boolean) {
  await tf.setBackend("cpu");
  const out = tf.matMul(tf.tensor(a as number[][]), tf.tensor(b as number[][]), ta, tb);
  const values = Array.from(out.dataSync());
  out.dispose();
  await tf.setBackend("wasm");
  return values;
}

const rand = (rows: number, cols: number) =>
  Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => Math.sin(i * 7 + j * 3)));

describe("wasm BatchMatMul for XNNPACK", () => {
  it("is installed by the wasm backend", () => {
    expect(tf.getKernel("BatchMatMul", "wasm")?.kernelFunc.name).toBe("xnnpackBatchMatMul");
  });

  for (const [ta, tb] of [
    [true, false],
    [false, true],
    [true, true],
    [false, false],
  ] as const) {
    it(`matches the reference for transposeA=${ta}, transposeB=${tb}`, async () => {
      const a = ta ? rand(5, 3) : rand(3, 5);
      const b = tb ? rand(4, 5) : rand(5, 4);
      const out = tf.matMul(tf.tensor(a), tf.tensor(b), ta, tb);
      expect(out.shape).toEqual([3, 4]);
      const expected = await reference(a, b, ta, tb);
      Array.from(out.dataSync()).forEach((v, i) => {
        expect(v).toBeCloseTo(expected[i] as number, 5);
      });
    });
  }

  it("handles batched (rank 3) products", async () => {
    const a = [rand(4, 2), rand(4, 2)];
    const b = [rand(3, 4), rand(3, 4)];
    const out = tf.matMul(tf.tensor3d(a), tf.tensor3d(b), true, true);
    expect(out.shape).toEqual([2, 2, 3]);
    await tf.setBackend("cpu");
    const ref = tf.matMul(tf.tensor3d(a), tf.tensor3d(b), true, true).dataSync();
    await tf.setBackend("wasm");
    Array.from(out.dataSync()).forEach((v, i) => {
      expect(v).toBeCloseTo(ref[i] as number, 5);
    });
  });

  it("frees its temporary transposes", () => {
    const a = tf.tensor(rand(6, 3));
    const b = tf.tensor(rand(6, 2));
    tf.matMul(a, b, true, false).dispose();
    const before = tf.engine().backend.numDataIds();
    for (let i = 0; i < 5; i++) tf.matMul(a, b, true, false).dispose();
    expect(tf.engine().backend.numDataIds()).toBe(before);
  });

  it("gives a few rows times new weights bit for bit as the stock kernel does, and frees what it made", () => {
    // 2x50 times 50x40: packing the 2 rows costs less than packing the weights, so the product is swapped.
    const a = tf.tensor(rand(2, 50));
    const weights = [1, 2, 3].map((k) => tf.tidy(() => tf.tensor(rand(50, 40)).mul(k)));
    const product = (w: Tensor) => tf.tidy(() => Array.from(tf.matMul(a, w).dataSync()));
    const before = tf.engine().backend.numDataIds();
    const ours = weights.map(product);
    const again = product(weights[0] as Tensor);
    expect(tf.engine().backend.numDataIds()).toBe(before);
    setXnnpackMatMul(tf, false);
    const stock = weights.map(product);
    setXnnpackMatMul(tf, true);
    expect(ours).toEqual(stock);
    expect(again).toEqual(stock[0]);
  });

  it("can be turned off and on again", async () => {
    const a = tf.tensor(rand(5, 3));
    const b = tf.tensor(rand(5, 4));
    const ours = Array.from(tf.matMul(a, b, true, false).dataSync());
    setXnnpackMatMul(tf, false);
    expect(tf.getKernel("BatchMatMul", "wasm")?.kernelFunc.name).not.toBe("xnnpackBatchMatMul");
    const stock = Array.from(tf.matMul(a, b, true, false).dataSync());
    setXnnpackMatMul(tf, true);
    ours.forEach((v, i) => {
      expect(v).toBeCloseTo(stock[i] as number, 5);
    });
    expect(tf.getKernel("BatchMatMul", "wasm")?.kernelFunc.name).toBe("xnnpackBatchMatMul");
  });
});
