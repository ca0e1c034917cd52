import { sizeOf } from "../../../shared/catalog";
import type { CompileSuccess, ModelStep } from "../../../shared/compile";
import type { GraphDocument } from "../../../shared/graph";
import { pyBool, pyFloat, pyInt, pyPath, pyStr } from "../../../shared/python";
import { dataCode, type TargetKind } from "./data";
import { header } from "./header";
import { loopCode } from "./loop";
import { type ModelHead, modelCode } from "./model";
import { type Accuracy, accuracyCode, lossCode, optimizerCode, usesMomentum } from "./objective";
import { type DataPaths, dataPathsFor } from "./paths";
import { isCsv } from "./readers";
import { WEIGHTS_CODE } from "./weights";

export type { DataPaths } from "./paths";

/** Options of a PyTorch export. */
export interface PyTorchExportOptions {
  /** Data files to write into the script instead of the ones the graph names. */
  dataPaths?: DataPaths;
  /** Folder that relative data paths of the graph are relative to (the graph file's folder). */
  baseDir?: string;
  /**
   * Trained weights the script starts from: a TF.js `model.json` with its weight files beside it.
   * A relative path (with `/`) is read from the script's own folder, wherever the two are moved.
   */
  weights?: { modelJsonPath: string };
  /** Where the graph came from, for the header: a file path or `preset mnist`. */
  source?: string;
}

/** How the graph's model, labels and loss fit together in PyTorch. */
export interface PyTorchPlan {
  head: ModelHead;
  targets: TargetKind;
  accuracy: Accuracy;
}

/** Decides the model head, target form and accuracy for a compiled graph. */
export function planPyTorch(compiled: CompileSuccess): PyTorchPlan {
  const last = compiled.steps[compiled.steps.length - 1];
  const lastY = compiled.dataPlan.y[compiled.dataPlan.y.length - 1];
  const nll = last?.kind === "Softmax" && compiled.loss.name === "categoricalCrossentropy" && lastY?.op === "oneHot";
  const outputs = compiled.steps.length > 0 ? sizeOf((last as ModelStep).outputShape) : 0;
  const classes = compiled.dataPlan.info.classes !== undefined && compiled.dataPlan.dataset.labels !== "value";
  return {
    head: nll ? "logSoftmax" : "plain",
    targets: nll ? "indices" : "floats",
    accuracy: classes ? (outputs === 1 ? "threshold" : "argmax") : null,
  };
}

/**
 * Writes a runnable PyTorch training script for a compiled graph: the model as an `nn.Module`,
 * the graph's data files and transforms, its loss, optimizer and training loop, runnable as
 * `python train.py` or `torchrun --nproc_per_node=N train.py`. Needs only torch and numpy.
 */
export function exportPyTorch(
  doc: GraphDocument,
  compiled: CompileSuccess,
  options: PyTorchExportOptions = {},
): string {
  const plan = planPyTorch(compiled);
  const data = compiled.dataPlan;
  const model = modelCode(compiled.steps, plan.head);
  const blocks: string[][] = [
    header(doc, compiled, options.source),
    imports(isCsv(data)),
    constants(compiled, dataPathsFor(data.dataset, options.dataPaths, options.baseDir), options.weights?.modelJsonPath),
    model.lines,
    dataCode(data, plan.targets),
    [...lossCode(compiled.loss, plan.head), "", "", ...optimizerCode(compiled.optimizer)],
    accuracyCode(plan.accuracy, plan.targets),
    [WEIGHTS_CODE],
    loopCode({
      graphName: doc.meta.name ?? "graph",
      csv: isCsv(data),
      accuracy: plan.accuracy,
      lrDecay: compiled.optimizer.lrDecay !== 1,
    }),
  ];
  const text = blocks
    .filter((b) => b.length > 0)
    .map((b) => b.join("\n"))
    .join("\n\n\n");
  return `${text.replace(/\n{3}(?=import )/, "\n\n")}\n`;
}

function imports(csv: boolean): string[] {
  return [
    "import argparse",
    csv ? "import csv" : "import gzip",
    "import json",
    "import math",
    "import os",
    "",
    "import numpy as np",
    "import torch",
    "import torch.distributed as dist",
    "import torch.nn as nn",
    "import torch.nn.functional as F",
    "import torch.optim as optim",
    "from torch.nn.parallel import DistributedDataParallel",
    "from torch.utils.data import Dataset, DistributedSampler, RandomSampler, SequentialSampler",
  ];
}

/** The weights' path as Python: an absolute one as it is, a relative one from the script's folder. */
function weightsPath(weights: string | undefined): string {
  if (!weights || /^([/\\]|[A-Za-z]:)/.test(weights)) return pyPath(weights);
  return `os.path.join(os.path.dirname(os.path.abspath(__file__)), ${weights.split("/").map(pyStr).join(", ")})`;
}

function constants(c: CompileSuccess, paths: DataPaths, weights?: string): string[] {
  const d = c.dataPlan;
  const files = isCsv(d)
    ? [
        "# The data NetLoom read; --csv and --test-csv override it.",
        `TRAIN_CSV = ${pyPath(paths.path)}`,
        `TEST_CSV = ${pyPath(paths.testPath)}`,
        `LABEL_COLUMN = ${pyStr(d.dataset.labelColumn)}`,
        `FEATURE_COLUMNS = [${d.dataset.featureColumns.map(pyStr).join(", ")}]  # empty: every column but the label`,
        `LABELS = ${pyStr(d.dataset.labels)}  # "class": class indices or names; "value": numbers`,
      ]
    : [
        "# The data NetLoom read; --train-images, --train-labels, --test-images and --test-labels",
        "# override it.",
        `TRAIN_IMAGES = ${pyPath(paths.path)}`,
        `TRAIN_LABELS = ${pyPath(paths.labelsPath)}`,
        `TEST_IMAGES = ${pyPath(paths.testPath)}`,
        `TEST_LABELS = ${pyPath(paths.testLabelsPath)}`,
      ];
  return [
    ...files,
    "",
    "# The graph's settings; flags override the epochs, batch size, learning rate, limit and weights.",
    `EPOCHS = ${pyInt(c.optimizer.epochs)}`,
    `BATCH_SIZE = ${pyInt(d.batchSize)}`,
    `LEARNING_RATE = ${pyFloat(c.optimizer.learningRate)}`,
    ...(usesMomentum(c.optimizer) ? [`MOMENTUM = ${pyFloat(c.optimizer.momentum)}`] : []),
    ...(c.optimizer.lrDecay !== 1
      ? [`LR_DECAY = ${pyFloat(c.optimizer.lrDecay)}  # the learning rate's factor after each epoch`]
      : []),
    `LIMIT = ${pyInt(d.dataset.limit)}  # use only the first N training samples (0: all)`,
    `VALIDATION_SPLIT = ${pyFloat(d.dataset.validationSplit)}`,
    `SHUFFLE = ${pyBool(d.shuffle)}`,
    `WEIGHTS = ${weightsPath(weights)}  # trained weights to start from: a TF.js model.json or a state_dict`,
  ];
}
