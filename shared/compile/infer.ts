import {
  BUILTIN_DATASETS,
  type DatasetInfo,
  formatShape,
  type KindParams,
  kindDef,
  type PortType,
  paramCount,
  type Shape,
  ShapeError,
  sizeOf,
} from "../catalog";
import type { Diagnostics } from "./diagnostics";
import type { GraphIndex } from "./graph";

/** Largest trainable parameter count of one node: 10^8 floats are 400 MB before gradients. */
export const MAX_LAYER_PARAMS = 100_000_000;
/** Largest trainable parameter count of a whole model. */
export const MAX_MODEL_PARAMS = 100_000_000;
/** Largest number of values in one sample at any point of the graph. */
export const MAX_SAMPLE_SIZE = 50_000_000;
/** Largest number of values one batch may hold at any point of the model: 1 GB of float32. */
export const MAX_BATCH_VALUES = 250_000_000;

const CONNECT_HINT: Record<PortType, string> = {
  data: "connect the Dataset or a data transform to it",
  tensor: "connect a layer, an activation or the DataLoader to it",
  loss: "connect the output of a Loss to it",
};

export interface Inferred {
  /** node id -> output port -> shape */
  shapes: Record<string, Record<string, Shape>>;
  /** node id -> input port -> shape */
  inputShapes: Record<string, Record<string, Shape>>;
  /** Trainable parameters per node that has any. */
  params: Record<string, number>;
  /** Known data of each Dataset node. */
  datasets: Record<string, DatasetInfo>;
}

/** Runs every node's shape rule in topological order, reporting problems on the node. */
export function inferShapes(
  index: GraphIndex,
  order: readonly string[],
  nodeParams: ReadonlyMap<string, KindParams>,
  datasets: Readonly<Record<string, DatasetInfo>>,
  diags: Diagnostics,
): Inferred {
  const out: Inferred = { shapes: {}, inputShapes: {}, params: {}, datasets: {} };
  for (const id of order) {
    const node = index.nodes.get(id);
    const entry = nodeParams.get(id);
    if (!node || !entry) continue; // bad params: already reported
    const { params } = entry;
    const def = kindDef(node.kind);
    const links = index.incoming.get(id);
    const inputs: Record<string, Shape> = {};
    let waiting = false;
    for (const port of def.inputs) {
      const link = links?.get(port.name);
      if (!link) {
        if (!index.refused.has(`${id}:${port.name}`)) {
          diags.error(
            "UNCONNECTED",
            `input "${port.name}" is not connected; ${CONNECT_HINT[port.types[0] ?? "tensor"]}`,
            {
              nodeId: id,
            },
          );
        }
        waiting = true;
        continue;
      }
      const shape = out.shapes[link.source]?.[link.sourcePort];
      if (shape) inputs[port.name] = shape;
      else waiting = true; // unknown upstream: its own node says why
    }
    out.inputShapes[id] = inputs;
    if (waiting) continue;
    let dataset: DatasetInfo | undefined;
    if (entry.kind === "Dataset") {
      dataset = (Object.hasOwn(datasets, id) ? datasets[id] : undefined) ?? BUILTIN_DATASETS[entry.params.source];
      if (dataset) out.datasets[id] = dataset;
    }
    let shapes: Record<string, Shape>;
    try {
      shapes = def.inferShape({ params, inputs, dataset });
    } catch (err) {
      if (err instanceof ShapeError) diags.error(err.code, err.message, { nodeId: id });
      else diags.error("INTERNAL", `shape rule failed: ${(err as Error).message}`, { nodeId: id });
      continue;
    }
    const first = def.inputs[0] ? inputs[def.inputs[0].name] : undefined;
    const count = first ? paramCount(entry, first) : undefined;
    if (count !== undefined) {
      out.params[id] = count;
      if (count > MAX_LAYER_PARAMS) {
        diags.error(
          "TOO_LARGE",
          `${def.label} would have ${count.toLocaleString("en-US")} parameters (${formatBytes(count * 4)} of float32); ` +
            `the limit is ${MAX_LAYER_PARAMS.toLocaleString("en-US")} per layer, so make this layer smaller`,
          { nodeId: id },
        );
        continue;
      }
    }
    const tooBig = Object.entries(shapes).find(([, s]) => sizeOf(s) > MAX_SAMPLE_SIZE);
    if (tooBig) {
      diags.error(
        "TOO_LARGE",
        `output ${formatShape(tooBig[1])} holds ${sizeOf(tooBig[1]).toLocaleString("en-US")} values per sample; ` +
          `the limit is ${MAX_SAMPLE_SIZE.toLocaleString("en-US")}`,
        { nodeId: id },
      );
      continue;
    }
    out.shapes[id] = shapes;
  }
  return out;
}

/** `3.1e12` bytes -> `"3.1 TB"`. */
export function formatBytes(bytes: number): string {
  const units = ["B", "KB", "MB", "GB", "TB", "PB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
