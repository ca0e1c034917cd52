import { describe, expect, it } from "vitest";
import { loadExample } from "../../../../main/examples/gallery";
import { applyVariant } from "../../../../shared/graph";
import { TRAIN_TIMEOUT, train } from "../engine/helpers";

describe("the quick examples train as the gallery says", () => {
  it(
    "XOR: 100% on its truth table",
    async () => {
      const { events } = await train(loadExample("xor"));
      const done = events.one("done");
      expect(done.evaluatedOn).toBe("test");
      expect(done.testAccuracy).toBe(1);
    },
    TRAIN_TIMEOUT,
  );

  it(
    "sine regression: a test error near the noise in the data (its variance is 0.01)",
    async () => {
      const { events } = await train(loadExample("sine-regression"));
      const done = events.one("done");
      expect(done.testAccuracy).toBeNull();
      expect(done.testLoss).toBeLessThan(0.03);
    },
    TRAIN_TIMEOUT,
  );

  it(
    "the activation functions: every variant trains on a few MNIST samples",
    async () => {
      const doc = loadExample("activations");
      for (const variant of doc.variants ?? []) {
        const applied = applyVariant(doc, variant);
        if (!applied.ok) throw new Error(applied.error);
        const { events } = await train(applied.doc, { epochs: 1, limit: 300 });
        // Better than chance (10%) after 270 training samples, whichever the activation.
        expect(events.one("done").testAccuracy, variant.name).toBeGreaterThan(0.15);
      }
    },
    TRAIN_TIMEOUT,
  );
});
