import { z } from "zod";
import { DATA_SOURCES } from "./datasets";
import { flattenStep } from "./imageSteps";
import { dataIn, dataOut } from "./ports";
import { formatShape, requireInput, sizeOf } from "./shapes";
import { defineKind, ShapeError } from "./types";

export const Dataset = defineKind({
  kind: "Dataset",
  label: "Dataset",
  category: "Data",
  help: "A table of samples: features x and labels y, from MNIST, Fashion-MNIST, a CSV file or IDX files; the test split is kept for the final evaluation.",
  inputs: [],
  outputs: [
    { name: "x", label: "x", types: ["data"] },
    { name: "y", label: "y", types: ["data"] },
  ],
  params: z.strictObject({
    source: z.enum(DATA_SOURCES).default("mnist").describe("Where the samples come from"),
    path: z.string().max(4096).default("").describe("CSV file, or IDX images file (training split)"),
    labelsPath: z.string().max(4096).default("").describe("IDX labels file (training split)"),
    testPath: z.string().max(4096).default("").describe("CSV or IDX images file of the test split (optional)"),
    testLabelsPath: z.string().max(4096).default("").describe("IDX labels file of the test split"),
    labelColumn: z.string().max(200).default("label").describe("CSV column that holds the label"),
    featureColumns: z
      .array(z.string().max(200))
      .max(100_000)
      .default([])
      .describe("CSV columns that are the features, in this order (none chosen: every column but the label)"),
    labels: z.enum(["class", "value"]).default("class").describe("CSV labels are class indices or values"),
    validationSplit: z
      .number()
      .min(0)
      .max(0.5)
      .default(0.1)
      .describe("Fraction of the training samples held out for validation (Keras validation_split)"),
    limit: z.int().min(0).max(100_000_000).default(0).describe("Use only the first N training samples (0: all)"),
    channelAxis: z
      .boolean()
      .default(false)
      .describe("Give each image a channel axis, [28, 28] -> [28, 28, 1], as Conv2D and pooling take images"),
  }),
  inline: ["source", "limit"],
  labels: { source: { mnist: "MNIST", "fashion-mnist": "Fashion-MNIST", csv: "CSV", idx: "IDX" } },
  hidden: (p) => {
    if (p.source === "mnist" || p.source === "fashion-mnist")
      return ["path", "labelsPath", "testPath", "testLabelsPath", "labelColumn", "featureColumns", "labels"];
    if (p.source === "csv") return ["labelsPath", "testLabelsPath", "channelAxis"];
    return ["labelColumn", "featureColumns", "labels"];
  },
  inferShape({ params, dataset }) {
    if (!dataset) {
      const what = params.source === "csv" ? "CSV file" : "IDX files";
      if (!params.path) throw new ShapeError("DATA_UNKNOWN", `choose the ${what} to read (path is empty)`);
      throw new ShapeError("DATA_UNKNOWN", `the ${what} has not been read yet, so its shape is unknown`);
    }
    if (!params.channelAxis) return { x: dataset.xShape, y: dataset.yShape };
    if (dataset.xShape.length !== 2) {
      throw new ShapeError(
        "NOT_IMAGE",
        `a channel axis turns images [height, width] into [height, width, 1], but the samples are ${formatShape(dataset.xShape)}; turn channel axis off`,
      );
    }
    return { x: [...dataset.xShape, 1], y: dataset.yShape };
  },
  compile: { role: "dataset" },
});

export const Normalize = defineKind({
  kind: "Normalize",
  label: "Normalize",
  category: "Data",
  help: "Rescales features with statistics of the training split: scale maps to [0, 1] by (x - min) / (max - min); standardize gives (x - mean) / std.",
  inputs: [dataIn],
  outputs: [dataOut],
  params: z.strictObject({
    mode: z.enum(["scale", "standardize"]).default("scale").describe("Scale to [0, 1], or standardize"),
    per: z.enum(["all", "feature"]).default("all").describe("One statistic for all values, or one per feature"),
  }),
  inline: ["mode"],
  inferShape: ({ inputs }) => ({ x: requireInput(inputs, "x") }),
  compile: { data: { step: (p, nodeId) => ({ op: "normalize", nodeId, mode: p.mode, per: p.per }) } },
});

