import type { BatchSeries } from "./types";

/**
 * Most points a run's batch curve keeps. Past it, neighbouring points are merged in pairs and each
 * point stands for twice as many batch events, so a long run costs each event and each chart
 * redraw the same bounded work as a short one.
 */
export const MAX_BATCH_POINTS = 2000;

/** A curve with no points yet. */
export const NO_BATCHES: BatchSeries = { x: [], loss: [], accuracy: [], stride: 1, partial: null };

/** One batch event on the epoch axis: x in epochs, the batch loss, the running accuracy (null for regression). */
export interface BatchPoint {
  x: number;
  loss: number;
  accuracy: number | null;
}

const mean = (sum: number, n: number) => sum / n;
const addAccuracy = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);

/** Merges each pair of neighbouring points into their mean: half the points, each worth twice the events. */
function halve(s: BatchSeries): BatchSeries {
  const pairs = Math.floor(s.x.length / 2);
  const pick = <T>(values: readonly T[], merge: (a: T, b: T) => T) =>
    Array.from({ length: pairs }, (_, i) => merge(values[2 * i] as T, values[2 * i + 1] as T));
  return {
    x: pick(s.x, (a, b) => (a + b) / 2),
    loss: pick(s.loss, (a, b) => (a + b) / 2),
    accuracy: pick(s.accuracy, (a, b) => (a === null || b === null ? null : (a + b) / 2)),
    stride: s.stride * 2,
    partial: s.partial,
  };
}

/**
 * The curve after one more batch event, as a new value (the old one is left as it was): the event
 * joins the waiting ones until they make up a point of `stride` events, whose mean is appended.
 */
export function appendBatch(s: BatchSeries, p: BatchPoint): BatchSeries {
  const prior = s.partial;
  const sum = prior
    ? { n: prior.n + 1, x: prior.x + p.x, loss: prior.loss + p.loss, accuracy: addAccuracy(prior.accuracy, p.accuracy) }
    : { n: 1, ...p };
  if (sum.n < s.stride) return { ...s, partial: sum };
  const next: BatchSeries = {
    x: [...s.x, mean(sum.x, sum.n)],
    loss: [...s.loss, mean(sum.loss, sum.n)],
    accuracy: [...s.accuracy, sum.accuracy === null ? null : mean(sum.accuracy, sum.n)],
    stride: s.stride,
    partial: null,
  };
  return next.x.length < MAX_BATCH_POINTS ? next : halve(next);
}
