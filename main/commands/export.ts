import { existsSync, statSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { dirname, join, resolve, sep } from "node:path";
import { type Command, Option } from "commander";
import writeFileAtomic from "write-file-atomic";
import type { CompileSuccess } from "../../shared/compile";
import type { GraphDocument } from "../../shared/graph";
import { isPresetName, loadPreset, PRESET_NAMES } from "../../shared/presets";
import { DEFAULT_SEED } from "../../shared/run";
import { compileWithData, fsReason } from "../data";
import { exportPyTorch } from "../export/pytorch/script";
import { tfjsWeightProblems } from "../export/pytorch/weights";
import { exportSingleJsonFile, exportTfjsFolder } from "../export/tfjsExport";
import { readTfjsModelFiles } from "../export/tfjsModel";
import { modelJsonPath } from "../import/readModel";
import { terminal } from "./output";
import { EXIT, formatDiagnostic, readGraphFile } from "./validate";

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
  tfjs: (job) => withWeightsNote(exportTfjsFolder(job.doc, job.compiled, job.out, job.weights)),
  json: (job) => withWeightsNote(exportSingleJsonFile(job.doc, job.compiled, job.out, job.weights)),
};

/** Says on stderr when a model is written with untrained weights, so nobody mistakes it for a trained one. */
async function withWeightsNote(written: Promise<{ files: string[]; trained: boolean }>): Promise<string[]> {
  const { files, trained } = await written;
  if (!trained) {
    terminal.err(
      `netloom export: no --weights given, so the model has its initial (untrained, seed ${DEFAULT_SEED}) weights`,
    );
  }
  return files;
}

/** `--out` names the script, or a folder to write `train.py` into. */
async function exportPyTorchScript(job: ExportJob): Promise<string[]> {
  const isDir = job.out.endsWith(sep) || (existsSync(job.out) && statSync(job.out).isDirectory());
  const path = isDir ? join(job.out, "train.py") : job.out;
  await mkdir(dirname(path), { recursive: true });
  const modelJson = job.weights ? modelJsonPath(job.weights) : undefined;
  if (modelJson) {
    const { weightSpecs } = await readTfjsModelFiles(modelJson);
    const problems = tfjsWeightProblems(job.compiled.steps, weightSpecs);
    if (problems.length > 0) {
      throw new Error(`the weights in ${modelJson} do not fit this graph:\n  ${problems.join("\n  ")}`);
    }
  }
  const script = exportPyTorch(job.doc, job.compiled, {
    baseDir: process.cwd(),
    source: job.source,
    ...(modelJson ? { weights: { modelJsonPath: modelJson } } : {}),
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

/** The graph to export, or why there is none: `usage` for wrong flags, `unreadable` for a bad file. */
function loadGraph(
  file: string | undefined,
  preset: string | undefined,
): { doc: GraphDocument; source: string } | { problem: string; code: number } {
  if (file && preset) return { problem: "give a graph file or --preset, not both", code: EXIT.invalid };
  if (preset) {
    if (!isPresetName(preset)) {
      return { problem: `unknown preset "${preset}"; try ${PRESET_NAMES.join(", ")}`, code: EXIT.invalid };
    }
    return { doc: loadPreset(preset), source: `preset ${preset}` };
  }
  if (!file) return { problem: "give a graph file (FILE.netloom.json) or --preset mnist", code: EXIT.invalid };
  // Relative data paths mean "next to the graph file", as for `netloom train` and `validate`.
  const read = readGraphFile(file);
  return read.ok ? { doc: read.doc, source: file } : { problem: read.message, code: EXIT.unreadable };
}

/** `--out dir/` names a folder even before it exists; resolve() would drop the slash. */
function outPath(out: string): string {
  const folder = out.endsWith("/") || out.endsWith(sep);
  return folder ? `${resolve(out)}${sep}` : resolve(out);
}

/**
 * Runs one export; returns the process exit code: 0 written, 1 for a graph with errors or weights
 * that do not fit, 2 when the graph file cannot be read, as `netloom validate` and `train`.
 */
export async function runExport(file: string | undefined, flags: ExportFlags): Promise<number> {
  const fail = (message: string, code: number = EXIT.invalid) => {
    terminal.err(`netloom export: ${message}`);
    return code;
  };
  const exporter = EXPORTERS[flags.format];
  if (!exporter) {
    const ready = Object.keys(EXPORTERS).join(", ");
    return fail(`the ${flags.format} format is not available yet; this build exports: ${ready}`);
  }
  const graph = loadGraph(file, flags.preset);
  if ("problem" in graph) return fail(graph.problem, graph.code);
  const compiled = compileWithData(graph.doc);
  if (!compiled.ok) {
    const lines = compiled.errors.map((e) => `  ${formatDiagnostic(e)}`);
    return fail(`the graph has ${compiled.errors.length} error(s):\n${lines.join("\n")}`);
  }
  try {
    const written = await exporter({
      doc: graph.doc,
      compiled,
      out: outPath(flags.out),
      source: graph.source,
      ...(flags.weights ? { weights: resolve(flags.weights) } : {}),
    });
    for (const path of written) terminal.out(`wrote ${path}`);
    return EXIT.ok;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return fail(code ? `cannot write ${flags.out}: ${fsReason(err)}` : (err as Error).message);
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
