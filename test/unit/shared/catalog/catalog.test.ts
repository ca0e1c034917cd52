import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  BUILTIN_DATASETS,
  CATEGORIES,
  catalog,
  defaultParams,
  kindDef,
  NODE_KINDS,
  type NodeKind,
  paramCount,
  type Shape,
  ShapeError,
  samePadding,
  slide,
} from "../../../../shared/catalog";

/** Per kind: expected defaults, and inputs -> outputs of its shape rule. */
const cases: Record<
  NodeKind,
  { defaults: Record<string, unknown>; shapes: [Record<string, Shape>, Record<string, Shape>][] }
> = {
  Dataset: {
    defaults: { source: "mnist", validationSplit: 0.1, limit: 0, labelColumn: "label", labels: "class" },
    shapes: [],
  },
  Normalize: { defaults: { mode: "scale", per: "all" }, shapes: [[{ x: [28, 28] }, { x: [28, 28] }]] },
  Flatten: {
    defaults: {},
    shapes: [
      [{ x: [28, 28] }, { x: [784] }],
      [{ x: [2, 3, 4] }, { x: [24] }],
      [{ x: [5] }, { x: [5] }],
    ],
  },
  OneHot: { defaults: { classes: 10 }, shapes: [[{ x: [1] }, { x: [10] }]] },
  DataLoader: {
    defaults: { batchSize: 32, shuffle: true },
    shapes: [
      [
        { x: [784], y: [10] },
        { x: [784], y: [10] },
      ],
    ],
  },
  Linear: { defaults: { units: 10, bias: true }, shapes: [[{ x: [784] }, { x: [10] }]] },
  Dropout: { defaults: { rate: 0.5 }, shapes: [[{ x: [300] }, { x: [300] }]] },
  Conv2D: {
    defaults: { filters: 32, kernelSize: 3, stride: 1, padding: "valid", bias: true, activation: "none" },
    shapes: [
      [{ x: [28, 28, 1] }, { x: [26, 26, 32] }],
      [{ x: [13, 13, 32] }, { x: [11, 11, 32] }],
    ],
  },
  MaxPool2D: {
    defaults: { poolSize: 2, stride: 2, padding: "valid" },
    shapes: [
      [{ x: [28, 28, 32] }, { x: [14, 14, 32] }],
      [{ x: [27, 27, 3] }, { x: [13, 13, 3] }],
    ],
  },
  AvgPool2D: { defaults: { poolSize: 2, stride: 2, padding: "valid" }, shapes: [[{ x: [5, 4, 1] }, { x: [2, 2, 1] }]] },
  GlobalAvgPool2D: { defaults: {}, shapes: [[{ x: [7, 7, 64] }, { x: [64] }]] },
  BatchNorm: {
    defaults: { momentum: 0.99, epsilon: 0.001 },
    shapes: [
      [{ x: [26, 26, 32] }, { x: [26, 26, 32] }],
      [{ x: [128] }, { x: [128] }],
    ],
  },
  Reshape: {
    defaults: { targetShape: [28, 28, 1] },
    shapes: [
      [{ x: [784] }, { x: [28, 28, 1] }],
      [{ x: [28, 28] }, { x: [28, 28, 1] }],
    ],
  },
  Sigmoid: { defaults: {}, shapes: [[{ x: [7] }, { x: [7] }]] },
  Tanh: { defaults: {}, shapes: [[{ x: [7] }, { x: [7] }]] },
  ReLU: { defaults: {}, shapes: [[{ x: [7] }, { x: [7] }]] },
  LeakyReLU: { defaults: { alpha: 0.1 }, shapes: [[{ x: [7] }, { x: [7] }]] },
  ELU: { defaults: { alpha: 1 }, shapes: [[{ x: [7] }, { x: [7] }]] },
  Maxout: { defaults: { units: 100, pieces: 2 }, shapes: [[{ x: [784] }, { x: [100] }]] },
  Softmax: { defaults: {}, shapes: [[{ x: [10] }, { x: [10] }]] },
  Loss: { defaults: { loss: "categoricalCrossentropy" }, shapes: [[{ prediction: [10], target: [10] }, { loss: [] }]] },
  Optimizer: {
    defaults: { optimizer: "sgd", learningRate: 0.01, momentum: 0, epochs: 10 },
    shapes: [[{ loss: [] }, {}]],
  },
};

