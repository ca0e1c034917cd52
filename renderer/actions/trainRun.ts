import { ApiError, type PayloadOf, type ReplyOf } from "../../shared/api";
import type { GraphDocument } from "../../shared/graph";
import type { TrainingControl, TrainingEvent } from "../../shared/run";
import { api } from "../api";
import { editorStore } from "../store";
import { analyze } from "../store/analysis";
import { runOptionsOf } from "../training/runOptions";
import { currentRun, isActive } from "../training/select";
import { canStop, requestedCommand } from "../training/status";
import type { RunVariant, TrainingAction } from "../training/types";
import { routeSignals } from "./backprop";
import { baseDirField, graphFolder } from "./dataFiles";

/** Test samples fetched for the results grid. */
export const EXAMPLE_COUNT = 48;

/**
 * The least time between two repaints of the curves and progress. Without a GPU (as here: 2 cores,
 * software compositing) each repaint of the window costs several milliseconds of CPU the engine
 * could use; five a second keeps the curves live and leaves the engine its speed.
 */
export const UI_INTERVAL_MS = 200;

let queue: TrainingAction[] = [];
let frame = 0;
let timer: ReturnType<typeof setTimeout> | null = null;
let lastFlush = 0;

function flush(): void {
  frame = 0;
  lastFlush = performance.now();
  const actions = queue;
  queue = [];
  editorStore.getState().applyTraining(actions);
}

/**
 * Batch events (up to ~20 a second) reach the store together, in an animation frame at most every
 * {@link UI_INTERVAL_MS}; any other event is applied at once, with those before it, in order.
 */
function enqueue(action: TrainingAction, now = false): void {
  queue.push(action);
  if (now) {
    if (frame) cancelAnimationFrame(frame);
    if (timer) clearTimeout(timer);
    timer = null;
    flush();
    return;
  }
  if (frame || timer) return;
  const wait = UI_INTERVAL_MS - (performance.now() - lastFlush);
  if (wait <= 0) frame = requestAnimationFrame(flush);
  else {
    timer = setTimeout(() => {
      timer = null;
      frame = requestAnimationFrame(flush);
    }, wait);
  }
}

/** Applies an action now, after the batch events waiting before it. */
export function applyNow(action: TrainingAction): void {
  enqueue(action, true);
}

/** The requests about a run's trained model. */
type RunRequest =
  | "training.predict"
  | "training.examples"
  | "training.evaluate"
  | "training.export"
  | "training.download";

/**
 * Asks the engine about a run's trained model. When the engine no longer keeps it (it keeps the
 * newest few), the run is marked so, and the panels say so instead of failing again; the error
 * is thrown on as well.
 */
export async function askRun<C extends RunRequest>(channel: C, payload: PayloadOf<C>): Promise<ReplyOf<C>> {
  try {
    return await api.request(channel, payload);
  } catch (err) {
    if (err instanceof ApiError && err.code === "NOT_FOUND") applyNow({ type: "modelGone", runId: payload.runId });
    throw err;
  }
}

function complain(prefix: string, err: unknown): void {
  editorStore.getState().notify("error", `${prefix}: ${(err as Error).message}`);
}

/** A stopped run has no `done` event: its model is evaluated on request, then its samples fetched. */
async function afterRun(e: TrainingEvent): Promise<void> {
  if (e.type !== "done" && e.type !== "stopped") return;
  try {
    if (e.type === "stopped") {
      const evaluation = await askRun("training.evaluate", { runId: e.runId });
      enqueue({ type: "evaluated", runId: e.runId, evaluation }, true);
    }
    const examples = await askRun("training.examples", { runId: e.runId, count: EXAMPLE_COUNT });
    enqueue({ type: "examples", runId: e.runId, examples }, true);
  } catch (err) {
    complain("Could not read the results", err);
  }
}

/** Feeds training events and connection losses to the store; call once at start-up. */
export function installTraining(): void {
  api.on("training.event", (event) => {
    routeSignals(event);
    // Signals go to the canvas alone; the runs, curves and panels never see them.
    if (event.type === "signals") return;
    enqueue({ type: "event", event }, event.type !== "batch");
    void afterRun(event);
  });
  api.onStatus((connected) => {
    if (!connected) {
      enqueue({ type: "lost", message: "lost the connection to netloom serve, and the run stopped with it" }, true);
    }
  });
}

/**
 * Begins a run in the store (`start` to train, `load` to load weights), then asks the engine for it
 * with `base`: the folder of the graph file, where relative data paths start. The engine's answer
 * accepts the run (its id is returned) or rejects it (null).
 */
export async function beginRun(
  action: Extract<TrainingAction, { type: "start" | "load" }>,
  request: (base: { baseDir?: string }) => Promise<{ runId: string }>,
): Promise<string | null> {
  const base = baseDirField(graphFolder(editorStore.getState().filePath));
  applyNow(action);
  try {
    const { runId } = await request(base);
    applyNow({ type: "accepted", runId });
    return runId;
  } catch (err) {
    applyNow({ type: "rejected", message: (err as Error).message });
    return null;
  }
}

/** Trains a snapshot of the current graph with the panel's run options. */
export async function startTraining(): Promise<void> {
  const s = editorStore.getState();
  if (isActive(s.training)) return;
  if (!analyze(s.doc, s.dataFiles).result.ok) return;
  await trainGraph(s.doc);
}

/**
 * Trains `doc` (the graph, or one of its variants) with the panel's run options; returns the run's
 * id once the engine accepted it, else null.
 */
export async function trainGraph(doc: GraphDocument, variant?: RunVariant): Promise<string | null> {
  const s = editorStore.getState();
  const options = runOptionsOf(s.runOptions);
  s.setTrainPanelOpen(true);
  // The Signals switch is a view setting, not part of what the run trains: it stays out of the run's options.
  const signals = s.signalsOn ? { signals: true } : {};
  const runId = await beginRun({ type: "start", doc, options, ...(variant ? { variant } : {}) }, (base) =>
    api.request("training.start", { doc, options: { ...options, ...signals }, ...base }),
  );
  if (runId === null) return null;
  // Stop was pressed before the run had an id: it goes now that the engine knows the run.
  if (requestedCommand(editorStore.getState().training) === "stop") await send(runId, "stop");
  return runId;
}

async function send(runId: string, command: TrainingControl): Promise<void> {
  try {
    await api.request("training.control", { runId, command });
  } catch (err) {
    complain(`Could not ${command} training`, err);
  }
}

/**
 * Pauses, resumes or stops the current run; the engine's event confirms it. Stop also works
 * while the run starts: sent as soon as the run has an id, it ends the run before its first batch.
 */
export async function controlTraining(command: TrainingControl): Promise<void> {
  const s = editorStore.getState();
  const runId = currentRun(s.training)?.runId;
  if (s.training.phase === "starting") {
    if (command !== "stop" || !canStop(s.training)) return;
    enqueue({ type: "control", command }, true);
    if (runId) await send(runId, command);
    return;
  }
  if (s.training.phase !== "training" || !runId) return;
  enqueue({ type: "control", command }, true);
  await send(runId, command);
}
