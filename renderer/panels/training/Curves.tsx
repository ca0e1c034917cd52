import { useMemo } from "react";
import { Icon } from "../../icons";
import { editorStore, useEditor } from "../../store";
import { accuracySeries, lossSeries, runColor, trainedRuns } from "../../training/chartData";
import { baselineRun, type RunView, runLabel } from "../../training/runs";
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

/**
 * Which run is which: its colour, number, what changed (from the pinned baseline, else from the
 * run before) and where it got. Clicking an entry hides or shows the run in the charts; pointing
 * at one draws it strongest; the pin makes a run the baseline the others are labelled against.
 */
function RunLegend({ runs }: { runs: readonly TrainingRun[] }) {
  const view = useEditor((s) => s.runView);
  const baseline = useEditor((s) => baselineRun(s.training, s.runView));
  const set = (patch: Partial<RunView>) => editorStore.getState().setRunView(patch);
  const toggle = (seq: number) =>
    set({ hidden: view.hidden.includes(seq) ? view.hidden.filter((h) => h !== seq) : [...view.hidden, seq] });
  return (
    <ol className="nl-run-legend" aria-label="Runs">
      {runs.map((run) => {
        const hidden = view.hidden.includes(run.seq);
        const pinned = baseline === run;
        return (
          <li
            key={run.seq}
            data-testid="run-legend"
            data-seq={run.seq}
            data-hidden={hidden || undefined}
            data-baseline={pinned || undefined}
          >
            <button
              type="button"
              className="nl-run-toggle"
              aria-pressed={!hidden}
              title={hidden ? `Show run ${run.seq} in the charts` : `Hide run ${run.seq} from the charts`}
              onClick={() => toggle(run.seq)}
              onPointerEnter={() => set({ highlighted: run.seq })}
              onPointerLeave={() => set({ highlighted: null })}
              onFocus={() => set({ highlighted: run.seq })}
              onBlur={() => set({ highlighted: null })}
            >
              <span className="nl-swatch" style={{ background: hidden ? "transparent" : runColor(run.seq) }} />
              <strong>Run {run.seq}</strong> <span className="nl-run-label">{runLabel(run, baseline)}</span>{" "}
              <span className="nl-muted">· {outcome(run)}</span>
            </button>
            <button
              type="button"
              className="nl-icon-button nl-run-pin"
              aria-pressed={pinned}
              data-testid="run-baseline"
              title={
                pinned
                  ? "Unpin: label each run against the run before it"
                  : `Label the other runs against run ${run.seq}`
              }
              onClick={() => set({ baseline: pinned ? null : run.seq })}
            >
              <Icon name="pin" label={pinned ? `Run ${run.seq} is the baseline` : `Make run ${run.seq} the baseline`} />
            </button>
          </li>
        );
      })}
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
  const hidden = useEditor((s) => s.runView.hidden);
  const highlighted = useEditor((s) => s.runView.highlighted);
  // Weights loaded from a file were trained elsewhere: such runs have no curves to draw.
  const runs = useMemo(() => trainedRuns(all), [all]);
  const drawn = useMemo(() => runs.filter((r) => !hidden.includes(r.seq)), [runs, hidden]);
  const loss = useMemo(() => lossSeries(drawn), [drawn]);
  const accuracy = useMemo(() => accuracySeries(drawn), [drawn]);
  const current = runs.at(-1);
  const strongest = highlighted ?? drawn.at(-1)?.seq ?? 0;
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
        <UPlotChart title="Loss" yLabel="loss" series={loss} current={strongest} />
        {accuracy.length > 0 && <UPlotChart title="Accuracy" yLabel="accuracy" series={accuracy} current={strongest} />}
      </div>
      <p className="nl-chart-key nl-muted">
        Line: training loss smoothed over every batch · dots: mean per epoch · dashed: validation. Click a run below to
        hide or show it; point at it to draw it strongest.
      </p>
      <RunLegend runs={runs} />
      <EpochTable run={current} />
    </div>
  );
}
