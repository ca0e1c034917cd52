import { describe, expect, it } from "vitest";
import { graphFromModelJson } from "../../../../main/import/model";
import { compileGraph } from "../../../../shared/compile";

type Json = Record<string, unknown>;
const dense = (name: string, units: number, activation: string, extra: Json = {}) => ({
  class_name: "Dense",
  config: { name, units, activation, use_bias: true, ...extra },
});
const sequential = (layers: Json[]) => ({ class_name: "Sequential", config: { name: "s", layers } });

/** Imports a model.json object that must import, with its kinds in graph order. */
function imported(modelJson: Json) {
  const result = graphFromModelJson(modelJson);
  if (!result.ok) throw new Error(result.errors.join("\n"));
  const kinds = result.doc.nodes.map((n) => n.kind);
  const params = (kind: string) => result.doc.nodes.find((n) => n.kind === kind)?.params;
  return { result, kinds, params };
}

/** The compile errors of an imported graph, as `node: message`, with the importer's guess of its data or without. */
function errorsOf(result: ReturnType<typeof imported>["result"], withGuess: boolean) {
  const compiled = compileGraph(result.doc, withGuess && result.datasets ? { datasets: result.datasets } : {});
  return compiled.ok ? [] : compiled.errors.map((e) => `${e.nodeId}: ${e.message}`);
}

