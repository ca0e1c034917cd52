import { describe, expect, it } from "vitest";
import { mnistPaths } from "../../../../../main/data/builtin";
import { graphAround, LAYER_CASES, LAYER_KINDS } from "../../../../helpers/kindCases";
import { torchMissing, warnIfSkipped } from "../../../../helpers/python";
import { TRAIN_TIMEOUT } from "../helpers";
import { trainOnPyTorch } from "./helpers";

warnIfSkipped("every layer kind on the pytorch backend");

describe.skipIf(torchMissing !== null)("every layer kind on the pytorch backend", { timeout: TRAIN_TIMEOUT }, () => {
  it.each(LAYER_KINDS)(
    "%s trains, and its weights come back: TF.js scores the validation split as PyTorch did",
    async (kind) => {
      const { trainImages, trainLabels } = mnistPaths();
      const channels = LAYER_CASES[kind]?.input?.length === 3 ? { channelAxis: true } : {};
      // MNIST's training files alone: with no test split, `done` scores the validation split, in TF.js.
      const dataset = { source: "idx", path: trainImages, labelsPath: trainLabels, limit: 256, validationSplit: 0.25 };
      const { run, events } = await trainOnPyTorch(graphAround(kind, { dataset: { ...dataset, ...channels } }), {
        epochs: 1,
      });
      run?.model.dispose();
      const done = events.one("done");
      const epoch = events.one("epoch");
      expect(done.evaluatedOn).toBe("validation");
      expect(done.testLoss).toBeCloseTo(epoch.valLoss as number, 4);
      expect(done.testAccuracy).toBeCloseTo(epoch.valAccuracy as number, 6);
    },
  );
});
