import { CLASS_NAMES, type DataSource, type DatasetInfo } from "../../shared/catalog";
import { compileGraph } from "../../shared/compile";
import type { GraphDocument, GraphNode } from "../../shared/graph";
import type { TrainingRun, TrainingState } from "./types";

/** The run the panel shows: the last one started. */
export function currentRun(state: TrainingState): TrainingRun | undefined {
  return state.runs.at(-1);
}

/** Whether a run is on its way (starting or training): then Train waits and the canvas marks its graph. */
export function isActive(state: TrainingState): state is Extract<TrainingState, { phase: "starting" | "training" }> {
  return state.phase === "starting" || state.phase === "training";
}

/** How far a run is: the epoch's and the whole run's fraction done, and the seconds left at this speed. */
export function runProgress(run: TrainingRun): { epoch: number; run: number; etaSeconds: number | null } {
  const s = run.started;
  const p = run.progress;
  if (!s || !p) return { epoch: 0, run: 0, etaSeconds: null };
  const perEpoch = Math.max(1, s.batchesPerEpoch);
  const total = perEpoch * Math.max(1, s.epochs);
  const done = Math.min(total, (p.epoch - 1) * perEpoch + p.batch);
  const left = ((total - done) / perEpoch) * s.samples.train;
  return {
    epoch: Math.min(1, p.batch / perEpoch),
    run: done / total,
    etaSeconds: p.samplesPerSec > 0 ? left / p.samplesPerSec : null,
  };
}

const nodeIndex = new WeakMap<GraphDocument, Map<string, GraphNode>>();
function indexOf(doc: GraphDocument): Map<string, GraphNode> {
  let index = nodeIndex.get(doc);
  if (!index) {
    index = new Map(doc.nodes.map((n) => [n.id, n]));
    nodeIndex.set(doc, index);
  }
  return index;
}

/**
 * How the canvas marks a node while a run trains: `run` when the run trains it as it is,
 * `edited` when it was changed after Train was pressed (the run keeps the earlier version), and
 * null for nodes the run does not have, or when nothing trains.
 */
export function runMark(state: TrainingState, doc: GraphDocument, nodeId: string): "run" | "edited" | null {
  if (!isActive(state)) return null;
  const run = currentRun(state);
  // A variant's run is marked against the graph it is a variant of: the canvas shows that graph.
  const snapshot = run ? indexOf(run.variant?.of ?? run.doc).get(nodeId) : undefined;
  if (!snapshot) return null;
  const now = indexOf(doc).get(nodeId);
  return now && now.kind === snapshot.kind && now.params === snapshot.params ? "run" : "edited";
}

/** What a run's data looks like: raw sample shape, classes and their names. */
export interface RunData {
  source: DataSource;
  info: DatasetInfo;
  classNames: readonly string[] | null;
  /** An image per sample: [height, width] or [height, width, 1]. */
  image: { height: number; width: number } | null;
}

const dataOf = new WeakMap<GraphDocument, RunData>();

/** The data a run trains on, from its graph snapshot; null when the graph does not compile here. */
export function runData(run: TrainingRun, datasets: Readonly<Record<string, DatasetInfo>> = {}): RunData | null {
  const known = dataOf.get(run.doc);
  if (known) return known;
  const compiled = compileGraph(run.doc, { datasets });
  let data: RunData | null = null;
  if (compiled.ok) {
    const { info, dataset } = compiled.dataPlan;
    const [height, width, channels] = info.xShape;
    const image =
      height !== undefined && width !== undefined && (info.xShape.length === 2 || channels === 1)
        ? { height, width }
        : null;
    const names = CLASS_NAMES[dataset.source];
    data = { source: dataset.source, info, classNames: names && names.length === info.classes ? names : null, image };
  }
  // A failure is not kept: the dataset's shape may arrive later (files read by the back end).
  if (data) dataOf.set(run.doc, data);
  return data;
}
