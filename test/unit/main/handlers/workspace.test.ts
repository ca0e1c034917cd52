import { mkdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_EXAMPLES_DIR, loadExample } from "../../../../main/examples/gallery";
import type { HandlerContext } from "../../../../main/handlers/context";
import { dispatch } from "../../../../main/handlers/dispatch";
import type { TrainingService } from "../../../../main/handlers/runService";
import { handlers } from "../../../../main/handlers/table";
import { workspaceRootFor } from "../../../../main/handlers/workspace";
import type { ReplyEnvelope } from "../../../../shared/api";
import type { GraphDocument } from "../../../../shared/graph";
import { loadPreset } from "../../../../shared/presets";
import { browserContext, tempDir } from "../../../helpers/handlerContext";

/** A workspace root with a graph in it, a secret beside it, and links from inside to outside. */
function workspace() {
  const outside = realpathSync(tempDir());
  const root = realpathSync(tempDir());
  const secret = path.join(outside, "secret.json");
  writeFileSync(secret, JSON.stringify(loadPreset("mnist")));
  writeFileSync(path.join(root, "g.netloom.json"), JSON.stringify(loadPreset("mnist")));
  mkdirSync(path.join(root, "sub"));
  symlinkSync(secret, path.join(root, "link.json"));
  symlinkSync(outside, path.join(root, "away"));
  const seen: { docs: GraphDocument[]; params: unknown[] } = { docs: [], params: [] };
  const training = {
    start: async (doc: GraphDocument) => {
      seen.docs.push(doc);
      return "r1";
    },
    inspect: async (params: unknown) => {
      seen.params.push(params);
      return { xShape: [1], yShape: [1], trainSamples: 1, testSamples: 0 };
    },
    run: () => ({}),
  } as unknown as TrainingService;
  const ctx = browserContext({ workspaceRoot: root, training });
  return { root, outside, secret, ctx, seen };
}

async function reply(ctx: HandlerContext, channel: string, payload: unknown): Promise<ReplyEnvelope> {
  return dispatch(handlers, ctx, channel, payload);
}

const forbidden = { ok: false, error: expect.objectContaining({ code: "FORBIDDEN" }) };

/** The preset with its Dataset node reading `file` as CSV. */
function csvGraph(file: string): GraphDocument {
  const doc = loadPreset("mnist");
  const data = doc.nodes.find((n) => n.kind === "Dataset");
  if (data) data.params = { source: "csv", path: file, labelColumn: "label" };
  return doc;
}

