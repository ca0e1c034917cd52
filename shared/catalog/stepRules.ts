/**
 * Step mode's formulas: what each kind computes forward and passes backward, in symbols and for
 * one unit with the step's own numbers filled in. Each kind's catalog entry names its rule here.
 */

/** One unit of a node in a training step: the numbers its formulas take (vectors of the shown sample). */
export interface StepUnit {
  /** The unit (output element) explained. */
  j: number;
  /** The node's input and output, and dLoss/d of each. */
  x: readonly number[];
  /** Per-sample shapes of the input and output (images are [height, width, channels]). */
  xShape: readonly number[];
  yShape: readonly number[];
  y: readonly number[];
  dx: readonly number[];
  dy: readonly number[];
  /** The node's weights in PyTorch's layout, by name (`weight`, `bias`). */
  weights: Readonly<Record<string, { shape: readonly number[]; value: readonly number[] }>>;
  /** The step's batch size: gradients are of the batch-mean loss. */
  batch: number;
  /** The target, when categorical cross-entropy follows this node directly (softmax + CE: p − y). */
  crossEntropyTarget: readonly number[] | null;
}

/** A kind's step formulas: in symbols, and for one unit with its numbers in (the last number is the result). */
export interface StepRule<P> {
  forward: string;
  backward: string;
  forwardAt(params: P, u: StepUnit): string;
  backwardAt(params: P, u: StepUnit): string;
}

/** A number as step mode writes it: 4 significant digits, exponents for the very small or large. */
export function num(v: number | undefined): string {
  if (v === undefined || Number.isNaN(v)) return "?";
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (a >= 1e5 || a < 1e-3) return v.toExponential(2).replace("e", "·10^").replace("+", "");
  return String(Number(v.toPrecision(4)));
}

/** The indices of element `k` of a row-major tensor of `shape`. */
export function unravel(shape: readonly number[], k: number): number[] {
  const out: number[] = [];
  let rest = k;
  for (let a = shape.length - 1; a >= 0; a--) {
    const n = shape[a] ?? 1;
    out.unshift(rest % n);
    rest = Math.floor(rest / n);
  }
  return out;
}

const at = (v: readonly number[], j: number) => v[j] ?? Number.NaN;
const paren = (v: number) => (v < 0 ? `(${num(v)})` : num(v));

/** An element-wise activation: `local` is its slope at the unit, written with `slope` (symbols and numbers). */
function elementwise<P>(
  forward: string,
  backward: string,
  forwardAt: (p: P, x: number, y: number) => string,
  slope: (p: P, x: number, y: number) => string,
): StepRule<P> {
  return {
    forward,
    backward,
    forwardAt: (p, u) => `y_${u.j} = ${forwardAt(p, at(u.x, u.j), at(u.y, u.j))} = ${num(at(u.y, u.j))}`,
    backwardAt: (p, u) =>
      `∂L/∂x_${u.j} = ${paren(at(u.dy, u.j))} · ${slope(p, at(u.x, u.j), at(u.y, u.j))} = ${num(at(u.dx, u.j))}`,
  };
}

export const reluStep = elementwise<Record<string, never>>(
  "y = max(0, x)",
  "∂L/∂x = ∂L/∂y · 1[x > 0]",
  (_, x) => `max(0, ${num(x)})`,
  (_, x) => (x > 0 ? "1" : "0"),
);

export const leakyReluStep = elementwise<{ alpha: number }>(
  "y = x if x > 0 else α·x",
  "∂L/∂x = ∂L/∂y · (1 if x > 0 else α)",
  (p, x) => (x > 0 ? num(x) : `${num(p.alpha)} · ${paren(x)}`),
  (p, x) => (x > 0 ? "1" : num(p.alpha)),
);

export const eluStep = elementwise<{ alpha: number }>(
  "y = x if x > 0 else α·(e^x − 1)",
  "∂L/∂x = ∂L/∂y · (1 if x > 0 else y + α)",
  (p, x) => (x > 0 ? num(x) : `${num(p.alpha)} · (e^${paren(x)} − 1)`),
  (p, x, y) => (x > 0 ? "1" : `(${num(y)} + ${num(p.alpha)})`),
);

export const sigmoidStep = elementwise<Record<string, never>>(
  "s = 1 / (1 + e^−x)",
  "∂L/∂x = ∂L/∂s · s·(1 − s)",
  (_, x) => `1 / (1 + e^${paren(-x)})`,
  (_, _x, s) => `${num(s)}·(1 − ${num(s)})`,
);

export const tanhStep = elementwise<Record<string, never>>(
  "t = tanh(x)",
  "∂L/∂x = ∂L/∂t · (1 − t²)",
  (_, x) => `tanh(${num(x)})`,
  (_, _x, t) => `(1 − ${paren(t)}²)`,
);

