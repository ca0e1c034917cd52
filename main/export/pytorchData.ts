import type { DataStep } from "../../shared/catalog";
import type { DataPlan } from "../../shared/compile";
import { indent, pyStr } from "./python";

/** How the targets reach the loss: class indices (for NLLLoss) or float arrays. */
export type TargetKind = "indices" | "floats";

/** Whether the data comes from IDX files (images + labels) or one CSV table per split. */
export const isCsv = (plan: DataPlan) => plan.dataset.source === "csv";

const READ_IDX = String.raw`IDX_TYPES = {0x08: "u1", 0x09: "i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def read_idx(path):
    """Reads an IDX file, raw or gzip-compressed, as a numpy array of its stored type and shape."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    if len(data) < 4 or data[:2] != b"\x00\x00" or data[2] not in IDX_TYPES:
        raise SystemExit(f"{path} is not an IDX file")
    rank = data[3]
    shape = tuple(int(n) for n in np.frombuffer(data, ">u4", rank, 4))
    count = int(np.prod(shape))
    return np.frombuffer(data, IDX_TYPES[data[2]], count, 4 + 4 * rank).reshape(shape)`;

const READ_CSV = `def read_csv(path, class_names=None):
    """Reads a CSV table with a header row: numeric features and the label column.

    Class labels that are words become indices into their sorted names (the training file's
    names, for a test file), as NetLoom numbers them; returns (x, y, class names or None).
    """
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = [row for row in csv.reader(f) if any(value.strip() for value in row)]
    header = [name.strip() for name in rows[0]]
    if LABEL_COLUMN not in header:
        raise SystemExit(f"{path} has no column {LABEL_COLUMN!r}; it has {', '.join(header)}")
    column = header.index(LABEL_COLUMN)
    x = np.array([[float(v) for i, v in enumerate(row) if i != column] for row in rows[1:]],
                 dtype=np.float32)
    labels = [row[column].strip() for row in rows[1:]]
    if LABELS == "value" or (class_names is None and all(is_number(v) for v in labels)):
        return x, np.array([float(v) for v in labels], dtype=np.float32), None
    names = class_names or sorted(set(labels))
    index = {name: i for i, name in enumerate(names)}
    missing = sorted(set(labels) - set(index))
    if missing:
        raise SystemExit(f"{path}: classes {missing} do not occur in the training file")
    return x, np.array([index[v] for v in labels], dtype=np.float32), names


def is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False`;

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

function transformFunction(name: string, doc: string, steps: DataStep[], targets: TargetKind | null): string[] {
  const body = steps.flatMap((step, i) => stepLines(step, targets, i === steps.length - 1));
  const final = targets === "floats" ? ["return [flatten(a) for a in splits]"] : ["return splits"];
  return [
    `def ${name}(splits):`,
    ...indent([`"""${doc}"""`, "splits = [a.astype(np.float32) for a in splits]", ...body, ...final]),
  ];
}

/** Readers, transforms and the in-memory `Dataset` for the graph's data source. */
export function dataCode(plan: DataPlan, targets: TargetKind): string[] {
  const blocks: string[][] = [
    [isCsv(plan) ? READ_CSV : READ_IDX],
    helpersFor(plan, targets),
    transformFunction(
      "transform_features",
      "The graph's feature transforms, in order, on [train, validation, test].",
      plan.x,
      null,
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
        return self.x[index], self.y[index]`,
    ],
    loadFunction(plan),
  ];
  return blocks.flatMap((block, i) => (i === 0 ? block : ["", "", ...block]));
}

const SPLIT = `def split_indices(n, fraction, seed):
    """Holds out round(n * fraction) samples for validation, the same ones NetLoom holds out
    for this seed: a Fisher-Yates shuffle driven by mulberry32 seeded with seed ^ 0x5EED."""
    state = (seed ^ 0x5EED) & 0xFFFFFFFF

    def random():
        nonlocal state
        state = (state + 0x6D2B79F5) & 0xFFFFFFFF
        t = (state ^ (state >> 15)) * (state | 1) & 0xFFFFFFFF
        t ^= (t + ((t ^ (t >> 7)) * (t | 61) & 0xFFFFFFFF)) & 0xFFFFFFFF
        return (t ^ (t >> 14)) / 4294967296

    order = list(range(n))
    for i in range(n - 1, 0, -1):
        j = math.floor(random() * (i + 1))
        order[i], order[j] = order[j], order[i]
    order = np.array(order, dtype=np.int64)
    held = math.floor(n * fraction + 0.5)
    return np.sort(order[: n - held]), np.sort(order[n - held :])`;

function loadFunction(plan: DataPlan): string[] {
  const csv = isCsv(plan);
  const read = csv
    ? ["x, y, names = read_csv(args.csv)"]
    : ["x, y = read_idx(args.train_images), read_idx(args.train_labels)"];
  const hasTest = csv ? "args.test_csv" : "args.test_images and args.test_labels";
  const readTest = csv
    ? "test_x, test_y, _ = read_csv(args.test_csv, names)"
    : "test_x, test_y = read_idx(args.test_images), read_idx(args.test_labels)";
  return [
    SPLIT,
    "",
    "",
    "def load_data(args):",
    ...indent([
      '"""Training, validation and test sets, prepared as NetLoom prepares them."""',
      ...read,
      "if len(x) != len(y):",
      ...indent(['raise SystemExit(f"{len(x)} samples but {len(y)} labels")']),
      "if args.limit > 0:",
      ...indent(["x, y = x[: args.limit], y[: args.limit]"]),
      "train, validation = split_indices(len(x), VALIDATION_SPLIT, args.seed)",
      "xs, ys = [x[train], x[validation]], [y[train], y[validation]]",
      `if ${hasTest}:`,
      ...indent([readTest, "xs.append(test_x)", "ys.append(test_y)"]),
      "sets = [ArrayDataset(a, b) for a, b in zip(transform_features(xs), transform_labels(ys))]",
      "# Without test files there is no test set.",
      "return sets[0], sets[1], sets[2] if len(sets) > 2 else None",
    ]),
  ];
}