describe("the workspace root of netloom serve", () => {
  it("opens, lists and saves inside it, relative paths read from it", async () => {
    const { root, ctx } = workspace();
    expect(await reply(ctx, "file.open", { path: "g.netloom.json" })).toMatchObject({
      ok: true,
      value: { ok: true, path: path.join(root, "g.netloom.json") },
    });
    const listing = await reply(ctx, "file.list", {});
    expect(listing).toMatchObject({ ok: true, value: { dir: root, parent: null } });
    expect(await reply(ctx, "file.list", { dir: "sub" })).toMatchObject({ value: { parent: root } });
    const saved = await reply(ctx, "file.save", { path: "sub/new.netloom.json", doc: loadPreset("mnist") });
    expect(saved).toMatchObject({ ok: true, value: { path: path.join(root, "sub", "new.netloom.json") } });
    expect(await reply(ctx, "app.info", {})).toMatchObject({ value: { cwd: root } });
  });

  it("refuses paths that lead out of it, by .., by absolute path or through a symlink", async () => {
    const { outside, secret, ctx } = workspace();
    for (const p of ["../secret.json", secret, "link.json", "away/secret.json", "/etc/passwd", "sub/../../x.json"]) {
      expect(await reply(ctx, "file.open", { path: p }), p).toEqual(forbidden);
    }
    expect(await reply(ctx, "file.list", { dir: ".." })).toEqual(forbidden);
    expect(await reply(ctx, "file.list", { dir: "away" })).toEqual(forbidden);
    expect(await reply(ctx, "file.existing", { path: path.join(outside, "x.json") })).toEqual(forbidden);
  });

  it("reads a CSV header inside it, relative paths from the graph's folder or the root, and no header outside", async () => {
    const { root, outside, ctx } = workspace();
    writeFileSync(path.join(root, "sub", "t.csv"), "a,b,label\n1,2,0\n");
    writeFileSync(path.join(outside, "s.csv"), "secret,label\n1,0\n");
    const expected = { ok: true, value: { path: path.join(root, "sub", "t.csv"), columns: ["a", "b", "label"] } };
    expect(await reply(ctx, "dataset.columns", { path: "sub/t.csv" })).toEqual(expected);
    expect(await reply(ctx, "dataset.columns", { path: "t.csv", baseDir: path.join(root, "sub") })).toEqual(expected);
    expect(await reply(ctx, "dataset.columns", { path: path.join(outside, "s.csv") })).toEqual(forbidden);
    expect(await reply(ctx, "dataset.columns", { path: "../s.csv", baseDir: root })).toEqual(forbidden);
    writeFileSync(path.join(root, "passwd"), "root:x:0:0:root:/root:/bin/bash\nuser,1\n");
    writeFileSync(path.join(root, "key.csv"), "SECRET-KEY\n");
    for (const file of ["passwd", "key.csv"]) {
      const refused = await reply(ctx, "dataset.columns", { path: file });
      expect(refused).toMatchObject({ ok: false, error: { code: "IO", message: /does not look like a CSV table/ } });
      expect(JSON.stringify(refused)).not.toMatch(/bash|user|SECRET/);
    }
    expect(await reply(ctx, "dataset.columns", { path: "sub/none.csv" })).toMatchObject({
      ok: false,
      error: { code: "IO", message: expect.stringMatching(/cannot read CSV file .*none\.csv/) },
    });
  });

  it("writes nothing outside it, not even through a link to a file outside", async () => {
    const { outside, secret, ctx } = workspace();
    const before = readFileSync(secret, "utf8");
    const doc = loadPreset("mnist");
    expect(await reply(ctx, "file.save", { path: "link.json", doc, overwrite: true })).toEqual(forbidden);
    expect(await reply(ctx, "file.save", { path: path.join(outside, "new.json"), doc })).toEqual(forbidden);
    expect(await reply(ctx, "file.save", { path: "away/new.json", doc })).toEqual(forbidden);
    expect(readFileSync(secret, "utf8")).toBe(before);
    const exported = { runId: "r1", format: "json", path: "away/model.json" };
    expect(await reply(ctx, "training.export", exported)).toEqual(forbidden);
  });

  it("reads data files only inside it, for training and for inspection", async () => {
    const { root, secret, ctx, seen } = workspace();
    expect(await reply(ctx, "training.start", { doc: csvGraph(secret) })).toEqual(forbidden);
    expect(await reply(ctx, "training.start", { doc: csvGraph("link.json") })).toEqual(forbidden);
    const params = { source: "csv", path: "../x.csv", labelColumn: "y" };
    expect(await reply(ctx, "dataset.inspect", { params })).toEqual(forbidden);
    expect(await reply(ctx, "dataset.inspect", { params, baseDir: "/" })).toEqual(forbidden);
    expect(seen.docs).toEqual([]);
    expect(await reply(ctx, "training.start", { doc: csvGraph("data.csv"), baseDir: "sub" })).toMatchObject({
      ok: true,
    });
    const data = seen.docs[0]?.nodes.find((n) => n.kind === "Dataset");
    expect(data?.params.path).toBe(path.join(root, "sub", "data.csv"));
  });

  it("reads the data of NetLoom's own examples wherever it is, and writes nothing there", async () => {
    const { ctx, seen } = workspace();
    expect(await reply(ctx, "training.start", { doc: loadExample("xor") })).toMatchObject({ ok: true });
    const data = seen.docs[0]?.nodes.find((n) => n.kind === "Dataset");
    expect(data?.params.path).toBe(path.join(realpathSync(DEFAULT_EXAMPLES_DIR), "data", "xor.csv"));
    const beside = path.join(DEFAULT_EXAMPLES_DIR, "..", "package.json");
    expect(await reply(ctx, "dataset.inspect", { params: { source: "csv", path: beside } })).toEqual(forbidden);
    const inExamples = path.join(DEFAULT_EXAMPLES_DIR, "mine.netloom.json");
    expect(await reply(ctx, "file.save", { path: inExamples, doc: loadPreset("mnist") })).toEqual(forbidden);
  });

  it("is absent from the desktop app, whose native dialogs choose any file", async () => {
    const { secret } = workspace();
    const desktop = browserContext({ host: "electron" });
    expect(await reply(desktop, "file.open", { path: secret })).toMatchObject({ ok: true, value: { ok: true } });
  });

  it("defaults to the folder serve starts in, or the graph's folder when the graph is elsewhere", () => {
    const { root, outside } = workspace();
    expect(workspaceRootFor(undefined, undefined, root)).toBe(root);
    expect(workspaceRootFor("g.netloom.json", undefined, root)).toBe(root);
    expect(workspaceRootFor(path.join(outside, "secret.json"), undefined, root)).toBe(outside);
    expect(workspaceRootFor(undefined, "sub", root)).toBe(path.join(root, "sub"));
    expect(() => workspaceRootFor("g.netloom.json", "sub", root)).toThrow(/is outside --root/);
    expect(() => workspaceRootFor(undefined, "missing", root)).toThrow(/--root .* does not exist/);
    expect(workspaceRootFor(undefined, "away", root)).toBe(outside);
  });
});
