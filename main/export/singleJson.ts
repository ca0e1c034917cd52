import { z } from "zod";
import { sizeOf } from "../../shared/catalog";
import { parseGraph } from "../../shared/graph";
import { formatIssues } from "../../shared/graph/serialize";
import { describeJsonError } from "../../shared/jsonText";
import { type ModelBundle, zTrainingSummary, zWeightSpec } from "./tfjsModel";

/** The `format` tag of NetLoom's one-file model. */
export const SINGLE_JSON_FORMAT = "netloom.model";

const zSingleJson = z.object({
  format: z.literal(SINGLE_JSON_FORMAT),
  version: z.literal(1),
  modelTopology: z.record(z.string(), z.unknown()),
  weightSpecs: z.array(zWeightSpec),
  /** Little-endian float32 weights, concatenated in `weightSpecs` order, base64. */
  weightData: z.base64(),
  graph: z.unknown().nullable(),
  training: zTrainingSummary.nullable(),
  /** Loss and optimizer the model was compiled with in tfjs, when it was. */
  trainingConfig: z.record(z.string(), z.unknown()).nullable().optional(),
});

/** One self-contained JSON file: topology, base64 weights, the graph and the training summary. */
export function toSingleJson(bundle: ModelBundle): string {
  const json = {
    format: SINGLE_JSON_FORMAT,
    version: 1,
    modelTopology: bundle.modelTopology,
    weightSpecs: bundle.weightSpecs,
    weightData: Buffer.from(bundle.weightData).toString("base64"),
    graph: bundle.graph ?? null,
    training: bundle.training ?? null,
    trainingConfig: bundle.trainingConfig ?? null,
  };
  return `${JSON.stringify(json)}\n`;
}

/** Reads a one-file model back, checking that the weights match their specs. */
export function parseSingleJson(text: string): ModelBundle {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error(`not valid JSON: ${describeJsonError(text)}`);
  }
  return singleJsonBundle(raw);
}

/** {@link parseSingleJson} of a one-file model whose JSON is parsed already. */
export function singleJsonBundle(raw: unknown): ModelBundle {
  const parsed = zSingleJson.safeParse(raw);
  if (!parsed.success) throw new Error(`not a NetLoom model file: ${formatIssues(parsed.error).join("; ")}`);
  const bytes = Buffer.from(parsed.data.weightData, "base64");
  const expected = parsed.data.weightSpecs.reduce((n, s) => n + sizeOf(s.shape) * 4, 0);
  if (bytes.byteLength !== expected) {
    throw new Error(`weightData holds ${bytes.byteLength} bytes but weightSpecs describe ${expected}`);
  }
  let graph: ModelBundle["graph"];
  if (parsed.data.graph !== null) {
    const g = parseGraph(parsed.data.graph);
    if (!g.ok) throw new Error(`the embedded graph is invalid: ${g.errors.join("; ")}`);
    graph = g.doc;
  }
  return {
    modelTopology: parsed.data.modelTopology,
    weightSpecs: parsed.data.weightSpecs,
    weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    graph,
    training: parsed.data.training ?? undefined,
    ...(parsed.data.trainingConfig ? { trainingConfig: parsed.data.trainingConfig } : {}),
  };
}
