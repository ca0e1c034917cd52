import {
  type DataStep,
  type DatasetInfo,
  type DatasetParams,
  dataRule,
  isNodeKind,
  type KindParams,
  kindDef,
  type LossName,
  NODE_KINDS,
  type OptimizerName,
  paramsAt,
  parseParams,
  type Shape,
  sizeOf,
} from "../catalog";
import type { GraphDocument } from "../graph/document";
import { type Diagnostic, Diagnostics, formatParamIssues } from "./diagnostics";
import { type GraphIndex, indexGraph, topoOrder } from "./graph";
import { formatBytes, type Inferred, inferShapes, MAX_BATCH_VALUES, MAX_MODEL_PARAMS } from "./infer";
import { buildKerasModel, type ChainNode, type KerasModelJson, type ModelStep } from "./keras";
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
  /** Factor of the learning rate after each epoch: epoch e trains at learningRate·lrDecay^(e-1). */
  lrDecay: number;
}

/** What every compile returns, valid or not: the editor shows it while the graph is unfinished. */
export interface CompileInfo {
  /** node id -> output port -> per-sample shape */
  shapes: Record<string, Record<string, Shape>>;
  /** Parameters per node (with BatchNorm's running statistics, as Keras counts them), and their total. */
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
  const nodeParams = new Map<string, KindParams>();
  for (const node of doc.nodes) {
    if (!isNodeKind(node.kind)) {
      diags.error("UNKNOWN_KIND", `unknown node kind "${node.kind}"; known kinds: ${NODE_KINDS.join(", ")}`, {
        nodeId: node.id,
      });
      continue;
    }
    const parsed = parseParams(node.kind, node.params ?? {});
    if (parsed.ok) nodeParams.set(node.id, parsed.value);
    else diags.error("BAD_PARAMS", formatParamIssues(parsed.error), { nodeId: node.id });
  }
  const index = indexGraph(doc, diags);
  const order = topoOrder(index, diags);
  const inferred = inferShapes(index, order, nodeParams, options.datasets ?? {}, diags);
  const structure = findStructure(index, diags);
  checkSemantics(index, structure, inferred, nodeParams, diags);

  const byNode = inferred.params;
  const info: CompileInfo = {
    shapes: inferred.shapes,
    params: { byNode, total: Object.values(byNode).reduce((a, b) => a + b, 0) },
    warnings: diags.warnings,
    nodeParams: Object.fromEntries([...nodeParams].map(([id, entry]) => [id, entry.params])),
  };
  if (diags.errors.length > 0) return { ...info, ok: false, errors: diags.errors };
  return { ...info, ok: true, ...assemble(doc, structure, inferred, nodeParams) };
}

type NodeMap = ReturnType<typeof indexGraph>["nodes"];
type ParamTable = ReadonlyMap<string, KindParams>;

/** Runs each node's own check (its kind's `check`) with what it needs of the graph around it. */
function checkSemantics(
  index: GraphIndex,
  s: Structure,
  inferred: Inferred,
  nodeParams: ParamTable,
  diags: Diagnostics,
) {
  const info = s.datasetId ? inferred.datasets[s.datasetId] : undefined;
  const dataParams = paramsAt(nodeParams, s.datasetId, "Dataset");
  const data = info && dataParams ? { info, trainingSamples: trainingSamples(info, dataParams) } : undefined;
  const source = (id: string, port: string) => {
    let link = index.incoming.get(id)?.get(port);
    for (const seen = new Set<string>(); link && !seen.has(link.source); ) {
      seen.add(link.source);
      const node = index.nodes.get(link.source);
      if (!node || "role" in kindDef(node.kind).compile) return undefined;
      if (!kindDef(node.kind).transparent)
        return { kind: node.kind, shape: inferred.shapes[node.id]?.[link.sourcePort] };
      link = index.incoming.get(node.id)?.get("x");
    }
    return undefined;
  };
  for (const [id, entry] of nodeParams) {
    const check = kindDef(entry.kind).check;
    if (!check || !inferred.shapes[id] || diags.hasError(id)) continue;
    const inputs = inferred.inputShapes[id] ?? {};
    for (const f of check({ params: entry.params, inputs, data, source: (port) => source(id, port) })) {
      diags[f.severity === "error" ? "error" : "warn"](f.code, f.message, { nodeId: id });
    }
  }
  checkSizes(index.nodes, s, inferred, nodeParams, diags);
}

/**
 * Refuses models too large to allocate: parameters of the whole model, and the values one batch
 * holds at its widest point. Checked here so nothing is allocated before the user hears of it.
 */
function checkSizes(nodes: NodeMap, s: Structure, inferred: Inferred, nodeParams: ParamTable, diags: Diagnostics) {
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
  const batchSize = paramsAt(nodeParams, s.loaderId, "DataLoader")?.batchSize;
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
  nodeParams: ParamTable,
): Omit<CompileSuccess, keyof CompileInfo | "ok"> {
  // Without errors, every role is present and every node on the paths has params and shapes.
  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`compiled graph lacks ${what}`);
    return value;
  };
  const datasetId = need(s.datasetId, "a dataset");
  const loaderId = need(s.loaderId, "a DataLoader");
  const lossId = need(s.lossId, "a Loss");
  const optimizerId = need(s.optimizerId, "an Optimizer");
  const inputShape = need(inferred.shapes[loaderId]?.x, "the input shape");
  const chain: ChainNode[] = s.chain.map((id) => ({
    ...need(nodeParams.get(id), `params of ${id}`),
    nodeId: id,
    inputShape: need(inferred.inputShapes[id]?.x, `the input shape of ${id}`),
    outputShape: need(inferred.shapes[id]?.x, `the output shape of ${id}`),
  }));
  const { model, steps } = buildKerasModel(
    doc.meta.name ? doc.meta.name.replace(/[^A-Za-z0-9_.-]/g, "_") || "netloom" : "netloom",
    inputShape,
    chain,
  );
  const dataSteps = (ids: string[]): DataStep[] =>
    ids.map((id) => {
      const entry = need(nodeParams.get(id), `params of ${id}`);
      return need(dataRule(entry.kind), `a data rule for ${id}`).step(entry.params, id);
    });
  const loader = need(paramsAt(nodeParams, loaderId, "DataLoader"), "the DataLoader's params");
  const opt = need(paramsAt(nodeParams, optimizerId, "Optimizer"), "the Optimizer's params");
  return {
    model,
    steps,
    dataPlan: {
      datasetNodeId: datasetId,
      loaderNodeId: loaderId,
      dataset: need(paramsAt(nodeParams, datasetId, "Dataset"), "the Dataset's params"),
      info: need(inferred.datasets[datasetId], "the dataset's shape"),
      x: dataSteps(s.xSteps),
      y: dataSteps(s.ySteps),
      xShape: inputShape,
      yShape: need(inferred.shapes[loaderId]?.y, "the target shape"),
      batchSize: loader.batchSize,
      shuffle: loader.shuffle,
    },
    loss: { nodeId: lossId, name: need(paramsAt(nodeParams, lossId, "Loss"), "the Loss's params").loss },
    optimizer: {
      nodeId: optimizerId,
      name: opt.optimizer,
      learningRate: opt.learningRate,
      momentum: opt.momentum,
      epochs: opt.epochs,
      lrDecay: opt.lrDecay,
    },
  };
}
