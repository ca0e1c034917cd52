import { currentRun, isActive } from "./select";
import type { TrainingRun, TrainingState } from "./types";

function failedText(state: Extract<TrainingState, { phase: "failed" }>, run: TrainingRun | undefined): string {
  const { refused, message } = state.failure;
  // A refusal (busy, disconnected) is not a failure of training: its reason is the whole story.
  if (refused === "load") return `Could not load the weights: ${message}`;
  if (refused === "train") return `Could not start training: ${message}`;
  return run?.source && run.end?.outcome === "error" ? "Loading the weights failed" : "Training failed";
}

function stoppedText(run: TrainingRun | undefined): string | null {
  const end = run?.end;
  if (end?.outcome !== "stopped") return null;
  if (end.epoch <= 1 && end.batch === 0) return "Stopped before the first batch";
  return `Stopped at epoch ${end.epoch}, batch ${end.batch}; the model trained so far is kept`;
}

/** One line saying where training is: ready, starting, epoch N of M, paused, stopped, finished or failed. */
export function statusText(state: TrainingState, run = currentRun(state)): string {
  const at = run?.progress;
  switch (state.phase) {
    case "idle":
      return "Ready to train";
    case "starting":
      if (state.requested === "stop") return "Stopping before training begins…";
      return run?.source ? `Loading the trained weights of ${run.source}…` : "Starting the training engine…";
    case "training":
      if (state.paused) return `Paused at epoch ${at?.epoch ?? 1}, batch ${at?.batch ?? 0}`;
      if (state.requested === "stop" && !at?.batch) return "Stopping before training begins…";
      return run?.started ? `Training epoch ${at?.epoch ?? 1} of ${run.started.epochs}` : "Loading the data…";
    case "finished": {
      const stopped = state.outcome === "stopped" ? stoppedText(run) : null;
      if (stopped) return stopped;
      return run?.source ? `Loaded the trained weights of ${run.source}` : "Finished";
    }
    case "failed":
      return failedText(state, run);
  }
}

/** The run's command waiting for the engine's answer (pause, resume, stop), if any. */
export function requestedCommand(state: TrainingState): "pause" | "resume" | "stop" | null {
  return isActive(state) ? state.requested : null;
}

/** Whether Stop can be pressed: while training, and while a training run starts (not while weights load). */
export function canStop(state: TrainingState): boolean {
  if (requestedCommand(state) === "stop") return false;
  if (state.phase === "training") return true;
  return state.phase === "starting" && currentRun(state)?.source === null;
}
