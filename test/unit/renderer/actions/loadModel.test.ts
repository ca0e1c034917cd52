import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { dataFileReader, READ_DELAY_MS } from "../../../../renderer/actions/dataFiles";
import { showGraph } from "../../../../renderer/actions/files";
import { installModelLoading, loadBlocked, modelOpened } from "../../../../renderer/actions/loadModel";
import { editorStore } from "../../../../renderer/store";
import { currentRun } from "../../../../renderer/training/select";
import { canStop } from "../../../../renderer/training/status";
import { loadPreset } from "../../../../shared/presets";
import { backend } from "../helpers/backend";

vi.mock("../../../../renderer/api", async () => ({ api: (await import("../helpers/backend")).backend.api }));

// As at start-up: data files are read as the graph changes, a waiting model's weights load when they can.
const reader = dataFileReader(editorStore, (params, baseDir) =>
  backend.api.request("dataset.inspect", { params, ...(baseDir ? { baseDir } : {}) }),
);
editorStore.subscribe(reader.sync);
installModelLoading();

const tensors = { source: "netloom" as const, tensors: 4 };
const notice = () => editorStore.getState().notice?.text;

/** The weights the editor asked to load, by model file, in order: each load waits for the test to answer. */
const loads: { path: string; accept(runId: string): void; reject(err: Error): void }[] = [];
const request = backend.api.request.bind(backend.api);
vi.spyOn(backend.api, "request").mockImplementation(((channel: string, payload: { path: string }) => {
  if (channel !== "training.load") return request(channel as never, payload as never);
  return new Promise<{ runId: string }>((resolve, reject) => {
    loads.push({ path: payload.path, accept: (runId) => resolve({ runId }), reject });
  });
}) as typeof backend.api.request);

/**
 * Until the data files the graph names are read: a Dataset node whose id the graph before had too
 * is read after the pause an edit of it gets.
 */
async function settle(): Promise<void> {
  await vi.advanceTimersByTimeAsync(READ_DELAY_MS);
  await backend.idle();
}

/** The MNIST preset reading a CSV file of two features and ten classes instead. */
function csvModel(file: string) {
  const doc = loadPreset("mnist");
  const csv = { source: "csv", path: file, labelColumn: "label" };
  return {
    ...doc,
    nodes: doc.nodes.map((n) => (n.kind === "Dataset" ? { ...n, params: { ...n.params, ...csv } } : n)),
  };
}

/** What opening a trained model does once the back end has read its file (`openPath`). */
function openModel(doc: ReturnType<typeof loadPreset>, name: string): void {
  showGraph(doc, null, { dirty: true });
  modelOpened(path.join(backend.dir, name), name, tensors);
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
});
afterEach(async () => {
  for (const load of loads.splice(0)) load.reject(new Error("not answered"));
  await settle();
  vi.useRealTimers();
  editorStore.getState().applyTraining({ type: "clear" });
});

describe("a trained model whose graph reads a data file", () => {
  it("says its file is being read, not that it must be chosen, and loads its weights once it is read", async () => {
    const file = path.join(backend.dir, "digits.csv");
    writeFileSync(file, `a,b,label\n${Array.from({ length: 100 }, (_, i) => `${i},${i * 2},${i % 10}`).join("\n")}\n`);
    openModel(csvModel(file), "digits.model.json");
    expect(notice()).toBe(
      "Opened the trained model digits.model.json (4 weight tensors). Reading the model's data file: its weights load then",
    );
    expect(loadBlocked()).toBe("Reading the model's data file");
    await settle();
    expect(editorStore.getState().dataFiles.infos.dataset).toBeDefined();
    expect(loads.map((l) => l.path)).toEqual([path.join(backend.dir, "digits.model.json")]);
    expect(currentRun(editorStore.getState().training)?.source).toBe("digits.model.json");
  });

  it("asks for the file once reading it failed, and loads nothing", async () => {
    openModel(csvModel(path.join(backend.dir, "missing.csv")), "missing.model.json");
    expect(loadBlocked()).toBe("Reading the model's data file");
    await settle();
    expect(editorStore.getState().dataFiles.errors.dataset).toMatch(/missing\.csv/);
    expect(loadBlocked()).toBe("Choose the model's data file on the Dataset node");
    expect(loads).toEqual([]);
    expect(editorStore.getState().modelFile?.pending).toBe(true);
  });

  it("asks for the file when the Dataset node names none", () => {
    openModel(csvModel(""), "empty.model.json");
    expect(notice()).toMatch(/Choose the model's data file on the Dataset node: its weights load then$/);
  });
});

describe("a trained model opened while another one's weights load", () => {
  it("waits for them, rather than for a Stop that cannot be pressed, then loads its own", async () => {
    openModel(loadPreset("mnist"), "first.model.json");
    expect(currentRun(editorStore.getState().training)?.source).toBe("first.model.json");
    expect(canStop(editorStore.getState().training)).toBe(false);

    openModel(loadPreset("mnist"), "second.model.json");
    expect(notice()).toBe(
      "Opened the trained model second.model.json (4 weight tensors). The weights of first.model.json are still loading: its weights load then",
    );
    expect(loads).toHaveLength(1);

    loads[0]?.accept("r1");
    await backend.idle();
    const done = {
      type: "done",
      runId: "r1",
      testLoss: 0.1,
      testAccuracy: 0.9,
      confusionMatrix: null,
      seconds: 1,
    } as const;
    editorStore.getState().applyTraining({ type: "event", event: done });
    expect(loads.map((l) => path.basename(l.path))).toEqual(["first.model.json", "second.model.json"]);
    expect(currentRun(editorStore.getState().training)?.source).toBe("second.model.json");
  });
});
