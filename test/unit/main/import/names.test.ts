import { describe, expect, it } from "vitest";
import { graphFromModelJson } from "../../../../main/import/model";
import { zGraphDocument } from "../../../../shared/graph";

/** A Sequential model.json of one Dense layer, its name, activation and training config as given. */
function model(layer: { name: string; activation: string }, trainingConfig: Record<string, unknown> = {}) {
  return {
    modelTopology: {
      class_name: "Sequential",
      config: {
        name: "s",
        layers: [{ class_name: "Dense", config: { ...layer, units: 3, use_bias: true, batch_input_shape: [null, 4] } }],
      },
    },
    trainingConfig,
  };
}

describe("names read from a model file", () => {
  it("treat an activation called like an Object member as unknown", () => {
    for (const activation of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      const result = graphFromModelJson(model({ name: "d", activation }));
      expect(result).toEqual({
        ok: false,
        errors: [`layer "d" uses the activation "${activation}", which NetLoom does not have`],
      });
    }
  });

  it("turn a layer, loss or optimizer called like an Object member into a valid graph with the defaults", () => {
    const result = graphFromModelJson(
      model(
        { name: "constructor", activation: "softmax" },
        { loss: "constructor", optimizer_config: { class_name: "__proto__", config: {} } },
      ),
    );
    if (!result.ok) throw new Error(result.errors.join("\n"));
    expect(zGraphDocument.safeParse(result.doc).success).toBe(true);
    const params = (kind: string) => result.doc.nodes.find((n) => n.kind === kind)?.params;
    expect(result.doc.nodes.map((n) => n.id)).toContain("constructor_2");
    expect(params("Loss")).toEqual({ loss: "categoricalCrossentropy" });
    expect(params("Optimizer")).toMatchObject({ optimizer: "sgd" });
  });
});
