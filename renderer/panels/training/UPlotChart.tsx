import "uplot/dist/uPlot.min.css";
import { useEffect, useMemo, useRef } from "react";
import uPlot from "uplot";
import { alignSeries, type ChartSeries, runColor } from "../../training/chartData";
import { formatTicks } from "./format";

const HEIGHT = 190;
/** uPlot draws lines only; these draw nothing between points, for per-epoch results. */
const noLine = () => null;

function seriesOptions(s: ChartSeries, current: number): uPlot.Series {
  const color = runColor(s.seq);
  const faded = s.seq !== current;
  const stroke = faded ? `${color}88` : color;
  if (s.style === "batch")
    return { label: s.label, stroke, width: faded ? 1 : 1.75, spanGaps: true, points: { show: false } };
  const points = {
    show: true,
    size: faded ? 5 : 7,
    stroke,
    fill: s.style === "epoch" ? stroke : "transparent",
    width: 1.5,
  };
  if (s.style === "epoch") return { label: s.label, stroke, paths: noLine, points };
  return { label: s.label, stroke, width: 1.25, dash: [5, 4], spanGaps: true, points };
}

function axisColor(): string {
  return getComputedStyle(document.documentElement).getPropertyValue("--muted").trim() || "#687080";
}

/** The layout of a chart: changes only when series come or go, not with every new point. */
function shapeKey(series: readonly ChartSeries[], current: number): string {
  return `${current}|${series.map((s) => `${s.seq}:${s.style}`).join(",")}`;
}

/** The batch points each run has in the data the plot was given (its y values that are not gaps). */
function batchPoints(series: readonly ChartSeries[], data: uPlot.AlignedData): Map<number, number> {
  const counts = new Map<number, number>();
  series.forEach((s, i) => {
    if (s.style !== "batch") return;
    const column = data[i + 1] ?? [];
    let n = 0;
    for (const y of column) if (y !== null && y !== undefined) n++;
    counts.set(s.seq, (counts.get(s.seq) ?? 0) + n);
  });
  return counts;
}

/**
 * A uPlot chart of series with their own x values (runs overlaid on one epoch axis). The plot is
 * built once per set of series and fed new points with `setData`, which redraws one canvas.
 */
export function UPlotChart(props: { title: string; yLabel: string; series: readonly ChartSeries[]; current: number }) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const { series, current, title, yLabel } = props;
  const key = shapeKey(series, current);
  const data = useMemo(() => alignSeries(series) as uPlot.AlignedData, [series]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: rebuilt only when the set of series changes (its key)
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const stroke = axisColor();
    const axis: uPlot.Axis = {
      stroke,
      grid: { stroke: `${stroke}33`, width: 1 },
      ticks: { stroke: `${stroke}55`, width: 1 },
      values: (_u, ticks, _axis, _space, step) => formatTicks(ticks, step),
    };
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: HEIGHT,
      legend: { show: false },
      cursor: { drag: { x: true, y: false } },
      scales: { x: { time: false } },
      axes: [
        { ...axis, label: "epoch", labelSize: 18 },
        { ...axis, label: yLabel, labelSize: 18, size: 58 },
      ],
      series: [{ label: "epoch" }, ...series.map((s) => seriesOptions(s, current))],
    };
    const u = new uPlot(opts, data, el);
    plot.current = u;
    const resize = new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height: HEIGHT }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      u.destroy();
      plot.current = null;
    };
  }, [key, yLabel]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  const drawn = batchPoints(series, data);
  const points = drawn.get(current) ?? 0;
  const perRun = [...drawn].map(([seq, n]) => `${seq}:${n}`).join(" ");
  const line = series.find((s) => s.seq === current && s.style === "batch");
  return (
    <figure className="nl-chart" data-points={points} data-run-points={perRun} data-last={line?.y.at(-1) ?? undefined}>
      <figcaption>{title}</figcaption>
      <div ref={host} className="nl-chart-plot" role="img" aria-label={`${title}: ${points} points`} />
    </figure>
  );
}
