import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  discardRecovered,
  offerRecovered,
  restoreRecovered,
  startAutosave,
} from "../../../../renderer/actions/autosave";
import { newGraph, openPath, save } from "../../../../renderer/actions/files";
import { autosaveSession } from "../../../../renderer/actions/session";
import { editorStore, isDirty } from "../../../../renderer/store";
import type { Autosave } from "../../../../shared/api";
import { type GraphDocument, serializeGraph } from "../../../../shared/graph";
import { loadPreset } from "../../../../shared/presets";
import { backend } from "../helpers/backend";
import { answerConfirm } from "../helpers/confirm";

vi.mock("../../../../renderer/api", async () => ({ api: (await import("../helpers/backend")).backend.api }));

const { api } = backend;
const units = (doc: GraphDocument | undefined) => doc?.nodes.find((n) => n.id === "linear1")?.params.units;
/** A session's autosave as it is on disk once every request the editor made is answered. */
async function stored(session = autosaveSession()): Promise<Autosave | null> {
  await backend.idle();
  try {
    return JSON.parse(readFileSync(path.join(backend.dataDir, `autosave-${session}.json`), "utf8"));
  } catch {
    return null;
  }
}
let stop = () => {};

/**
 * A start-up after a crash with linear1 at `crashed` units: the preset open, the crashed work on
 * offer. It is this editor's own work (its tab was reloaded), or that of `session`, another tab's.
 */
async function startAfterCrash(crashed: number, session = autosaveSession()): Promise<Autosave> {
  await api.request("autosave.write", { session, doc: withUnits(loadPreset("mnist"), crashed), path: null });
  const recovered = (await stored(session)) as Autosave;
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
  for (const session of [autosaveSession(), OTHER]) await api.request("autosave.clear", { session });
});

/** The session of another tab, closed or crashed, whose work is on offer. */
const OTHER = "closed-tab";

describe("recovered work on offer", () => {
  it("is not overwritten by the autosave of edits made while it is offered, when it is this tab's own", async () => {
    await startAfterCrash(111);
    editorStore.getState().setParam("linear1", "units", 222);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(units((await stored())?.doc)).toBe(111);
    expect(editorStore.getState().recovered).not.toBeNull();
  });

  it("another tab's work on offer keeps its file, while this tab's edits are autosaved in its own", async () => {
    await startAfterCrash(111, OTHER);
    editorStore.getState().setParam("linear1", "units", 222);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(units((await stored(OTHER))?.doc)).toBe(111);
    await vi.waitFor(async () => expect(units((await stored())?.doc)).toBe(222));
  });

  it("survives New and Open: the offer and its autosave stay, only the graph is replaced", async () => {
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
    expect(units((await stored())?.doc)).toBe(111);
  });

  it("is kept when the current graph is saved meanwhile", async () => {
    await startAfterCrash(111);
    editorStore.getState().setParam("linear1", "units", 222);
    editorStore.getState().markSaved(`${backend.dir}/other.netloom.json`, loadPreset("mnist"));
    expect(await save()).toBe(true);
    expect(isDirty(editorStore.getState())).toBe(false);
    expect(units((await stored())?.doc)).toBe(111);
  });

  it("asks before Restore replaces unsaved edits; restored, it is this tab's work and leaves the other's file", async () => {
    await startAfterCrash(111, OTHER);
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
    await vi.waitFor(async () => expect(units((await stored())?.doc)).toBe(111));
    expect(await stored(OTHER)).toBeNull();
  });

  it("restored, saves back to the file it was from without asking", async () => {
    const file = path.join(backend.dir, "crashed.netloom.json");
    writeFileSync(file, serializeGraph(loadPreset("mnist")));
    await api.request("autosave.write", { session: OTHER, doc: withUnits(loadPreset("mnist"), 222), path: file });
    editorStore.getState().loadGraph(loadPreset("mnist"), null);
    editorStore.getState().setSession({ recovered: await stored(OTHER) });
    stop = startAutosave();
    await restoreRecovered();
    expect(editorStore.getState().filePath).toBe(file);
    expect(await save()).toBe(true);
    expect(editorStore.getState().dialog).toBeNull();
    const saved = await api.request("file.open", { path: file });
    expect(saved.ok && units(saved.doc)).toBe(222);
  });

  it("once discarded, is gone, and this tab's own unsaved edits are autosaved", async () => {
    await startAfterCrash(111);
    editorStore.getState().setParam("linear1", "units", 222);
    await discardRecovered();
    expect(editorStore.getState().recovered).toBeNull();
    await vi.waitFor(async () => expect(units((await stored())?.doc)).toBe(222));
    editorStore.getState().setParam("linear1", "units", 333);
    await vi.advanceTimersByTimeAsync(60_000);
    await vi.waitFor(async () => expect(units((await stored())?.doc)).toBe(333));
  });

  it("offers several, one after the other: each answered, the next is shown", async () => {
    const doc = (n: number) => withUnits(loadPreset("mnist"), n);
    await api.request("autosave.write", { session: OTHER, doc: doc(111), path: null });
    await api.request("autosave.write", { session: "another-closed-tab", doc: doc(222), path: null });
    editorStore.getState().loadGraph(loadPreset("mnist"), null);
    offerRecovered(await api.request("autosave.read", { session: autosaveSession() }));
    stop = startAutosave();
    expect(editorStore.getState().recoveredMore).toBe(1);
    const first = units(editorStore.getState().recovered?.doc);
    await discardRecovered();
    const second = units(editorStore.getState().recovered?.doc);
    expect([first, second].sort()).toEqual([111, 222]);
    expect(editorStore.getState().recoveredMore).toBe(0);
    await discardRecovered();
    expect(editorStore.getState().recovered).toBeNull();
    expect(await api.request("autosave.read", { session: autosaveSession() })).toEqual([]);
  });

  it("another tab's, once discarded, is gone, and only it", async () => {
    await startAfterCrash(111, OTHER);
    editorStore.getState().setParam("linear1", "units", 222);
    await vi.advanceTimersByTimeAsync(60_000);
    await discardRecovered();
    expect(await stored(OTHER)).toBeNull();
    expect(units((await stored())?.doc)).toBe(222);
  });
});
