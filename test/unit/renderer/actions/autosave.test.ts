import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { discardRecovered, restoreRecovered, startAutosave } from "../../../../renderer/actions/autosave";
import { newGraph, openPath, save } from "../../../../renderer/actions/files";
import { editorStore, isDirty } from "../../../../renderer/store";
import type { Autosave } from "../../../../shared/api";
import { type GraphDocument, serializeGraph } from "../../../../shared/graph";
import { loadPreset } from "../../../../shared/presets";
import { backend } from "../helpers/backend";
import { answerConfirm } from "../helpers/confirm";

vi.mock("../../../../renderer/api", async () => ({ api: (await import("../helpers/backend")).backend.api }));

const { api } = backend;
const units = (doc: GraphDocument | undefined) => doc?.nodes.find((n) => n.id === "linear1")?.params.units;
/** The autosave as the back end holds it once every request the editor made is answered. */
async function onDisk(): Promise<Autosave | null> {
  await backend.idle();
  return api.request("autosave.read", {});
}
let stop = () => {};

/** A start-up after a crash with linear1 at `crashed` units: the preset open, the crashed work on offer. */
async function startAfterCrash(crashed: number): Promise<Autosave> {
  const work = loadPreset("mnist");
  await api.request("autosave.write", { doc: units(work) === crashed ? work : withUnits(work, crashed), path: null });
  const recovered = (await onDisk()) as Autosave;
  editorStore.getState().loadGraph(loadPreset("mnist"), null);
  editorStore.getState().setSession({ recovered });
  stop = startAutosave();
  return recovered;
}

function withUnits(doc: GraphDocument, n: number): GraphDocument {
  return {
    ...doc,
    nodes: doc.nodes.map((x) => (x.id === "linear1" ? { ...x, params: { ...x.params, units: n } } : x)),
  };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
});
afterEach(async () => {
  stop();
  vi.useRealTimers();
  editorStore.getState().setSession({ recovered: null });
  await api.request("autosave.clear", {});
});

describe("recovered work on offer", () => {
  it("is not overwritten by the autosave of edits made while it is offered", async () => {
    await startAfterCrash(111);
    editorStore.getState().setParam("linear1", "units", 222);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(units((await onDisk())?.doc)).toBe(111);
    expect(editorStore.getState().recovered).not.toBeNull();
  });

  it("survives New and Open: the offer and the autosave stay, only the graph is replaced", async () => {
    await startAfterCrash(111);
    editorStore.getState().setParam("linear1", "units", 222);
    const creating = newGraph();
    expect(await answerConfirm(true)).toMatch(/has unsaved changes/);
    await creating;
    expect(editorStore.getState().doc.nodes).toHaveLength(0);
    expect(await openPath("/no/such/file.netloom.json")).toBe(false);
    editorStore.getState().closeDialog();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(editorStore.getState().recovered).not.toBeNull();
    expect(units((await onDisk())?.doc)).toBe(111);
  });

  it("is kept when the current graph is saved meanwhile", async () => {
    await startAfterCrash(111);
    editorStore.getState().setParam("linear1", "units", 222);
    editorStore.getState().markSaved(`${backend.dir}/other.netloom.json`, loadPreset("mnist"));
    expect(await save()).toBe(true);
    expect(isDirty(editorStore.getState())).toBe(false);
    expect(units((await onDisk())?.doc)).toBe(111);
  });

  it("asks before Restore replaces unsaved edits; restored, it is autosaved again", async () => {
    await startAfterCrash(111);
    editorStore.getState().setParam("linear1", "units", 222);
    const declined = restoreRecovered();
    expect(await answerConfirm(false)).toMatch(/Restore the recovered work anyway/);
    await declined;
    expect(units(editorStore.getState().doc)).toBe(222);
    expect(editorStore.getState().recovered).not.toBeNull();

    const restoring = restoreRecovered();
    await answerConfirm(true);
    await restoring;
    expect(units(editorStore.getState().doc)).toBe(111);
    expect(isDirty(editorStore.getState())).toBe(true);
    expect(editorStore.getState().recovered).toBeNull();
    await vi.waitFor(async () => expect(units((await onDisk())?.doc)).toBe(111));
  });

  it("restored, saves back to the file it was from without asking", async () => {
    const file = path.join(backend.dir, "crashed.netloom.json");
    writeFileSync(file, serializeGraph(loadPreset("mnist")));
    await api.request("autosave.write", { doc: withUnits(loadPreset("mnist"), 222), path: file });
    editorStore.getState().loadGraph(loadPreset("mnist"), null);
    editorStore.getState().setSession({ recovered: await onDisk() });
    stop = startAutosave();
    await restoreRecovered();
    expect(editorStore.getState().filePath).toBe(file);
    expect(await save()).toBe(true);
    expect(editorStore.getState().dialog).toBeNull();
    const saved = await api.request("file.open", { path: file });
    expect(saved.ok && units(saved.doc)).toBe(222);
  });

  it("once discarded, gives the autosave to the unsaved edits made meanwhile", async () => {
    await startAfterCrash(111);
    editorStore.getState().setParam("linear1", "units", 222);
    await discardRecovered();
    expect(editorStore.getState().recovered).toBeNull();
    await vi.waitFor(async () => expect(units((await onDisk())?.doc)).toBe(222));
    editorStore.getState().setParam("linear1", "units", 333);
    await vi.advanceTimersByTimeAsync(60_000);
    await vi.waitFor(async () => expect(units((await onDisk())?.doc)).toBe(333));
  });
});
