import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readTfjsModelFiles } from "../../../../main/export/tfjsModel";
import { tempDir } from "../../../helpers/handlerContext";

/** A model folder whose weights.bin is `place(folder)`'s doing, with 4 bytes of weights in the manifest. */
function modelWith(place: (weights: string) => void): string {
  const folder = path.join(tempDir(), "model");
  mkdirSync(folder);
  const manifest = [{ paths: ["weights.bin"], weights: [{ name: "d/kernel", shape: [1], dtype: "float32" }] }];
  writeFileSync(path.join(folder, "model.json"), JSON.stringify({ modelTopology: {}, weightsManifest: manifest }));
  place(path.join(folder, "weights.bin"));
  return path.join(folder, "model.json");
}

describe("a model's weights files", () => {
  it("are read when they lie beside model.json", async () => {
    const model = modelWith((weights) => writeFileSync(weights, Buffer.alloc(4)));
    expect((await readTfjsModelFiles(model)).weightData.byteLength).toBe(4);
  });

  it("are refused when they are links to files elsewhere, whose bytes would be read in", async () => {
    const elsewhere = path.join(tempDir(), "secret.key");
    writeFileSync(elsewhere, "abcd");
    const model = modelWith((weights) => symlinkSync(elsewhere, weights));
    await expect(readTfjsModelFiles(model)).rejects.toThrow(
      'weights path "weights.bin" must be a file next to model.json',
    );
  });
});
