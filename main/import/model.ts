import { type DatasetInfo, type KerasLayerSpec, type LossName, layerRule } from "../../shared/catalog";
import { compileGraph } from "../../shared/compile";
import { layerBaseName } from "../../shared/compile/keras";
import { emptyGraph, type GraphDocument, parseGraph } from "../../shared/graph";
import { METADATA_KEY, type WeightSpec } from "../export/tfjsModel";
import { chooseData } from "./data";
import { type ImportedNode, nodesFromLayers } from "./layers";
import { isObject, layerChain, topologyOf } from "./topology";

export type ImportResult =
  | {
      ok: true;
      doc: GraphDocument;
      weightSpecs: WeightSpec[];
      source: "netloom" | "layers";
      /** The model's own input and output sizes, for compiling before a data file is chosen. */
      datasets?: Record<string, DatasetInfo>;
    }
  | { ok: false; errors: string[] };

type Json = Record<string, unknown>;

/**
 * Opens a TF.js model.json as a graph. A model NetLoom exported carries its graph and opens
 * exactly; any other Sequential or chain-shaped functional model is rebuilt from its layers, and
 * its weights are renamed to the layers the graph compiles to.
 */
export function graphFromModelJson(modelJson: unknown, weightSpecs: WeightSpec[] = []): ImportResult {
  if (!isObject(modelJson)) return { ok: false, errors: ["model.json must hold a JSON object"] };
  const meta = modelJson.userDefinedMetadata;
  const embedded = isObject(meta) && isObject(meta[METADATA_KEY]) ? (meta[METADATA_KEY] as Json).graph : undefined;
  if (embedded) {
    const parsed = parseGraph(embedded);
    if (parsed.ok) return { ok: true, doc: parsed.doc, weightSpecs, source: "netloom" };
    return { ok: false, errors: parsed.errors.map((e) => `embedded NetLoom graph: ${e}`) };
  }
  const topology = topologyOf(modelJson);
  if (!topology) {
    return { ok: false, errors: ["no model topology found: expected modelTopology with class_name and config"] };
  }
  const chain = layerChain(topology);
  if ("errors" in chain) return { ok: false, errors: chain.errors };
  const { nodes, errors } = nodesFromLayers(chain.layers);
  if (errors.length) return { ok: false, errors };
  if (nodes.length === 0) return { ok: false, errors: ["the model has no layers NetLoom can import"] };
  // tfjs writes `trainingConfig` next to the topology; Keras converters put it inside.
  const training =
    modelJson.trainingConfig ??
    (isObject(modelJson.modelTopology) ? modelJson.modelTopology.training_config : undefined);
  return buildGraph(chain.inputShape, nodes, weightSpecs, isObject(training) ? training : undefined);
}

/** `table[key]` for a name read from a file: own entries only, so "constructor" finds nothing. */
function lookup<T extends string>(table: Record<string, T>, key: unknown): T | undefined {
  return typeof key === "string" && Object.hasOwn(table, key) ? table[key] : undefined;
}

const LOSS_NAMES: Record<string, LossName> = {
  categorical_crossentropy: "categoricalCrossentropy",
  categoricalCrossentropy: "categoricalCrossentropy",
  binary_crossentropy: "binaryCrossentropy",
  binaryCrossentropy: "binaryCrossentropy",
  mean_squared_error: "meanSquaredError",
  meanSquaredError: "meanSquaredError",
  mse: "meanSquaredError",
};

const OPTIMIZER_NAMES: Record<string, string> = {
  SGD: "sgd",
  Momentum: "sgd",
  Adam: "adam",
  Adadelta: "adadelta",
  RMSprop: "rmsprop",
  RMSProp: "rmsprop",
  Adagrad: "adagrad",
};