export const dropoutStep = elementwise<{ rate: number }>(
  "y = x · m / (1 − rate), m = 0 with probability rate, else 1",
  "∂L/∂x = ∂L/∂y · m / (1 − rate)",
  (p, x, y) => `${num(x)} · ${y === 0 && x !== 0 ? 0 : 1} / (1 − ${num(p.rate)})`,
  (p, x, y) => `${y === 0 && x !== 0 ? 0 : 1} / (1 − ${num(p.rate)})`,
);

/** The input i with the largest |x_i|: where unit j's weight gradient ∂L/∂y_j · x_i is largest. */
function strongest(x: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < x.length; i++) if (Math.abs(at(x, i)) > Math.abs(at(x, best))) best = i;
  return best;
}

/** Unit j's weighted sum Σ_i W_ji·x_i over row `row` of an [rows, inputs] weight. */
function rowDot(x: readonly number[], w: readonly number[], row: number): number {
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += at(x, i) * at(w, row * x.length + i);
  return sum;
}

export const linearStep: StepRule<{ units: number; bias: boolean }> = {
  forward: "y_j = Σ_i W_ji·x_i + b_j",
  backward: "∂L/∂W_ji = ∂L/∂y_j · x_i,  ∂L/∂b_j = ∂L/∂y_j,  ∂L/∂x_i = Σ_j W_ji · ∂L/∂y_j",
  forwardAt(p, u) {
    const w = u.weights.weight?.value ?? [];
    const b = p.bias ? at(u.weights.bias?.value ?? [], u.j) : 0;
    const sum = `Σ_i W_${u.j},i·x_i = ${num(rowDot(u.x, w, u.j))}`;
    return `y_${u.j} = ${sum}${p.bias ? ` + ${paren(b)}` : ""} = ${num(at(u.y, u.j))}`;
  },
  backwardAt(p, u) {
    const i = strongest(u.x);
    const dy = at(u.dy, u.j);
    const bias = p.bias ? `∂L/∂b_${u.j} = ${num(dy)};  ` : "";
    return `${bias}∂L/∂W_${u.j},${i} = ${paren(dy)} · ${paren(at(u.x, i))} = ${num(dy * at(u.x, i))}`;
  },
};

export const maxoutStep: StepRule<{ units: number; pieces: number }> = {
  forward: "y_j = max_k z_kj, with z_k = W_k·x + b_k",
  backward: "∂L/∂z_kj = ∂L/∂y_j for the winning piece k, 0 for the others",
  forwardAt(p, u) {
    const z = pieces(p, u);
    return `y_${u.j} = max(${z.map(num).join(", ")}) = ${num(at(u.y, u.j))}`;
  },
  backwardAt(p, u) {
    const z = pieces(p, u);
    const k = z.indexOf(Math.max(...z));
    return `piece ${k + 1} of ${p.pieces} wins, so ∂L/∂z_${k + 1},${u.j} = ∂L/∂y_${u.j} = ${num(at(u.dy, u.j))}; the other pieces get 0`;
  },
};

/** Unit j's pieces z_kj, from the Dense of units·pieces rows (piece k's rows start at k·units). */
function pieces(p: { units: number; pieces: number }, u: StepUnit): number[] {
  const w = u.weights.weight?.value ?? [];
  const b = u.weights.bias?.value ?? [];
  return Array.from({ length: p.pieces }, (_, k) => rowDot(u.x, w, k * p.units + u.j) + at(b, k * p.units + u.j));
}

export const softmaxStep: StepRule<Record<string, never>> = {
  forward: "p_j = e^z_j / Σ_k e^z_k",
  backward: "∂L/∂z_j = p_j · (∂L/∂p_j − Σ_k p_k·∂L/∂p_k); with cross-entropy after it, p_j − y_j",
  forwardAt(_, u) {
    // Large scores are shifted by their maximum, which leaves p unchanged and keeps e^z finite.
    const max = Math.max(...u.x);
    const shift = max > 50 ? max : 0;
    const sum = u.x.reduce((s, z) => s + Math.exp(z - shift), 0);
    const z = shift ? `(${num(at(u.x, u.j))} − ${num(shift)})` : paren(at(u.x, u.j));
    const over = shift ? ` / Σ_k e^(z_k − ${num(shift)})` : " / Σ_k e^z_k";
    return `p_${u.j} = e^${z}${over} = ${num(Math.exp(at(u.x, u.j) - shift))} / ${num(sum)} = ${num(at(u.y, u.j))}`;
  },
  backwardAt(_, u) {
    const p = at(u.y, u.j);
    const scale = u.batch > 1 ? ` / ${u.batch}` : "";
    if (u.crossEntropyTarget) {
      const y = at(u.crossEntropyTarget, u.j);
      return `∂L/∂z_${u.j} = (p_${u.j} − y_${u.j})${scale} = (${num(p)} − ${num(y)})${scale} = ${num(at(u.dx, u.j))}`;
    }
    const mean = u.y.reduce((s, pk, k) => s + pk * at(u.dy, k), 0);
    return `∂L/∂z_${u.j} = ${num(p)} · (${num(at(u.dy, u.j))} − ${num(mean)}) = ${num(at(u.dx, u.j))}`;
  },
};

