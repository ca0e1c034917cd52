import { useMemo } from "react";
import { useEditor } from "../../store";
import { accuracySeries, lossSeries, runColor, trainedRuns } from "../../training/chartData";
import type { TrainingRun } from "../../training/types";
import { formatPercent, formatRate, formatValue } from "./format";
import { UPlotChart } from "./UPlotChart";

function outcome(run: TrainingRun): string {
  if (run.evaluation?.testAccuracy != null) return `test ${formatPercent(run.evaluation.testAccuracy)}`;
  const last = run.epochs.at(-1);
  if (last?.valAccuracy != null) return `validation ${formatPercent(last.valAccuracy)}`;
  if (run.end?.outcome === "error") return "failed";
  return run.end ? run.end.outcome : "training";
}

/** Which run is which: its colour, number, what changed since the run before, and where it got. */
function RunLegend({ runs }: { runs: readonly TrainingRun[] }) {
  return (
    <ol className="nl-run-legend" aria-label="Runs">
      {runs.map((run) => (
        <li key={run.seq} data-testid="run-legend" data-seq={run.seq}>
          <span className="nl-swatch" style={{ background: runColor(run.seq) }} />
          <strong>Run {run.seq}</strong> <span className="nl-run-label">{run.label}</span>{" "}
          <span className="nl-muted">· {outcome(run)}</span>
        </li>
      ))}
    </ol>
  );
}

/** The current run's epochs: loss, accuracy, validation, time and speed. */
function EpochTable({ run }: { run: TrainingRun }) {
  if (run.epochs.length === 0) return null;
  const train = run.started?.samples.train ?? 0;
  return (
    <table className="nl-epochs" aria-label={`Epochs of run ${run.seq}`}>
      <thead>
        <tr>
          <th>epoch</th>
          <th>loss</th>
          <th>accuracy</th>
          <th>val loss</th>
          <th>val accuracy</th>
          <th>seconds</th>
          <th title="Training samples per second (validation left out), as the status line shows it">samples/s</th>
        </tr>
      </thead>
      <tbody>
        {run.epochs.map((e) => (
          <tr key={e.epoch} data-testid="epoch-row" data-seconds={e.seconds} data-samples={train} data-loss={e.loss}>
            <td>{e.epoch}</td>
            <td>{formatValue(e.loss)}</td>
            <td>{e.accuracy === null ? "—" : formatPercent(e.accuracy)}</td>
            <td>{e.valLoss === null ? "—" : formatValue(e.valLoss)}</td>
            <td>{e.valAccuracy === null ? "—" : formatPercent(e.valAccuracy)}</td>
            <td>{e.seconds.toFixed(1)}</td>
            <td>{formatRate(e.samplesPerSec ?? train / Math.max(1e-9, e.seconds))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Live curves of every run of the session on one epoch axis: the engine's smoothed loss (line),
 * loss per epoch (dots), validation (dashed); the same for accuracy when the run classifies.
 */
export function Curves() {
  const all = useEditor((s) => s.training.runs);
  // Weights loaded from a file were trained elsewhere: such runs have no curves to draw.
  const runs = useMemo(() => trainedRuns(all), [all]);
  const loss = useMemo(() => lossSeries(runs), [runs]);
  const accuracy = useMemo(() => accuracySeries(runs), [runs]);
  const current = runs.at(-1);
  if (!current) {
    const loaded = all.at(-1)?.source;
    return (
      <p className="nl-muted nl-empty" data-testid="no-curves">
        {loaded
          ? `The weights of ${loaded} were trained elsewhere, so there are no curves of them. Press Train to train here and see the curves.`
          : "Press Train: the loss and accuracy curves appear here as the network learns."}
      </p>
    );
  }
  return (
    <div className="nl-curves">
      <div className="nl-charts">
        <UPlotChart title="Loss" yLabel="loss" series={loss} current={current.seq} />
        {accuracy.length > 0 && (
          <UPlotChart title="Accuracy" yLabel="accuracy" series={accuracy} current={current.seq} />
        )}
      </div>
      <p className="nl-chart-key nl-muted">
        Line: training loss smoothed over every batch · dots: mean per epoch · dashed: validation. Earlier runs are
        faded.
      </p>
      <RunLegend runs={runs} />
      <EpochTable run={current} />
    </div>
  );
}