/** Surrounds the imported layers with a dataset, loader, loss and optimizer, and renames weights. */
function buildGraph(inputShape: number[], layers: ImportedNode[], specs: WeightSpec[], training?: Json): ImportResult {
  const doc = emptyGraph("Imported model");
  const used = new Set<string>();
  const add = (wanted: string, kind: string, params: Record<string, unknown>, x: number, y: number): string => {
    const base = wanted.replace(/[^A-Za-z0-9_.:-]/g, "_").slice(0, 60) || kind.toLowerCase();
    // A layer named like a member of every object ("constructor") is no valid node id (see zId).
    const taken = (id: string) => used.has(id) || Object.hasOwn(Object.prototype, id);
    let id = taken(base) ? `${base}_2` : base;
    for (let i = 3; taken(id); i++) id = `${base}_${i}`;
    used.add(id);
    doc.nodes.push({ id, kind, position: { x, y }, params });
    return id;
  };
  const wire = (source: string, sourcePort: string, target: string, targetPort = "x") =>
    doc.edges.push({ id: `e${doc.edges.length + 1}`, source, sourcePort, target, targetPort });

  const last = layers[layers.length - 1] as ImportedNode;
  const loss: LossName =
    lookup(LOSS_NAMES, training?.loss) ??
    (last.kind === "Softmax"
      ? "categoricalCrossentropy"
      : last.kind === "Sigmoid"
        ? "binaryCrossentropy"
        : "meanSquaredError");
  const data = chooseData(inputShape, layers, loss);
  const dataset = add("dataset", "Dataset", data.dataset, 0, 150);
  let features = dataset;
  data.x.forEach((kind, i) => {
    const id = add(kind.toLowerCase(), kind, {}, 240 + i * 220, 40);
    wire(features, "x", id);
    features = id;
  });
  const loader = add("loader", "DataLoader", { batchSize: 32, shuffle: true }, 680, 150);
  wire(features, "x", loader);
  if (data.oneHot) {
    const onehot = add("onehot", "OneHot", { classes: data.oneHot }, 350, 260);
    wire(dataset, "y", onehot);
    wire(onehot, "x", loader, "y");
  } else wire(dataset, "y", loader, "y");

  const nodeLayers = new Map<string, ImportedNode>();
  let previous = loader;
  layers.forEach((node, i) => {
    const id = add(node.from[0] ?? node.kind, node.kind, node.params, 920 + i * 220, 40);
    nodeLayers.set(id, node);
    wire(previous, "x", id);
    previous = id;
  });
  const end = 920 + layers.length * 220;
  const lossId = add("loss", "Loss", { loss }, end, 150);
  wire(previous, "x", lossId, "prediction");
  wire(loader, "y", lossId, "target");
  const optimizer = isObject(training?.optimizer_config) ? (training.optimizer_config as Json) : {};
  const optConfig = isObject(optimizer.config) ? optimizer.config : {};
  const learningRate = Number(optConfig.learning_rate ?? optConfig.lr ?? optConfig.learningRate ?? 0.01);
  const optimizerId = add(
    "optimizer",
    "Optimizer",
    {
      optimizer: lookup(OPTIMIZER_NAMES, optimizer.class_name) ?? "sgd",
      learningRate: learningRate > 0 && learningRate <= 10 ? learningRate : 0.01,
      momentum: typeof optConfig.momentum === "number" && optConfig.momentum < 1 ? optConfig.momentum : 0,
      epochs: 10,
    },
    end + 240,
    150,
  );
  wire(lossId, "loss", optimizerId, "loss");

  const datasets = data.guess ? { [dataset]: data.guess } : undefined;
  const renames = layerNames(doc, nodeLayers, datasets);
  const weightSpecs = specs.map((s) => {
    const [layer, ...rest] = s.name.split("/");
    const renamed = renames.get(layer ?? "");
    return renamed ? { ...s, name: [renamed, ...rest].join("/") } : s;
  });
  return { ok: true, doc, weightSpecs, source: "layers", ...(datasets ? { datasets } : {}) };
}

/**
 * Imported Keras layer -> the layer name the graph compiles it to, each node's layers in order.
 * The compiler's own names are used when the graph compiles (they settle clashes such as two ids
 * sanitized alike); else the names it would give.
 */
function layerNames(
  doc: GraphDocument,
  nodeLayers: ReadonlyMap<string, ImportedNode>,
  datasets?: Record<string, DatasetInfo>,
): Map<string, string> {
  const compiled = compileGraph(doc, datasets ? { datasets } : {});
  const byNode = new Map(compiled.ok ? compiled.steps.map((st) => [st.nodeId, st.layers]) : []);
  const names = new Map<string, string>();
  for (const [nodeId, node] of nodeLayers) {
    const base = layerBaseName(nodeId, node.kind);
    let specs: KerasLayerSpec[] = [];
    try {
      specs = layerRule(node.kind)?.layers(node.params, []) ?? [];
    } catch {
      // A kind that needs its input's shape (Reshape) keeps the node's own name.
    }
    const compiledNames = byNode.get(nodeId) ?? specs.map((spec) => (spec.suffix ? `${base}_${spec.suffix}` : base));
    node.from.forEach((layer, j) => {
      const name = compiledNames[j];
      if (name && !names.has(layer)) names.set(layer, name);
    });
  }
  return names;
}
