import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_EXAMPLES_DIR, listExamples, loadExample } from "../../../../main/examples/gallery";
import { ApiError } from "../../../../shared/api";
import { compileGraph } from "../../../../shared/compile";
import { applyVariant, parseGraphText } from "../../../../shared/graph";
import { PRESET_NAMES } from "../../../../shared/presets";
import { fashionMissing } from "../../../helpers/fashionMnist";

const examples = listExamples();

describe("the examples gallery", () => {
  it("lists every preset and every graph file of the examples folder, each once, each saying what it teaches", () => {
    const ids = examples.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining(["mnist-mlp", "mnist-cnn", "fashion-mnist-mlp", "xor", "sine-regression", "activations"]),
    );
    const files = readdirSync(DEFAULT_EXAMPLES_DIR).filter((f) => f.endsWith(".netloom.json"));
    expect(examples.length).toBe(files.length + PRESET_NAMES.length);
    for (const e of examples) expect(e.title, e.id).not.toBe("");
    const index = JSON.parse(readFileSync(path.join(DEFAULT_EXAMPLES_DIR, "index.json"), "utf8")) as {
      teaches: string;
    }[];
    for (const { teaches } of index) {
      expect(teaches.length, teaches).toBeGreaterThan(30);
      expect(teaches.length, `one line: ${teaches}`).toBeLessThan(160);
    }
  });

  it("holds graph files that are valid and compile with their data, and says why one cannot be read here", () => {
    for (const e of examples) {
      if (e.id === "fashion-mnist-mlp" && fashionMissing) {
        expect(e.note).toBe(fashionMissing);
        expect(e.params).toBeNull();
        continue;
      }
      expect(e.note, e.id).toBeNull();
      expect(e.params, e.id).toBeGreaterThan(0);
    }
    for (const file of readdirSync(DEFAULT_EXAMPLES_DIR).filter((f) => f.endsWith(".netloom.json"))) {
      const parsed = parseGraphText(readFileSync(path.join(DEFAULT_EXAMPLES_DIR, file), "utf8"));
      expect(parsed.ok && parsed.migrations, file).toEqual([]);
    }
  });

  it("opens an example with its data files' paths made absolute, inside the examples folder", () => {
    const doc = loadExample("xor");
    const dataset = doc.nodes.find((n) => n.kind === "Dataset");
    expect(dataset?.params.path).toBe(path.join(DEFAULT_EXAMPLES_DIR, "data", "xor.csv"));
    expect(existsSync(dataset?.params.path as string)).toBe(true);
    expect(compileGraph(doc).ok).toBe(false); // the CSV's shape is known once read: the gallery read it
    expect(examples.find((e) => e.id === "xor")?.params).toBe(33);
  });

  it("compares six activation functions, every variant compiling to the same output", () => {
    const doc = loadExample("activations");
    expect(doc.variants?.map((v) => v.name)).toEqual(["Sigmoid", "Tanh", "ReLU", "Leaky ReLU", "ELU", "Maxout"]);
    for (const variant of doc.variants ?? []) {
      const applied = applyVariant(doc, variant);
      if (!applied.ok) throw new Error(applied.error);
      const compiled = compileGraph(applied.doc);
      expect(compiled.ok, variant.name).toBe(true);
      expect(compiled.shapes.softmax, variant.name).toEqual({ x: [10] });
    }
  });

  it("refuses an id it does not have, and an index that names a file outside its folder", () => {
    expect(() => loadExample("../package")).toThrow(ApiError);
    expect(() => loadExample("constructor")).toThrow('there is no example named "constructor"');
    const dir = mkdtempSync(path.join(os.tmpdir(), "netloom-examples-"));
    try {
      writeFileSync(
        path.join(dir, "index.json"),
        JSON.stringify([{ id: "x", file: "../secret.netloom.json", teaches: "" }]),
      );
      expect(() => listExamples(dir)).toThrow("must be a graph file name in the examples folder");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
