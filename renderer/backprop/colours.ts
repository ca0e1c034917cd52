/**
 * Colour scales of step mode and live signals: a diverging one for signed numbers (gradients,
 * weights: blue below 0, red above, white at 0), a sequential one for activations, and the wires'.
 */

/** RGBA pixels for signed values: blue for negative, red for positive, scaled by the largest magnitude. */
export function divergingRgba(values: ArrayLike<number>, scale = maxAbs(values)): Uint8ClampedArray<ArrayBuffer> {
  const rgba = new Uint8ClampedArray(new ArrayBuffer(values.length * 4));
  const s = scale > 0 ? scale : 1;
  for (let i = 0; i < values.length; i++) {
    const t = Math.max(-1, Math.min(1, (values[i] ?? 0) / s));
    const fade = Math.round(255 * (1 - Math.abs(t)));
    rgba[i * 4] = t < 0 ? fade : 255;
    rgba[i * 4 + 1] = fade;
    rgba[i * 4 + 2] = t > 0 ? fade : 255;
    rgba[i * 4 + 3] = 255;
  }
  return rgba;
}

/** RGBA pixels for values from their smallest (dark blue) to their largest (yellow), viridis-like. */
export function sequentialRgba(values: ArrayLike<number>): Uint8ClampedArray<ArrayBuffer> {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    lo = Math.min(lo, values[i] ?? 0);
    hi = Math.max(hi, values[i] ?? 0);
  }
  const span = hi - lo || 1;
  const rgba = new Uint8ClampedArray(new ArrayBuffer(values.length * 4));
  for (let i = 0; i < values.length; i++) {
    const t = ((values[i] ?? 0) - lo) / span;
    rgba[i * 4] = Math.round(68 + t * (253 - 68));
    rgba[i * 4 + 1] = Math.round(1 + t * (231 - 1));
    rgba[i * 4 + 2] = Math.round(84 + t * (37 - 84) + 4 * t * (1 - t) * 60);
    rgba[i * 4 + 3] = 255;
  }
  return rgba;
}

/** The largest magnitude among values (0 for none). */
export function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m = Math.max(m, Math.abs(values[i] ?? 0));
  return m;
}

/**
 * Where a gradient norm sits between the smallest and largest of its set, on a log scale, in 5
 * steps (0-4): wires change colour only when their step does, not on every event.
 */
export function gradLevel(norm: number, range: readonly [number, number]): number {
  const [lo, hi] = range;
  if (!(norm > 0) || !(hi > 0)) return 0;
  if (hi <= lo) return 4;
  const t = (Math.log(norm) - Math.log(lo)) / (Math.log(hi) - Math.log(lo));
  return Math.max(0, Math.min(4, Math.round(t * 4)));
}

/** The wire colour of each level: faint blue for the smallest gradients to red for the largest. */
export const GRAD_COLOURS = ["#3f6fd8", "#1f9e96", "#7ab82e", "#f09a1a", "#e0352a"] as const;

/**
 * Rows of a weight matrix (`rows` × side²) laid out as side×side tiles, `cols` to a line, each
 * tile scaled by its own largest magnitude (a row of zeros stays white): the image of what each
 * unit of a first layer responds to, or of its gradient.
 */
export function tilesRgba(
  values: ArrayLike<number>,
  rows: number,
  side: number,
  cols: number,
): Uint8ClampedArray<ArrayBuffer> {
  const lines = Math.ceil(rows / cols);
  const width = cols * side;
  const out = new Uint8ClampedArray(new ArrayBuffer(width * lines * side * 4)).fill(255);
  const size = side * side;
  for (let r = 0; r < rows; r++) {
    const tile = divergingRgba(Array.prototype.slice.call(values, r * size, (r + 1) * size) as number[]);
    const x0 = (r % cols) * side;
    const y0 = Math.floor(r / cols) * side;
    for (let y = 0; y < side; y++)
      out.set(tile.subarray(y * side * 4, (y + 1) * side * 4), ((y0 + y) * width + x0) * 4);
  }
  return out;
}

/**
 * A long vector shortened to at most `cells` values for a strip, each the value of largest
 * magnitude in its bucket (so a lone large gradient still shows); a canvas is only so wide.
 */
export function fitStrip(values: readonly number[], cells = 1024): readonly number[] {
  if (values.length <= cells) return values;
  const size = values.length / cells;
  return Array.from({ length: cells }, (_, c) => {
    let best = 0;
    for (let i = Math.floor(c * size); i < Math.floor((c + 1) * size); i++) {
      const v = values[i] ?? 0;
      if (Math.abs(v) > Math.abs(best)) best = v;
    }
    return best;
  });
}
