import type { OpenedModel } from "../../shared/api";
import { api } from "../api";
import { editorStore } from "../store";
import { analyze } from "../store/analysis";
import { dataFileKey } from "../store/dataFiles";
import { currentRun, isActive } from "../training/select";
import { graphFolder } from "./dataFiles";
import { beginRun } from "./trainRun";

/** Why the opened model's weights cannot load into the graph now, or null when they can. */
export function loadBlocked(s = editorStore.getState()): string | null {
  if (isActive(s.training)) {
    // Loading weights cannot be stopped (canStop): they finish or fail, then these load.
    const loading = currentRun(s.training)?.source;
    return loading ? `The weights of ${loading} are still loading` : "A run is training: stop it first";
  }
  const result = analyze(s.doc, s.dataFiles).result;
  if (result.ok) return null;
  const datasets = new Map(s.doc.nodes.filter((n) => n.kind === "Dataset").map((n) => [n.id, n]));
  const dataErrors = result.errors.filter((e) => e.nodeId !== undefined && datasets.has(e.nodeId));
  if (dataErrors.length === 0) return "Fix the graph's errors (see Problems)";
  // A file named and not yet answered for is being read (a failed read has its error in dataFiles).
  const baseDir = graphFolder(s.filePath) ?? null;
  const reading = dataErrors.every((e) => {
    const node = datasets.get(e.nodeId as string);
    return (
      e.code === "DATA_UNKNOWN" &&
      node !== undefined &&
      dataFileKey(node.params, baseDir) !== null &&
      s.dataFiles.errors[node.id] === undefined
    );
  });
  return reading ? "Reading the model's data file" : "Choose the model's data file on the Dataset node";
}

/**
 * Loads the trained weights of the model file the graph came from into a run, as Train would
 * train one: the dock then shows its results, Try it and Export.
 */
export async function loadModelWeights(): Promise<void> {
  const s = editorStore.getState();
  const model = s.modelFile;
  if (!model || loadBlocked(s)) return;
  s.setModelFile({ ...model, pending: false });
  s.showTrainTab("results");
  const doc = s.doc;
  await beginRun({ type: "load", doc, source: model.name }, (base) =>
    api.request("training.load", { path: model.path, doc, ...base }),
  );
}

/** Loads the opened model's weights if they wait for the graph and it can now take them. */
function loadIfPending(s = editorStore.getState()): void {
  if (s.modelFile?.pending && !loadBlocked(s)) void loadModelWeights();
}

/**
 * After a trained model's graph is shown (unsaved, titled after the model): loads its weights, or
 * when the graph needs its data file first, says so; they load once it is chosen and read.
 */
export function modelOpened(path: string, name: string, model: OpenedModel): void {
  const s = editorStore.getState();
  const tensors = `${model.tensors} weight tensor${model.tensors === 1 ? "" : "s"}`;
  const blocked = loadBlocked();
  s.notify(
    "info",
    `Opened the trained model ${name} (${tensors})${blocked ? `. ${blocked}: its weights load then` : ""}`,
  );
  s.setModelFile({ path, name, pending: true });
  s.showTrainTab("results");
  loadIfPending();
}

/** Loads a waiting model's weights as soon as the graph can take them; call once at start-up. */
export function installModelLoading(): void {
  editorStore.subscribe((s) => loadIfPending(s));
}
