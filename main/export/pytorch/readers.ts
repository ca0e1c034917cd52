import type { DataPlan } from "../../../shared/compile";
import { indent } from "../../../shared/python";

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
    """Reads a CSV table with a header row: numeric features (FEATURE_COLUMNS, or every column
    but the label) and the label column.

    Class labels that are words become indices into their sorted names (the training file's
    names, for a test file), as NetLoom numbers them; returns (x, y, class names or None).
    """
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = [row for row in csv.reader(f) if any(value.strip() for value in row)]
    header = [name.strip() for name in rows[0]]
    if LABEL_COLUMN not in header:
        raise SystemExit(f"{path} has no column {LABEL_COLUMN!r}; it has {', '.join(header)}")
    column = header.index(LABEL_COLUMN)
    missing = [name for name in FEATURE_COLUMNS if name not in header]
    if missing:
        raise SystemExit(f"{path} has no feature columns {missing}; it has {', '.join(header)}")
    features = [header.index(name) for name in FEATURE_COLUMNS] or [
        i for i in range(len(header)) if i != column]
    x = np.array([[float(row[i]) for i in features] for row in rows[1:]], dtype=np.float32)
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

/** The source's file reader (IDX or CSV) and NetLoom's seeded validation split. */
export function readerCode(plan: DataPlan): string[] {
  return [isCsv(plan) ? READ_CSV : READ_IDX, "", "", SPLIT];
}

/** `load_data(args)`: read, limit, split, transform, wrap as datasets. */
export function loadDataCode(plan: DataPlan): string[] {
  const csv = isCsv(plan);
  const read = csv
    ? ["x, y, names = read_csv(args.csv)"]
    : ["x, y = read_idx(args.train_images), read_idx(args.train_labels)"];
  const hasTest = csv ? "args.test_csv" : "args.test_images and args.test_labels";
  const readTest = csv
    ? "test_x, test_y, _ = read_csv(args.test_csv, names)"
    : "test_x, test_y = read_idx(args.test_images), read_idx(args.test_labels)";
  return [
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
