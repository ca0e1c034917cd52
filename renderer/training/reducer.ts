import type { TrainingEvent, TrainingEventOf } from "../../shared/run";
import { appendBatch, NO_BATCHES } from "./batchSeries";
import { describeChanges } from "./runDiff";
import { isActive } from "./select";
import { type BatchSeries, INITIAL_TRAINING, type TrainingAction, type TrainingRun, type TrainingState } from "./types";

function replaceRun(state: TrainingState, index: number, run: TrainingRun): TrainingState {
  const runs = state.runs.slice();
  runs[index] = run;
  return { ...state, runs };
}

/** The run an event belongs to; a run still waiting for its id takes the first event that names one. */
function runIndex(state: TrainingState, runId: string): number {
  const index = state.runs.findIndex((r) => r.runId === runId);
  if (index >= 0) return index;
  const last = state.runs.length - 1;
  return state.phase === "starting" && state.runs[last]?.runId === null ? last : -1;
}

/**
 * The curve with the epoch's end on it: a fast run sends few batch events, and without this point
 * its line would stop short of the epoch (its last batches unseen).
 */
function closeEpoch(series: BatchSeries, e: TrainingEventOf<"epoch">): BatchSeries {
  const lastX = series.partial ? series.partial.x / series.partial.n : series.x.at(-1);
  if (e.smoothLoss === undefined || (lastX !== undefined && lastX >= e.epoch)) return series;
  return appendBatch(series, { x: e.epoch, loss: e.smoothLoss, accuracy: e.accuracy });
}

/** A run after one of its events. */
function applyToRun(run: TrainingRun, e: TrainingEvent): TrainingRun {
  switch (e.type) {
    case "started":
      return { ...run, started: e, progress: { epoch: 1, batch: 0, samplesPerSec: 0 } };
    case "loaded":
      return { ...run, loaded: e };
    case "batch": {
      const perEpoch = run.started?.batchesPerEpoch ?? e.batch;
      const x = e.epoch - 1 + e.batch / Math.max(1, perEpoch);
      return {
        ...run,
        batches: appendBatch(run.batches, { x, loss: e.smoothLoss ?? e.loss, accuracy: e.accuracy ?? null }),
        progress: { epoch: e.epoch, batch: e.batch, samplesPerSec: e.samplesPerSec },
      };
    }
    case "epoch": {
      const perEpoch = run.started?.batchesPerEpoch ?? run.progress?.batch ?? 0;
      const samplesPerSec = e.samplesPerSec ?? run.progress?.samplesPerSec ?? 0;
      return {
        ...run,
        batches: closeEpoch(run.batches, e),
        epochs: [...run.epochs, e],
        progress: { epoch: e.epoch, batch: perEpoch, samplesPerSec },
      };
    }
    case "paused":
      return { ...run, progress: { epoch: e.epoch, batch: e.batch, samplesPerSec: run.progress?.samplesPerSec ?? 0 } };
    case "resumed":
    case "signals":
      return run;
    case "done": {
      const { testLoss, testAccuracy, confusionMatrix, evaluatedOn } = e;
      const at = run.progress ?? { epoch: 0, batch: 0 };
      return {
        ...run,
        evaluation: { testLoss, testAccuracy, confusionMatrix, ...(evaluatedOn ? { evaluatedOn } : {}) },
        end: { outcome: "done", epoch: at.epoch, batch: at.batch },
      };
    }
    case "stopped":
      return { ...run, end: { outcome: "stopped", epoch: e.epoch, batch: e.batch } };
    case "error":
      return { ...run, end: { outcome: "error", message: e.message } };
  }
}

/** The phase after an event of the current run. */
function nextPhase(state: TrainingState, e: TrainingEvent): TrainingState {
  const runs = state.runs;
  switch (e.type) {
    case "started":
      // A stop pressed while starting is still on its way: the engine stops before the first batch.
      return state.phase === "starting"
        ? { phase: "training", runs, paused: false, requested: state.requested }
        : state;
    case "paused":
    case "resumed":
      return state.phase === "training" ? { ...state, paused: e.type === "paused", requested: null } : state;
    case "done":
    case "stopped":
      return isActive(state) ? { phase: "finished", runs, outcome: e.type } : state;
    case "error": {
      const { message, nodeId, epoch, batch } = e;
      const failure = {
        message,
        ...(nodeId ? { nodeId } : {}),
        ...(epoch ? { epoch } : {}),
        ...(batch ? { batch } : {}),
      };
      return isActive(state) ? { phase: "failed", runs, failure } : state;
    }
    default:
      return state;
  }
}

function onEvent(state: TrainingState, e: TrainingEvent): TrainingState {
  const index = runIndex(state, e.runId);
  const run = state.runs[index];
  if (!run) return state;
  const updated = replaceRun(state, index, applyToRun({ ...run, runId: e.runId }, e));
  return index === state.runs.length - 1 ? nextPhase(updated, e) : updated;
}

/**
 * The training state after an action: pure, so the same events always give the same state, and
 * the panel, the charts and the canvas all read one value.
 */
export function trainingReducer(state: TrainingState, action: TrainingAction): TrainingState {
  const last = state.runs.length - 1;
  const current = state.runs[last];
  switch (action.type) {
    case "start":
    case "load": {
      if (isActive(state)) return state;
      const loading = action.type === "load";
      const run: TrainingRun = {
        seq: (current?.seq ?? 0) + 1,
        runId: null,
        doc: action.doc,
        options: loading ? {} : action.options,
        label: loading
          ? `loaded from ${action.source}`
          : (action.variant?.name ?? describeChanges(current ?? null, action)),
        source: loading ? action.source : null,
        variant: loading ? null : (action.variant ?? null),
        started: null,
        loaded: null,
        batches: NO_BATCHES,
        epochs: [],
        progress: null,
        evaluation: null,
        examples: null,
        modelGone: false,
        end: null,
      };
      return { phase: "starting", runs: [...state.runs, run], requested: null };
    }
    case "accepted":
      if (!isActive(state) || !current || (current.runId !== null && current.runId !== action.runId)) return state;
      return replaceRun(state, last, { ...current, runId: action.runId });
    case "rejected": {
      if (state.phase !== "starting") return state;
      const refused = current?.source ? "load" : "train";
      return { phase: "failed", runs: state.runs.slice(0, -1), failure: { message: action.message, refused } };
    }
    case "event":
      return onEvent(state, action.event);
    case "control":
      if (state.phase === "training") return { ...state, requested: action.command };
      // Only a training run can be stopped before it starts; loading weights cannot be stopped.
      if (state.phase === "starting" && action.command === "stop" && current && current.source === null) {
        return { ...state, requested: "stop" };
      }
      return state;
    case "evaluated":
    case "examples":
    case "modelGone": {
      const index = state.runs.findIndex((r) => r.runId === action.runId);
      const run = state.runs[index];
      if (!run) return state;
      const patch =
        action.type === "evaluated"
          ? { evaluation: action.evaluation }
          : action.type === "examples"
            ? { examples: action.examples }
            : { modelGone: true };
      return replaceRun(state, index, { ...run, ...patch });
    }
    case "lost": {
      if (!isActive(state) || !current) return state;
      const ended = replaceRun(state, last, { ...current, end: { outcome: "error", message: action.message } });
      return { phase: "failed", runs: ended.runs, failure: { message: action.message } };
    }
    case "clear":
      return isActive(state) ? state : INITIAL_TRAINING;
  }
}

/** Applies actions in order. */
export function reduceAll(state: TrainingState, actions: readonly TrainingAction[]): TrainingState {
  return actions.reduce(trainingReducer, state);
}
