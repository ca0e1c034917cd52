import { describe, expect, it } from "vitest";
import { torchIsRecent } from "../../../../../main/engine/pytorch/python";
import { batchesPerEpoch } from "../../../../../main/engine/pytorch/trainer";

describe("the pytorch backend's rules", () => {
  it.each([
    ["1.13.0a0", true],
    ["1.13.1+cpu", true],
    ["2.3.1+cu121", true],
    ["1.9.0", false],
    ["1.12.1", false],
    ["0.4.1", false],
    ["junk", false],
  ])("takes torch %s as recent enough: %s", (version, recent) => {
    expect(torchIsRecent(version)).toBe(recent);
  });

  it("counts the steps of one process when several share each batch and each epoch", () => {
    expect(batchesPerEpoch(5400, 32, 1)).toBe(169);
    // Each of 2 processes takes 2700 samples, 16 per step.
    expect(batchesPerEpoch(5400, 32, 2)).toBe(169);
    // 3 processes: 1800 samples each, 10 per step (32 // 3).
    expect(batchesPerEpoch(5400, 32, 3)).toBe(180);
    expect(batchesPerEpoch(10, 1, 4)).toBe(3);
  });
});
