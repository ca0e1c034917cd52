/**
 * The shortest decimal that reads back as the same float32: the engine sends float32 values as
 * doubles (5.829999923706055), which the CSV said as 5.83. Values that are no float32 keep
 * JavaScript's own shortest form.
 */
export function float32Text(value: number): string {
  if (!Number.isFinite(value) || Math.fround(value) !== value) return String(value);
  for (let digits = 1; digits <= 9; digits++) {
    const short = Number(value.toPrecision(digits));
    if (Math.fround(short) === value) return String(short);
  }
  return String(value);
}
