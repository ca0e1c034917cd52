import { describe, expect, it } from "vitest";
import { selectBackend } from "../../../../main/engine/backend";
import { batchOf, batchScratch, gatherRows } from "../../../../main/engine/batches";

/** Six samples of 2x2 features and one target: sample r holds r*10 + its element index. */
const samples = {
  x: Float32Array.from({ length: 24 }, (_, i) => Math.floor(i / 4) * 10 + (i % 4)),
  y: Float32Array.from({ length: 6 }, (_, i) => i),
  xShape: [2, 2],
  yShape: [1],
};

describe("batches cut from host samples", () => {
  it("copies the rows asked for, in their order", () => {
    expect(Array.from(gatherRows(samples.y, 1, Int32Array.from([4, 0, 4])))).toEqual([4, 0, 4]);
    expect(Array.from(gatherRows(samples.x, 4, Int32Array.from([5, 1])))).toEqual([50, 51, 52, 53, 10, 11, 12, 13]);
  });

  for (const backend of ["wasm", "cpu"] as const) {
    it(`keeps each batch's tensors intact while the next batches reuse the scratch arrays (${backend})`, async () => {
      const { tf } = await selectBackend({ force: backend });
      const scratch = batchScratch(samples, 3);
      const first = batchOf(tf, samples, Int32Array.from([2, 0, 1]), scratch);
      const second = batchOf(tf, samples, Int32Array.from([5, 4]), scratch);
      expect(first.xs.shape).toEqual([3, 2, 2]);
      expect(Array.from(first.ys.dataSync())).toEqual([2, 0, 1]);
      expect(Array.from(first.xs.dataSync()).slice(0, 4)).toEqual([20, 21, 22, 23]);
      expect(Array.from(second.ys.dataSync())).toEqual([5, 4]);
      expect(Array.from(second.yValues)).toEqual([5, 4]);
      tf.dispose([first.xs, first.ys, second.xs, second.ys]);
    });
  }
});
