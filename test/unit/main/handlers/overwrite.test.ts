import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { dispatch } from "../../../../main/handlers/dispatch";
import type { TrainingService } from "../../../../main/handlers/runService";
import { handlers } from "../../../../main/handlers/table";
import { parseGraphText } from "../../../../shared/graph";
import { loadPreset } from "../../../../shared/presets";
import { browserContext, tempDir } from "../../../helpers/handlerContext";

const doc = loadPreset("mnist");
const exists = { ok: false, error: expect.objectContaining({ code: "EXISTS" }) };

/** A service that knows one finished run, with a model of one 1x1 Dense layer. */
function oneRun(): TrainingService {
  const record = { doc, options: {}, sink: () => {}, epochs: 1, finishedAt: "2026-01-01T00:00:00Z" };
  return {
    run: (id: string) => (id === "r1" ? record : undefined),
    weights: async () => ({
      modelTopology: { class_name: "Sequential", config: { layers: [] } },
      weightSpecs: [{ name: "dense/kernel", shape: [1, 1], dtype: "float32" }],
      weightData: new Float32Array([0.5]).buffer,
    }),
  } as Partial<TrainingService> as TrainingService;
}

describe("saves replace existing files only when asked to", () => {
  it("file.save refuses to replace a file without overwrite, and replaces it with overwrite", async () => {
    const ctx = browserContext();
    const file = path.join(tempDir(), "notes.netloom.json");
    writeFileSync(file, "precious");
    const refused = await dispatch(handlers, ctx, "file.save", { path: file, doc });
    expect(refused).toEqual(exists);
    if (refused.ok) throw new Error("saved");
    expect(refused.error.message).toBe(`${file} already exists; NetLoom replaces files only when you confirm it`);
    expect(readFileSync(file, "utf8")).toBe("precious");
    expect(await dispatch(handlers, ctx, "file.save", { path: file, doc, overwrite: false })).toEqual(exists);
    expect(await dispatch(handlers, ctx, "file.save", { path: file, doc, overwrite: true })).toMatchObject({
      ok: true,
    });
    expect(parseGraphText(readFileSync(file, "utf8"))).toMatchObject({ ok: true, doc });
    const fresh = path.join(path.dirname(file), "fresh.netloom.json");
    expect(await dispatch(handlers, ctx, "file.save", { path: fresh, doc })).toMatchObject({ ok: true });
  });

  it("file.existing names what a save of each kind would replace, wherever it is", async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, "m-tfjs"));
    writeFileSync(path.join(dir, "m-tfjs", "weights.bin"), "");
    mkdirSync(path.join(dir, "train.weights"));
    writeFileSync(path.join(dir, "train.weights", "model.json"), "{}");
    writeFileSync(path.join(dir, "notes.txt.json"), "");
    const existing = async (p: string, kind: string) => {
      const reply = await dispatch(handlers, browserContext(), "file.existing", { path: path.join(dir, p), kind });
      if (!reply.ok) throw new Error(reply.error.message);
      return (reply.value as { existing: string[] }).existing;
    };
    expect(await existing("notes.txt.json", "graph")).toEqual([path.join(dir, "notes.txt.json")]);
    expect(await existing("other.json", "json")).toEqual([]);
    expect(await existing("m-tfjs", "tfjs")).toEqual([path.join(dir, "m-tfjs", "weights.bin")]);
    expect(await existing("train.py", "pytorch")).toEqual([path.join(dir, "train.weights", "model.json")]);
  });

  it("training.export refuses to replace a model's files without overwrite", async () => {
    const ctx = browserContext({ training: oneRun() });
    const dir = tempDir();
    const single = path.join(dir, "m.model.json");
    writeFileSync(single, "precious");
    expect(await dispatch(handlers, ctx, "training.export", { runId: "r1", format: "json", path: single })).toEqual(
      exists,
    );
    expect(readFileSync(single, "utf8")).toBe("precious");
    mkdirSync(path.join(dir, "m-tfjs"));
    writeFileSync(path.join(dir, "m-tfjs", "model.json"), "precious");
    const tfjs = { runId: "r1", format: "tfjs", path: path.join(dir, "m-tfjs") };
    expect(await dispatch(handlers, ctx, "training.export", tfjs)).toEqual(exists);
    expect(readFileSync(path.join(dir, "m-tfjs", "model.json"), "utf8")).toBe("precious");
    const again = { runId: "r1", format: "json", path: single, overwrite: true };
    expect(await dispatch(handlers, ctx, "training.export", again)).toEqual({ ok: true, value: { files: [single] } });
    expect(JSON.parse(readFileSync(single, "utf8"))).toMatchObject({ format: "netloom.model" });
  });
});
