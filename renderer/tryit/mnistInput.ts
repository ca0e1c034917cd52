/** The side of an MNIST image. */
export const MNIST_SIDE = 28;
/** The box MNIST digits are scaled into (their longer side), before centring by mass. */
export const MNIST_BOX = 20;

/** Ink of a canvas drawn in any colour on a transparent background: the alpha channel, 0-1. */
export function inkFromRgba(rgba: ArrayLike<number>, width: number, height: number): Float32Array {
  const ink = new Float32Array(width * height);
  for (let i = 0; i < ink.length; i++) ink[i] = (rgba[i * 4 + 3] as number) / 255;
  return ink;
}

/**
 * Resamples `n` values to `m` by area: each output is the mean of the input span it covers,
 * fractions of a value counted by their share. Shrinks without aliasing, grows by repetition.
 */
function resample(src: ArrayLike<number>, n: number, m: number): Float32Array {
  const out = new Float32Array(m);
  const span = n / m;
  for (let j = 0; j < m; j++) {
    const from = j * span;
    const to = from + span;
    let sum = 0;
    for (let i = Math.floor(from); i < Math.min(n, Math.ceil(to)); i++) {
      sum += (src[i] as number) * (Math.min(to, i + 1) - Math.max(from, i));
    }
    out[j] = sum / span;
  }
  return out;
}

/** The smallest rectangle holding all ink, or null for a blank drawing. */
export function inkBounds(ink: ArrayLike<number>, width: number, height: number) {
  let [x0, y0, x1, y1] = [width, height, -1, -1];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if ((ink[y * width + x] as number) <= 0) continue;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
    }
  }
  return x1 < 0 ? null : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/** The centre of mass of an image in pixel units, pixel `i` spanning `[i, i + 1)`. */
export function centerOfMass(img: ArrayLike<number>, width: number, height: number): { x: number; y: number } {
  let [mass, mx, my] = [0, 0, 0];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = img[y * width + x] as number;
      mass += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  }
  return mass > 0 ? { x: mx / mass, y: my / mass } : { x: width / 2, y: height / 2 };
}

/**
 * A drawing as MNIST presents digits (LeCun et al.): the ink's bounding box scaled, keeping its
 * aspect ratio, so its longer side is 20 pixels, anti-aliased by area averaging, then placed in a
 * 28x28 field with its centre of mass at the field's centre. `ink` is row-major, 0-1; the result
 * is 784 values in MNIST's units, 0-255. Null when nothing is drawn.
 */
export function toMnistInput(ink: ArrayLike<number>, width: number, height: number): Float32Array | null {
  const box = inkBounds(ink, width, height);
  if (!box) return null;
  const scale = MNIST_BOX / Math.max(box.width, box.height);
  const w = Math.max(1, Math.round(box.width * scale));
  const h = Math.max(1, Math.round(box.height * scale));
  const rows: Float32Array[] = [];
  for (let y = 0; y < box.height; y++) {
    const start = (box.y + y) * width + box.x;
    rows.push(resample(Array.prototype.slice.call(ink, start, start + box.width), box.width, w));
  }
  const small = new Float32Array(w * h);
  for (let x = 0; x < w; x++) {
    const column = resample(
      rows.map((r) => r[x] as number),
      box.height,
      h,
    );
    column.forEach((v, y) => {
      small[y * w + x] = Math.min(1, v);
    });
  }
  const mass = centerOfMass(small, w, h);
  const dx = Math.round(MNIST_SIDE / 2 - mass.x);
  const dy = Math.round(MNIST_SIDE / 2 - mass.y);
  const out = new Float32Array(MNIST_SIDE * MNIST_SIDE);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const [tx, ty] = [x + dx, y + dy];
      if (tx < 0 || ty < 0 || tx >= MNIST_SIDE || ty >= MNIST_SIDE) continue;
      out[ty * MNIST_SIDE + tx] = (small[y * w + x] as number) * 255;
    }
  }
  return out;
}
