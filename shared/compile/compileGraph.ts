import {
  type DataStep,
  type DatasetInfo,
  type DatasetParams,
  formatShape,
  isNodeKind,
  kindDef,
  type LossName,
  NODE_KINDS,
  type OptimizerName,
  type Shape,
  sizeOf,
} from "../catalog";
import type { GraphDocument } from "../graph/document";
import { type Diagnostic, Diagnostics, formatParamIssues } from "./diagnostics";
import { indexGraph, topoOrder } from "./graph";
import { formatBytes, type Inferred, inferShapes, MAX_BATCH_VALUES, MAX_MODEL_PARAMS } from "./infer";
import { buildKerasModel, type KerasModelJson, type ModelStep } from "./keras";
import { findStructure, type Structure } from "./structure";

export type { DatasetParams } from "../catalog";

/** How to load, transform and batch the data of a compiled graph. */
export interface DataPlan {
  datasetNodeId: string;
  loaderNodeId: string;
  dataset: DatasetParams;
  info: DatasetInfo;
  /** Transforms of the features, in order, before batching. */
  x: DataStep[];
  /** Transforms of the labels, in order, before batching. */
  y: DataStep[];
  /** Per-sample shapes after the transforms. */
  xShape: Shape;
  yShape: Shape;
  batchSize: number;
  shuffle: boolean;
}

export interface LossSpec {
  nodeId: string;
  name: LossName;
}

export interface OptimizerSpec {
  nodeId: string;
  name: OptimizerName;
  learningRate: number;
  momentum: number;
  epochs: number;
}

/** What every compile returns, valid or not: the editor shows it while the graph is unfinished. */
export interface CompileInfo {
  /** node id -> output port -> per-sample shape */
  shapes: Record<string, Record<string, Shape>>;
  /** Trainable parameters per node, and their total. */
  params: { byNode: Record<string, number>; total: number };
  warnings: Diagnostic[];
  /** Params of each node with defaults applied (only nodes whose params are valid). */
  nodeParams: Record<string, Record<string, unknown>>;
}

export type CompileSuccess = CompileInfo & {
  ok: true;
  model: KerasModelJson;
  /** Model nodes in order, with the Keras layers each became. */
  steps: ModelStep[];
  dataPlan: DataPlan;
  loss: LossSpec;
  optimizer: OptimizerSpec;
};

export type CompileFailure = CompileInfo & { ok: false; errors: Diagnostic[] };
export type CompileResult = CompileSuccess | CompileFailure;

export interface CompileOptions {
  /** Data read from files, by Dataset node id (CSV and IDX sources). */
  datasets?: Readonly<Record<string, DatasetInfo>>;
}

/**
 * Compiles a graph document into a tfjs Keras model, a data plan, the loss and the optimizer,
 * or into errors that each name the node to fix. Pure and fast: the editor calls it on every edit.
 */
export function compileGraph(doc: GraphDocument, options: CompileOptions = {}): CompileResult {
  const diags = new Diagnostics();
  const nodeParams = new Map<string, Record<string, unknown>>();
  for (const node of doc.nodes) {
    if (!isNodeKind(node.kind)) {
      diags.error("UNKNOWN_KIND", `unknown node kind "${node.kind}"; known kinds: ${NODE_KINDS.join(", ")}`, {
        nodeId: node.id,
      });
      continue;
    }
    const parsed = kindDef(node.kind).params.safeParse(node.params ?? {});
    if (parsed.success) nodeParams.set(node.id, parsed.data);
    else diags.error("BAD_PARAMS", formatParamIssues(parsed.error), { nodeId: node.id });
  }
  const index = indexGraph(doc, diags);
  const order = topoOrder(index, diags);
  const inferred = inferShapes(index, order, nodeParams, options.datasets ?? {}, diags);
  const structure = findStructure(index, diags);
  checkSemantics(index.nodes, structure, inferred, nodeParams, diags);

  const byNode = inferred.params;
  const info: CompileInfo = {
    shapes: inferred.shapes,
    params: { byNode, total: Object.values(byNode).reduce((a, b) => a + b, 0) },
    warnings: diags.warnings,
    nodeParams: Object.fromEntries(nodeParams),
  };
  if (diags.errors.length > 0) return { ...info, ok: false, errors: diags.errors };
  return { ...info, ok: true, ...assemble(doc, structure, inferred, nodeParams) };
}

type NodeMap = ReturnType<typeof indexGraph>["nodes"];

