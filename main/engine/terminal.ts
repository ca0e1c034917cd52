import { MultiBar, Presets, type SingleBar } from "cli-progress";
import { sanitizeText } from "../../shared/quote";
import type { TrainingEvent, TrainingEventOf } from "../../shared/run";

/** Shows a run's events in a terminal or as JSON lines. */
export interface Reporter {
  event(e: TrainingEvent): void;
  /** A message for the person at the terminal (never on stdout in JSON mode). */
  note(message: string): void;
  close(): void;
}

/** Where a reporter writes: the process's own streams, or fakes in tests (the bar draws only where `isTTY`). */
export interface TerminalStreams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

const pct = (v: number | null | undefined) => (v === null || v === undefined ? "-" : `${(v * 100).toFixed(2)}%`);
const num = (v: number | null | undefined) => (v === null || v === undefined ? "-" : v.toFixed(4));

/** `backend wasm (XNNPACK, SIMD, 1 thread); skipped tfjs-node-gpu: not installed; ...`. */
function describeBackend(e: TrainingEventOf<"started" | "loaded">): string {
  const skipped = e.skipped.map((s) => `${s.backend}: ${s.reason}`).join("; ");
  return `backend ${e.backend}${e.backendDetail ? ` (${e.backendDetail})` : ""}${skipped ? `; skipped ${skipped}` : ""}`;
}

/** The backend and the plan of a training run. */
export function describeStart(e: TrainingEventOf<"started">): string[] {
  return [
    describeBackend(e),
    `training on ${e.samples.train} samples (${e.samples.validation} validation, ${e.samples.test} test), ` +
      `${e.epochs} epoch${e.epochs === 1 ? "" : "s"} of ${e.batchesPerEpoch} batches of ${e.batchSize}, ` +
      `${e.params.toLocaleString("en-US")} parameters`,
  ];
}

/** The backend and the model of a run loaded from trained weights, which is evaluated next. */
export function describeLoaded(e: TrainingEventOf<"loaded">): string[] {
  const { train, validation, test } = e.samples;
  return [
    describeBackend(e),
    `loaded trained weights, ${e.params.toLocaleString("en-US")} parameters; ` +
      `data: ${train} training, ${validation} validation, ${test} test samples`,
  ];
}

export function describeEpoch(e: TrainingEventOf<"epoch">, epochs: number): string {
  const acc = e.accuracy === null ? "" : `  accuracy ${pct(e.accuracy)}`;
  const val =
    e.valLoss === null
      ? ""
      : `  val_loss ${num(e.valLoss)}${e.valAccuracy === null ? "" : `  val_accuracy ${pct(e.valAccuracy)}`}`;
  return `epoch ${e.epoch}/${epochs}  loss ${num(e.loss)}${acc}${val}  (${e.seconds.toFixed(1)} s)`;
}

export function describeDone(e: TrainingEventOf<"done">): string[] {
  const on = e.evaluatedOn ?? "test";
  const lines = [
    `${on} ${e.testAccuracy === null ? "" : `accuracy ${pct(e.testAccuracy)}  `}${on} loss ${num(e.testLoss)}  ` +
      `(${e.seconds.toFixed(1)} s in all)`,
  ];
  const m = e.confusionMatrix;
  if (m && m.length <= 20) {
    const width = Math.max(3, ...m.flat().map((v) => String(v).length));
    lines.push("confusion matrix (rows: true class, columns: predicted)");
    for (const row of m) lines.push(`  ${row.map((v) => String(v).padStart(width)).join(" ")}`);
  }
  return lines;
}

/** Tracks what a run reached, for the summary after a stop. */
class Progress {
  started?: TrainingEventOf<"started">;
  lastEpoch?: TrainingEventOf<"epoch">;

  stopLines(e: TrainingEventOf<"stopped">): string[] {
    const of = this.started ? ` of ${this.started.batchesPerEpoch}` : "";
    const lines = [`stopped at epoch ${e.epoch}, batch ${e.batch}${of}`];
    if (this.lastEpoch) lines.push(`last complete ${describeEpoch(this.lastEpoch, this.started?.epochs ?? 0)}`);
    else lines.push("no epoch completed");
    return lines;
  }

  errorLine(e: TrainingEventOf<"error">): string {
    // Messages name files and quote graphs: sanitized, like every message for the terminal.
    return sanitizeText(`error: ${e.nodeId ? `node ${e.nodeId}: ` : ""}${e.message}`, { lines: true });
  }
}

class JsonReporter implements Reporter {
  constructor(private io: TerminalStreams) {}
  event(e: TrainingEvent): void {
    this.io.stdout.write(`${JSON.stringify(e)}\n`);
  }
  note(message: string): void {
    this.io.stderr.write(`netloom: ${sanitizeText(message, { lines: true })}\n`);
  }
  close(): void {}
}

