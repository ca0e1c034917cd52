import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileWithData } from "../../../../../main/data/inspect";
import { exportPyTorch } from "../../../../../main/export/pytorch/script";
import type { GraphDocument } from "../../../../../shared/graph";
import { loadPreset } from "../../../../../shared/presets";
import { applyRunOptions } from "../../../../../shared/run";
import { chainGraph } from "../../../../helpers/chainGraph";
import { runHarness, torchMissing, warnIfSkipped } from "../../../../helpers/python";
import { engineGraph, TRAIN_TIMEOUT } from "../helpers";
import { trainOnPyTorch } from "./helpers";

const SEED = 7;

/** Graphs whose exported script must train exactly as the backend trains them. */
const GRAPHS: [string, GraphDocument, number][] = [
  ["the MNIST preset", loadPreset("mnist"), 640],
  ["a CSV regression with a validation split", engineGraph("engine-regression.json"), 100],
  [
    "Dropout, Maxout and ELU, with mean squared error",
    chainGraph({
      layers: [["Maxout", { units: 16, pieces: 2 }], ["Dropout", { rate: 0.3 }], ["ELU"], ["Linear", { units: 10 }]],
      loss: "meanSquaredError",
    }),
    320,
  ],
];

interface ScriptTraining {
  losses: number[];
  epochs: { loss: number; val_loss?: number }[];
  error?: string;
}

warnIfSkipped("the exported script and the pytorch backend");

describe.skipIf(torchMissing !== null)(
  "the exported script and the pytorch backend",
  { timeout: TRAIN_TIMEOUT },
  () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), "netloom-same-module-"));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it.each(GRAPHS)("take the same steps for a seed: %s", async (name, doc, limit) => {
      const options = { limit, epochs: 1, seed: SEED };
      const backend = await trainOnPyTorch(doc, options, { timing: { batchEventMs: 0 } });
      backend.run?.model.dispose();
      const ours = backend.events.of("batch").map((b) => b.loss);
      expect(ours.length, `${name}: the backend reports every step`).toBe(
        backend.events.one("started").batchesPerEpoch,
      );

      const compiled = compileWithData(applyRunOptions(doc, options));
      if (!compiled.ok) throw new Error(compiled.errors.map((e) => e.message).join("; "));
      const script = join(dir, `${name.replace(/\W+/g, "-")}.py`);
      await writeFile(script, exportPyTorch(doc, compiled));
      const argv = ["--limit", String(limit), "--epochs", "1", "--seed", String(SEED)];
      const [theirs] = await runHarness<ScriptTraining>(dir, [{ op: "train", script, argv }]);
      if (!theirs || theirs.error) throw new Error(`the script failed: ${theirs?.error}`);

      expect(theirs.losses).toHaveLength(ours.length);
      theirs.losses.forEach((loss, i) => {
        expect(Math.abs(loss - (ours[i] as number)), `step ${i + 1}`).toBeLessThan(1e-5 * Math.max(1, Math.abs(loss)));
      });
      const epoch = backend.events.one("epoch");
      expect(epoch.loss).toBeCloseTo(theirs.epochs[0]?.loss as number, 5);
      expect(epoch.valLoss).toBeCloseTo(theirs.epochs[0]?.val_loss as number, 5);
    });
  },
);