/** Checks that need the whole structure: loss vs last activation, batch vs samples, classes. */
function checkSemantics(
  nodes: NodeMap,
  s: Structure,
  inferred: Inferred,
  nodeParams: ReadonlyMap<string, Record<string, unknown>>,
  diags: Diagnostics,
): void {
  const lossName = s.lossId ? (nodeParams.get(s.lossId)?.loss as LossName | undefined) : undefined;
  const modelNodes = s.chain.filter((id) => nodes.get(id)?.kind !== "Dropout");
  const lastId = modelNodes[modelNodes.length - 1];
  const last = lastId ? nodes.get(lastId)?.kind : undefined;
  if (lossName && last && s.lossId) {
    const at = { nodeId: s.lossId };
    const predicted = lastId ? inferred.shapes[lastId]?.x : undefined;
    if (lossName === "categoricalCrossentropy") {
      if (predicted && sizeOf(predicted) === 1) {
        diags.error(
          "LOSS_ACTIVATION",
          "categorical cross-entropy over one output is always 0, so nothing is learned; for two classes use a " +
            "Sigmoid with binary cross-entropy, or give the last layer one unit per class and one-hot the labels",
          at,
        );
      } else if (last === "Sigmoid") {
        diags.warn(
          "LOSS_ACTIVATION",
          "Sigmoid outputs do not sum to 1; categorical cross-entropy expects a Softmax before it",
          at,
        );
      } else if (last !== "Softmax") {
        diags.error(
          "LOSS_ACTIVATION",
          `categorical cross-entropy takes probabilities, but the last layer is ${last}; add a Softmax before the Loss`,
          at,
        );
      }
    } else if (lossName === "binaryCrossentropy") {
      if (last === "Softmax" && predicted && sizeOf(predicted) === 1) {
        diags.error(
          "LOSS_ACTIVATION",
          "a Softmax of one value is always 1; use a Sigmoid before binary cross-entropy",
          at,
        );
      } else if (last !== "Sigmoid" && last !== "Softmax") {
        diags.error(
          "LOSS_ACTIVATION",
          `binary cross-entropy takes probabilities in (0, 1), but the last layer is ${last}; add a Sigmoid before the Loss`,
          at,
        );
      }
    } else if (last === "Softmax") {
      diags.warn(
        "LOSS_ACTIVATION",
        "Softmax into mean squared error learns slowly; for classes use categorical cross-entropy",
        at,
      );
    }
  }
  for (const id of [...s.chain, ...s.xSteps]) {
    const node = nodes.get(id);
    const input = inferred.inputShapes[id]?.x;
    const alpha = nodeParams.get(id)?.alpha;
    if (node?.kind === "ELU" && alpha !== 1) {
      diags.warn(
        "PORTABILITY",
        `ELU with alpha ${alpha} trains in NetLoom and loads in Keras, but plain TF.js loads ELU only with alpha 1`,
        { nodeId: id },
      );
    }
    if (node?.kind === "Flatten" && input && input.length === 1) {
      diags.warn("NO_OP", `the input ${formatShape(input)} is already flat, so Flatten does nothing`, { nodeId: id });
    }
  }
  checkSizes(nodes, s, inferred, nodeParams, diags);
  const dataset = s.datasetId ? inferred.datasets[s.datasetId] : undefined;
  const dataParams = s.datasetId ? nodeParams.get(s.datasetId) : undefined;
  if (dataset?.classes) {
    for (const id of s.ySteps) {
      const classes = nodeParams.get(id)?.classes;
      if (nodes.get(id)?.kind === "OneHot" && typeof classes === "number" && classes < dataset.classes) {
        diags.error("BAD_LABELS", `the dataset has ${dataset.classes} classes but One-hot makes ${classes}`, {
          nodeId: id,
        });
      }
    }
  }
  if (dataset && dataParams && s.loaderId) {
    const batchSize = nodeParams.get(s.loaderId)?.batchSize as number | undefined;
    const training = trainingSamples(dataset, dataParams as DatasetParams);
    if (batchSize !== undefined && batchSize > training) {
      diags.error(
        "BATCH_TOO_LARGE",
        `batch size ${batchSize} is larger than the ${training} training samples; lower it`,
        { nodeId: s.loaderId },
      );
    }
  }
}

/**
 * Refuses models too large to allocate: parameters of the whole model, and the values one batch
 * holds at its widest point. Checked here so nothing is allocated before the user hears of it.
 */