describe("node catalog", () => {
  it("groups every kind under a known category and documents it", () => {
    for (const kind of NODE_KINDS) {
      const def = kindDef(kind);
      expect(def.kind).toBe(kind);
      expect(CATEGORIES).toContain(def.category);
      expect(def.help).toMatch(/^[A-Zσa-z].{20,}\.$/);
      for (const key of def.inline) expect(Object.keys(defaultParams(kind))).toContain(key);
    }
  });

  it("documents activations with their formula", () => {
    expect(catalog.ELU.help).toContain("x if x >= 0 else alpha·(e^x - 1)");
    expect(catalog.LeakyReLU.help).toContain("max(alpha·x, x)");
    expect(catalog.ReLU.help).toContain("max(0, x)");
  });

  it("documents image layers with the output size formula their shapes follow", () => {
    const valid = (h: number, k: number, s: number) => Math.floor((h - k) / s) + 1;
    for (const kind of ["Conv2D", "MaxPool2D", "AvgPool2D"] as const) {
      const def = kindDef(kind);
      const k = kind === "Conv2D" ? "k" : "pool";
      expect(def.help).toContain(`⌊(h - ${k}) / stride⌋ + 1 for padding valid and ⌈h / stride⌉ for same`);
      for (const [h, size, stride] of [
        [28, 3, 2],
        [13, 2, 2],
        [9, 5, 3],
      ] as const) {
        for (const padding of ["valid", "same"] as const) {
          const sizes = kind === "Conv2D" ? { kernelSize: size, filters: 4 } : { poolSize: size };
          const params = def.params.parse({ ...sizes, stride, padding });
          const out = def.inferShape({ params: params as never, inputs: { x: [h, h + 1, 2] } });
          const rows = padding === "valid" ? valid(h, size, stride) : Math.ceil(h / stride);
          const cols = padding === "valid" ? valid(h + 1, size, stride) : Math.ceil((h + 1) / stride);
          expect(out.x?.slice(0, 2), `${kind} ${h} ${size} ${stride} ${padding}`).toEqual([rows, cols]);
        }
      }
    }
  });

  for (const kind of NODE_KINDS) {
    describe(kind, () => {
      const { defaults, shapes } = cases[kind];

      it("fills in its defaults", () => {
        expect(defaultParams(kind)).toMatchObject(defaults);
      });

      it("refuses unknown params and values outside its ranges", () => {
        const def = kindDef(kind);
        expect(def.params.safeParse({ noSuchParam: 1 }).success).toBe(false);
        const schema = z.toJSONSchema(def.params, { io: "input" }) as {
          properties?: Record<
            string,
            { minimum?: number; maximum?: number; exclusiveMinimum?: number; exclusiveMaximum?: number }
          >;
        };
        for (const [key, field] of Object.entries(schema.properties ?? {})) {
          const low = field.minimum ?? field.exclusiveMinimum;
          const high = field.maximum ?? field.exclusiveMaximum;
          if (low !== undefined) {
            const below = field.exclusiveMinimum !== undefined ? low : low - 1;
            expect(def.params.safeParse({ [key]: below }).success, `${key}=${below}`).toBe(false);
            expect(def.params.safeParse({ [key]: Number.NaN }).success, `${key}=NaN`).toBe(false);
          }
          if (high !== undefined) {
            const above = field.exclusiveMaximum !== undefined ? high : high + 1;
            expect(def.params.safeParse({ [key]: above }).success, `${key}=${above}`).toBe(false);
          }
        }
      });

      it.each(shapes)("infers %j -> %j", (inputs, outputs) => {
        expect(kindDef(kind).inferShape({ params: defaultParams(kind), inputs })).toEqual(outputs);
      });
    });
  }

  it("gives a Dataset the shapes of its built-in source", () => {
    const out = catalog.Dataset.inferShape({
      params: catalog.Dataset.params.parse({}),
      inputs: {},
      dataset: BUILTIN_DATASETS.mnist,
    });
    expect(out).toEqual({ x: [28, 28], y: [1] });
  });

  it("asks for a CSV file before it knows the shape", () => {
    const params = catalog.Dataset.params.parse({ source: "csv" });
    expect(() => catalog.Dataset.inferShape({ params, inputs: {} })).toThrow(/choose the CSV file/);
  });

  it.each<[NodeKind, Record<string, Shape>, RegExp]>([
    ["Linear", { x: [28, 28] }, /flat vector but receives \[28, 28\]; add a Flatten/],
    ["Maxout", { x: [3, 4] }, /add a Flatten/],
    ["OneHot", { x: [10] }, /already vectors/],
    ["Flatten", { x: [] }, /at least one axis/],
    ["Loss", { prediction: [1], target: [10] }, /target shape \[10\] does not match prediction shape \[1\]/],
    ["Loss", { prediction: [10], target: [1] }, /add One-hot\(10\)/],
    ["Linear", {}, /input "x" is not connected/],
    [
      "MaxPool2D",
      { x: [28, 28] },
      /takes images \[height, width, channels\] but receives \[28, 28\]; turn on the Dataset's channel axis/,
    ],
    ["MaxPool2D", { x: [784] }, /add a Reshape to \[height, width, channels\]/],
    ["MaxPool2D", { x: [1, 1, 8] }, /the 2x2 window is larger than the 1x1 input; use a smaller one, or padding same/],
    ["GlobalAvgPool2D", { x: [10] }, /GlobalAvgPool2D takes images/],
    ["Conv2D", { x: [2, 2, 3] }, /the 3x3 kernel is larger than the 2x2 input/],
    [
      "BatchNorm",
      { x: [28, 28] },
      /BatchNorm takes vectors \[n\] or images \[height, width, channels\] but receives \[28, 28\]/,
    ],
    ["Reshape", { x: [100] }, /\[28, 28, 1\] holds 784 values, but the input has 100/],
    ["Conv2D", { x: [28, 28] }, /Conv2D takes images \[height, width, channels\] but receives \[28, 28\]/],
  ])("%s refuses %j", (kind, inputs, message) => {
    const run = () => kindDef(kind).inferShape({ params: defaultParams(kind), inputs });
    expect(run).toThrow(ShapeError);
    expect(run).toThrow(message);
  });

  it("counts parameters like Keras: Linear n·units + units, Maxout (n + 1)·units·pieces", () => {
    expect(paramCount({ kind: "Linear", params: { units: 300, bias: true } }, [784])).toBe(235_500);
    expect(paramCount({ kind: "Linear", params: { units: 300, bias: false } }, [784])).toBe(235_200);
    expect(paramCount({ kind: "Maxout", params: { units: 100, pieces: 3 } }, [784])).toBe(785 * 300);
    expect(paramCount({ kind: "ReLU", params: {} }, [784])).toBeUndefined();
  });

  it("sizes Reshape's one -1 axis and refuses shapes that cannot hold the input", () => {
    const reshape = (targetShape: number[], x: Shape) =>
      catalog.Reshape.inferShape({ params: { targetShape }, inputs: { x } }).x;
    expect(reshape([-1, 7], [28, 28])).toEqual([112, 7]);
    expect(() => reshape([-1, 5], [28, 28])).toThrow("[-1, 5] holds a multiple of 5 values, but the input has 784");
    expect(() => reshape([-1, -1], [4])).toThrow("has 2 axes of -1; at most one is inferred");
    expect(() => reshape([0, 4], [4])).toThrow("has an axis of 0");
  });

  it("counts BatchNorm's γ, β and running mean and variance per channel, as Keras does", () => {
    const params = catalog.BatchNorm.params.parse({});
    expect(paramCount({ kind: "BatchNorm", params }, [26, 26, 32])).toBe(4 * 32);
  });

  it("counts a Conv2D's kernel [k, k, in, filters] and bias [filters]", () => {
    const params = catalog.Conv2D.params.parse({ filters: 64, kernelSize: 3 });
    expect(paramCount({ kind: "Conv2D", params }, [13, 13, 32])).toBe(3 * 3 * 32 * 64 + 64);
    expect(paramCount({ kind: "Conv2D", params: { ...params, bias: false } }, [13, 13, 32])).toBe(3 * 3 * 32 * 64);
  });

  it("hides params that do not apply", () => {
    const adam = catalog.Optimizer.params.parse({ optimizer: "adam" });
    expect(catalog.Optimizer.hidden?.(adam)).toContain("momentum");
    const mnist = catalog.Dataset.params.parse({});
    expect(catalog.Dataset.hidden?.(mnist)).toContain("path");
  });
});