/** `1 h 05 min`, `12 min`, `40 s`: a time left, as precise as it is worth. */
export function formatEta(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.round(s / 60)} min`;
  return `${Math.floor(s / 3600)} h ${String(Math.round((s % 3600) / 60)).padStart(2, "0")} min`;
}

/** `epoch 1/3  batch 120/844 (14%)  loss 0.4123  accuracy 87.20%  105 samples/s  about 25 min left`. */
export function describeBatch(e: TrainingEventOf<"batch">, started: TrainingEventOf<"started">): string {
  const perEpoch = Math.max(1, started.batchesPerEpoch);
  const done = (e.epoch - 1) * perEpoch + e.batch;
  const left = ((perEpoch * started.epochs - done) / perEpoch) * started.samples.train;
  const eta = e.samplesPerSec > 0 ? `  about ${formatEta(left / e.samplesPerSec)} left` : "";
  const acc = e.accuracy === null ? "" : `  accuracy ${pct(e.accuracy)}`;
  return (
    `epoch ${e.epoch}/${started.epochs}  batch ${e.batch}/${perEpoch} (${Math.floor((e.batch / perEpoch) * 100)}%)` +
    `  loss ${num(e.loss)}${acc}  ${Math.round(e.samplesPerSec)} samples/s${eta}`
  );
}

/** How often a line reporter tells where a long epoch is. */
const PROGRESS_EVERY_MS = 30_000;

class LineReporter implements Reporter {
  private p = new Progress();
  private lastLine = 0;
  constructor(
    private io: TerminalStreams,
    private now: () => number = Date.now,
  ) {}
  private out = (line: string) => {
    this.io.stdout.write(`${line}\n`);
  };
  event(e: TrainingEvent): void {
    if (e.type === "started") {
      this.p.started = e;
      this.lastLine = this.now();
      describeStart(e).forEach(this.out);
    } else if (e.type === "loaded") describeLoaded(e).forEach(this.out);
    else if (e.type === "batch" && this.p.started) {
      // A slow epoch (a CNN on wasm) says where it is and how long is left, every half minute.
      if (this.now() - this.lastLine < PROGRESS_EVERY_MS) return;
      this.lastLine = this.now();
      this.out(describeBatch(e, this.p.started));
    } else if (e.type === "epoch") {
      this.lastLine = this.now();
      this.p.lastEpoch = e;
      this.out(describeEpoch(e, this.p.started?.epochs ?? 0));
    } else if (e.type === "done") describeDone(e).forEach(this.out);
    else if (e.type === "stopped") this.p.stopLines(e).forEach(this.out);
    else if (e.type === "error") this.io.stderr.write(`${this.p.errorLine(e)}\n`);
  }
  note(message: string): void {
    this.io.stderr.write(`netloom: ${sanitizeText(message, { lines: true })}\n`);
  }
  close(): void {}
}

/** A progress bar on stderr (loss, accuracy, samples/s, ETA); epoch lines above it. */
class BarReporter implements Reporter {
  private p = new Progress();
  private multi: MultiBar;
  private bar: SingleBar | null = null;

  constructor(private io: TerminalStreams) {
    this.multi = new MultiBar(
      {
        format:
          "epoch {epoch}/{epochs} |{bar}| {percentage}% | loss {loss} | accuracy {acc} | {speed} samples/s | ETA {eta_formatted}",
        hideCursor: true,
        etaBuffer: 200,
        clearOnComplete: true,
        stream: io.stderr,
      },
      Presets.shades_classic,
    );
  }

  event(e: TrainingEvent): void {
    if (e.type === "started") {
      this.p.started = e;
      for (const line of describeStart(e)) this.multi.log(`${line}\n`);
      const payload = { epoch: 1, epochs: e.epochs, loss: "-", acc: "-", speed: "-" };
      this.bar = this.multi.create(e.epochs * e.batchesPerEpoch, 0, payload);
    } else if (e.type === "loaded") {
      for (const line of describeLoaded(e)) this.io.stderr.write(`${line}\n`);
    } else if (e.type === "batch" && this.p.started) {
      const value = (e.epoch - 1) * this.p.started.batchesPerEpoch + e.batch;
      const payload = { epoch: e.epoch, loss: num(e.loss), acc: pct(e.accuracy), speed: Math.round(e.samplesPerSec) };
      this.bar?.update(value, payload);
    } else if (e.type === "epoch") {
      this.p.lastEpoch = e;
      this.multi.log(`${describeEpoch(e, this.p.started?.epochs ?? 0)}\n`);
    } else {
      this.close();
      if (e.type === "done") for (const line of describeDone(e)) this.io.stdout.write(`${line}\n`);
      else if (e.type === "stopped") for (const line of this.p.stopLines(e)) this.io.stdout.write(`${line}\n`);
      else if (e.type === "error") this.io.stderr.write(`${this.p.errorLine(e)}\n`);
    }
  }
  note(message: string): void {
    if (this.bar) this.multi.log(`netloom: ${sanitizeText(message, { lines: true })}\n`);
    else this.io.stderr.write(`netloom: ${sanitizeText(message, { lines: true })}\n`);
  }
  close(): void {
    if (!this.bar) return;
    this.multi.stop();
    this.bar = null;
  }
}

/**
 * `json`: events on stdout; `bar`: a live progress bar; `lines`: a line per epoch, and one with the
 * time left every half minute of a long epoch (logs, pipes).
 */
export function reporterFor(
  mode: "json" | "bar" | "lines",
  io: TerminalStreams = { stdout: process.stdout, stderr: process.stderr },
): Reporter {
  if (mode === "json") return new JsonReporter(io);
  return mode === "bar" ? new BarReporter(io) : new LineReporter(io);
}
