import { Writable } from "node:stream";
import { stripVTControlCharacters } from "node:util";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { reporterFor } from "../../../../main/engine/terminal";
import { type TrainingEvent, zTrainingEvent } from "../../../../shared/run";

/** A stream that says it is a terminal, keeping what is written with the escape codes removed. */
class FakeTerminal extends Writable {
  isTTY = true;
  columns = 200;
  raw = "";
  constructor() {
    super({ decodeStrings: false });
  }
  override _write(chunk: string | Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.raw += String(chunk);
    done();
  }
  get text(): string {
    return stripVTControlCharacters(this.raw);
  }
}

const runId = "run-1";
// Parsed, so the test fails if the events drift from the contract the engine emits.
const event = (e: TrainingEvent): TrainingEvent => zTrainingEvent.parse(e);

describe("netloom train's progress bar", () => {
  let stdout: FakeTerminal;
  let stderr: FakeTerminal;

  beforeEach(() => {
    // cli-progress redraws on a 100 ms timer and computes its ETA from Date.now().
    vi.useFakeTimers({ now: 0 });
    stdout = new FakeTerminal();
    stderr = new FakeTerminal();
  });

  afterEach(() => {
    vi.useRealTimers();
  });

  it("shows loss, accuracy, samples/s and ETA while training, epoch lines above it, then the test result", () => {
    const reporter = reporterFor("bar", { stdout, stderr });
    reporter.event(
      event({
        type: "started",
        runId,
        backend: "wasm",
        backendDetail: "XNNPACK, SIMD, 1 thread",
        skipped: [{ backend: "tfjs-node", reason: "not installed" }],
        params: 238_510,
        samples: { train: 640, validation: 64, test: 100 },
        epochs: 2,
        batchSize: 32,
        batchesPerEpoch: 20,
        metric: "accuracy",
      }),
    );
    vi.advanceTimersByTime(100);
    expect(stderr.text).toContain("backend wasm (XNNPACK, SIMD, 1 thread); skipped tfjs-node: not installed");
    expect(stderr.text).toContain("training on 640 samples (64 validation, 100 test), 2 epochs of 20 batches of 32");

    // 10 of 40 batches in 10 s: 30 left at 1 batch/s.
    vi.advanceTimersByTime(9_900);
    reporter.event(
      event({ type: "batch", runId, epoch: 1, batch: 10, loss: 0.51234, accuracy: 0.8125, samplesPerSec: 1234.4 }),
    );
    vi.advanceTimersByTime(100);
    expect(stderr.text).toMatch(
      /epoch 1\/2 \|[█░]{40}\| 25% \| loss 0\.5123 \| accuracy 81\.25% \| 1234 samples\/s \| ETA 30s/,
    );

    vi.advanceTimersByTime(9_900);
    reporter.event(
      event({
        type: "epoch",
        runId,
        epoch: 1,
        loss: 0.4,
        accuracy: 0.85,
        valLoss: 0.45,
        valAccuracy: 0.84375,
        seconds: 20,
      }),
    );
    // 30 of 40 batches in 30 s: 10 left.
    vi.advanceTimersByTime(10_000);
    reporter.event(
      event({ type: "batch", runId, epoch: 2, batch: 10, loss: 0.25, accuracy: 0.9, samplesPerSec: 987.6 }),
    );
    vi.advanceTimersByTime(100);
    const screen = stderr.text;
    expect(screen).toContain("epoch 1/2  loss 0.4000  accuracy 85.00%  val_loss 0.4500  val_accuracy 84.38%  (20.0 s)");
    expect(screen).toMatch(
      /epoch 2\/2 \|[█░]{40}\| 75% \| loss 0\.2500 \| accuracy 90\.00% \| 988 samples\/s \| ETA 10s/,
    );

    reporter.event(
      event({
        type: "done",
        runId,
        testLoss: 0.0812,
        testAccuracy: 0.975,
        confusionMatrix: [
          [48, 2],
          [1, 49],
        ],
        seconds: 41.2,
      }),
    );
    expect(stdout.text.split("\n")).toEqual([
      "test accuracy 97.50%  test loss 0.0812  (41.2 s in all)",
      "confusion matrix (rows: true class, columns: predicted)",
      "   48   2",
      "    1  49",
      "",
    ]);
    // The bar goes to stderr only, is cleared when the run ends, and leaves no redraw timer behind.
    expect(stdout.raw).not.toContain("samples/s");
    expect(stderr.raw).toContain("\u001b[?25h");
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe("netloom train's lines for logs and pipes", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("says every half minute of a long epoch where it is and how long is left", () => {
    const stdout = new FakeTerminal();
    stdout.isTTY = false;
    const reporter = reporterFor("lines", { stdout, stderr: new FakeTerminal() });
    reporter.event(
      event({
        type: "started",
        runId,
        backend: "wasm",
        backendDetail: "",
        skipped: [],
        params: 225_034,
        samples: { train: 54_000, validation: 6_000, test: 10_000 },
        epochs: 3,
        batchSize: 64,
        batchesPerEpoch: 844,
        metric: "accuracy",
      }),
    );
    const batch = (at: number, n: number) => {
      vi.setSystemTime(at);
      reporter.event(event({ type: "batch", runId, epoch: 1, batch: n, loss: 0.3, accuracy: 0.9, samplesPerSec: 100 }));
    };
    batch(10_000, 15);
    batch(29_000, 44);
    expect(stdout.text.split("\n").slice(2)).toEqual([""]);
    // 46 of 2,532 batches done at 100 samples/s: (2,486 / 844) · 54,000 samples take about 27 min.
    batch(31_000, 46);
    batch(45_000, 67);
    batch(61_000, 90);
    expect(stdout.text.split("\n").slice(2)).toEqual([
      "epoch 1/3  batch 46/844 (5%)  loss 0.3000  accuracy 90.00%  100 samples/s  about 27 min left",
      "epoch 1/3  batch 90/844 (10%)  loss 0.3000  accuracy 90.00%  100 samples/s  about 26 min left",
      "",
    ]);
  });
});
