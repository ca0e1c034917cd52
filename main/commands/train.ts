import { mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Command, InvalidArgumentError, Option } from "commander";
import type { GraphDocument } from "../../shared/graph";
import { isPresetName, loadPreset, PRESET_NAMES } from "../../shared/presets";
import {
  applyRunOptions,
  BACKENDS,
  type BackendName,
  DEFAULT_SEED,
  MAX_PROCESSES,
  type RunOptions,
  type TrainingEvent,
  type TrainingEventOf,
} from "../../shared/run";
import { compileWithData, fsReason } from "../data";
import { createTrainingHost, type ModelWeights } from "../engine/host";
import { type Reporter, reporterFor } from "../engine/terminal";
import { type TrainingSummary, type WeightSpec, writeTfjsModel } from "../export/tfjsModel";
import { defaultDataDir } from "../handlers/userData";
import { terminal } from "./output";
import { EXIT, formatDiagnostic, readGraphFile } from "./validate";

/** Flags of `netloom train`. */
export interface TrainFlags {
  preset?: string;
  epochs?: number;
  limit?: number;
  backend?: BackendName;
  processes?: number;
  seed?: number;
  json?: boolean;
  save?: string;
}

/** Exit code after Ctrl-C: 128 + SIGINT, as shells expect. */
const EXIT_INTERRUPTED = 130;

/** A commander parser for whole numbers from `min` to `max`. */
export function wholeNumber(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`must be a whole number from ${min} to ${max.toLocaleString("en-US")}`);
    }
    return n;
  };
}

/** Registers `netloom train FILE|--preset NAME`. */
export function registerTrain(program: Command): void {
  program
    .command("train")
    .description("train a graph in the engine process and report its progress")
    .argument("[file]", "graph file (*.netloom.json)")
    .addOption(new Option("--preset <name>", "train a built-in graph instead of a file").choices(PRESET_NAMES))
    .option("--epochs <n>", "passes over the training samples (overrides the Optimizer node)", wholeNumber(1, 100_000))
    .option("--limit <n>", "train on the first N samples only", wholeNumber(1, 100_000_000))
    .addOption(new Option("--backend <name>", "use this backend instead of the best that loads").choices(BACKENDS))
    .option(
      "--processes <n>",
      "train in N processes under torchrun (DistributedDataParallel; pytorch backend only)",
      wholeNumber(1, MAX_PROCESSES),
    )
    .option(
      "--seed <n>",
      `seed of initial weights, shuffling and the validation split (default ${DEFAULT_SEED})`,
      wholeNumber(0, 2 ** 31 - 1),
    )
    .option("--json", "print one JSON event per line on stdout, and nothing else there")
    .option("--save <dir>", "write the trained model there as TF.js model.json + weights.bin (graph included)")
    .action(async (file: string | undefined, flags: TrainFlags) => {
      process.exitCode = await trainCommand(file, flags);
    });
}

/** The graph a command works on: a file, or a preset; a string says why there is none. */
export function loadDoc(file: string | undefined, preset: string | undefined): GraphDocument | string {
  if (file && preset) return "give a graph file or --preset, not both";
  if (preset) return isPresetName(preset) ? loadPreset(preset) : `unknown preset ${preset}`;
  if (!file) return `give a graph file to train, or --preset ${PRESET_NAMES.join("|")}`;
  const read = readGraphFile(file);
  return read.ok ? read.doc : read.message;
}

/**
 * Makes sure the model can be written to `dir` before training: creates it and writes (then
 * removes) a probe file there, since a folder can exist and still refuse files. Returns why not.
 */
async function prepareFolder(dir: string): Promise<string | undefined> {
  const probe = join(dir, `.netloom-write-test-${process.pid}`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(probe, "");
    await rm(probe, { force: true });
    return undefined;
  } catch (err) {
    return fsReason(err);
  }
}

/** Where a trained model goes when its --save folder refused it at the end: the data folder, else the temp folder. */
function fallbackFolders(): string[] {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  return [join(defaultDataDir(), "unsaved-models", stamp), join(tmpdir(), `netloom-unsaved-model-${stamp}`)];
}

/**
 * Writes a run's model as a TF.js folder, with the graph and what the run reached. When `dir`
 * fails (it was removed or filled while training), the model is written to a fallback folder
 * instead, so hours of training are not lost; the note says where. Returns the model.json path
 * and whether it is a fallback.
 */
