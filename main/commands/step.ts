import { resolve } from "node:path";
import { type Command, Option } from "commander";
import { PRESET_NAMES } from "../../shared/presets";
import { applyRunOptions, BACKENDS, type BackendName, DEFAULT_SEED, type RunOptions } from "../../shared/run";
import { MAX_STEP_BATCH, type StepTrace } from "../../shared/step";
import { compileWithData } from "../data";
import { createTrainingHost } from "../engine/host";
import type { ModelWeightsData } from "../engine/protocol";
import { modelJsonPath, readModel, trainingSummaryOf } from "../import/readModel";
import { terminal } from "./output";
import { describeStep } from "./stepReport";
import { loadDoc, wholeNumber } from "./train";
import { EXIT, formatDiagnostic } from "./validate";

interface StepFlags {
  preset?: string;
  weights?: string;
  sample: number;
  batch: number;
  seed?: number;
  backend?: BackendName;
  json?: boolean;
}

/** Registers `netloom step FILE|--preset NAME [--weights DIR] [--sample N] [--json]`. */
export function registerStep(program: Command): void {
  program
    .command("step")
    .description("take one training step apart: every node's value and gradient, every weight's gradient and update")
    .argument("[file]", "graph file (*.netloom.json)")
    .addOption(new Option("--preset <name>", "step a built-in graph instead of a file").choices(PRESET_NAMES))
    .option(
      "--weights <dir>",
      "start from trained weights: a TF.js model folder or its model.json (else initial weights)",
    )
    .option(
      "--sample <n>",
      "the sample shown: its number in the test split (as Test examples count)",
      wholeNumber(0, 1e8),
      0,
    )
    .option("--batch <n>", "samples in the step's batch, from the shown one on", wholeNumber(1, MAX_STEP_BATCH), 1)
    .option(
      "--seed <n>",
      `seed of the initial weights and the data split (default ${DEFAULT_SEED})`,
      wholeNumber(0, 2 ** 31 - 1),
    )
    .addOption(new Option("--backend <name>", "use this backend instead of the best that loads").choices(BACKENDS))
    .option("--json", "print the step as one JSON object on stdout (every value of every tensor)")
    .action(async (file: string | undefined, flags: StepFlags) => {
      process.exitCode = await stepCommand(file, flags);
    });
}

/** Trained weights and the run options that reproduce their data split, from a model folder or file. */
async function readWeights(path: string): Promise<{ weights: ModelWeightsData; options: RunOptions }> {
  const files = await readModel(modelJsonPath(resolve(path)));
  const summary = trainingSummaryOf(files.modelJson);
  return {
    weights: { weightSpecs: files.weightSpecs, weightData: files.weightData },
    options: {
      ...(summary?.seed !== undefined ? { seed: summary.seed } : {}),
      ...(summary?.limit ? { limit: summary.limit } : {}),
    },
  };
}

/** Takes one step of a graph in the engine process and prints it; returns the exit code. */
export async function stepCommand(file: string | undefined, flags: StepFlags): Promise<number> {
  const fail = (message: string, code: number = EXIT.invalid) => {
    terminal.err(`netloom step: ${message}`);
    return code;
  };
  const doc = loadDoc(file, flags.preset);
  if (typeof doc === "string") return fail(doc, EXIT.unreadable);
  let trained: Awaited<ReturnType<typeof readWeights>> | undefined;
  if (flags.weights) {
    try {
      trained = await readWeights(flags.weights);
    } catch (err) {
      return fail((err as Error).message, EXIT.unreadable);
    }
  }
  const options: RunOptions = {
    ...trained?.options,
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
    ...(flags.backend ? { backend: flags.backend } : {}),
  };
  const compiled = compileWithData(applyRunOptions(doc, options));
  if (!compiled.ok) {
    for (const e of compiled.errors) terminal.err(formatDiagnostic(e));
    return EXIT.invalid;
  }
  const host = createTrainingHost(() => {});
  let trace: StepTrace;
  try {
    trace = await host.step({
      session: "cli",
      doc,
      options,
      ...(trained ? { weights: trained.weights } : {}),
      sample: { index: flags.sample },
      batch: flags.batch,
    });
  } catch (err) {
    return fail((err as Error).message);
  } finally {
    host.dispose();
  }
  if (flags.json) process.stdout.write(`${JSON.stringify(trace)}\n`);
  else {
    if (!trained)
      process.stderr.write(
        `netloom step: no --weights given, so the step starts from the initial weights (seed ${options.seed ?? DEFAULT_SEED})\n`,
      );
    terminal.out(describeStep(trace).join("\n"));
  }
  return EXIT.ok;
}
