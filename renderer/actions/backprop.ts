import type { TrainingEvent } from "../../shared/run";
import type { SampleChoice } from "../../shared/step";
import { api } from "../api";
import { focusNodes } from "../canvas/flow";
import { editorStore } from "../store";
import { analyze } from "../store/analysis";
import type { EditorState } from "../store/types";
import { modelKept, shownRun } from "../training/runs";
import { currentRun, isActive } from "../training/select";
import { baseDirField, graphFolder } from "./dataFiles";

/** Turns live signals on or off: for the run training now, and for the runs to come. */
export async function setSignals(on: boolean): Promise<void> {
  const s = editorStore.getState();
  s.setSignalsOn(on);
  const runId = currentRun(s.training)?.runId;
  if (!isActive(s.training) || !runId) return;
  try {
    await api.request("training.signals", { runId, on });
  } catch (err) {
    s.notify("error", `Could not switch the signals: ${(err as Error).message}`);
  }
}

/** Shows a run's signals on the canvas when they are its current run's; a new run clears the last run's. */
export function routeSignals(e: TrainingEvent): void {
  const s = editorStore.getState();
  if (e.type === "started") {
    // A new run changes what a step would start from: step mode closes, last run's signals go.
    s.showSignals(null);
    if (s.step.phase !== "off") s.setStep({ phase: "off" });
  } else if (e.type === "signals" && currentRun(s.training)?.runId === e.runId && s.signalsOn) {
    // A run's first signals bring its model's nodes into view, close enough to read them: the
    // whole graph fitted to the canvas is too small for their numbers.
    if (s.signals?.runId !== e.runId) focusNodes(e.nodes.map((n) => n.nodeId));
    s.showSignals(e);
  }
}

/** The compiled model of a graph, as text: two graphs whose models match take the same weights. */
function modelText(s: Pick<EditorState, "dataFiles">, doc: EditorState["doc"]): string | null {
  const result = analyze(doc, s.dataFiles).result;
  return result.ok ? JSON.stringify(result.model) : null;
}

/** The kept run whose trained weights fit the graph as it is now (the run shown in Results), if any. */
function trainedRun(s: EditorState) {
  const run = shownRun(s.training, s.runView);
  if (!run?.runId || !modelKept(s.training, run)) return null;
  return modelText(s, run.doc) === modelText(s, s.doc) ? run : null;
}

let sessions = 0;

/**
 * Takes one training step of the graph apart in the engine and shows it from its first stage:
 * on the trained weights of the run shown in Results when they fit the graph, else on the graph's
 * initial ones. The next Step continues from where this one left the weights and momentum;
 * `fresh` starts again from the run's (or the initial) weights.
 */
export async function takeStep(fresh = false): Promise<void> {
  const s = editorStore.getState();
  if (isActive(s.training) || s.step.phase === "loading") return;
  if (!analyze(s.doc, s.dataFiles).result.ok) return;
  const run = trainedRun(s);
  const fromSeq = run?.seq ?? null;
  const previous = s.step;
  const same = !fresh && previous.phase === "ready" && previous.fromSeq === fromSeq;
  const session = same ? previous.session : `step-${++sessions}`;
  const sample: SampleChoice | null =
    "index" in s.stepSample ? s.stepSample : s.drawn ? { input: [...s.drawn], label: s.stepSample.label } : null;
  if (!sample) {
    s.setStep({ phase: "failed", session: null, message: "Draw a digit in Try it first, or pick a test sample" });
    return;
  }
  s.setStep({ phase: "loading", session });
  s.showTrainTab("step");
  try {
    const trace = await api.request("training.step", {
      session,
      doc: s.doc,
      options: s.runOptions.limit ? { limit: s.runOptions.limit } : {},
      ...baseDirField(graphFolder(s.filePath)),
      ...(run?.runId ? { fromRun: run.runId } : {}),
      sample,
      batch: "index" in sample ? s.stepBatch : 1,
      fresh: !same,
    });
    editorStore.getState().showStep(session, trace, fromSeq);
    goToStage(0);
  } catch (err) {
    editorStore.getState().setStep({ phase: "failed", session: null, message: (err as Error).message });
  }
}

/** Moves step mode to stage `at` and selects that stage's node, so the inspector explains it. */
export function goToStage(at: number): void {
  const s = editorStore.getState();
  s.goToStage(at);
  const step = editorStore.getState().step;
  if (step.phase !== "ready") return;
  const nodeId = step.stages[step.at]?.nodeId;
  if (!nodeId) return;
  s.select({ nodes: [nodeId], edges: [] });
  // The stage's node with the ones before and after it: close enough to read what they show.
  const near = [step.stages[step.at - 1]?.nodeId, nodeId, step.stages[step.at + 1]?.nodeId];
  focusNodes([...new Set(near.filter((id): id is string => id !== undefined))]);
}

/** Leaves step mode: the canvas shows the graph alone again. */
export function closeStep(): void {
  editorStore.getState().setStep({ phase: "off" });
}
