import { describe, expect, it } from "vitest";
import { divergingRgba, fitStrip, gradLevel, maxAbs, tilesRgba } from "../../../../renderer/backprop/colours";

describe("step mode's colours", () => {
  it("show negative numbers blue, positive red and 0 white, scaled by the largest magnitude", () => {
    const rgba = Array.from(divergingRgba([-2, 0, 1, 2]));
    expect(rgba.slice(0, 4)).toEqual([0, 0, 255, 255]);
    expect(rgba.slice(4, 8)).toEqual([255, 255, 255, 255]);
    expect(rgba.slice(8, 12)).toEqual([255, 128, 128, 255]);
    expect(rgba.slice(12, 16)).toEqual([255, 0, 0, 255]);
    expect(maxAbs([-3, 2])).toBe(3);
  });

  it("put a wire's gradient on a log scale between the smallest and largest of the batch", () => {
    expect(gradLevel(0.001, [0.001, 10])).toBe(0);
    expect(gradLevel(0.1, [0.001, 10])).toBe(2);
    expect(gradLevel(10, [0.001, 10])).toBe(4);
    expect(gradLevel(0, [0.001, 10])).toBe(0);
    expect(gradLevel(Number.NaN, [0.001, 10])).toBe(0);
  });
});

describe("weight tiles", () => {
  it("lay each row out as a square tile, scaled by its own largest magnitude", () => {
    // Two rows of a 2×2 side, side by side: row 0 = [1, 0, 0, -1], row 1 all 0.
    const rgba = Array.from(tilesRgba([1, 0, 0, -1, 0, 0, 0, 0], 2, 2, 2));
    const px = (x: number, y: number) => rgba.slice((y * 4 + x) * 4, (y * 4 + x) * 4 + 4);
    expect(px(0, 0)).toEqual([255, 0, 0, 255]);
    expect(px(1, 1)).toEqual([0, 0, 255, 255]);
    expect(px(2, 0)).toEqual([255, 255, 255, 255]);
    expect(px(3, 1)).toEqual([255, 255, 255, 255]);
  });
});

describe("strips of long vectors", () => {
  it("keep each bucket's value of largest magnitude", () => {
    expect(fitStrip([1, -5, 2, 0, 0, 3], 3)).toEqual([-5, 2, 3]);
    const short = [1, 2];
    expect(fitStrip(short, 3)).toBe(short);
  });
});
