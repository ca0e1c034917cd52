import { dirname, resolve } from "node:path";
import { type Command, Option } from "commander";
import type { GraphDocument } from "../../shared/graph";
import { isPresetName, loadPreset, PRESET_NAMES } from "../../shared/presets";
import { applyRunOptions, BACKENDS, type BackendName, type TrainingEvent } from "../../shared/run";
import { compileWithData } from "../data";
import { resolveDataPaths } from "../data/paths";
import { createTrainingHost } from "../engine/host";
import { type Reporter, reporterFor } from "../engine/terminal";
import { openGraphFile } from "../handlers/graphFiles";
import { type ModelToLoad, modelToLoad } from "../handlers/modelFiles";
import { modelJsonPath } from "../import/readModel";
import { terminal } from "./output";
import { EXIT, formatDiagnostic } from "./validate";

/** Flags of `netloom evaluate`. */
export interface EvaluateFlags {
  preset?: string;
  weights?: string;
  backend?: BackendName;
  json?: boolean;
}

/** A graph and the trained weights to evaluate it with, or why there are none. */
type Evaluand = { doc: GraphDocument; load: ModelToLoad } | { problem: string; code: number };

/**
 * What to evaluate: a model file or folder (its graph and weights, or the weights of --weights),
 * or a graph file or preset with the weights of --weights, which a graph alone does not have.
 */
async function evaluand(model: string | undefined, flags: EvaluateFlags): Promise<Evaluand> {
  if (model && flags.preset) return { problem: "give a model or --preset, not both", code: EXIT.unreadable };
  const given = flags.weights ? modelJsonPath(resolve(flags.weights)) : undefined;
  if (flags.preset) {
    if (!isPresetName(flags.preset)) return { problem: `unknown preset ${flags.preset}`, code: EXIT.unreadable };
    if (!given) return { problem: "a preset has no trained weights: give --weights DIR", code: EXIT.unreadable };
    return { doc: loadPreset(flags.preset), load: await modelToLoad(given) };
  }
  if (!model) {
    return { problem: `give a model to evaluate, or --preset ${PRESET_NAMES.join("|")}`, code: EXIT.unreadable };
  }
  const full = resolve(model);
  const opened = await openGraphFile(full);
  if (!opened.ok) return { problem: `${opened.name}: ${opened.errors.join("; ")}`, code: EXIT.unreadable };
  if (opened.model) return { doc: opened.doc, load: await modelToLoad(given ?? modelJsonPath(full)) };
  if (!given) {
    return { problem: `${opened.name} is a graph without trained weights: give --weights DIR`, code: EXIT.unreadable };
  }
  return { doc: resolveDataPaths(opened.doc, dirname(full)), load: await modelToLoad(given) };
}

/**
 * Evaluates a trained model on its test split without training, as Keras' `model.evaluate`:
 * test loss, accuracy and the confusion matrix, on the split its training recorded. Returns the exit code.
 */
export async function evaluateCommand(model: string | undefined, flags: EvaluateFlags): Promise<number> {
  let found: Evaluand;
  try {
    found = await evaluand(model, flags);
  } catch (err) {
    terminal.err(`netloom evaluate: ${(err as Error).message}`);
    return EXIT.unreadable;
  }
  if ("problem" in found) {
    terminal.err(`netloom evaluate: ${found.problem}`);
    return found.code;
  }
  const { doc, load } = found;
  const options = { ...load.options, ...(flags.backend ? { backend: flags.backend } : {}) };
  const compiled = compileWithData(applyRunOptions(doc, options));
  if (!compiled.ok) {
    for (const e of compiled.errors) terminal.err(formatDiagnostic(e));
    return EXIT.invalid;
  }
  const reporter: Reporter = reporterFor(flags.json ? "json" : "lines");
  let settle: (code: number) => void = () => {};
  const finished = new Promise<number>((r) => (settle = r));
  const host = createTrainingHost((event: TrainingEvent) => {
    reporter.event(event);
    if (event.type === "done") settle(EXIT.ok);
    else if (event.type === "error") settle(EXIT.invalid);
  });
  try {
    await host.load(doc, load.weights, options);
    return await finished;
  } catch (err) {
    reporter.note(`error: ${(err as Error).message}`);
    return EXIT.invalid;
  } finally {
    reporter.close();
    host.dispose();
  }
}

/** `netloom evaluate MODEL [--weights DIR]`, `netloom evaluate --preset NAME --weights DIR`. */
export function registerEvaluate(program: Command): void {
  program
    .command("evaluate")
    .description("print a trained model's test loss, accuracy and confusion matrix, without training")
    .argument("[model]", "a TF.js model folder or model.json, a NetLoom one-file model, or a graph file with --weights")
    .addOption(new Option("--preset <name>", "evaluate a built-in graph (with --weights)").choices(PRESET_NAMES))
    .option("--weights <path>", "trained weights: a TF.js model folder or its model.json (netloom train --save)")
    .addOption(new Option("--backend <name>", "use this backend instead of the best that loads").choices(BACKENDS))
    .option("--json", "print one JSON event per line on stdout, and nothing else there")
    .action(async (model: string | undefined, flags: EvaluateFlags) => {
      process.exitCode = await evaluateCommand(model, flags);
    });
}