describe("importing models made elsewhere", () => {
  it("gives a 784-input model with 10 sigmoid outputs MNIST and one-hot targets, so it validates", () => {
    const model = sequential([
      dense("hidden", 64, "relu", { batch_input_shape: [null, 784] }),
      dense("out", 10, "sigmoid"),
    ]);
    const { result, kinds, params } = imported({ modelTopology: model });
    expect(kinds).toEqual([
      "Dataset",
      "Normalize",
      "Flatten",
      "DataLoader",
      "OneHot",
      "Linear",
      "ReLU",
      "Linear",
      "Sigmoid",
      "Loss",
      "Optimizer",
    ]);
    expect(params("Dataset")).toEqual({ source: "mnist" });
    expect(params("OneHot")).toEqual({ classes: 10 });
    expect(params("Loss")).toEqual({ loss: "binaryCrossentropy" });
    expect(errorsOf(result, false)).toEqual([]);
  });

  it("gives a TF.js CNN taking [28, 28, 1] MNIST with a channel axis, its weights renamed to the graph's layers", () => {
    const layers = [
      {
        class_name: "Conv2D",
        config: {
          name: "c1",
          filters: 8,
          kernel_size: [3, 3],
          strides: [1, 1],
          padding: "valid",
          activation: "relu",
          use_bias: true,
          batch_input_shape: [null, 28, 28, 1],
          data_format: "channels_last",
          dilation_rate: [1, 1],
        },
      },
      { class_name: "MaxPooling2D", config: { name: "p1", pool_size: [2, 2], strides: null, padding: "valid" } },
      { class_name: "Flatten", config: { name: "f" } },
      dense("probs", 10, "softmax"),
    ];
    const specs = [
      { name: "c1/kernel", shape: [3, 3, 1, 8], dtype: "float32" as const },
      { name: "c1/bias", shape: [8], dtype: "float32" as const },
      { name: "probs/kernel", shape: [1352, 10], dtype: "float32" as const },
      { name: "probs/bias", shape: [10], dtype: "float32" as const },
    ];
    const result = graphFromModelJson({ modelTopology: sequential(layers) }, specs);
    if (!result.ok) throw new Error(result.errors.join("\n"));
    const dataset = result.doc.nodes.find((n) => n.kind === "Dataset");
    expect(dataset?.params).toEqual({ source: "mnist", channelAxis: true });
    const compiled = compileGraph(result.doc);
    if (!compiled.ok) throw new Error(compiled.errors.map((e) => e.message).join("; "));
    const wanted = compiled.steps.flatMap((s) => s.weights.map((w) => `${w.layer}/${w.name}`));
    expect(result.weightSpecs.map((w) => w.name).sort()).toEqual(wanted.sort());
    expect(compiled.steps.find((s) => s.kind === "Conv2D")?.params).toMatchObject({ filters: 8, activation: "relu" });
  });

  it("reads the converter's nesting, an InputLayer and the training config inside the topology", () => {
    const { result, kinds, params } = imported({
      format: "layers-model",
      generatedBy: "keras v2.15.0",
      convertedBy: "TensorFlow.js Converter v4.22.0",
      modelTopology: {
        keras_version: "2.15.0",
        backend: "tensorflow",
        model_config: sequential([
          { class_name: "InputLayer", config: { batch_input_shape: [null, 28, 28], dtype: "float32", name: "in" } },
          { class_name: "Flatten", config: { name: "flatten" } },
          dense("d", 10, "softmax"),
        ]),
        training_config: {
          loss: "categorical_crossentropy",
          optimizer_config: { class_name: "Adam", config: { learning_rate: 0.002 } },
        },
      },
    });
    expect(kinds).toEqual([
      "Dataset",
      "Normalize",
      "DataLoader",
      "OneHot",
      "Flatten",
      "Linear",
      "Softmax",
      "Loss",
      "Optimizer",
    ]);
    expect(params("Optimizer")).toMatchObject({ optimizer: "adam", learningRate: 0.002 });
    expect(errorsOf(result, false)).toEqual([]);
  });

  it("reads Keras's old list-style Sequential config, and names the one thing left to choose: the data", () => {
    const model = { class_name: "Sequential", config: [dense("d", 3, "softmax", { batch_input_shape: [null, 4] })] };
    const { result, params } = imported({ modelTopology: model });
    expect(params("Dataset")).toEqual({ source: "csv" });
    expect(params("OneHot")).toEqual({ classes: 3 });
    expect(errorsOf(result, true)).toEqual([]);
    expect(errorsOf(result, false)).toEqual(["dataset: choose the CSV file to read (path is empty)"]);
  });

  it("follows Keras 3's functional inbound nodes (keras_history) through an InputLayer", () => {
    const call = (from: string) => [
      {
        args: [
          {
            class_name: "__keras_tensor__",
            config: { shape: [null, 8], dtype: "float32", keras_history: [from, 0, 0] },
          },
        ],
        kwargs: {},
      },
    ];
    const model = {
      class_name: "Functional",
      config: {
        name: "f",
        layers: [
          { class_name: "InputLayer", name: "inp", config: { batch_shape: [null, 8], name: "inp" }, inbound_nodes: [] },
          { ...dense("h", 4, "tanh"), name: "h", inbound_nodes: call("inp") },
          { ...dense("o", 1, "sigmoid"), name: "o", inbound_nodes: call("h") },
        ],
        input_layers: [["inp", 0, 0]],
        output_layers: [["o", 0, 0]],
      },
    };
    const { result, kinds, params } = imported({ modelTopology: model });
    expect(kinds.slice(2, 6)).toEqual(["Linear", "Tanh", "Linear", "Sigmoid"]);
    expect(params("Loss")).toEqual({ loss: "binaryCrossentropy" });
    expect(kinds).not.toContain("OneHot");
    expect(errorsOf(result, false)).toEqual(["dataset: choose the CSV file to read (path is empty)"]);
  });

  it("gives other image shapes IDX files, with a channel axis for one channel", () => {
    const layers = [
      { class_name: "Flatten", config: { name: "f", batch_input_shape: [null, 16, 16, 1] } },
      dense("o", 4, "softmax"),
    ];
    const { result, params } = imported({ modelTopology: sequential(layers) });
    expect(params("Dataset")).toEqual({ source: "idx", channelAxis: true });
    expect(errorsOf(result, true)).toEqual([]);
    expect(errorsOf(result, false)).toEqual(["dataset: choose the IDX files to read (path is empty)"]);
  });
});
