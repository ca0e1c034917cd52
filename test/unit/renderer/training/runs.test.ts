import { describe, expect, it } from "vitest";
import { createEditorStore } from "../../../../renderer/store";
import { reduceAll } from "../../../../renderer/training/reducer";
import { baselineRun, DEFAULT_RUN_VIEW, modelKept, runLabel, shownRun } from "../../../../renderer/training/runs";
import { INITIAL_TRAINING, type TrainingAction, type TrainingState } from "../../../../renderer/training/types";
import type { GraphDocument } from "../../../../shared/graph";
import { loadPreset } from "../../../../shared/presets";
import { KEPT_MODELS } from "../../../../shared/run";

const preset = loadPreset("mnist");

/** The preset with the optimizer's learning rate set. */
function withRate(learningRate: number): GraphDocument {
  return {
    ...preset,
    nodes: preset.nodes.map((n) => (n.kind === "Optimizer" ? { ...n, params: { ...n.params, learningRate } } : n)),
  };
}

/** A run of `doc` that trains and ends: done, stopped, or with an error (no model). */
function run(id: string, doc: GraphDocument, end: "done" | "stopped" | "error" = "done"): TrainingAction[] {
  const last =
    end === "done"
      ? { type: "done" as const, runId: id, testLoss: 0.3, testAccuracy: 0.9, confusionMatrix: null, seconds: 1 }
      : end === "stopped"
        ? { type: "stopped" as const, runId: id, epoch: 1, batch: 3 }
        : { type: "error" as const, runId: id, message: "diverged" };
  return [
    { type: "start", doc, options: {} },
    { type: "accepted", runId: id },
    { type: "event", event: last },
  ];
}

function session(count: number): TrainingState {
  return reduceAll(
    INITIAL_TRAINING,
    Array.from({ length: count }, (_, i) => run(`r${i + 1}`, withRate(0.01 * (i + 1)))).flat(),
  );
}

describe("the session's runs", () => {
  it(`keeps the models of the newest ${KEPT_MODELS} runs that ended with one`, () => {
    const state = session(KEPT_MODELS + 2);
    expect(state.runs.map((r) => modelKept(state, r))).toEqual([false, false, ...Array(KEPT_MODELS).fill(true)]);
    // A failed run has no model, so it pushes no older model out.
    const failed = reduceAll(state, run("bad", preset, "error"));
    expect(failed.runs.filter((r) => modelKept(failed, r))).toHaveLength(KEPT_MODELS);
    expect(modelKept(failed, failed.runs[2] as never)).toBe(true);
  });

  it("marks a run's model gone when the engine says so, and only that run's", () => {
    const state = reduceAll(session(2), [{ type: "modelGone", runId: "r2" }]);
    expect(state.runs.map((r) => modelKept(state, r))).toEqual([true, false]);
  });

  it("shows the picked run, else the newest that ended with a model", () => {
    const state = reduceAll(session(3), run("r4", preset, "error"));
    expect(shownRun(state, DEFAULT_RUN_VIEW)?.seq).toBe(3);
    expect(shownRun(state, { ...DEFAULT_RUN_VIEW, picked: 1 })?.seq).toBe(1);
    // A run without a model cannot be picked: the newest with one is shown.
    expect(shownRun(state, { ...DEFAULT_RUN_VIEW, picked: 4 })?.seq).toBe(3);
  });

  it("labels runs against the pinned baseline, else against the run before", () => {
    const state = session(3);
    const [first, second, third] = state.runs;
    if (!first || !second || !third) throw new Error("three runs");
    expect(runLabel(third, undefined)).toBe("lr 0.02 → 0.03");
    const view = { ...DEFAULT_RUN_VIEW, baseline: 1 };
    const base = baselineRun(state, view);
    expect(runLabel(third, base)).toBe("vs run 1: lr 0.01 → 0.03");
    expect(runLabel(first, base)).toBe("baseline: first run");
  });

  it("follows the newest run again when one starts, and forgets the view with the runs", () => {
    const store = createEditorStore();
    store.getState().applyTraining(run("r1", preset));
    store.getState().applyTraining(run("r2", preset));
    store.getState().setRunView({ picked: 1, baseline: 1, hidden: [2] });
    store.getState().applyTraining({ type: "start", doc: preset, options: {} });
    expect(store.getState().runView).toEqual({ ...DEFAULT_RUN_VIEW, baseline: 1, hidden: [2] });
    store.getState().applyTraining([{ type: "rejected", message: "busy" }, { type: "clear" }]);
    expect(store.getState().runView).toEqual(DEFAULT_RUN_VIEW);
  });
});
