import { mkdir } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";
import type { Command } from "commander";
import writeFileAtomic from "write-file-atomic";
import { compileGraph } from "../../shared/compile";
import { serializeGraph } from "../../shared/graph";
import { fsReason } from "../data";
import { writeTfjsModel } from "../export/tfjsModel";
import { graphFromModelJson } from "../import/model";
import { type ModelFiles, modelJsonPath, readModel } from "../import/readModel";
import { terminal } from "./output";
import { EXIT } from "./validate";

/** `model.netloom.json` -> `model.weights`: the folder beside a graph that holds its weights. */
export function weightsFolderFor(graphPath: string): string {
  const name = basename(graphPath).replace(/(\.netloom)?\.json$/i, "");
  return join(dirname(graphPath), `${name}.weights`);
}

/**
 * Opens a TF.js model (a folder, its model.json, or NetLoom's one-file JSON) as a graph file, and
 * writes its weights, renamed to the graph's layers, into a TF.js folder beside it: what
 * `netloom export --weights` takes. Returns the exit code.
 */
export async function runImport(model: string, out: string): Promise<number> {
  const path = modelJsonPath(model);
  let files: ModelFiles;
  try {
    files = await readModel(path);
  } catch (err) {
    terminal.err(`netloom import: ${(err as Error).message}`);
    return EXIT.unreadable;
  }
  const result = graphFromModelJson(files.modelJson, files.weightSpecs);
  if (!result.ok) {
    for (const line of result.errors) terminal.err(`netloom import: ${line}`);
    return EXIT.invalid;
  }
  const graphPath = resolve(out);
  const weightsDir = weightsFolderFor(graphPath);
  const compiled = compileGraph(result.doc, result.datasets ? { datasets: result.datasets } : {});
  try {
    await mkdir(weightsDir, { recursive: true });
    await writeFileAtomic(graphPath, serializeGraph(result.doc));
    if (result.weightSpecs.length > 0) {
      await writeTfjsModel(weightsDir, {
        modelTopology: (compiled.ok ? compiled.model : {}) as Record<string, unknown>,
        weightSpecs: result.weightSpecs,
        weightData: files.weightData,
        graph: result.doc,
      });
    }
  } catch (err) {
    terminal.err(`netloom import: cannot write ${out}: ${fsReason(err)}`);
    return EXIT.invalid;
  }
  const how = result.source === "netloom" ? "the NetLoom graph saved with it" : "its layers";
  terminal.out(`wrote ${graphPath} (from ${how})`);
  if (result.weightSpecs.length > 0) {
    terminal.out(
      `wrote ${join(weightsDir, "model.json")} (${result.weightSpecs.length} weight tensors; use --weights)`,
    );
  }
  return EXIT.ok;
}

/** `netloom import MODEL --out GRAPH`: a TF.js Layers model back to a graph and its weights. */
export function registerImport(program: Command): void {
  program
    .command("import")
    .description("open a TF.js model (or NetLoom's one-file JSON) as a graph file, keeping its weights beside it")
    .argument("<model>", "a TF.js model folder, its model.json, or a NetLoom one-file JSON model")
    .requiredOption("--out <file>", "graph file to write (*.netloom.json); the weights go to <name>.weights/")
    .action(async (model: string, flags: { out: string }) => {
      process.exitCode = await runImport(model, flags.out);
    });
}
