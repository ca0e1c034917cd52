import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compileWithData } from "../../../../../main/data/inspect";
import { type PreparedSplit, prepareData } from "../../../../../main/data/prepare";
import { splitIndices } from "../../../../../main/data/random";
import { exportPyTorch } from "../../../../../main/export/pytorch/script";
import type { CompileSuccess } from "../../../../../shared/compile";
import { type ChainSpec, chainGraph } from "../../../../helpers/chainGraph";
import { fashionMissing } from "../../../../helpers/fashionMnist";
import { runHarness, torchMissing, warnIfSkipped } from "../../../../helpers/python";

const FIXTURES = join(import.meta.dirname, "../../../../fixtures/export");
const SEED = 42;
const ROWS = 3;

/** Graphs whose data the script must prepare exactly as NetLoom's data module does. */
const DATA: [string, ChainSpec][] = [
  [
    "MNIST: scale, flatten, class indices",
    { dataset: { source: "mnist", limit: 1000 }, layers: [["Linear", { units: 10 }], ["Softmax"]] },
  ],
  [
    "Fashion-MNIST (gzip): per-feature standardize, one-hot rows",
    {
      dataset: { source: "fashion-mnist", limit: 500, validationSplit: 0.2 },
      x: [["Flatten"], ["Normalize", { mode: "standardize", per: "feature" }]],
      layers: [["Linear", { units: 10 }], ["Softmax"]],
      loss: "meanSquaredError",
    },
  ],
  [
    "CSV with word classes and a test file",
    {
      dataset: {
        source: "csv",
        path: join(FIXTURES, "flowers.csv"),
        testPath: join(FIXTURES, "flowers-test.csv"),
        labelColumn: "species",
        validationSplit: 0.25,
      },
      x: [["Normalize", { mode: "standardize" }]],
      y: [["OneHot", { classes: 3 }]],
      layers: [["Linear", { units: 3 }], ["Softmax"]],
      loader: { batchSize: 8 },
    },
  ],
  [
    "CSV with two feature columns chosen, in another order than the file's",
    {
      dataset: {
        source: "csv",
        path: join(FIXTURES, "flowers.csv"),
        labelColumn: "species",
        featureColumns: ["petal_width", "sepal_length"],
      },
      x: [["Normalize", { mode: "scale" }]],
      y: [["OneHot", { classes: 3 }]],
      layers: [["Linear", { units: 3 }], ["Softmax"]],
      loader: { batchSize: 8 },
    },
  ],
  [
    "CSV of values with a quoted header, no test file",
    {
      dataset: { source: "csv", path: join(FIXTURES, "houses.csv"), labelColumn: "price", labels: "value" },
      x: [["Normalize", { mode: "scale", per: "feature" }]],
      y: [["Normalize", { mode: "standardize" }]],
      layers: [["Linear", { units: 1 }]],
      loss: "meanSquaredError",
      loader: { batchSize: 8 },
    },
  ],
];

interface Summary {
  n: number;
  x: number[];
  y: number[];
  dtype: string;
  xSum: number;
  ySum: number;
}

/** The same numbers NetLoom's data module prepared for one split. */
function netloomSplit(split: PreparedSplit, rows: Int32Array | null, indices: boolean, xSize: number, ySize: number) {
  const pick = (values: Float32Array, size: number) => {
    if (!rows) return values;
    const out = new Float32Array(rows.length * size);
    rows.forEach((r, i) => {
      out.set(values.subarray(r * size, (r + 1) * size), i * size);
    });
    return out;
  };
  const x = pick(split.x, xSize);
  const y = indices ? Float32Array.from(pick(Float32Array.from(split.classIndex ?? []), 1)) : pick(split.y, ySize);
  const sum = (a: Float32Array) => a.reduce((s, v) => s + v, 0);
  return { n: rows ? rows.length : split.n, x, y, xSum: sum(x), ySum: sum(y) };
}

function expectSameSplit(
  ours: Summary | null,
  theirs: ReturnType<typeof netloomSplit>,
  indices: boolean,
  what: string,
) {
  expect(ours, what).not.toBeNull();
  const s = ours as Summary;
  expect(s.n, `${what}: samples`).toBe(theirs.n);
  expect(s.dtype, `${what}: target type`).toBe(indices ? "torch.int64" : "torch.float32");
  const xs = Array.from(theirs.x.subarray(0, s.x.length));
  expect(Math.max(0, ...s.x.map((v, i) => Math.abs(v - (xs[i] as number)))), `${what}: first features`).toBeLessThan(
    1e-5,
  );
  expect(s.y, `${what}: first targets`).toEqual(
    Array.from(theirs.y.subarray(0, s.y.length)).map((v) => expect.closeTo(v, 5)),
  );
  expect(Math.abs(s.xSum - theirs.xSum), `${what}: feature sum`).toBeLessThan(
    1e-3 * Math.max(1, Math.abs(theirs.xSum)),
  );
  expect(Math.abs(s.ySum - theirs.ySum), `${what}: target sum`).toBeLessThan(1e-4 * Math.max(1, Math.abs(theirs.ySum)));
}

