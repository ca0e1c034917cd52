import { samePadding } from "./images";
import { num, type StepRule, type StepUnit, unravel } from "./stepRules";

/**
 * Step mode's formulas of the image kinds (Conv2D, pooling, BatchNorm) and of the kinds that only
 * reshape. Images are [height, width, channels], row-major, as TF.js holds them; a unit is one
 * element of the output, written [row, column, channel].
 */

type Padding = "valid" | "same";
const at = (v: readonly number[], j: number) => v[j] ?? Number.NaN;
const paren = (v: number) => (v < 0 ? `(${num(v)})` : num(v));

/** [row, column, channel] of element `j` of an image of `shape`. */
function position(shape: readonly number[], j: number): [number, number, number] {
  const w = shape[1] ?? 1;
  const c = shape[2] ?? 1;
  return [Math.floor(j / (w * c)), Math.floor(j / c) % w, j % c];
}

const index = (shape: readonly number[], r: number, col: number, ch: number) =>
  (r * (shape[1] ?? 1) + col) * (shape[2] ?? 1) + ch;

/** The input pixels (in the image, not padding) of the `k` x `k` window under output pixel (r, c). */
function windowOf(u: StepUnit, k: number, stride: number, padding: Padding, r: number, c: number) {
  const [h = 1, w = 1] = u.xShape;
  const top = r * stride - (padding === "same" ? samePadding(h, k, stride)[0] : 0);
  const left = c * stride - (padding === "same" ? samePadding(w, k, stride)[0] : 0);
  const cells: { dr: number; dc: number; r: number; c: number }[] = [];
  for (let dr = 0; dr < k; dr++) {
    for (let dc = 0; dc < k; dc++) {
      const [ir, ic] = [top + dr, left + dc];
      if (ir >= 0 && ir < h && ic >= 0 && ic < w) cells.push({ dr, dc, r: ir, c: ic });
    }
  }
  return { top, left, cells };
}

/** `x[r0..r1, c0..c1, channels]`: the rows and columns of the image a window covers (padding left out). */
function span(cells: readonly { r: number; c: number }[], channels: string): string {
  const rows = cells.map((cell) => cell.r);
  const cols = cells.map((cell) => cell.c);
  const range = (v: number[]) => (v.length ? `${Math.min(...v)}..${Math.max(...v)}` : "none");
  return `x[${range(rows)}, ${range(cols)}, ${channels}]`;
}

/** Slope of Conv2D's own activation at an output y. */
const SLOPES: Record<ConvParams["activation"], ((y: number) => number) | null> = {
  none: null,
  relu: (y) => (y > 0 ? 1 : 0),
  sigmoid: (y) => y * (1 - y),
  tanh: (y) => 1 - y * y,
};

type ConvParams = {
  filters: number;
  kernelSize: number;
  stride: number;
  padding: Padding;
  bias: boolean;
  activation: "none" | "relu" | "sigmoid" | "tanh";
};

