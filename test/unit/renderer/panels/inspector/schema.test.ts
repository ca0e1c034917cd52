import { describe, expect, it } from "vitest";
import {
  checkParam,
  fieldsOf,
  parseNumber,
  parseShape,
  rangeText,
} from "../../../../../renderer/panels/inspector/schema";
import { defaultParams } from "../../../../../shared/catalog";

describe("inspector fields from the params schema", () => {
  it("reads types, ranges, defaults and descriptions", () => {
    expect(fieldsOf("Linear")).toEqual([
      expect.objectContaining({ key: "units", type: "number", integer: true, min: 1, default: 10 }),
      expect.objectContaining({ key: "bias", type: "boolean", default: true, description: "Learn an additive bias b" }),
    ]);
    expect(fieldsOf("Optimizer").find((f) => f.key === "optimizer")).toMatchObject({
      type: "enum",
      options: ["sgd", "adam", "adadelta", "rmsprop", "adagrad"],
    });
    expect(fieldsOf("Dataset").find((f) => f.key === "path")).toMatchObject({ type: "string" });
  });

  it("says the allowed range in words", () => {
    const [units] = fieldsOf("Linear");
    expect(units && rangeText(units)).toBe("whole number from 1 to 1,000,000,000");
    const lr = fieldsOf("Optimizer").find((f) => f.key === "learningRate");
    expect(lr && rangeText(lr)).toBe("number, more than 0, up to 10");
    const rate = fieldsOf("Dropout")[0];
    expect(rate && rangeText(rate)).toBe("number, from 0, less than 1");
  });

  it("validates as you type: text, range and whole numbers", () => {
    expect(parseNumber("")).toEqual({ error: "enter a number" });
    expect(parseNumber("12a")).toEqual({ error: '"12a" is not a number' });
    expect(parseNumber(" 3e2 ")).toEqual({ value: 300 });
    const params = defaultParams("Linear");
    expect(checkParam("Linear", params, "units", 0)).toBe("units must be at least 1");
    expect(checkParam("Linear", params, "units", 2.5)).toBe("units must be a whole number");
    expect(checkParam("Linear", params, "units", 300)).toBeNull();
    expect(checkParam("Optimizer", defaultParams("Optimizer"), "learningRate", 0)).toBe(
      "learningRate must be more than 0",
    );
  });

  it("edits Reshape's target shape as a list of whole numbers", () => {
    expect(fieldsOf("Reshape")).toEqual([expect.objectContaining({ key: "targetShape", type: "shape" })]);
    expect(parseShape("28, 28, 1")).toEqual({ value: [28, 28, 1] });
    expect(parseShape("[7, -1]")).toEqual({ value: [7, -1] });
    expect(parseShape("28x28")).toEqual({ value: [28, 28] });
    expect(parseShape("")).toEqual({ error: "enter sizes, e.g. 28, 28, 1" });
    expect(parseShape("28, 2.5")).toEqual({ error: '"2.5" is not a whole number' });
    expect(checkParam("Reshape", defaultParams("Reshape"), "targetShape", [])).toBe(
      "targetShape must have at least 1 value",
    );
  });

  it("judges one field alone, even when another field of the node is invalid", () => {
    const broken = { ...defaultParams("Optimizer"), epochs: 0 };
    expect(checkParam("Optimizer", broken, "learningRate", 0.1)).toBeNull();
  });
});
