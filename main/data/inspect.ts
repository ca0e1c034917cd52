import { BUILTIN_DATASETS, catalog, type DatasetInfo } from "../../shared/catalog";
import { type CompileResult, compileGraph, type DatasetParams, withReadErrors } from "../../shared/compile";
import type { GraphDocument } from "../../shared/graph";
import { fashionMnistPaths, mnistPaths } from "./builtin";
import { DataError } from "./errors";
import { readIdxHeader } from "./idx";
import { cachedIdx, idxPaths, loadRaw } from "./load";

/**
 * What the compiler needs to know of a dataset (shapes, classes, sample counts), read from its
 * files: IDX headers and labels, or the whole CSV (parsed once and cached for training).
 */
export function inspectDataset(params: DatasetParams): DatasetInfo {
  switch (params.source) {
    case "mnist":
      mnistPaths();
      return BUILTIN_DATASETS.mnist as DatasetInfo;
    case "fashion-mnist":
      fashionMnistPaths();
      return BUILTIN_DATASETS["fashion-mnist"] as DatasetInfo;
    case "idx":
      return inspectIdx(params);
    case "csv": {
      const raw = loadRaw({ ...params, limit: 0 });
      return {
        xShape: raw.xShape,
        yShape: raw.yShape,
        ...(raw.classes ? { classes: raw.classes } : {}),
        trainSamples: raw.train.n,
        testSamples: raw.test?.n ?? 0,
      };
    }
  }
}

function inspectIdx(params: DatasetParams): DatasetInfo {
  const paths = idxPaths(params);
  const pair = (images: string, labelsPath: string) => {
    const { dims } = readIdxHeader(images);
    const labels = cachedIdx(labelsPath);
    if (dims.length < 2) throw new DataError(`${images} has 1 dimension; an images file needs samples x features`);
    if (labels.dims[0] !== dims[0]) {
      throw new DataError(`${images} has ${dims[0]} samples but ${labelsPath} has ${labels.dims[0]} labels`);
    }
    return { dims, labels };
  };
  const train = pair(paths.trainImages, paths.trainLabels);
  const test = paths.testImages ? pair(paths.testImages, paths.testLabels) : null;
  const yShape = train.labels.dims.length > 1 ? train.labels.dims.slice(1) : [1];
  let classes: number | undefined;
  if (yShape.length === 1 && yShape[0] === 1) {
    let max = -1;
    let whole = true;
    for (const data of [train.labels.data, test?.labels.data]) {
      for (const v of data ?? []) {
        if (!(Number.isInteger(v) && v >= 0)) whole = false;
        else if (v > max) max = v;
      }
    }
    if (whole) classes = max + 1;
  }
  return {
    xShape: train.dims.slice(1),
    yShape,
    ...(classes ? { classes } : {}),
    trainSamples: train.dims[0] as number,
    testSamples: test?.dims[0] ?? 0,
  };
}

/** The Dataset nodes of `doc` whose files must be read before it compiles, with their params. */
export function datasetsToRead(doc: GraphDocument): { nodeId: string; params: DatasetParams }[] {
  const out: { nodeId: string; params: DatasetParams }[] = [];
  for (const node of doc.nodes) {
    if (node.kind !== "Dataset") continue;
    const parsed = catalog.Dataset.params.safeParse(node.params ?? {});
    // Bad params and empty paths are the compiler's to report.
    if (!parsed.success) continue;
    const params = parsed.data;
    if ((params.source === "csv" || params.source === "idx") && !params.path) continue;
    out.push({ nodeId: node.id, params });
  }
  return out;
}

/**
 * Compiles a graph with what was read of its Dataset nodes' files (see {@link datasetsToRead}): a
 * file that could not be read is an error on its node, in place of the compiler's "not read yet".
 */
export function compileWithRead(doc: GraphDocument, read: Map<string, DatasetInfo | DataError>): CompileResult {
  const datasets: Record<string, DatasetInfo> = {};
  const failed = new Map<string, string>();
  for (const [nodeId, info] of read) {
    if (info instanceof DataError) failed.set(nodeId, info.message);
    else datasets[nodeId] = info;
  }
  return withReadErrors(
    compileGraph(doc, { datasets }),
    failed,
    (nodeId) => nodeId !== undefined && failed.has(nodeId),
  );
}

/** Compiles a graph after reading, here and now, the files its Dataset nodes name. */
export function compileWithData(doc: GraphDocument): CompileResult {
  const read = new Map<string, DatasetInfo | DataError>();
  for (const { nodeId, params } of datasetsToRead(doc)) {
    try {
      read.set(nodeId, inspectDataset(params));
    } catch (err) {
      if (!(err instanceof DataError)) throw err;
      read.set(nodeId, err);
    }
  }
  return compileWithRead(doc, read);
}
