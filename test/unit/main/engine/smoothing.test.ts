import { describe, expect, it } from "vitest";
import { LossSmoother, MAX_SMOOTHING_BATCHES, smoothingBatches } from "../../../../main/engine/smoothing";

describe("the smoothed loss", () => {
  it("starts at the first loss: the start-up bias is removed", () => {
    const s = new LossSmoother(10);
    expect(s.value).toBeNaN();
    expect(s.add(4)).toBe(4);
    expect(s.add(2)).toBeCloseTo((0.9 * 0.1 * 4 + 0.1 * 2) / (1 - 0.9 ** 2));
  });

  it("follows the losses without lag when it averages over one batch", () => {
    const s = new LossSmoother(1);
    expect([3, 2, 0.5].map((l) => s.add(l))).toEqual([3, 2, 0.5]);
  });

  it("settles on a constant loss and moves slowly toward a new one", () => {
    const s = new LossSmoother(20);
    for (let i = 0; i < 500; i++) s.add(1);
    expect(s.value).toBeCloseTo(1, 10);
    s.add(0);
    expect(s.value).toBeCloseTo(0.95, 10);
  });

  it("averages over a tenth of an epoch, one batch at least and at most the cap", () => {
    expect(smoothingBatches(1)).toBe(1);
    expect(smoothingBatches(4)).toBe(1);
    expect(smoothingBatches(23)).toBe(2);
    expect(smoothingBatches(300)).toBe(30);
    expect(smoothingBatches(1875)).toBe(MAX_SMOOTHING_BATCHES);
  });
});
