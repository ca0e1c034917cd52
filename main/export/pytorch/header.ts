import { catalog, LOSS_LABELS, OPTIMIZER_LABELS } from "../../../shared/catalog";
import type { CompileSuccess } from "../../../shared/compile";
import type { GraphDocument } from "../../../shared/graph";
import { docText, pyEscape, wrap } from "../../../shared/python";
import { describeModel } from "./model";
import { usesMomentum } from "./objective";

/** The module docstring: what was exported from which graph, and how to run it. */
export function header(doc: GraphDocument, c: CompileSuccess, source?: string): string[] {
  // One line, escaped whole: __doc__ reads the name back exactly.
  const name = pyEscape(doc.meta.name ?? "untitled graph");
  const d = c.dataPlan;
  const steps = (list: typeof d.x) =>
    list
      .map((s) =>
        s.op === "normalize"
          ? `Normalize(${s.mode}${s.per === "feature" ? " per feature" : ""})`
          : s.op === "oneHot"
            ? `One-hot(${s.classes})`
            : "Flatten",
      )
      .join(", ") || "as read";
  const momentum = usesMomentum(c.optimizer) ? `, momentum ${c.optimizer.momentum}` : "";
  const decay = c.optimizer.lrDecay !== 1 ? `, times ${c.optimizer.lrDecay} after each epoch` : "";
  const optimizer = `${OPTIMIZER_LABELS[c.optimizer.name]} (learning rate ${c.optimizer.learningRate}${decay}${momentum})`;
  return [
    `"""Trains "${name}" with PyTorch.`,
    "",
    ...wrap(`Exported by NetLoom from the graph "${name}"${source ? ` (${docText(source)})` : ""}.`),
    ...(doc.meta.description ? wrap(docText(doc.meta.description)) : []),
    "",
    ...wrap(`Model: ${describeModel(c.steps)}.`),
    ...wrap(
      `Data: ${catalog.Dataset.labels?.source?.[d.dataset.source]}; features ${steps(d.x)}; labels ${steps(d.y)}; ` +
        `batches of ${d.batchSize}${d.shuffle ? ", shuffled" : ""}.`,
    ),
    ...wrap(`Training: ${LOSS_LABELS[c.loss.name].toLowerCase()}, ${optimizer}, ${c.optimizer.epochs} epochs.`),
    "",
    "One machine:    python3 train.py",
    "Many processes: torchrun --nproc_per_node=N train.py",
    "(DistributedDataParallel: gloo on CPU, nccl on GPU. torchrun of torch 1.13 under Python 3.11",
    "needs --redirects 1 --tee 1 to start, working around a bug in that torch release.)",
    "",
    "It needs only torch and numpy, reads the data files named below, and downloads nothing.",
    '"""',
  ];
}
