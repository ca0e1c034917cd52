import { KEPT_MODELS } from "../../shared/run";
import { describeChanges } from "./runDiff";
import type { TrainingRun, TrainingState } from "./types";

/** How the charts and the run picker show the session's runs; none of it is part of the graph. */
export interface RunView {
  /** The run Results, Try it and Export show (its seq); null: the newest with a trained model. */
  picked: number | null;
  /** The run the others are labelled against (its seq); null: each against the run before it. */
  baseline: number | null;
  /** Runs left out of the charts. */
  hidden: readonly number[];
  /** The run drawn strongest in the charts (the legend entry under the pointer); null: the newest. */
  highlighted: number | null;
}

/** Every run shown, none picked or pinned. */
export const DEFAULT_RUN_VIEW: RunView = { picked: null, baseline: null, hidden: [], highlighted: null };

/** Whether a run ended with a trained model: done, or stopped with the model trained so far. */
export function endedWithModel(run: TrainingRun): boolean {
  return run.runId !== null && (run.end?.outcome === "done" || run.end?.outcome === "stopped");
}

/**
 * Whether the engine still keeps a run's model: it keeps the newest {@link KEPT_MODELS} runs'
 * models, and says so when asked about one it dropped (another window's runs count too).
 */
export function modelKept(state: TrainingState, run: TrainingRun): boolean {
  if (!endedWithModel(run) || run.modelGone) return false;
  const newer = state.runs.filter((r) => r.seq > run.seq && endedWithModel(r)).length;
  return newer < KEPT_MODELS;
}

/** The run Results, Try it and Export show: the one picked, else the newest that ended with a model. */
export function shownRun(state: TrainingState, view: RunView): TrainingRun | undefined {
  const picked = view.picked === null ? undefined : state.runs.find((r) => r.seq === view.picked);
  return picked && endedWithModel(picked) ? picked : state.runs.findLast(endedWithModel);
}

/** The run the others are labelled against, when one is pinned and still there. */
export function baselineRun(state: TrainingState, view: RunView): TrainingRun | undefined {
  return view.baseline === null ? undefined : state.runs.find((r) => r.seq === view.baseline);
}

/**
 * What a run is, in words: what changed from the pinned baseline run ("vs run 2: lr 0.1 → 0.05"),
 * else from the run before it (its label). Runs loaded from a file keep "loaded from …".
 */
export function runLabel(run: TrainingRun, baseline: TrainingRun | undefined): string {
  if (!baseline || run.source !== null || baseline.source !== null) return run.label;
  if (baseline === run) return `baseline: ${run.label}`;
  return `vs run ${baseline.seq}: ${describeChanges(baseline, run)}`;
}
