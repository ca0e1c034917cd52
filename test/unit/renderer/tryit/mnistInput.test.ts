import { describe, expect, it } from "vitest";
import { centerOfMass, inkBounds, inkFromRgba, MNIST_SIDE, toMnistInput } from "../../../../renderer/tryit/mnistInput";

const SIDE = 280;

/** A blank SIDE x SIDE drawing with `paint(x, y)` deciding each pixel's ink. */
function drawing(paint: (x: number, y: number) => number): Float32Array {
  const ink = new Float32Array(SIDE * SIDE);
  for (let y = 0; y < SIDE; y++) for (let x = 0; x < SIDE; x++) ink[y * SIDE + x] = paint(x, y);
  return ink;
}

function rect(x0: number, y0: number, w: number, h: number) {
  return (x: number, y: number) => (x >= x0 && x < x0 + w && y >= y0 && y < y0 + h ? 1 : 0);
}

function digit(ink: Float32Array): Float32Array {
  const out = toMnistInput(ink, SIDE, SIDE);
  if (!out) throw new Error("expected a digit");
  return out;
}

describe("MNIST preprocessing of the drawing pad", () => {
  it("scales the ink's bounding box so its longer side is 20 pixels, keeping the aspect ratio", () => {
    const out = digit(drawing(rect(10, 30, 60, 120)));
    const box = inkBounds(out, MNIST_SIDE, MNIST_SIDE);
    expect(box).toMatchObject({ width: 10, height: 20 });
    const wide = inkBounds(digit(drawing(rect(0, 0, 200, 50))), MNIST_SIDE, MNIST_SIDE);
    expect(wide).toMatchObject({ width: 20, height: 5 });
  });

  it("puts the centre of mass at the centre of the 28x28 field wherever the digit was drawn", () => {
    for (const [x, y] of [
      [0, 0],
      [200, 150],
      [37, 211],
    ] as const) {
      const mass = centerOfMass(digit(drawing(rect(x, y, 70, 70))), MNIST_SIDE, MNIST_SIDE);
      expect(Math.abs(mass.x - 14)).toBeLessThanOrEqual(0.5);
      expect(Math.abs(mass.y - 14)).toBeLessThanOrEqual(0.5);
    }
  });

  it("centres by mass, not by the bounding box, as MNIST does", () => {
    // An L: a long vertical bar and a short foot, so most of the mass sits left of the box's middle.
    const bar = rect(100, 40, 20, 200);
    const foot = rect(100, 220, 100, 20);
    const out = digit(drawing((x, y) => Math.max(bar(x, y), foot(x, y))));
    const mass = centerOfMass(out, MNIST_SIDE, MNIST_SIDE);
    const box = inkBounds(out, MNIST_SIDE, MNIST_SIDE);
    expect(Math.abs(mass.x - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(mass.y - 14)).toBeLessThanOrEqual(0.5);
    expect(box).not.toBeNull();
    const boxCenterX = (box?.x ?? 0) + (box?.width ?? 0) / 2;
    expect(boxCenterX).toBeGreaterThan(15);
  });

  it("averages by area, so strokes come out anti-aliased in MNIST's 0-255 units", () => {
    const out = digit(drawing(rect(50, 50, 100, 100)));
    expect(Math.max(...out)).toBe(255);
    expect(Math.min(...out)).toBe(0);
    // A 5-pixel line inside a 200-pixel box covers a quarter of one output pixel: grey, not black.
    const thin = digit(drawing((x, y) => Math.max(rect(0, 0, 200, 1)(x, y), rect(0, 199, 200, 1)(x, y))));
    const greys = [...thin].filter((v) => v > 0 && v < 255);
    expect(greys.length).toBeGreaterThan(0);
  });

  it("grows a tiny drawing to the 20-pixel box", () => {
    const out = digit(drawing(rect(140, 140, 2, 4)));
    expect(inkBounds(out, MNIST_SIDE, MNIST_SIDE)).toMatchObject({ width: 10, height: 20 });
  });

  it("says nothing is drawn for a blank pad", () => {
    expect(toMnistInput(new Float32Array(SIDE * SIDE), SIDE, SIDE)).toBeNull();
  });

  it("reads ink from the alpha channel of the pad's pixels", () => {
    const rgba = new Uint8ClampedArray([255, 255, 255, 255, 0, 0, 0, 0, 10, 20, 30, 51, 0, 0, 0, 255]);
    const ink = [...inkFromRgba(rgba, 2, 2)];
    expect(ink.map((v) => Math.round(v * 100) / 100)).toEqual([1, 0, 0.2, 1]);
  });
});