async function saveRun(
  dir: string,
  doc: GraphDocument,
  weights: ModelWeights,
  note: (message: string) => void,
  training: TrainingSummary,
): Promise<{ path: string; fallback: boolean }> {
  const bundle = {
    modelTopology: weights.modelTopology as Record<string, unknown>,
    weightSpecs: weights.weightSpecs as WeightSpec[],
    weightData: weights.weightData,
    graph: doc,
    training,
  };
  try {
    return { path: await writeTfjsModel(dir, bundle), fallback: false };
  } catch (err) {
    note(`could not write the model to ${dir}: ${fsReason(err)}`);
    for (const fallback of fallbackFolders()) {
      try {
        const path = await writeTfjsModel(fallback, bundle);
        note(`kept the trained model in ${fallback} instead; move it where you want it`);
        return { path, fallback: true };
      } catch {
        // The next folder may take it.
      }
    }
    throw new Error(`the trained model could not be written anywhere: ${fsReason(err)}`);
  }
}

/** Trains one graph to the end, Ctrl-C or an error; returns the exit code. */
export async function trainCommand(file: string | undefined, flags: TrainFlags): Promise<number> {
  const doc = loadDoc(file, flags.preset);
  if (typeof doc === "string") {
    terminal.err(`netloom: ${doc}`);
    return EXIT.unreadable;
  }
  const options: RunOptions = {
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
    ...(flags.epochs ? { epochs: flags.epochs } : {}),
    ...(flags.limit ? { limit: flags.limit } : {}),
    ...(flags.backend ? { backend: flags.backend } : {}),
    ...(flags.processes ? { processes: flags.processes } : {}),
  };
  // Checked here first so every error gets its own line, as `netloom validate` prints them.
  const compiled = compileWithData(applyRunOptions(doc, options));
  if (!compiled.ok) {
    for (const e of compiled.errors) terminal.err(formatDiagnostic(e));
    return EXIT.invalid;
  }
  if (flags.save) {
    const problem = await prepareFolder(flags.save);
    if (problem) {
      terminal.err(`netloom: --save ${flags.save}: ${problem}`);
      return EXIT.unreadable;
    }
  }
  const reporter: Reporter = reporterFor(flags.json ? "json" : process.stderr.isTTY ? "bar" : "lines");
  let settle: (code: number) => void = () => {};
  const finished = new Promise<number>((resolve) => (settle = resolve));
  let interrupted = false;
  let started: TrainingEventOf<"started"> | undefined;
  let done: TrainingEventOf<"done"> | undefined;
  let epochsRun = 0;
  const host = createTrainingHost((event: TrainingEvent) => {
    reporter.event(event);
    if (event.type === "started") started = event;
    if (event.type === "epoch") epochsRun = event.epoch;
    if (event.type === "done") done = event;
    if (event.type === "done") settle(EXIT.ok);
    else if (event.type === "stopped") settle(interrupted ? EXIT_INTERRUPTED : EXIT.ok);
    else if (event.type === "error") settle(EXIT.invalid);
  });
  let runId: string | undefined;
  let quitting = false;
  const onSigint = () => {
    if (interrupted || !runId) {
      quitting = true;
      reporter.note("interrupted");
      host.dispose();
      settle(EXIT_INTERRUPTED);
      return;
    }
    interrupted = true;
    reporter.note("stopping after this batch (Ctrl-C again to quit at once)");
    host.control(runId, "stop");
  };
  process.on("SIGINT", onSigint);
  try {
    runId = await host.start(doc, options);
    const code = await finished;
    const kept = code === EXIT.ok || (code === EXIT_INTERRUPTED && interrupted);
    if (flags.save && kept) {
      const weights = await host.weights(runId);
      const note = (message: string) => reporter.note(message);
      const saved = await saveRun(flags.save, doc, weights, note, {
        backend: started?.backend ?? "unknown",
        epochs: epochsRun,
        seed: options.seed ?? DEFAULT_SEED,
        ...(options.limit ? { limit: options.limit } : {}),
        testAccuracy: done?.testAccuracy ?? null,
        testLoss: done?.testLoss ?? null,
        finishedAt: new Date().toISOString(),
      });
      reporter.note(`saved the trained model to ${saved.path}`);
      // The model is kept, but not where the command was told to put it: scripts must notice.
      if (saved.fallback) return EXIT.invalid;
    } else if (code === EXIT_INTERRUPTED && interrupted) {
      reporter.note("the model is not kept: pass --save DIR to keep what a run reaches");
    }
    return code;
  } catch (err) {
    // Ctrl-C while the engine starts kills it on purpose: that is an interruption, not a failure.
    if (quitting) return EXIT_INTERRUPTED;
    reporter.note(`error: ${(err as Error).message}`);
    return EXIT.invalid;
  } finally {
    process.off("SIGINT", onSigint);
    reporter.close();
    host.dispose();
  }
}
