/** Per-class accuracy (recall): the share of each true class predicted right; null for an absent class. */
export function perClassAccuracy(matrix: readonly (readonly number[])[]): (number | null)[] {
  return matrix.map((row, i) => {
    const total = row.reduce((a, b) => a + b, 0);
    return total > 0 ? (row[i] ?? 0) / total : null;
  });
}

/** Greyscale RGBA pixels of a sample in dataset units (0-255 for MNIST; other ranges are stretched). */
export function sampleRgba(values: readonly number[]): Uint8ClampedArray<ArrayBuffer> {
  let [lo, hi] = [0, 255];
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const span = hi - lo || 1;
  const rgba = new Uint8ClampedArray(new ArrayBuffer(values.length * 4));
  values.forEach((v, i) => {
    const g = Math.round(((v - lo) / span) * 255);
    rgba.set([g, g, g, 255], i * 4);
  });
  return rgba;
}

/** Class names for results: the dataset's own, else the class numbers. */
export function classNames(classes: number, names: readonly string[] | null): string[] {
  return Array.from({ length: classes }, (_, i) => names?.[i] ?? String(i));
}
