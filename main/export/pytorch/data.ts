import type { DataStep } from "../../../shared/catalog";
import type { DataPlan } from "../../../shared/compile";
import { indent, pyStr } from "../../../shared/python";
import { loadDataCode, readerCode } from "./readers";

/** How the targets reach the loss: class indices (for NLLLoss) or float arrays. */
export type TargetKind = "indices" | "floats";

const HELPERS: Record<string, string> = {
  flatten: `def flatten(a):
    """One vector per sample."""
    return a.reshape(a.shape[0], int(np.prod(a.shape[1:])))`,
  scale: `def scale(splits, per_feature):
    """(x - min) / (max - min), with the training split's minimum and maximum.

    A constant feature maps to 0 instead of dividing by zero.
    """
    axis = 0 if per_feature else None
    low = splits[0].min(axis=axis).astype(np.float64)
    span = splits[0].max(axis=axis) - low
    factor = np.where(span > 0, 1 / np.where(span > 0, span, 1), 1).astype(np.float32)
    return [(a - low.astype(np.float32)) * factor for a in splits]`,
  standardize: `def standardize(splits, per_feature):
    """(x - mean) / std, with the training split's mean and (population) standard deviation."""
    axis = 0 if per_feature else None
    mean = splits[0].mean(axis=axis, dtype=np.float64)
    std = splits[0].std(axis=axis, dtype=np.float64)
    factor = np.where(std > 1e-12, 1 / np.where(std > 1e-12, std, 1), 1).astype(np.float32)
    return [(a - mean.astype(np.float32)) * factor for a in splits]`,
  oneHot: `def one_hot(labels, classes):
    """Class indices -> one-hot rows."""
    return np.eye(classes, dtype=np.float32)[labels.reshape(-1).astype(np.int64)]`,
};

/** Python lines applying one data step to `splits` (training split first). */
function stepLines(step: DataStep, targets: TargetKind | null, last: boolean): string[] {
  const where = `node ${pyStr(step.nodeId)}`;
  switch (step.op) {
    case "normalize": {
      const per = step.per === "feature";
      const what = step.mode === "scale" ? "Scale to [0, 1]" : "Standardize";
      return [
        `# ${what} (${where}) with ${per ? "per-feature" : "overall"} statistics of the training split.`,
        `splits = ${step.mode}(splits, per_feature=${per ? "True" : "False"})`,
      ];
    }
    case "flatten":
      return [`# Flatten (${where}).`, "splits = [flatten(a) for a in splits]"];
    case "oneHot":
      if (targets === "indices" && last) {
        return [
          `# One-hot (${where}) is left to NLLLoss, which takes the class indices themselves.`,
          "splits = [a.reshape(-1).astype(np.int64) for a in splits]",
        ];
      }
      return [`# One-hot (${where}).`, `splits = [one_hot(a, ${step.classes}) for a in splits]`];
  }
}

/** The helper functions the plan's transforms use. */
function helpersFor(plan: DataPlan, targets: TargetKind): string[] {
  const used = new Set<string>(targets === "floats" ? ["flatten"] : []);
  for (const step of [...plan.x, ...plan.y]) {
    if (step.op === "flatten") used.add("flatten");
    if (step.op === "normalize") used.add(step.mode);
    if (step.op === "oneHot" && !(targets === "indices" && step === plan.y[plan.y.length - 1])) used.add("oneHot");
  }
  return [...used].flatMap((name, i) => (i === 0 ? [] : ["", ""]).concat(HELPERS[name] as string));
}

function transformFunction(
  name: string,
  doc: string,
  steps: DataStep[],
  targets: TargetKind | null,
  first: string[] = [],
): string[] {
  const body = [...first, ...steps.flatMap((step, i) => stepLines(step, targets, i === steps.length - 1))];
  const final = targets === "floats" ? ["return [flatten(a) for a in splits]"] : ["return splits"];
  return [
    `def ${name}(splits):`,
    ...indent([`"""${doc}"""`, "splits = [a.astype(np.float32) for a in splits]", ...body, ...final]),
  ];
}

/** Readers, transforms and the in-memory `Dataset` for the graph's data source. */
export function dataCode(plan: DataPlan, targets: TargetKind): string[] {
  const blocks: string[][] = [
    readerCode(plan),
    helpersFor(plan, targets),
    transformFunction(
      "transform_features",
      "The graph's feature transforms, in order, on [train, validation, test].",
      plan.x,
      null,
      plan.dataset.channelAxis
        ? [
            `# Channel axis (node ${pyStr(plan.datasetNodeId)}): [height, width] -> [height, width, 1].`,
            "splits = [a[..., np.newaxis] for a in splits]",
          ]
        : [],
    ),
    transformFunction(
      "transform_labels",
      "The graph's label transforms, in order, on [train, validation, test].",
      plan.y,
      targets,
    ),
    [
      `class ArrayDataset(Dataset):
    """Prepared samples and targets, held in memory as tensors."""

    def __init__(self, x, y):
        self.x = torch.from_numpy(np.ascontiguousarray(x))
        self.y = torch.from_numpy(np.ascontiguousarray(y))

    def __len__(self):
        return len(self.x)

    def __getitem__(self, index):
        return self.x[index], self.y[index]


class Batches:
    """Mini-batches of an ArrayDataset in the order a sampler gives, gathered by indexing its
    tensors: a DataLoader would collate them sample by sample, which costs more than the step
    of a small model."""

    def __init__(self, dataset, batch_size, sampler):
        self.dataset, self.batch_size, self.sampler = dataset, batch_size, sampler

    def __len__(self):
        return math.ceil(len(self.sampler) / self.batch_size)

    def __iter__(self):
        rows = torch.as_tensor(list(self.sampler), dtype=torch.int64)
        for start in range(0, len(rows), self.batch_size):
            batch = rows[start : start + self.batch_size]
            yield self.dataset.x[batch], self.dataset.y[batch]`,
    ],
    loadDataCode(plan),
  ];
  return blocks.flatMap((block, i) => (i === 0 ? block : ["", "", ...block]));
}
