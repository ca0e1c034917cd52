import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { type Command, InvalidArgumentError, Option } from "commander";
import writeFileAtomic from "write-file-atomic";
import type { CompileSuccess } from "../../shared/compile";
import { type GraphDocument, parseGraphText } from "../../shared/graph";
import { isPresetName, loadPreset, PRESET_NAMES } from "../../shared/presets";
import { compileWithData, resolveDataPaths } from "../data";
import { exportPyTorch } from "../export/pytorch";
import { tfjsWeightProblems } from "../export/pytorchWeights";
import { exportSingleJsonFile, exportTfjsFolder } from "../export/tfjsExport";
import { readTfjsModelFiles } from "../export/tfjsModel";

/** Formats `netloom export` knows of, whether or not this build can write them yet. */
export const EXPORT_FORMATS = ["tfjs", "json", "pytorch"] as const;
/** One of {@link EXPORT_FORMATS}. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** What an exporter gets: the graph, its compiled form, and the command's flags. */
export interface ExportJob {
  doc: GraphDocument;
  compiled: CompileSuccess;
  /** The --out path, absolute. */
  out: string;
  /** The --weights path (a folder or a model.json), absolute, when given. */
  weights?: string;
  /** Where the graph came from, for headers: a file path or `preset mnist`. */
  source: string;
}

/** Writes one format; returns the files it wrote. Throws an Error whose message is for the user. */
export type Exporter = (job: ExportJob) => Promise<string[]>;

/** One entry per format this build writes; a format's engineer adds its exporter here. */
export const EXPORTERS: Partial<Record<ExportFormat, Exporter>> = {
  pytorch: exportPyTorchScript,
  tfjs: (job) => withWeightsNote(job, exportTfjsFolder(job.doc, job.compiled, job.out, job.weights)),
  json: (job) => withWeightsNote(job, exportSingleJsonFile(job.doc, job.compiled, job.out, job.weights)),
};

/** Says on stderr when a model is written with untrained weights, so nobody mistakes it for a trained one. */
async function withWeightsNote(
  _job: ExportJob,
  written: Promise<{ files: string[]; trained: boolean }>,
): Promise<string[]> {
  const { files, trained } = await written;
  if (!trained) {
    console.error("netloom export: no --weights given, so the model has its initial (untrained, seed 42) weights");
  }
  return files;
}

/** `--out` names the script, or a folder to write `train.py` into. */
async function exportPyTorchScript(job: ExportJob): Promise<string[]> {
  const isDir = job.out.endsWith("/") || (existsSync(job.out) && statSync(job.out).isDirectory());
  const path = isDir ? join(job.out, "train.py") : job.out;
  let modelJsonPath: string | undefined;
  if (job.weights) {
    modelJsonPath = statSync(job.weights, { throwIfNoEntry: false })?.isDirectory()
      ? join(job.weights, "model.json")
      : job.weights;
    const { weightSpecs } = await readTfjsModelFiles(modelJsonPath);
    const problems = tfjsWeightProblems(job.compiled.steps, weightSpecs);
    if (problems.length > 0) {
      throw new Error(`the weights in ${modelJsonPath} do not fit this graph:\n  ${problems.join("\n  ")}`);
    }
  }
  const script = exportPyTorch(job.doc, job.compiled, {
    baseDir: process.cwd(),
    source: job.source,
    ...(modelJsonPath ? { weights: { modelJsonPath } } : {}),
  });
  await writeFileAtomic(path, script);
  return [path];
}

interface ExportFlags {
  preset?: string;
  format: ExportFormat;
  out: string;
  weights?: string;
}

function loadGraph(file: string | undefined, preset: string | undefined): { doc: GraphDocument; source: string } {
  if (file && preset) throw new InvalidArgumentError("give a graph file or --preset, not both");
  if (preset) {
    if (!isPresetName(preset))
      throw new InvalidArgumentError(`unknown preset "${preset}"; try ${PRESET_NAMES.join(", ")}`);
    return { doc: loadPreset(preset), source: `preset ${preset}` };
  }
  if (!file) throw new InvalidArgumentError("give a graph file (FILE.netloom.json) or --preset mnist");
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new InvalidArgumentError(`cannot read ${file}: ${(err as Error).message}`);
  }
  const parsed = parseGraphText(text);
  if (!parsed.ok) throw new InvalidArgumentError(`${file} is not a NetLoom graph:\n  ${parsed.errors.join("\n  ")}`);
  // Relative data paths mean "next to the graph file", as for `netloom train` and `validate`.
  return { doc: resolveDataPaths(parsed.doc, dirname(resolve(file))), source: file };
}

/** Runs one export; returns the process exit code. */
export async function runExport(file: string | undefined, flags: ExportFlags): Promise<number> {
  const fail = (message: string) => {
    console.error(`netloom export: ${message}`);
    return 1;
  };
  const exporter = EXPORTERS[flags.format];
  if (!exporter) {
    const ready = Object.keys(EXPORTERS).join(", ");
    return fail(`the ${flags.format} format is not available yet; this build exports: ${ready}`);
  }
  let graph: ReturnType<typeof loadGraph>;
  try {
    graph = loadGraph(file, flags.preset);
  } catch (err) {
    return fail((err as Error).message);
  }
  const compiled = compileWithData(graph.doc);
  if (!compiled.ok) {
    const lines = compiled.errors.map((e) => `  ${e.nodeId ? `${e.nodeId}: ` : ""}${e.message}`);
    return fail(`the graph has ${compiled.errors.length} error(s):\n${lines.join("\n")}`);
  }
  try {
    const written = await exporter({
      doc: graph.doc,
      compiled,
      out: resolve(flags.out),
      source: graph.source,
      ...(flags.weights ? { weights: resolve(flags.weights) } : {}),
    });
    for (const path of written) console.log(`wrote ${path}`);
    return 0;
  } catch (err) {
    return fail((err as Error).message);
  }
}

/** `netloom export FILE|--preset NAME --format FORMAT --out PATH [--weights DIR]`. */
export function registerExport(program: Command): void {
  program
    .command("export")
    .description(
      "export a graph: --format tfjs writes model.json + weights.bin, json one self-contained file, pytorch a training script",
    )
    .argument("[file]", "graph file to export")
    .option("--preset <name>", `export a preset graph (${PRESET_NAMES.join(", ")})`)
    .addOption(new Option("--format <format>", "what to write").choices(EXPORT_FORMATS).makeOptionMandatory())
    .requiredOption("--out <path>", "where to write: a folder for tfjs, a file for json, a file or folder for pytorch")
    .option("--weights <path>", "trained weights to start from: a TF.js model folder or its model.json")
    .action(async (file: string | undefined, flags: ExportFlags) => {
      process.exitCode = await runExport(file, flags);
    });
}