export const conv2dStep: StepRule<ConvParams> = {
  forward: "y[r, c, f] = b_f + Σ_{i, j, ch} W_f[ch, i, j] · x[r·s + i, c·s + j, ch]   (then the activation, if any)",
  backward:
    "∂L/∂W_f = Σ_{r, c} ∂L/∂y[r, c, f] · x[window at r, c];  ∂L/∂b_f = Σ_{r, c} ∂L/∂y[r, c, f];  ∂L/∂x: each window's ∂L/∂y times W_f, added where windows overlap",
  forwardAt(p, u) {
    const [r, c, f] = position(u.yShape, u.j);
    const ch = u.xShape[2] ?? 1;
    const k = p.kernelSize;
    const { cells } = windowOf(u, k, p.stride, p.padding, r, c);
    const w = u.weights.weight?.value ?? [];
    let sum = 0;
    for (const cell of cells) {
      for (let i = 0; i < ch; i++) {
        sum += at(w, ((f * ch + i) * k + cell.dr) * k + cell.dc) * at(u.x, index(u.xShape, cell.r, cell.c, i));
      }
    }
    const b = at(u.weights.bias?.value ?? [], f);
    const pre = sum + (u.weights.bias ? b : 0);
    const act = p.activation === "none" ? "" : ` → ${p.activation}(${num(pre)})`;
    const bias = u.weights.bias ? ` + ${paren(b)}` : "";
    return `y[${r}, ${c}, ${f}] = Σ W_${f} · ${span(cells, ":")}${bias} = ${num(sum)}${bias}${act} = ${num(at(u.y, u.j))}`;
  },
  backwardAt(p, u) {
    const [r, c, f] = position(u.yShape, u.j);
    const dy = at(u.dy, u.j);
    const slope = SLOPES[p.activation];
    const g = slope ? dy * slope(at(u.y, u.j)) : dy;
    const through = slope
      ? `∂L/∂z = ${paren(dy)} · ${num(slope(at(u.y, u.j)))} = ${num(g)} (${p.activation}'s slope); `
      : "";
    const { cells } = windowOf(u, p.kernelSize, p.stride, p.padding, r, c);
    const ch = u.xShape[2] ?? 1;
    // The input of the window that adds most to ∂L/∂W_f here.
    let best = { v: 0, cell: cells[0], i: 0 };
    for (const cell of cells) {
      for (let i = 0; i < ch; i++) {
        const v = at(u.x, index(u.xShape, cell.r, cell.c, i));
        if (Math.abs(v) > Math.abs(best.v)) best = { v, cell, i };
      }
    }
    const w = best.cell
      ? `∂L/∂W_${f}[${best.i}, ${best.cell.dr}, ${best.cell.dc}] += ${paren(g)} · ${paren(best.v)} = ${num(g * best.v)}`
      : "";
    const bias = u.weights.bias ? `;  ∂L/∂b_${f} += ${num(g)}` : "";
    return `${through}position [${r}, ${c}] adds ${w}${bias}`;
  },
};

type PoolParams = { poolSize: number; stride: number; padding: Padding };

/** The output element a pooling step shows (row, column, channel) and the input cells of its window. */
function poolWindow(p: PoolParams, u: StepUnit) {
  const [r, c, ch] = position(u.yShape, u.j);
  return { r, c, ch, cells: windowOf(u, p.poolSize, p.stride, p.padding, r, c).cells };
}

export const maxPoolStep: StepRule<PoolParams> = {
  forward: "y[r, c, ch] = max of x over the window at (r·s, c·s), channel by channel",
  backward: "∂L/∂x = ∂L/∂y at the window's largest input (the one that won), 0 at the others",
  forwardAt(p, u) {
    const { r, c, ch, cells } = poolWindow(p, u);
    const values = cells.map((cell) => at(u.x, index(u.xShape, cell.r, cell.c, ch)));
    const list = values.length <= 9 ? `max(${values.map(num).join(", ")})` : `max of ${values.length} values`;
    return `y[${r}, ${c}, ${ch}] = max ${span(cells, String(ch))} = ${list} = ${num(at(u.y, u.j))}`;
  },
  backwardAt(p, u) {
    const { r, c, ch, cells } = poolWindow(p, u);
    const y = at(u.y, u.j);
    const win = cells.find((cell) => at(u.x, index(u.xShape, cell.r, cell.c, ch)) === y) ?? cells[0];
    const where = win ? `x[${win.r}, ${win.c}, ${ch}]` : "the winner";
    return `${where} won: ∂L/∂${where} = ∂L/∂y[${r}, ${c}, ${ch}] = ${num(at(u.dy, u.j))}; the other ${Math.max(0, cells.length - 1)} get 0`;
  },
};

export const avgPoolStep: StepRule<PoolParams> = {
  forward: "y[r, c, ch] = mean of x over the window at (r·s, c·s) (pixels inside the image only)",
  backward: "∂L/∂x = ∂L/∂y / n at each of the window's n inputs",
  forwardAt(p, u) {
    const { r, c, ch, cells } = poolWindow(p, u);
    const sum = cells.reduce((s, cell) => s + at(u.x, index(u.xShape, cell.r, cell.c, ch)), 0);
    return `y[${r}, ${c}, ${ch}] = mean ${span(cells, String(ch))} = ${num(sum)} / ${cells.length} = ${num(at(u.y, u.j))}`;
  },
  backwardAt(p, u) {
    const { r, c, ch, cells } = poolWindow(p, u);
    const n = cells.length;
    const dy = at(u.dy, u.j);
    return `each of the ${n} inputs of the window gets ∂L/∂y[${r}, ${c}, ${ch}] / ${n} = ${paren(dy)} / ${n} = ${num(dy / n)}`;
  },
};

