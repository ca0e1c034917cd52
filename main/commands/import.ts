import { statSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import writeFileAtomic from "write-file-atomic";
import { serializeGraph } from "../../shared/graph";
import { graphFromModelJson } from "../export/importModel";
import { readTfjsModelFiles } from "../export/tfjsModel";
import { EXIT } from "./validate";

/** Opens a TF.js model (a folder or its model.json) as a graph file. Returns the exit code. */
export async function runImport(model: string, out: string): Promise<number> {
  const path = statSync(model, { throwIfNoEntry: false })?.isDirectory() ? join(model, "model.json") : model;
  let files: Awaited<ReturnType<typeof readTfjsModelFiles>>;
  try {
    files = await readTfjsModelFiles(path);
  } catch (err) {
    console.error(`netloom import: ${(err as Error).message}`);
    return EXIT.unreadable;
  }
  const result = graphFromModelJson(files.modelJson, files.weightSpecs);
  if (!result.ok) {
    for (const line of result.errors) console.error(`netloom import: ${line}`);
    return EXIT.invalid;
  }
  await writeFileAtomic(resolve(out), serializeGraph(result.doc));
  const how = result.source === "netloom" ? "the NetLoom graph saved with it" : "its layers";
  console.log(`wrote ${resolve(out)} (from ${how}; ${result.weightSpecs.length} weight tensors in ${path})`);
  return EXIT.ok;
}

/** `netloom import MODEL --out GRAPH`: a TF.js Layers model back to a graph. */
export function registerImport(program: Command): void {
  program
    .command("import")
    .description("open a TF.js model.json (Sequential or a chain of layers NetLoom knows) as a graph file")
    .argument("<model>", "a TF.js model folder or its model.json")
    .requiredOption("--out <file>", "graph file to write (*.netloom.json)")
    .action(async (model: string, flags: { out: string }) => {
      process.exitCode = await runImport(model, flags.out);
    });
}
