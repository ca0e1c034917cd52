/**
 * The training engine's process entry: wires {@link runTraining}, {@link loadRun} and the kept
 * models to messages. Forked by `child_process.fork` under Node, or started by Electron's
 * utilityProcess (which provides `process.parentPort`).
 */
import { catalog } from "../../shared/catalog";
import { zGraphDocument } from "../../shared/graph";
import { KEPT_MODELS, type TrainingEvent } from "../../shared/run";
import { DataError } from "../data/errors";
import { inspectDataset } from "../data/inspect";
import { Stepper } from "./backprop/stepper";
import { RunControl } from "./control";
import { evaluateRun } from "./finish";
import { loadRun } from "./load";
import { modelWeights, predict, testExamples } from "./predict";
import { checkedEvent, type EngineMessage, type HostMessage, NO_MODEL, zHostMessage } from "./protocol";
import { runTraining, type TrainedRun } from "./train";

interface ParentPort {
  on(event: "message", listener: (e: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as { parentPort?: ParentPort }).parentPort;

/** The host is gone (killed, or its terminal closed): nobody reads results, so the engine ends quietly. */
function orphaned(): never {
  process.exit(0);
}

const send = (message: EngineMessage) => {
  if (parentPort) return parentPort.postMessage(message);
  if (!process.connected) orphaned();
  // With a callback, a failed send (EPIPE once the host died) comes here instead of as an uncaught error.
  process.send?.(message, undefined, {}, (err) => {
    if (err) orphaned();
  });
};
const onMessage = (listener: (raw: unknown) => void) => {
  if (parentPort) parentPort.on("message", (e) => listener(e.data));
  else process.on("message", listener);
};

// Ctrl-C reaches the whole process group; the host decides how to stop.
process.on("SIGINT", () => {});
process.on("disconnect", orphaned);
// A closed stderr (EPIPE) or IPC channel means the same: the host and its terminal are gone.
process.on("error", orphaned);
process.stderr.on("error", orphaned);
process.stdout.on("error", orphaned);
// stdout belongs to the host (`netloom train --json`); nothing here may print to it.
console.log = console.error;
console.info = console.error;

const runs = new Map<string, TrainedRun>();
let active: { runId: string; control: RunControl } | null = null;
const stepper = new Stepper();

function keep(run: TrainedRun): void {
  runs.set(run.runId, run);
  for (const [id, old] of runs) {
    if (runs.size <= KEPT_MODELS) break;
    old.model.dispose();
    runs.delete(id);
  }
}

/** Trains (`start`) or loads weights (`load`), one run at a time, and keeps the run's model. */
async function begin(m: Extract<HostMessage, { type: "start" | "load" }>): Promise<void> {
  const doc = zGraphDocument.safeParse(m.doc);
  if (!doc.success) return send({ type: "reply", id: m.id, ok: false, error: "the graph document is not valid" });
  if (active) {
    return send({ type: "reply", id: m.id, ok: false, error: `run ${active.runId} is still training; stop it first` });
  }
  const control = new RunControl();
  active = { runId: m.runId, control };
  send({ type: "reply", id: m.id, ok: true, result: m.runId });
  const emit = (event: TrainingEvent) => send({ type: "event", event: checkedEvent(event) });
  const req = { runId: m.runId, doc: doc.data, options: m.options as never };
  try {
    const run =
      m.type === "load" ? await loadRun({ ...req, weights: m.weights }, emit) : await runTraining(req, emit, control);
    if (run) keep(run);
  } catch (err) {
    emit({ type: "error", runId: m.runId, message: `engine failure: ${(err as Error).message}` });
  } finally {
    active = null;
  }
}

/** Reads a Dataset node's files; a file that cannot be read is an error reply saying why. */
function inspect(m: Extract<HostMessage, { type: "inspect" }>): void {
  const params = catalog.Dataset.params.safeParse(m.params);
  if (!params.success) {
    send({ type: "reply", id: m.id, ok: false, error: "the Dataset params are not valid" });
    return;
  }
  try {
    send({ type: "reply", id: m.id, ok: true, result: inspectDataset(params.data) });
  } catch (err) {
    const why = err instanceof DataError ? err.message : `engine failure: ${(err as Error).message}`;
    send({ type: "reply", id: m.id, ok: false, error: why });
  }
}

/** Takes one training step apart; refused while a run trains, whose steps it would interleave with. */
async function step(m: Extract<HostMessage, { type: "step" }>): Promise<void> {
  try {
    if (active) throw new Error(`run ${active.runId} is training; stop it (or let it finish) to step`);
    const doc = zGraphDocument.safeParse(m.doc);
    if (!doc.success) throw new Error("the graph document is not valid");
    const result = await stepper.step({ ...m, doc: doc.data }, (id) => runs.get(id));
    send({ type: "reply", id: m.id, ok: true, result });
  } catch (err) {
    send({ type: "reply", id: m.id, ok: false, error: (err as Error).message });
  }
}

async function answer(
  m: Exclude<HostMessage, { type: "start" | "load" | "control" | "signals" | "inspect" | "step" }>,
): Promise<void> {
  const run = runs.get(m.runId);
  try {
    if (!run)
      throw new Error(`${NO_MODEL} ${m.runId}: NetLoom keeps the trained models of the last ${KEPT_MODELS} runs`);
    const result =
      m.type === "predict"
        ? predict(run, m.inputs)
        : m.type === "testExamples"
          ? testExamples(run, m.count)
          : m.type === "evaluate"
            ? evaluateRun(run)
            : await modelWeights(run);
    send({ type: "reply", id: m.id, ok: true, result });
  } catch (err) {
    send({ type: "reply", id: m.id, ok: false, error: (err as Error).message });
  }
}

onMessage((raw) => {
  const parsed = zHostMessage.safeParse(raw);
  if (!parsed.success) {
    const id = (raw as { id?: unknown } | null)?.id;
    if (typeof id === "number")
      send({ type: "reply", id, ok: false, error: "malformed request to the training engine" });
    else console.error("netloom engine: ignored a malformed message");
    return;
  }
  const m = parsed.data;
  if (m.type === "start" || m.type === "load") void begin(m);
  else if (m.type === "inspect") inspect(m);
  else if (m.type === "step") void step(m);
  else if (m.type === "control") {
    if (active?.runId === m.runId) active.control.send(m.cmd);
  } else if (m.type === "signals") {
    if (active?.runId === m.runId) active.control.signals = m.on;
  } else void answer(m);
});