function checkSizes(
  nodes: NodeMap,
  s: Structure,
  inferred: Inferred,
  nodeParams: ReadonlyMap<string, Record<string, unknown>>,
  diags: Diagnostics,
): void {
  const counted = s.chain.filter((id) => inferred.params[id] !== undefined);
  const total = counted.reduce((sum, id) => sum + (inferred.params[id] ?? 0), 0);
  if (total > MAX_MODEL_PARAMS && !counted.some((id) => diags.hasError(id))) {
    const largest = counted.reduce((a, b) => ((inferred.params[a] ?? 0) >= (inferred.params[b] ?? 0) ? a : b));
    diags.error(
      "TOO_LARGE",
      `the model would have ${total.toLocaleString("en-US")} parameters in all (${formatBytes(total * 4)} of float32); ` +
        `the limit is ${MAX_MODEL_PARAMS.toLocaleString("en-US")}, so make this or other layers smaller`,
      { nodeId: largest },
    );
  }
  const batchSize = s.loaderId ? (nodeParams.get(s.loaderId)?.batchSize as number | undefined) : undefined;
  if (!batchSize || !s.loaderId) return;
  let widest: { id: string; size: number } | undefined;
  for (const id of [s.loaderId, ...s.chain]) {
    for (const shape of Object.values(inferred.shapes[id] ?? {})) {
      if (!widest || sizeOf(shape) > widest.size) widest = { id, size: sizeOf(shape) };
    }
  }
  if (widest && widest.size * batchSize > MAX_BATCH_VALUES) {
    const kind = nodes.get(widest.id)?.kind ?? "node";
    diags.error(
      "TOO_LARGE",
      `a batch of ${batchSize} holds ${(widest.size * batchSize).toLocaleString("en-US")} values at ${kind} "${widest.id}" ` +
        `(${formatBytes(widest.size * batchSize * 4)}); the limit is ${MAX_BATCH_VALUES.toLocaleString("en-US")}, so lower the batch size`,
      { nodeId: s.loaderId },
    );
  }
}

/** Samples left for training after the limit and the validation split. */
export function trainingSamples(info: DatasetInfo, p: Pick<DatasetParams, "limit" | "validationSplit">): number {
  const available = p.limit > 0 ? Math.min(p.limit, info.trainSamples) : info.trainSamples;
  return available - Math.round(available * p.validationSplit);
}

function assemble(
  doc: GraphDocument,
  s: Structure,
  inferred: Inferred,
  nodeParams: ReadonlyMap<string, Record<string, unknown>>,
): Omit<CompileSuccess, keyof CompileInfo | "ok"> {
  // Without errors, every role is present and every node on the paths has params and shapes.
  const datasetId = s.datasetId as string;
  const loaderId = s.loaderId as string;
  const lossId = s.lossId as string;
  const optimizerId = s.optimizerId as string;
  const inputShape = inferred.shapes[loaderId]?.x as Shape;
  const nodes = new Map(doc.nodes.map((n) => [n.id, n]));
  const { model, steps } = buildKerasModel(
    doc.meta.name ? doc.meta.name.replace(/[^A-Za-z0-9_.-]/g, "_") || "netloom" : "netloom",
    inputShape,
    s.chain.map((id) => ({
      nodeId: id,
      kind: nodes.get(id)?.kind as ModelStep["kind"],
      params: nodeParams.get(id) as Record<string, unknown>,
      inputShape: inferred.inputShapes[id]?.x as Shape,
      outputShape: inferred.shapes[id]?.x as Shape,
    })),
  );
  const dataSteps = (ids: string[]): DataStep[] =>
    ids.map((id) => {
      const rule = kindDef(nodes.get(id)?.kind as ModelStep["kind"]).compile;
      if (!("data" in rule) || !rule.data) throw new Error(`node ${id} has no data rule`);
      return rule.data.step(nodeParams.get(id) as Record<string, unknown>, id);
    });
  const loader = nodeParams.get(loaderId) as { batchSize: number; shuffle: boolean };
  const opt = nodeParams.get(optimizerId) as Omit<OptimizerSpec, "nodeId" | "name"> & { optimizer: OptimizerName };
  return {
    model,
    steps,
    dataPlan: {
      datasetNodeId: datasetId,
      loaderNodeId: loaderId,
      dataset: nodeParams.get(datasetId) as DatasetParams,
      info: inferred.datasets[datasetId] as DatasetInfo,
      x: dataSteps(s.xSteps),
      y: dataSteps(s.ySteps),
      xShape: inputShape,
      yShape: inferred.shapes[loaderId]?.y as Shape,
      batchSize: loader.batchSize,
      shuffle: loader.shuffle,
    },
    loss: { nodeId: lossId, name: nodeParams.get(lossId)?.loss as LossName },
    optimizer: {
      nodeId: optimizerId,
      name: opt.optimizer,
      learningRate: opt.learningRate,
      momentum: opt.momentum,
      epochs: opt.epochs,
    },
  };
}
