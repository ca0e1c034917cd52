import { describe, expect, it } from "vitest";
import { torchMissing, warnIfSkipped } from "../../../../helpers/python";
import { mnistWith, TRAIN_TIMEOUT } from "../helpers";
import { trainOnPyTorch } from "./helpers";

warnIfSkipped("training in several processes under torchrun");

describe.skipIf(torchMissing !== null)(
  "training in several processes under torchrun",
  { timeout: TRAIN_TIMEOUT },
  () => {
    it("takes the steps of one process when the batches come in order: each step's batch is shared", async () => {
      const doc = mnistWith({ loader: { shuffle: false } });
      const options = { limit: 3000, epochs: 2, seed: 5 };
      const one = await trainOnPyTorch(doc, options);
      const two = await trainOnPyTorch(doc, { ...options, processes: 2 });
      one.run?.model.dispose();
      two.run?.model.dispose();
      expect(two.events.one("started").backendDetail).toMatch(/ per process, 2 processes \((gloo|nccl)\)/);
      expect(two.events.one("started").batchesPerEpoch).toBe(one.events.one("started").batchesPerEpoch);
      const [a, b] = [one.events.of("epoch"), two.events.of("epoch")];
      expect(b).toHaveLength(2);
      b.forEach((epoch, i) => {
        expect(epoch.loss).toBeCloseTo(a[i]?.loss as number, 5);
        expect(epoch.valLoss).toBeCloseTo(a[i]?.valLoss as number, 5);
      });
      expect(two.events.one("done").testLoss).toBeCloseTo(one.events.one("done").testLoss, 5);
    });

    it("reaches the test accuracy of one process, within 0.5 points, over an epoch of all of MNIST", async () => {
      const options = { epochs: 1, seed: 42 };
      const one = await trainOnPyTorch(mnistWith(), options);
      const two = await trainOnPyTorch(mnistWith(), { ...options, processes: 2 });
      one.run?.model.dispose();
      two.run?.model.dispose();
      const [a, b] = [one.events.one("done").testAccuracy as number, two.events.one("done").testAccuracy as number];
      console.info(`one epoch of MNIST: test accuracy ${a} in one process, ${b} in two`);
      expect(a).toBeGreaterThan(0.95);
      expect(Math.abs(a - b)).toBeLessThan(0.005);
    });

    it("pauses, resumes and stops all processes together", async () => {
      let [pausing, resumed] = [false, false];
      const { run, events } = await trainOnPyTorch(
        mnistWith(),
        { limit: 6000, epochs: 5, processes: 2 },
        {
          onEvent: (e, control) => {
            if (e.type === "batch" && !pausing) {
              pausing = true;
              control.send("pause");
            }
            if (e.type === "paused") setTimeout(() => control.send("resume"), 300);
            if (e.type === "resumed") resumed = true;
            if (e.type === "batch" && resumed) control.send("stop");
          },
        },
      );
      run?.model.dispose();
      expect(events.types.filter((t) => t !== "batch")).toEqual(["started", "paused", "resumed", "stopped"]);
      expect(run).not.toBeNull();
    });
  },
);