warnIfSkipped("PyTorch export data checks");
if (fashionMissing) console.warn(`SKIPPED the Fashion-MNIST data check: ${fashionMissing}`);

describe.skipIf(torchMissing !== null)("the exported script prepares data as NetLoom does", () => {
  let dir: string;
  const cases = new Map<
    string,
    { compiled: CompileSuccess; result: Record<string, Summary | null> & { error?: string } }
  >();
  let splits: { train: number[]; validation: number[] }[] = [];
  const SPLITS: [number, number, number][] = [
    [5000, 0.1, 42],
    [60000, 0.1, 7],
    [101, 0.25, 3],
    [10, 0, 1],
  ];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "netloom-pytorch-data-"));
    const jobs: object[] = [];
    const compiledCases: [string, CompileSuccess][] = [];
    for (const [name, spec] of DATA) {
      if (name.startsWith("Fashion") && fashionMissing) continue;
      const doc = chainGraph(spec);
      const compiled = compileWithData(doc);
      if (!compiled.ok) throw new Error(`${name}: ${compiled.errors.map((e) => e.message).join("; ")}`);
      const script = join(dir, `${compiledCases.length}.py`);
      await writeFile(script, exportPyTorch(doc, compiled));
      compiledCases.push([name, compiled]);
      const csv = compiled.dataPlan.dataset.source === "csv";
      const args = csv
        ? { csv: compiled.dataPlan.dataset.path, test_csv: compiled.dataPlan.dataset.testPath || null }
        : await defaultIdxArgs(script);
      jobs.push({
        op: "data",
        script,
        rows: ROWS,
        args: { ...args, limit: compiled.dataPlan.dataset.limit, seed: SEED },
      });
    }
    for (const [n, fraction, seed] of SPLITS) jobs.push({ op: "split", script: join(dir, "0.py"), n, fraction, seed });
    const results = await runHarness(dir, jobs);
    compiledCases.forEach(([name, compiled], i) => {
      cases.set(name, { compiled, result: results[i] as never });
    });
    splits = results.slice(compiledCases.length) as never;
  }, 120_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("holds out the same validation samples as NetLoom for a seed", () => {
    SPLITS.forEach(([n, fraction, seed], i) => {
      const netloom = splitIndices(n, fraction, seed);
      expect(splits[i]?.validation, `n=${n} fraction=${fraction} seed=${seed}`).toEqual(Array.from(netloom.validation));
      expect(splits[i]?.train).toEqual(Array.from(netloom.train));
    });
  });

  for (const [name] of DATA) {
    // Skipped, not passed, without the data; the SKIPPED warning above says why.
    it.skipIf(name.startsWith("Fashion") && fashionMissing !== null)(name, () => {
      const c = cases.get(name);
      expect(c?.result.error).toBeUndefined();
      const compiled = c?.compiled as CompileSuccess;
      const data = prepareData(compiled.dataPlan, SEED);
      const indices = compiled.loss.name === "categoricalCrossentropy" && compiled.steps.at(-1)?.kind === "Softmax";
      const xSize = data.xShape.reduce((a, b) => a * b, 1);
      const ySize = data.yShape.reduce((a, b) => a * b, 1);
      const result = c?.result as Record<string, Summary | null>;
      expectSameSplit(
        result.train ?? null,
        netloomSplit(data.all, data.trainRows, indices, xSize, ySize),
        indices,
        "train",
      );
      expectSameSplit(
        result.validation ?? null,
        netloomSplit(data.all, data.validationRows, indices, xSize, ySize),
        indices,
        "validation",
      );
      if (data.test)
        expectSameSplit(result.test ?? null, netloomSplit(data.test, null, indices, xSize, ySize), indices, "test");
      else expect(result.test).toBeNull();
    });
  }
});

/** The IDX paths written into an exported script, as the harness passes them to load_data. */
async function defaultIdxArgs(script: string): Promise<Record<string, string | null>> {
  const { readFile } = await import("node:fs/promises");
  const text = await readFile(script, "utf8");
  const constant = (name: string) => {
    const value = text.match(new RegExp(`^${name} = (.*)$`, "m"))?.[1] ?? "None";
    return value === "None" ? null : (JSON.parse(value) as string);
  };
  const args = {
    train_images: constant("TRAIN_IMAGES"),
    train_labels: constant("TRAIN_LABELS"),
    test_images: constant("TEST_IMAGES"),
    test_labels: constant("TEST_LABELS"),
  };
  for (const path of Object.values(args)) if (path && !existsSync(path)) throw new Error(`${path} is missing`);
  return args;
}
