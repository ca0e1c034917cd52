import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { float32Text } from "../../../../renderer/tryit/float32";

describe("float32 values as the one-row form shows them", () => {
  it("drops the noise a float32 gains as a double", () => {
    expect(float32Text(Math.fround(5.83))).toBe("5.83");
    expect(String(Math.fround(5.83))).toBe("5.829999923706055");
    expect(float32Text(Math.fround(0.1))).toBe("0.1");
    expect(float32Text(Math.fround(-2.37))).toBe("-2.37");
    expect(float32Text(Math.fround(1e-7))).toBe("1e-7");
    expect(float32Text(3)).toBe("3");
    expect(float32Text(0)).toBe("0");
  });

  it("leaves values that are no float32 as JavaScript writes them", () => {
    expect(float32Text(0.1)).toBe("0.1");
    expect(float32Text(1 / 3)).toBe(String(1 / 3));
    expect(float32Text(Number.NaN)).toBe("NaN");
  });

  it("always reads back as the same float32, in at most 9 digits", () => {
    fc.assert(
      fc.property(fc.float({ noNaN: true, noDefaultInfinity: true }), (f) => {
        const text = float32Text(f);
        expect(Math.fround(Number(text))).toBe(Object.is(f, -0) ? 0 : f);
        expect(text.replace(/^-|e.*$|\./g, "").replace(/^0+|0+$/g, "").length).toBeLessThanOrEqual(9);
      }),
    );
  });
});
