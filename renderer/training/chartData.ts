import type { TrainingRun } from "./types";

/** Colours of runs 1, 2, 3, ...: the same run keeps its colour in every chart. */
export const RUN_COLORS = ["#3a6ff0", "#d0722c", "#2f8f4e", "#8a4fd8", "#d23b3b", "#2f8f9d", "#b7791f", "#687080"];

/** The colour of run `seq` (1-based). */
export function runColor(seq: number): string {
  return RUN_COLORS[(seq - 1) % RUN_COLORS.length] as string;
}

/** How a series is drawn: the smoothed batch curve, per-epoch training points, or validation. */
export type SeriesStyle = "batch" | "epoch" | "validation";

/** One line or set of points of a chart, tied to its run. */
export interface ChartSeries {
  seq: number;
  style: SeriesStyle;
  label: string;
  x: number[];
  y: (number | null)[];
}

type Epoch = TrainingRun["epochs"][number];

function epochSeries(run: TrainingRun, pick: (e: Epoch) => number | null) {
  const points = run.epochs.filter((e) => pick(e) !== null);
  return { x: points.map((e) => e.epoch), y: points.map(pick) };
}

/** The runs the curves show: those trained here, not ones whose weights were loaded from a file. */
export function trainedRuns(runs: readonly TrainingRun[]): readonly TrainingRun[] {
  return runs.filter((run) => run.source === null);
}

/** Series by run: a run that did not change since the last redraw keeps its series, unbuilt. */
function perRun(build: (run: TrainingRun) => ChartSeries[]) {
  const built = new WeakMap<TrainingRun, ChartSeries[]>();
  return (run: TrainingRun): ChartSeries[] => {
    let series = built.get(run);
    if (!series) {
      series = build(run);
      built.set(run, series);
    }
    return series;
  };
}

/** A metric's three series for each run: per batch (`batch` of the run's curves), per epoch, validation. */
function metricSeries(
  metric: string,
  batch: (run: TrainingRun) => (number | null)[],
  epoch: (e: Epoch) => number | null,
  validation: (e: Epoch) => number | null,
) {
  return perRun((run) => [
    { seq: run.seq, style: "batch", label: `run ${run.seq} ${metric}`, x: [...run.batches.x], y: batch(run) },
    { seq: run.seq, style: "epoch", label: `run ${run.seq} epoch ${metric}`, ...epochSeries(run, epoch) },
    {
      seq: run.seq,
      style: "validation",
      label: `run ${run.seq} validation ${metric}`,
      ...epochSeries(run, validation),
    },
  ]);
}

const lossOf = metricSeries(
  "loss",
  (run) => [...run.batches.loss],
  (e) => e.loss,
  (e) => e.valLoss,
);

const accuracyOf = metricSeries(
  "accuracy",
  (run) => [...run.batches.accuracy],
  (e) => e.accuracy,
  (e) => e.valAccuracy,
);

/** The loss chart: the engine's smoothed loss per batch, loss per epoch and validation loss, for every run. */
export function lossSeries(runs: readonly TrainingRun[]): ChartSeries[] {
  return runs.flatMap(lossOf);
}

/** The accuracy chart: running accuracy per batch, accuracy and validation accuracy per epoch. */
export function accuracySeries(runs: readonly TrainingRun[]): ChartSeries[] {
  return runs.filter((run) => run.started?.metric !== null).flatMap(accuracyOf);
}

/**
 * Puts series with different x values on one x axis, as uPlot draws them: the sorted union of
 * every x, and for each series its value there or null (lines span the gaps).
 */
export function alignSeries(series: readonly ChartSeries[]): [number[], ...(number | null)[][]] {
  const xs = [...new Set(series.flatMap((s) => s.x))].sort((a, b) => a - b);
  const at = new Map(xs.map((x, i) => [x, i]));
  const columns = series.map((s) => {
    const column = new Array<number | null>(xs.length).fill(null);
    s.x.forEach((x, i) => {
      column[at.get(x) as number] = s.y[i] ?? null;
    });
    return column;
  });
  return [xs, ...columns];
}
