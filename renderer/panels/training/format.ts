/** `0.9781` -> `97.81%`. */
export function formatPercent(fraction: number, digits = 2): string {
  return `${(fraction * 100).toFixed(digits)}%`;
}

/** Samples per second, rounded to what a reader can compare: `7,120`. */
export function formatRate(perSecond: number): string {
  return Math.round(perSecond).toLocaleString("en-US");
}

/** `75` -> `1 min 15 s`; `8.2` -> `8 s`; under a second reads `<1 s`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "—";
  if (seconds < 1) return "<1 s";
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** A loss or metric for a table cell: 4 decimals, or scientific notation when far from 1 (a diverging run). */
export function formatValue(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const size = Math.abs(v);
  return size >= 1e5 || (size > 0 && size < 1e-3) ? v.toExponential(3) : v.toFixed(4);
}

/** Axis ticks with just enough decimals to tell neighbours apart, large values in scientific notation. */
export function formatTicks(ticks: readonly number[], step: number): string[] {
  let decimals = Math.max(0, -Math.floor(Math.log10(step || 1)));
  // A step of 0.25 needs two decimals, not the one its size suggests.
  while (decimals < 6 && Math.abs(step * 10 ** decimals - Math.round(step * 10 ** decimals)) > 1e-6) decimals++;
  return ticks.map((t) => (Math.abs(t) >= 1e5 ? t.toExponential(1) : t.toFixed(decimals)));
}
