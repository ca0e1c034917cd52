import { statSync } from "node:fs";
import { sizeOf } from "../../shared/catalog";
import type { DatasetParams } from "../../shared/compile";
import { fashionMnistPaths, type IdxPaths, mnistPaths } from "./builtin";
import { type CsvTable, readCsvFile } from "./csv";
import { DataError } from "./errors";
import { type IdxArray, type IdxFile, readIdxFile } from "./idx";

/** Features and labels of one split, straight from the files. */
export interface RawSplit {
  /** Row-major features: `n * size(xShape)` values in the file's own type (bytes for MNIST). */
  x: IdxArray;
  /** Labels: `n * size(yShape)` values (class indices or values). */
  y: Float32Array;
  n: number;
}

/** A dataset as read from its files, before any transform. */
export interface RawDataset {
  xShape: number[];
  yShape: number[];
  train: RawSplit;
  test: RawSplit | null;
  /** Number of classes when the labels are class indices. */
  classes?: number;
  classNames?: string[];
}

/** Reads the data a Dataset node points to; `limit` keeps the first N training samples. */
export function loadRaw(params: DatasetParams): RawDataset {
  const raw = readSource(params);
  if (params.limit > 0 && params.limit < raw.train.n) raw.train = firstRows(raw.train, params.limit, raw);
  return raw;
}

function readSource(p: DatasetParams): RawDataset {
  switch (p.source) {
    case "mnist":
      return readIdxSet(mnistPaths());
    case "fashion-mnist":
      return readIdxSet(fashionMnistPaths());
    case "idx":
      return readIdxSet(idxPaths(p));
    case "csv":
      return readCsvSet(p);
  }
}

/** The IDX files a Dataset node names, checked for presence. */
export function idxPaths(p: DatasetParams): IdxPaths {
  if (!p.path) throw new DataError("choose the IDX images file (path is empty)");
  if (!p.labelsPath) throw new DataError("choose the IDX labels file (labelsPath is empty)");
  if (p.testPath && !p.testLabelsPath) throw new DataError("testPath is set, so testLabelsPath must name its labels");
  return { trainImages: p.path, trainLabels: p.labelsPath, testImages: p.testPath, testLabels: p.testLabelsPath };
}

function readIdxSet(paths: IdxPaths): RawDataset {
  const train = readIdxPair(paths.trainImages, paths.trainLabels);
  const test = paths.testImages ? readIdxPair(paths.testImages, paths.testLabels) : null;
  if (test && test.xShape.join() !== train.xShape.join()) {
    throw new DataError(
      `the test images are [${test.xShape.join(", ")}] but the training images are [${train.xShape.join(", ")}]`,
    );
  }
  const classes = classCount([train.split.y, test?.split.y], train.yShape);
  return {
    xShape: train.xShape,
    yShape: train.yShape,
    train: train.split,
    test: test?.split ?? null,
    ...(classes ? { classes } : {}),
  };
}

function readIdxPair(imagesPath: string, labelsPath: string) {
  const images = cachedIdx(imagesPath);
  const labels = cachedIdx(labelsPath);
  const n = images.dims[0] as number;
  if (images.dims.length < 2) {
    throw new DataError(`${imagesPath} has 1 dimension; an images file needs samples x features (e.g. [n, 28, 28])`);
  }
  if (labels.dims[0] !== n) {
    throw new DataError(`${imagesPath} has ${n} samples but ${labelsPath} has ${labels.dims[0]} labels`);
  }
  // A copy even for float labels: cached files stay as read.
  const y = Float32Array.from(labels.data);
  return {
    xShape: images.dims.slice(1),
    yShape: labels.dims.length > 1 ? labels.dims.slice(1) : [1],
    split: { x: images.data, y, n },
  };
}

/** Labels are classes when they are single whole numbers from 0; then there are max + 1 classes. */
function classCount(labels: (Float32Array | undefined)[], yShape: number[]): number | undefined {
  if (yShape.length !== 1 || yShape[0] !== 1) return undefined;
  let max = -1;
  for (const y of labels) {
    if (!y) continue;
    for (let i = 0; i < y.length; i++) {
      const v = y[i] as number;
      if (!(Number.isInteger(v) && v >= 0)) return undefined;
      if (v > max) max = v;
    }
  }
  return max + 1;
}

function readCsvSet(p: DatasetParams): RawDataset {
  if (!p.path) throw new DataError("choose the CSV file to read (path is empty)");
  const options = { labelColumn: p.labelColumn, featureColumns: p.featureColumns, labels: p.labels };
  const train = cachedCsv(p.path, options);
  const test = p.testPath ? cachedCsv(p.testPath, { ...options, classNames: train.classNames }) : null;
  if (test && test.features.join() !== train.features.join()) {
    const at = train.features.findIndex((name, i) => test.features[i] !== name);
    const where =
      test.features.length === train.features.length
        ? `their header rows differ at feature column ${at + 1}`
        : `it has ${test.features.length} feature columns, ${p.path} ${train.features.length}`;
    throw new DataError(`${p.testPath} does not match ${p.path}: ${where}; their columns must match`);
  }
  const classes = p.labels === "class" ? (train.classNames?.length ?? classCount([train.y, test?.y], [1])) : undefined;
  return {
    xShape: [train.features.length],
    yShape: [1],
    train: { x: train.x, y: train.y, n: train.rows },
    test: test ? { x: test.x, y: test.y, n: test.rows } : null,
    ...(classes ? { classes } : {}),
    ...(train.classNames ? { classNames: train.classNames } : {}),
  };
}

/** Parsed files by path and version, so a second run (or inspect, then train) reads each file once. */
const fileCache = new Map<string, unknown>();
const FILES_KEPT = 8;

function cached<T>(path: string, options: unknown, read: () => T): T {
  let stamp = "";
  try {
    const s = statSync(path);
    stamp = `${s.size}:${s.mtimeMs}`;
  } catch {
    // The reader reports the missing file.
  }
  const key = JSON.stringify([path, stamp, options]);
  if (fileCache.has(key)) return fileCache.get(key) as T;
  const value = read();
  if (fileCache.size >= FILES_KEPT) fileCache.delete(fileCache.keys().next().value as string);
  fileCache.set(key, value);
  return value;
}

function cachedCsv(path: string, options: Parameters<typeof readCsvFile>[1]): CsvTable {
  return cached(path, options, () => readCsvFile(path, options));
}

/** An IDX file through the file cache: callers share the arrays, so they must not change them. */
export function cachedIdx(path: string): IdxFile {
  return cached(path, null, () => readIdxFile(path));
}

function firstRows(split: RawSplit, n: number, raw: RawDataset): RawSplit {
  const xSize = sizeOf(raw.xShape);
  const ySize = sizeOf(raw.yShape);
  return { x: split.x.subarray(0, n * xSize), y: split.y.subarray(0, n * ySize), n };
}
