import type { TrainingEventOf } from "../../../shared/training";
import { focusNode } from "../../canvas/flow";
import { editorStore, useEditor } from "../../store";
import { currentRun, runProgress } from "../../training/select";
import type { TrainingRun, TrainingState } from "../../training/types";
import { formatDuration, formatRate } from "./format";
import { ModelFileStatus } from "./ModelFileStatus";

function statusText(state: TrainingState, run: TrainingRun | undefined): string {
  const at = run?.progress;
  const epochs = run?.started?.epochs;
  switch (state.phase) {
    case "idle":
      return "Ready to train";
    case "starting":
      return run?.source ? `Loading the trained weights of ${run.source}…` : "Starting the training engine…";
    case "training":
      if (state.paused) return `Paused at epoch ${at?.epoch ?? 1}, batch ${at?.batch ?? 0}`;
      return run?.started ? `Training epoch ${at?.epoch ?? 1} of ${epochs}` : "Loading the data…";
    case "finished": {
      const end = run?.end;
      if (state.outcome === "stopped" && end?.outcome === "stopped") {
        return `Stopped at epoch ${end.epoch}, batch ${end.batch}; the model trained so far is kept`;
      }
      return run?.source ? `Loaded the trained weights of ${run.source}` : "Finished";
    }
    case "failed":
      return run?.source && run.end?.outcome === "error" ? "Loading the weights failed" : "Training failed";
  }
}

function Bar({ label, value, testId }: { label: string; value: number; testId: string }) {
  const percent = Math.round(value * 1000) / 10;
  return (
    <div className="nl-progress">
      <span>{label}</span>
      <div
        className="nl-progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        data-testid={testId}
      >
        <div className="nl-progress-fill" style={{ transform: `scaleX(${percent / 100})` }} />
      </div>
      <span className="nl-progress-value">{percent.toFixed(0)}%</span>
    </div>
  );
}

/** Which backend trains (or holds loaded weights), and when it is a fallback, how to get a faster one. */
function Backend({ started }: { started: TrainingEventOf<"started"> | TrainingEventOf<"loaded"> }) {
  const fallback = started.backend === "wasm" || started.backend === "cpu";
  const skipped = started.skipped.map((s) => `${s.backend}: ${s.reason}`).join("; ");
  return (
    <div className="nl-backend" data-testid="backend" data-backend={started.backend}>
      <span>
        Backend: <strong>{started.backend}</strong>
        {started.backendDetail ? ` (${started.backendDetail})` : ""} · {started.params.toLocaleString("en-US")} params
      </span>
      {fallback && (
        <p className="nl-hint" title={skipped}>
          This is a fallback without native TensorFlow. For faster training install{" "}
          <code>@tensorflow/tfjs-node-gpu</code> (with CUDA) or <code>@tensorflow/tfjs-node</code>. ({skipped})
        </p>
      )}
    </div>
  );
}

/** One line saying where training is: ready, starting, epoch N of M, paused, stopped, finished or failed. */
export function StatusLine() {
  const phase = useEditor((s) => s.training.phase);
  const text = useEditor((s) => statusText(s.training, currentRun(s.training)));
  return (
    <span className="nl-status-line" data-testid="train-status" data-phase={phase} role="status">
      {text}
    </span>
  );
}

/** Where the run is: progress of the epoch and the run, speed, time left, backend, failure. */
export function TrainStatus() {
  const state = useEditor((s) => s.training);
  const run = currentRun(state);
  // A run loaded from a model file trained elsewhere: there is no progress to show.
  const progress = run && !run.source ? runProgress(run) : null;
  const started = run?.started;
  const engine = started ?? run?.loaded ?? null;
  const active = state.phase === "training" && !state.paused;
  return (
    <div className="nl-train-status">
      {run && progress && (
        <>
          <Bar label="Epoch" value={progress.epoch} testId="epoch-progress" />
          <Bar label="Run" value={progress.run} testId="run-progress" />
          <p className="nl-speed">
            <span data-testid="samples-per-sec">
              {run.progress && run.progress.samplesPerSec > 0 ? formatRate(run.progress.samplesPerSec) : "—"}
            </span>{" "}
            samples/s
            {active && progress.etaSeconds !== null && <> · about {formatDuration(progress.etaSeconds)} left</>}
            {started && ` · ${started.samples.train.toLocaleString("en-US")} training samples`}
          </p>
        </>
      )}
      {run?.loaded && (
        <p className="nl-muted" data-testid="loaded-from">
          Trained weights loaded from {run.source}, not trained here.
        </p>
      )}
      {engine && <Backend started={engine} />}
      <ModelFileStatus />
      {state.phase === "failed" && (
        <div className="nl-train-failure" role="alert" data-testid="train-error">
          <p>{state.failure.message}</p>
          <p className="nl-muted">
            Your graph is unchanged; fix what the message says and{" "}
            {run?.source && run.end?.outcome === "error" ? "load the weights" : "train"} again.
          </p>
          {state.failure.nodeId && (
            <button
              type="button"
              onClick={() => {
                const id = state.failure.nodeId as string;
                editorStore.getState().select({ nodes: [id], edges: [] });
                focusNode(id);
              }}
            >
              Show the node
            </button>
          )}
        </div>
      )}
    </div>
  );
}
