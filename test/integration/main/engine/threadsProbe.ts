/**
 * Trains the MNIST preset briefly on the wasm backend and prints the backend detail and the
 * epoch's loss as JSON; the thread count comes from NETLOOM_WASM_THREADS.
 */
import { runTraining } from "../../../../main/engine/train";
import { loadPreset } from "../../../../shared/presets";
import type { TrainingEvent } from "../../../../shared/run";

const events: TrainingEvent[] = [];
await runTraining(
  { runId: "probe", doc: loadPreset("mnist"), options: { backend: "wasm", limit: 640, epochs: 1, seed: 9 } },
  (e) => events.push(e),
);
const started = events.find((e) => e.type === "started");
const epoch = events.find((e) => e.type === "epoch");
const error = events.find((e) => e.type === "error");
process.stdout.write(
  `${JSON.stringify({
    detail: started?.type === "started" ? started.backendDetail : null,
    loss: epoch?.type === "epoch" ? epoch.loss : null,
    error: error?.type === "error" ? error.message : null,
  })}\n`,
);
process.exit(0);
