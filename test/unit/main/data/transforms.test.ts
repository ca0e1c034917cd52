import { describe, expect, it } from "vitest";
import { DataError, fitSteps, range } from "../../../../main/data";

describe("data plan transforms", () => {
  it("scales with the minimum and maximum of the training rows only", () => {
    // Row 2 (value 100) is held out, so it must not stretch the range.
    const { values, transform } = fitSteps(
      [{ op: "normalize", nodeId: "n", mode: "scale", per: "all" }],
      new Uint8Array([0, 50, 100]),
      [1],
      Int32Array.from([0, 1]),
    );
    expect(Array.from(values)).toEqual([0, 1, 2]);
    expect(Array.from(transform.apply([25]))).toEqual([0.5]);
  });

  it("standardizes each feature with its own mean and deviation", () => {
    const raw = new Float32Array([1, 10, 3, 30]); // two samples of two features
    const { values } = fitSteps(
      [{ op: "normalize", nodeId: "n", mode: "standardize", per: "feature" }],
      raw,
      [2],
      range(2),
    );
    expect(Array.from(values)).toEqual([-1, -1, 1, 1]);
  });

  it("maps a constant feature to zero instead of dividing by zero", () => {
    const { values } = fitSteps(
      [{ op: "normalize", nodeId: "n", mode: "scale", per: "feature" }],
      [5, 5, 5],
      [1],
      range(3),
    );
    expect(Array.from(values)).toEqual([0, 0, 0]);
  });

  it("flattens by changing only the shape", () => {
    const { values, transform } = fitSteps(
      [{ op: "flatten", nodeId: "f" }],
      new Uint8Array([1, 2, 3, 4]),
      [2, 2],
      range(1),
    );
    expect(transform.shape).toEqual([4]);
    expect(Array.from(values)).toEqual([1, 2, 3, 4]);
  });

  it("one-hot encodes class indices", () => {
    const { values, transform } = fitSteps([{ op: "oneHot", nodeId: "h", classes: 3 }], [2, 0], [1], range(2));
    expect(transform.shape).toEqual([3]);
    expect(Array.from(values)).toEqual([0, 0, 1, 1, 0, 0]);
  });

  it("refuses a label outside the one-hot classes, on the One-hot node", () => {
    let error: unknown;
    try {
      fitSteps([{ op: "oneHot", nodeId: "hot", classes: 10 }], [3, 12], [1], range(2));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).nodeId).toBe("hot");
    expect((error as DataError).message).toMatch(/sample 2 has label 12, but One-hot makes 10 classes/);
  });

  it("applies fitted steps in order to new samples", () => {
    const steps = [
      { op: "normalize" as const, nodeId: "a", mode: "scale" as const, per: "all" as const },
      { op: "flatten" as const, nodeId: "b" },
      { op: "normalize" as const, nodeId: "c", mode: "standardize" as const, per: "all" as const },
    ];
    const { values, transform } = fitSteps(steps, [0, 10, 20, 30], [2, 1], range(2));
    expect(Array.from(transform.apply([0, 10, 20, 30]))).toEqual(Array.from(values));
    expect(transform.shape).toEqual([2]);
  });

  it("undoes normalize and flatten steps, so regression outputs read in the labels' units", () => {
    const steps = [
      { op: "normalize" as const, nodeId: "a", mode: "scale" as const, per: "all" as const },
      { op: "normalize" as const, nodeId: "b", mode: "standardize" as const, per: "feature" as const },
    ];
    const raw = [3, -1, 7, 5, 11, 2];
    const { values, transform } = fitSteps(steps, raw, [2], range(3));
    const back = Array.from(transform.invert?.(values) ?? []);
    back.forEach((v, i) => {
      expect(v).toBeCloseTo(raw[i] as number, 4);
    });
  });

  it("cannot undo a one-hot step", () => {
    const { transform } = fitSteps([{ op: "oneHot", nodeId: "h", classes: 3 }], [0, 2], [1], range(2));
    expect(transform.invert).toBeUndefined();
  });
});