export const Flatten = defineKind({
  kind: "Flatten",
  label: "Flatten",
  category: "Data",
  help: "Flattens each sample into a vector: [28, 28] -> [784] (Keras Flatten, PyTorch nn.Flatten).",
  inputs: [{ name: "x", label: "x", types: ["data", "tensor"] }],
  outputs: [{ name: "x", label: "x", types: ["data", "tensor"] }],
  params: z.strictObject({}),
  inline: [],
  inferShape({ inputs }) {
    const shape = requireInput(inputs, "x");
    if (shape.length === 0) throw new ShapeError("NOT_FLAT", "Flatten needs samples with at least one axis");
    return { x: [sizeOf(shape)] };
  },
  check: ({ inputs }) =>
    inputs.x?.length === 1
      ? [
          {
            severity: "warning",
            code: "NO_OP",
            message: `the input ${formatShape(inputs.x)} is already flat, so Flatten does nothing`,
          },
        ]
      : [],
  compile: {
    layer: {
      layers: (_p, shape) => (shape.length > 1 ? [{ className: "Flatten", config: {} }] : []),
      torch: {
        // Channels last, as TF.js flattens: the Linear after it then takes TF.js's weights as they are.
        layout: "channelsLast",
        code: ({ inputShape }) => ({ forward: inputShape.length > 1 ? ["x = torch.flatten(x, 1)"] : [] }),
      },
      import: { classNames: ["Flatten"] },
      step: flattenStep,
    },
    data: { step: (_p, nodeId) => ({ op: "flatten", nodeId }) },
  },
});

export const OneHot = defineKind({
  kind: "OneHot",
  label: "One-hot",
  category: "Data",
  help: "Turns class indices into one-hot vectors of length classes: 3 -> [0, 0, 0, 1, 0, ...].",
  inputs: [dataIn],
  outputs: [dataOut],
  params: z.strictObject({
    classes: z.int().min(2).max(100_000).default(10).describe("Number of classes"),
  }),
  inline: ["classes"],
  inferShape({ params, inputs }) {
    const shape = requireInput(inputs, "x");
    if (sizeOf(shape) !== 1) {
      throw new ShapeError(
        "BAD_LABELS",
        `One-hot takes one class index per sample, shape [1], but receives ${formatShape(shape)}; these labels are already vectors`,
      );
    }
    return { x: [params.classes] };
  },
  check: ({ params, data }) =>
    data?.info.classes !== undefined && params.classes < data.info.classes
      ? [
          {
            severity: "error",
            code: "BAD_LABELS",
            message: `the dataset has ${data.info.classes} classes but One-hot makes ${params.classes}`,
          },
        ]
      : [],
  compile: { data: { step: (p, nodeId) => ({ op: "oneHot", nodeId, classes: p.classes }) } },
});

export const DataLoader = defineKind({
  kind: "DataLoader",
  label: "DataLoader",
  category: "Data",
  help: "Feeds features and labels together in mini-batches of batch size, reshuffled every epoch when shuffle is on (PyTorch DataLoader).",
  inputs: [
    { name: "x", label: "x", types: ["data"] },
    { name: "y", label: "y", types: ["data"] },
  ],
  outputs: [
    { name: "x", label: "x", types: ["tensor"] },
    { name: "y", label: "y", types: ["tensor"] },
  ],
  params: z.strictObject({
    batchSize: z.int().min(1).max(65_536).default(32).describe("Samples per batch"),
    shuffle: z.boolean().default(true).describe("Reshuffle the samples every epoch"),
  }),
  inline: ["batchSize", "shuffle"],
  inferShape: ({ inputs }) => ({ x: requireInput(inputs, "x"), y: requireInput(inputs, "y") }),
  check: ({ params, data }) =>
    data && params.batchSize > data.trainingSamples
      ? [
          {
            severity: "error",
            code: "BATCH_TOO_LARGE",
            message: `batch size ${params.batchSize} is larger than the ${data.trainingSamples} training samples; lower it`,
          },
        ]
      : [],
  compile: { role: "loader" },
});
