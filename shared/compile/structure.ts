import { kindDef, type NodeKind } from "../catalog";
import type { Diagnostics } from "./diagnostics";
import type { GraphIndex } from "./graph";

/** The roles found in a graph: the one dataset, loader, loss and optimizer, and the paths between. */
export interface Structure {
  datasetId?: string;
  loaderId?: string;
  lossId?: string;
  optimizerId?: string;
  /** Model nodes from the DataLoader's x to the Loss's prediction, in order. */
  chain: string[];
  /** Data transforms from Dataset.x to DataLoader.x, in order. */
  xSteps: string[];
  /** Data transforms from Dataset.y to DataLoader.y, in order. */
  ySteps: string[];
}

/** Finds the roles and paths and reports what is missing, doubled or wired the wrong way. */
export function findStructure(index: GraphIndex, diags: Diagnostics): Structure {
  const byKind = new Map<NodeKind, string[]>();
  for (const node of index.nodes.values()) {
    const list = byKind.get(node.kind);
    if (list) list.push(node.id);
    else byKind.set(node.kind, [node.id]);
  }
  const one = (kind: NodeKind, missing: () => void, code: "TOO_MANY" | "TWO_LOSSES" = "TOO_MANY") => {
    const ids = byKind.get(kind) ?? [];
    if (ids.length === 0) missing();
    for (const extra of ids.slice(1)) {
      diags.error(code, `only one ${kindDef(kind).label} per graph; remove this one`, { nodeId: extra });
    }
    return ids[0];
  };
  const s: Structure = { chain: [], xSteps: [], ySteps: [] };
  s.datasetId = one("Dataset", () => diags.error("NO_DATASET", "add a Dataset node to train on"));
  s.loaderId = one("DataLoader", () =>
    diags.error("NO_LOADER", "add a DataLoader between the dataset and the first layer"),
  );
  s.lossId = one(
    "Loss",
    () => diags.error("NO_LOSS", "add a Loss node: the model's output to prediction, DataLoader.y to target"),
    "TWO_LOSSES",
  );
  s.optimizerId = one("Optimizer", () => {});
  if (s.lossId) {
    const toOptimizer = (index.outgoing.get(s.lossId) ?? []).find(
      (l) => index.nodes.get(l.target)?.kind === "Optimizer",
    );
    if (toOptimizer) s.optimizerId = toOptimizer.target;
    else diags.error("NO_OPTIMIZER", "connect an Optimizer to this Loss's output", { nodeId: s.lossId });
    traceModel(index, s, diags);
  }
  if (s.loaderId) traceData(index, s, diags);
  reportUnused(index, s, diags);
  return s;
}

function traceModel(index: GraphIndex, s: Structure, diags: Diagnostics): void {
  const lossId = s.lossId as string;
  const inputs = index.incoming.get(lossId);
  const target = inputs?.get("target");
  if (target && !(index.nodes.get(target.source)?.kind === "DataLoader" && target.sourcePort === "y")) {
    diags.error("WRONG_PATH", "target must come straight from the DataLoader's y", { nodeId: lossId });
  }
  let link = inputs?.get("prediction");
  const seen = new Set<string>();
  while (link && !seen.has(link.source)) {
    const node = index.nodes.get(link.source);
    if (!node) return;
    if (node.kind === "DataLoader") {
      const first = s.chain[0] ?? lossId;
      if (link.sourcePort !== "x") {
        diags.error("WRONG_PATH", "the model's input comes from the DataLoader's y (labels); connect DataLoader.x", {
          nodeId: first,
        });
      } else if (s.chain.length === 0) {
        diags.error("WRONG_PATH", "the model has no layers: put at least a Linear between DataLoader.x and the Loss", {
          nodeId: lossId,
        });
      }
      return;
    }
    seen.add(node.id);
    s.chain.unshift(node.id);
    link = index.incoming.get(node.id)?.get("x");
  }
}

function traceData(index: GraphIndex, s: Structure, diags: Diagnostics): void {
  const loaderId = s.loaderId as string;
  for (const port of ["x", "y"] as const) {
    const steps = port === "x" ? s.xSteps : s.ySteps;
    let link = index.incoming.get(loaderId)?.get(port);
    const seen = new Set<string>();
    while (link && !seen.has(link.source)) {
      const node = index.nodes.get(link.source);
      if (!node) break;
      if (node.kind === "Dataset") {
        if (link.sourcePort !== port) {
          diags.error(
            "WRONG_PATH",
            `DataLoader.${port} should come from the dataset's ${port}, not its ${link.sourcePort}`,
            {
              nodeId: loaderId,
            },
          );
        } else if (s.datasetId && node.id !== s.datasetId) {
          diags.error("WRONG_PATH", "features and labels must come from the same Dataset", { nodeId: loaderId });
        }
        break;
      }
      seen.add(node.id);
      steps.unshift(node.id);
      link = index.incoming.get(node.id)?.get("x");
    }
  }
}

function reportUnused(index: GraphIndex, s: Structure, diags: Diagnostics): void {
  const used = new Set([...s.chain, ...s.xSteps, ...s.ySteps]);
  for (const node of index.nodes.values()) {
    const def = kindDef(node.kind);
    if (used.has(node.id) || !("layer" in def.compile || "data" in def.compile)) continue;
    if (diags.hasError(node.id) || !index.incoming.get(node.id)?.size) continue;
    const goal =
      sideOf(index, node.id) === "model"
        ? "the Loss, so it will not be trained"
        : "the DataLoader, so it has no effect";
    diags.warn("UNUSED", `${def.label} does not lead to ${goal}`, { nodeId: node.id });
  }
}

/** Whether a node works on dataset columns or model tensors (Flatten can do either). */
export function sideOf(index: GraphIndex, nodeId: string): "data" | "model" {
  let id: string | undefined = nodeId;
  const seen = new Set<string>();
  while (id && !seen.has(id)) {
    seen.add(id);
    const node = index.nodes.get(id);
    if (!node) break;
    const rule = kindDef(node.kind).compile;
    // A kind with both rules (Flatten) is on the side of whatever feeds it.
    if (!("layer" in rule && "data" in rule && rule.data)) {
      const data = kindDef(node.kind).category === "Data" && node.kind !== "DataLoader";
      return data ? "data" : "model";
    }
    id = index.incoming.get(id)?.get("x")?.source;
  }
  return "data";
}