describe("image windows", () => {
  it("pads same as TF does, the odd pixel after", () => {
    expect(samePadding(28, 3, 1)).toEqual([1, 1]);
    expect(samePadding(28, 3, 2)).toEqual([0, 1]);
    expect(samePadding(28, 2, 2)).toEqual([0, 0]);
    expect(samePadding(5, 4, 1)).toEqual([1, 2]);
  });

  it("slides to floor((n - k) / s) + 1 with valid and ceil(n / s) with same", () => {
    expect(slide("kernel", [28, 28], 3, 1, "valid")).toEqual([26, 26]);
    expect(slide("kernel", [28, 27], 3, 2, "valid")).toEqual([13, 13]);
    expect(slide("kernel", [28, 27], 3, 2, "same")).toEqual([14, 14]);
    expect(slide("kernel", [2, 2], 5, 1, "same")).toEqual([2, 2]);
  });

  it("warns when a stride larger than the window skips pixels", () => {
    const params = catalog.MaxPool2D.params.parse({ poolSize: 2, stride: 3 });
    const findings = catalog.MaxPool2D.check?.({ params, inputs: { x: [9, 9, 1] }, source: () => undefined });
    expect(findings?.map((f) => f.message)).toEqual([
      "stride 3 is larger than the 2x2 window, so 1 of every 3 rows and columns are never seen",
    ]);
  });
});
