import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { dataFileReader, READ_DELAY_MS } from "../../../../renderer/actions/dataFiles";
import { rebaseDataPaths, storedDataPath } from "../../../../renderer/actions/dataPaths";
import { createEditorStore } from "../../../../renderer/store";
import { loadPreset } from "../../../../shared/presets";
import { backend } from "../helpers/backend";

vi.mock("../../../../renderer/api", async () => ({ api: (await import("../helpers/backend")).backend.api }));

const folder = path.join(backend.dir, "files");
mkdirSync(folder, { recursive: true });
const inspect = (params: Record<string, unknown>, baseDir: string | undefined) =>
  backend.api.request("dataset.inspect", { params, ...(baseDir ? { baseDir } : {}) });
const inspections = () => backend.requests.filter((c) => c === "dataset.inspect").length;

/** The MNIST preset reading a CSV file of numbers with a `y` column instead. */
function csvStore(file: string) {
  const store = createEditorStore();
  const doc = loadPreset("mnist");
  const csv = { source: "csv", path: file, labelColumn: "y", labels: "value" };
  store
    .getState()
    .loadGraph(
      { ...doc, nodes: doc.nodes.map((n) => (n.kind === "Dataset" ? { ...n, params: { ...n.params, ...csv } } : n)) },
      null,
    );
  const reader = dataFileReader(store, inspect);
  const unsubscribe = store.subscribe(reader.sync);
  reader.sync();
  stops.push(() => {
    unsubscribe();
    reader.dispose();
  });
  return { store, reader, shape: () => store.getState().dataFiles.infos.dataset?.xShape };
}

const stops: (() => void)[] = [];
beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
});
afterEach(() => {
  for (const stop of stops.splice(0)) stop();
  vi.useRealTimers();
});

describe("reading the files Dataset nodes name", () => {
  it("reads a missing file again when asked, once it exists: an error is not kept as the answer", async () => {
    const file = path.join(folder, "later.csv");
    const { store, reader, shape } = csvStore(file);
    await backend.idle();
    expect(store.getState().dataFiles.errors.dataset).toMatch(/later\.csv/);
    writeFileSync(file, "x,y\n1,2\n3,4\n5,6\n");
    reader.reread();
    await backend.idle();
    expect(store.getState().dataFiles.errors).toEqual({});
    expect(shape()).toEqual([1]);
  });

  it("reads a changed file again after an edit of its node", async () => {
    const file = path.join(folder, "changing.csv");
    writeFileSync(file, "x,y\n1,2\n3,4\n5,6\n");
    const { store, shape } = csvStore(file);
    await backend.idle();
    expect(shape()).toEqual([1]);
    writeFileSync(file, "a,b,y\n1,2,3\n4,5,6\n7,8,9\n10,11,12\n");
    store.getState().setParam("dataset", "validationSplit", 0.2);
    await vi.advanceTimersByTimeAsync(READ_DELAY_MS);
    await backend.idle();
    expect(shape()).toEqual([2]);
  });

  it("does not rebuild the shown data files when a node only moves, as on every frame of a drag", async () => {
    const file = path.join(folder, "dragged.csv");
    writeFileSync(file, "x,y\n1,2\n3,4\n5,6\n");
    const { store, shape } = csvStore(file);
    await backend.idle();
    const shown = store.getState().dataFiles;
    const stringify = vi.spyOn(JSON, "stringify");
    try {
      store.getState().moveNodes([{ id: "dataset", position: { x: 123, y: 45 } }]);
      expect(stringify.mock.calls.some(([value]) => value === shown)).toBe(false);
    } finally {
      stringify.mockRestore();
    }
    expect(store.getState().dataFiles).toBe(shown);
    expect(shape()).toEqual([1]);
  });

  it("asks once for a path typed a key at a time, when typing pauses", async () => {
    const file = path.join(folder, "typed.csv");
    writeFileSync(file, "x,y\n1,2\n3,4\n5,6\n");
    const { store, shape } = csvStore(path.join(folder, "t"));
    await backend.idle();
    const before = inspections();
    for (let i = folder.length + 2; i <= file.length; i++) {
      store.getState().setParam("dataset", "path", file.slice(0, i));
      await vi.advanceTimersByTimeAsync(READ_DELAY_MS / 4);
    }
    expect(inspections()).toBe(before);
    await vi.advanceTimersByTimeAsync(READ_DELAY_MS);
    await backend.idle();
    expect(inspections()).toBe(before + 1);
    expect(shape()).toEqual([1]);
  });
});

describe("a chosen data file's stored path", () => {
  it("is relative to the graph file's folder when the file lies inside it", () => {
    expect(storedDataPath("/p/xor/xor.csv", "/p/xor/xor.netloom.json")).toBe("xor.csv");
    expect(storedDataPath("/p/xor/data/train.csv", "/p/xor/g.json")).toBe("data/train.csv");
    expect(storedDataPath("C:\\p\\x\\a.csv", "C:\\p\\x\\g.json")).toBe("a.csv");
  });

  it("stays whole outside the folder, in a folder that only starts alike, and for a graph with no file", () => {
    expect(storedDataPath("/data/xor.csv", "/p/xor/g.json")).toBe("/data/xor.csv");
    expect(storedDataPath("/p/xor2/a.csv", "/p/xor/g.json")).toBe("/p/xor2/a.csv");
    expect(storedDataPath("/p/xor/a.csv", null)).toBe("/p/xor/a.csv");
  });
});

describe("data paths when a graph is saved elsewhere", () => {
  const graph = (params: Record<string, unknown>) => {
    const doc = loadPreset("mnist");
    const dataset = doc.nodes.find((n) => n.id === "dataset");
    if (dataset) dataset.params = { source: "csv", labelColumn: "y", ...params };
    return doc;
  };
  const paramsOf = (doc: ReturnType<typeof graph>) => doc.nodes.find((n) => n.id === "dataset")?.params;

  it("become relative when the graph is saved beside its files, for the first time or again", () => {
    const doc = graph({ path: "/p/xor/xor.csv", testPath: "/p/xor/test/t.csv" });
    expect(paramsOf(rebaseDataPaths(doc, null, "/p/xor/xor.netloom.json"))).toMatchObject({
      path: "xor.csv",
      testPath: "test/t.csv",
    });
    expect(paramsOf(rebaseDataPaths(doc, "/elsewhere/g.json", "/p/xor/g.json"))).toMatchObject({ path: "xor.csv" });
  });

  it("keep naming the same file when the graph moves away from them", () => {
    const doc = graph({ path: "xor.csv", testPath: "../shared/t.csv" });
    expect(paramsOf(rebaseDataPaths(doc, "/p/xor/g.json", "/q/g.json"))).toMatchObject({
      path: "/p/xor/xor.csv",
      testPath: "/p/shared/t.csv",
    });
    expect(paramsOf(rebaseDataPaths(doc, "/p/xor/g.json", "/p/xor/sub/../g2.json"))).toMatchObject({
      path: expect.stringMatching(/xor\.csv$/),
    });
  });

  it("leave the document as it is when nothing moves, and a never-saved graph's relative paths alone", () => {
    const doc = graph({ path: "xor.csv" });
    expect(rebaseDataPaths(doc, "/p/xor/g.json", "/p/xor/h.json")).toBe(doc);
    expect(rebaseDataPaths(doc, null, "/q/g.json")).toBe(doc);
    const mnist = loadPreset("mnist");
    expect(rebaseDataPaths(mnist, "/a/g.json", "/b/g.json")).toBe(mnist);
  });
});
