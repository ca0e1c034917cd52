import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { ApiError, type ExampleInfo } from "../../shared/api";
import { type GraphDocument, parseGraphText } from "../../shared/graph";
import { isPresetName, loadPreset, PRESET_NAMES } from "../../shared/presets";
import { compileWithData } from "../data/inspect";
import { resolveDataPaths } from "../data/paths";

/** The examples folder of a source checkout, which `netloom serve` uses; the desktop app passes its own. */
export const DEFAULT_EXAMPLES_DIR = fileURLToPath(new URL("../../examples", import.meta.url));

/** `index.json`: the gallery's order, each example a preset or a graph file of the folder, with what it teaches. */
const zIndex = z.array(
  z.union([
    z.strictObject({ id: z.string(), preset: z.string(), teaches: z.string() }),
    z.strictObject({
      id: z.string(),
      // A name in the folder, nothing more: the index cannot send a read elsewhere.
      file: z.string().regex(/^[\w.-]+\.netloom\.json$/, "must be a graph file name in the examples folder"),
      teaches: z.string(),
    }),
  ]),
);
type Entry = z.infer<typeof zIndex>[number];

/** The gallery's entries: those of `index.json`, then any preset it does not list, taught by its description. */
function entries(dir: string): Entry[] {
  const listed = zIndex.parse(JSON.parse(readFileSync(path.join(dir, "index.json"), "utf8")));
  const presets = new Set(listed.flatMap((e) => ("preset" in e ? [e.preset] : [])));
  const more = PRESET_NAMES.filter((name) => !presets.has(name)).map((name) => ({
    id: name,
    preset: name,
    teaches: (loadPreset(name).meta.description ?? "").split(/(?<=\.) /)[0] ?? "",
  }));
  return [...listed, ...more];
}

/** An example's graph, with the relative data paths of a file example resolved against the folder. */
function graphOf(dir: string, entry: Entry): GraphDocument {
  if ("preset" in entry) {
    if (!isPresetName(entry.preset)) throw new Error(`examples/index.json names an unknown preset "${entry.preset}"`);
    return loadPreset(entry.preset);
  }
  const parsed = parseGraphText(readFileSync(path.join(dir, entry.file), "utf8"));
  if (!parsed.ok) throw new Error(`example ${entry.file} is not a valid graph: ${parsed.errors.join("; ")}`);
  return resolveDataPaths(parsed.doc, dir);
}

/**
 * The examples gallery: each example's title, what it teaches, its graph and parameter count,
 * and, when its data cannot be read here (Fashion-MNIST not installed), why.
 */
export function listExamples(dir = DEFAULT_EXAMPLES_DIR): ExampleInfo[] {
  return entries(dir).map((entry) => {
    const doc = graphOf(dir, entry);
    const compiled = compileWithData(doc);
    const dataProblem = compiled.ok
      ? undefined
      : compiled.errors.find((e) => doc.nodes.find((n) => n.id === e.nodeId)?.kind === "Dataset");
    return {
      id: entry.id,
      title: doc.meta.name ?? entry.id,
      teaches: entry.teaches,
      params: compiled.ok ? compiled.params.total : null,
      doc,
      note: dataProblem?.message ?? null,
    };
  });
}

/** One example as a new graph; an id the gallery does not have is a NOT_FOUND error. */
export function loadExample(id: string, dir = DEFAULT_EXAMPLES_DIR): GraphDocument {
  const entry = entries(dir).find((e) => e.id === id);
  if (!entry) throw new ApiError("NOT_FOUND", `there is no example named "${id}"`);
  return graphOf(dir, entry);
}
