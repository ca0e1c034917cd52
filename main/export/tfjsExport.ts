import { mkdir } from "node:fs/promises";
import { dirname, join, sep } from "node:path";
import * as tf from "@tensorflow/tfjs";
import writeFileAtomic from "write-file-atomic";
import type { CompileSuccess } from "../../shared/compile";
import type { GraphDocument } from "../../shared/graph";
import { DEFAULT_SEED } from "../../shared/run";
import { buildModel } from "../engine/model";
import { modelJsonPath } from "../import/readModel";
import { tfjsWeightProblems } from "./pytorch/weights";
import { toSingleJson } from "./singleJson";
import { bundleFromModel, type ModelBundle, readTfjsModelFiles, writeTfjsModel } from "./tfjsModel";

/** The model of `compiled` with trained weights from a TF.js model.json, or fresh seeded ones. */
export async function bundleForExport(
  doc: GraphDocument,
  compiled: CompileSuccess,
  weights?: string,
  seed = DEFAULT_SEED,
): Promise<{ bundle: ModelBundle; trained: boolean }> {
  if (weights) {
    const modelJson = modelJsonPath(weights);
    const files = await readTfjsModelFiles(modelJson);
    const problems = tfjsWeightProblems(compiled.steps, files.weightSpecs);
    // TF.js refuses a model.json listing weights it has no layer for, so extras are an error too.
    const layers = new Set(compiled.steps.flatMap((st) => st.layers));
    for (const w of files.weightSpecs) {
      if (!layers.has(w.name.split("/")[0] ?? "")) problems.push(`${w.name} belongs to no layer of this graph`);
    }
    if (problems.length > 0) {
      throw new Error(`the weights in ${modelJson} do not fit this graph:\n  ${problems.join("\n  ")}`);
    }
    const meta = (files.modelJson as { userDefinedMetadata?: { netloom?: { training?: unknown } } })
      .userDefinedMetadata;
    const training = meta?.netloom?.training as ModelBundle["training"] | undefined;
    return {
      bundle: {
        modelTopology: compiled.model as unknown as Record<string, unknown>,
        weightSpecs: files.weightSpecs,
        weightData: files.weightData,
        graph: doc,
        ...(training ? { training } : {}),
      },
      trained: true,
    };
  }
  // Building needs no speed: the pure-JS backend loads everywhere and starts at once. PROD keeps
  // its "install tfjs-node" banner, meant for training, out of an export's output.
  tf.env().set("PROD", true);
  await tf.setBackend("cpu");
  const model = await buildModel(tf, compiled.model, seed);
  try {
    return { bundle: await bundleFromModel(tf, model, doc), trained: false };
  } finally {
    model.dispose();
  }
}

/** `--format tfjs`: a folder with model.json (graph embedded) and weights.bin. */
export async function exportTfjsFolder(
  doc: GraphDocument,
  compiled: CompileSuccess,
  out: string,
  weights?: string,
): Promise<{ files: string[]; trained: boolean }> {
  const { bundle, trained } = await bundleForExport(doc, compiled, weights);
  const modelPath = await writeTfjsModel(out, bundle);
  return { files: [modelPath, join(out, "weights.bin")], trained };
}

/** `--format json`: one self-contained file with topology, base64 weights, graph and summary. */
export async function exportSingleJsonFile(
  doc: GraphDocument,
  compiled: CompileSuccess,
  out: string,
  weights?: string,
): Promise<{ files: string[]; trained: boolean }> {
  if (out.endsWith(sep))
    throw new Error(`--format json writes one file: give --out a file name, not the folder ${out}`);
  const { bundle, trained } = await bundleForExport(doc, compiled, weights);
  await mkdir(dirname(out), { recursive: true });
  await writeFileAtomic(out, toSingleJson(bundle));
  return { files: [out], trained };
}
