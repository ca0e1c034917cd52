import { describe, expect, it } from "vitest";
import { compact } from "../../../../renderer/canvas/format";

describe("numbers on a node's signals", () => {
  it("take 3 significant digits, and a power of ten in superscript when very small or large", () => {
    expect([compact(1.05623), compact(0), compact(-0.118149), compact(123.456)]).toEqual([
      "1.06",
      "0",
      "-0.118",
      "123",
    ]);
    expect([compact(9.87e-4), compact(-2.5e-7), compact(123456)]).toEqual(["9.9·10⁻⁴", "-2.5·10⁻⁷", "1.2·10⁵"]);
    expect(compact(Number.NaN)).toBe("NaN");
  });
});
