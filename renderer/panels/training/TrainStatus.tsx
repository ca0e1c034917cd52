import type { TrainingEventOf } from "../../../shared/run";
import { revealNode } from "../../canvas/flow";
import { useEditor } from "../../store";
import { currentRun, runProgress } from "../../training/select";
import { statusText } from "../../training/status";
import { BackendHint } from "./BackendHint";
import { formatDuration, formatRate } from "./format";
import { ModelFileStatus } from "./ModelFileStatus";

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

/**
 * Which backend trains (or holds loaded weights); when it trains on a fallback, how to get a
 * faster one (weights loaded from a file are not trained here, so speed is no matter).
 */
function Backend({ started }: { started: TrainingEventOf<"started"> | TrainingEventOf<"loaded"> }) {
  const fallback = started.type === "started" && (started.backend === "wasm" || started.backend === "cpu");
  return (
    <div className="nl-backend" data-testid="backend" data-backend={started.backend}>
      <span>
        Backend: <strong>{started.backend}</strong>
        {started.backendDetail ? ` (${started.backendDetail})` : ""} · {started.params.toLocaleString("en-US")} params
      </span>
      {fallback && started.type === "started" && <BackendHint started={started} />}
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
            {state.failure.refused === "load" || (run?.source && run.end?.outcome === "error")
              ? "load the weights"
              : "train"}{" "}
            again.
          </p>
          {state.failure.nodeId && (
            <button type="button" onClick={() => revealNode(state.failure.nodeId as string)}>
              Show the node
            </button>
          )}
        </div>
      )}
    </div>
  );
}