/** Step mode's loss: its formula and gradient, and both for the shown sample. */
export interface LossStep {
  formula: string;
  gradient: string;
  /** The shown sample's loss with its numbers in. */
  valueAt(p: readonly number[], y: readonly number[], loss: number): string;
  /** ∂L/∂p_j with its numbers in; `dp` is the step's own value (of the batch-mean loss). */
  gradientAt(p: readonly number[], y: readonly number[], j: number, dp: number, batch: number): string;
}

const perBatch = (batch: number) => (batch > 1 ? ` / ${batch}` : "");

/** Formulas of each loss, as Keras (and NetLoom) define them. */
export const LOSS_STEPS: Record<"meanSquaredError" | "binaryCrossentropy" | "categoricalCrossentropy", LossStep> = {
  categoricalCrossentropy: {
    formula: "L = −Σ_j y_j · log p_j   (p rescaled to sum to 1, clipped to [1e−7, 1 − 1e−7])",
    gradient: "∂L/∂p_j = 1/Σ_k p_k − y_j/p_j",
    valueAt(p, y, loss) {
      const c = y.indexOf(Math.max(...y));
      return `L = −log p_${c} = −log ${num(at(p, c))} = ${num(loss)}`;
    },
    gradientAt(p, y, j, dp, batch) {
      const sum = p.reduce((s, v) => s + v, 0);
      return `∂L/∂p_${j} = (1/${num(sum)} − ${num(at(y, j))}/${num(at(p, j))})${perBatch(batch)} = ${num(dp)}`;
    },
  },
  binaryCrossentropy: {
    formula: "L = −mean_j (y_j · log p_j + (1 − y_j) · log(1 − p_j))",
    gradient: "∂L/∂p_j = (p_j − y_j) / (p_j · (1 − p_j)) / n",
    valueAt: (_p, _y, loss) => `L = ${num(loss)}`,
    gradientAt(p, y, j, dp, batch) {
      const pj = at(p, j);
      return `∂L/∂p_${j} = (${num(pj)} − ${num(at(y, j))}) / (${num(pj)} · ${num(1 - pj)}) / ${p.length}${perBatch(batch)} = ${num(dp)}`;
    },
  },
  meanSquaredError: {
    formula: "L = mean_j (p_j − y_j)²",
    gradient: "∂L/∂p_j = 2 · (p_j − y_j) / n",
    valueAt: (_p, _y, loss) => `L = ${num(loss)}`,
    gradientAt: (p, y, j, dp, batch) =>
      `∂L/∂p_${j} = 2 · (${num(at(p, j))} − ${num(at(y, j))}) / ${p.length}${perBatch(batch)} = ${num(dp)}`,
  },
};

/** Each optimizer's update rule, in TF.js's form (the one NetLoom trains with). */
export const OPTIMIZER_RULES: Record<"sgd" | "adam" | "adadelta" | "rmsprop" | "adagrad", string> = {
  sgd: "v = μ·v + g;  w ← w − lr·v   (μ = 0: w ← w − lr·g)",
  adam: "m = β₁·m + (1 − β₁)·g;  s = β₂·s + (1 − β₂)·g²;  w ← w − lr · m̂ / (√ŝ + ε)",
  adadelta: "a = ρ·a + (1 − ρ)·g²;  Δ = √(d + ε)/√(a + ε) · g;  d = ρ·d + (1 − ρ)·Δ²;  w ← w − lr·Δ",
  rmsprop: "a = ρ·a + (1 − ρ)·g²;  v = μ·v + lr·g/√(a + ε);  w ← w − v",
  adagrad: "a = a + g²;  w ← w − lr · g / √a",
};

/** One weight's update with its numbers in: SGD's rule written out, other optimizers' change as it came. */
export function updateAt(
  o: { name: string; learningRate: number; momentum: number },
  w: number,
  g: number,
  velocity: number | null,
  change: number,
): string {
  if (o.name !== "sgd") return `w ← ${num(w)} + ${paren(change)} = ${num(w + change)}`;
  if (o.momentum === 0) return `w ← ${num(w)} − ${num(o.learningRate)} · ${paren(g)} = ${num(w + change)}`;
  const v = velocity ?? 0;
  return `v = ${num(o.momentum)} · ${paren(v)} + ${paren(g)} = ${num(o.momentum * v + g)};  w ← ${num(w)} − ${num(o.learningRate)} · ${paren(o.momentum * v + g)} = ${num(w + change)}`;
}