export const globalAvgPoolStep: StepRule<Record<string, never>> = {
  forward: "y_ch = mean over every row and column of x[:, :, ch]",
  backward: "∂L/∂x[r, c, ch] = ∂L/∂y_ch / (height · width)",
  forwardAt(_p, u) {
    const [h = 1, w = 1, channels = 1] = u.xShape;
    let sum = 0;
    for (let k = u.j; k < u.x.length; k += channels) sum += at(u.x, k);
    return `y_${u.j} = Σ x[:, :, ${u.j}] / (${h} · ${w}) = ${num(sum)} / ${h * w} = ${num(at(u.y, u.j))}`;
  },
  backwardAt(_p, u) {
    const [h = 1, w = 1] = u.xShape;
    const dy = at(u.dy, u.j);
    return `each x[r, c, ${u.j}] gets ${paren(dy)} / ${h * w} = ${num(dy / (h * w))}`;
  },
};

/** Flatten and Reshape: the same values in a new shape, so the gradient goes back unchanged. */
function reshaping<P>(): StepRule<P> {
  return {
    forward: "y = x with a new shape: the same values in the same order",
    backward: "∂L/∂x = ∂L/∂y, shaped back",
    forwardAt: (_p, u) => `y_${u.j} = x${where(u.xShape, u.j)} = ${num(at(u.y, u.j))}`,
    backwardAt: (_p, u) => `∂L/∂x${where(u.xShape, u.j)} = ∂L/∂y_${u.j} = ${num(at(u.dy, u.j))}`,
  };
}

export const flattenStep = reshaping<Record<string, never>>();
export const reshapeStep = reshaping<{ targetShape: number[] }>();

/** Element `j` of a value of `shape`, as indices: `[3, 4, 1]`, or `_j` for a vector. */
function where(shape: readonly number[], j: number): string {
  return shape.length <= 1 ? `_${j}` : `[${unravel(shape, j).join(", ")}]`;
}

export const batchNormStep: StepRule<{ momentum: number; epsilon: number }> = {
  forward: "x̂ = (x − μ_B) / √(σ_B² + ε), y = γ·x̂ + β; μ_B, σ_B² of each feature over the batch (and every pixel)",
  backward: "∂L/∂γ = Σ ∂L/∂y·x̂;  ∂L/∂β = Σ ∂L/∂y;  ∂L/∂x = γ/√(σ_B² + ε) · (∂L/∂y − mean ∂L/∂y − x̂ · mean(∂L/∂y·x̂))",
  forwardAt(_p, u) {
    const f = u.j % (u.yShape.at(-1) ?? 1);
    const gamma = at(u.weights.weight?.value ?? [], f);
    const beta = at(u.weights.bias?.value ?? [], f);
    const xhat = gamma === 0 ? Number.NaN : (at(u.y, u.j) - beta) / gamma;
    return `x̂ = (${num(at(u.x, u.j))} − μ_B) / √(σ_B² + ε) = ${num(xhat)};  y = ${num(gamma)} · ${paren(xhat)} + ${paren(beta)} = ${num(at(u.y, u.j))}`;
  },
  backwardAt(_p, u) {
    const f = u.j % (u.yShape.at(-1) ?? 1);
    const gamma = at(u.weights.weight?.value ?? [], f);
    const beta = at(u.weights.bias?.value ?? [], f);
    const xhat = gamma === 0 ? Number.NaN : (at(u.y, u.j) - beta) / gamma;
    const dy = at(u.dy, u.j);
    return `∂L/∂γ_${f} += ${paren(dy)} · ${paren(xhat)} = ${num(dy * xhat)};  ∂L/∂β_${f} += ${num(dy)};  ∂L/∂x_${u.j} = ${num(at(u.dx, u.j))}`;
  },
};
