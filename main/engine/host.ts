import { randomUUID } from "node:crypto";
import type { DatasetInfo } from "../../shared/catalog";
import type { DatasetParams } from "../../shared/compile";
import type { GraphDocument } from "../../shared/graph";
import type { RunOptions, TrainingControl, TrainingEvent } from "../../shared/run";
import { type SampleChoice, type StepTrace, zStepTrace } from "../../shared/step";
import type { TestExample } from "../../shared/trainingApi";
import type { RunEvaluation } from "./finish";
import { type EngineMessage, type HostMessage, type ModelWeightsData, zEngineMessage } from "./protocol";
import { type EngineProcess, forkEngine, type SpawnEngine } from "./spawn";

/** A model's topology and weights, as TF.js saves them. */
export interface ModelWeights {
  modelTopology: unknown;
  weightSpecs: { name: string; shape: number[]; dtype: string }[];
  weightData: ArrayBuffer;
}

/** The app's (and the CLI's) handle on the training engine, which runs in its own process. */
export interface TrainingHost {
  /**
   * Starts training `doc`; resolves with the run id once the engine accepted it. A caller that
   * gives the id knows whose events are whose before the engine's reply arrives.
   */
  start(doc: GraphDocument, options: RunOptions, runId?: string): Promise<string>;
  /**
   * Makes a run from trained weights instead of training `doc` (the run options' seed and limit
   * give the training split its Normalize statistics come from); resolves with the run id once the
   * engine accepted it. Its events are `loaded` and `done`, or an `error` naming what does not fit.
   */
  load(doc: GraphDocument, weights: ModelWeightsData, options?: RunOptions, runId?: string): Promise<string>;
  control(runId: string, cmd: TrainingControl): void;
  /** Turns a training run's live signals (`signals` events) on or off. */
  signals(runId: string, on: boolean): void;
  /** Class probabilities for raw samples (see `predict` in main/engine/predict.ts). */
  predict(runId: string, inputs: number[][]): Promise<number[][]>;
  /** Evaluated samples, misclassified first. */
  testExamples(runId: string, count: number): Promise<TestExample[]>;
  weights(runId: string): Promise<ModelWeights>;
  /** Loss, accuracy and confusion matrix of a kept run on its evaluation split (e.g. after a stop). */
  evaluate(runId: string): Promise<RunEvaluation>;
  /**
   * Takes one training step apart on a sample (see {@link StepRequest}); the engine keeps the
   * session, so the next step with the same `session` continues from this one.
   */
  step(req: StepRequest): Promise<StepTrace>;
  /** Shapes, classes and sample counts of a Dataset node's files, read in the engine process. */
  inspect(params: DatasetParams): Promise<DatasetInfo>;
  /** The engine process id, while one runs. */
  readonly pid: number | undefined;
  /** Ends the engine process; the host can start again afterwards. */
  dispose(): void;
}

/** One step of a stepping session: on `doc`, from a kept run's weights, given weights, or initial ones. */
export interface StepRequest {
  /** Names the session: the same name continues it; a new one starts another. */
  session: string;
  doc: GraphDocument;
  options: RunOptions;
  /** Start from this kept run's trained weights. */
  fromRun?: string;
  /** Start from these trained weights. */
  weights?: ModelWeightsData;
  sample: SampleChoice;
  /** Samples in the step's batch, the chosen one first. */
  batch: number;
  /** Start the session over even if it exists. */
  fresh?: boolean;
}

export interface HostOptions {
  /** Starts the engine process; Electron passes one built on utilityProcess. */
  spawn?: SpawnEngine;
  /** How long a request may wait for the engine's reply before it fails ({@link REQUEST_TIMEOUT_MS}). */
  requestTimeoutMs?: number;
}

/**
 * The longest wait for one engine reply: reading the largest CSV allowed takes well under it. An
 * engine that has not answered by then is stuck, and a request must not wait forever.
 */
export const REQUEST_TIMEOUT_MS = 5 * 60_000;

type Pending = { resolve: (value: unknown) => void; reject: (err: Error) => void };
type Request = HostMessage extends infer M ? (M extends { id: number } ? Omit<M, "id"> : never) : never;

/**
 * Creates a host that runs training in a separate process and relays its events. When the
 * process dies mid-run, `onEvent` gets an `error` for that run, and the next `start` spawns a
 * new process.
 */
export function createTrainingHost(onEvent: (e: TrainingEvent) => void, opts: HostOptions = {}): TrainingHost {
  const spawn = opts.spawn ?? forkEngine;
  let engine: EngineProcess | null = null;
  let activeRun: string | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  /** Ends the active run with an error: nothing else will ever end it. */
  const failRun = (message: string) => {
    const runId = activeRun;
    activeRun = null;
    if (runId) onEvent({ type: "error", runId, message });
  };

  /**
   * A message the host cannot read must leave nothing waiting: a reply whose id is readable fails
   * its request; an event fails the run; anything else breaks the protocol, so every request fails.
   */
  const unreadable = (raw: unknown) => {
    const { type, id } = (typeof raw === "object" && raw !== null ? raw : {}) as { type?: unknown; id?: unknown };
    const waiter = typeof id === "number" ? pending.get(id) : undefined;
    if (waiter && typeof id === "number") {
      pending.delete(id);
      waiter.reject(new Error("the training engine sent a reply NetLoom cannot read; try again"));
      return;
    }
    failRun("the training engine sent a message NetLoom cannot read; train again");
    if (type === "event") return;
    for (const w of pending.values()) w.reject(new Error("the training engine sent a message NetLoom cannot read"));
    pending.clear();
  };

  const handle = (raw: unknown) => {
    const parsed = zEngineMessage.safeParse(raw);
    if (!parsed.success) return unreadable(raw);
    const m: EngineMessage = parsed.data;
    if (m.type === "event") {
      const e = m.event;
      if (e.runId === activeRun && (e.type === "done" || e.type === "stopped" || e.type === "error")) activeRun = null;
      onEvent(e);
      return;
    }
    const waiter = pending.get(m.id);
    pending.delete(m.id);
    if (m.ok) waiter?.resolve(m.result);
    else waiter?.reject(new Error(m.error ?? "the training engine refused the request"));
  };

  const ensure = (): EngineProcess => {
    if (engine) return engine;
    const proc = spawn();
    engine = proc;
    proc.onMessage(handle);
    proc.onExit((reason) => {
      if (engine === proc) engine = null;
      for (const waiter of pending.values()) waiter.reject(new Error(`the training engine stopped (${reason})`));
      pending.clear();
      failRun(`the training engine stopped unexpectedly (${reason}); the graph is unchanged, so you can train again`);
    });
    return proc;
  };

  const timeoutMs = opts.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
  /** Sends a request; its reply, an engine exit or the timeout settles it, whichever comes first. */
  const request = <T>(message: Request): Promise<T> => {
    const proc = ensure();
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (!pending.delete(id)) return;
        const wait = timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`;
        reject(new Error(`the training engine did not answer within ${wait}; try again`));
        // Stuck with nothing training: a fresh engine serves the next request.
        if (!activeRun && engine === proc) {
          engine = null;
          proc.kill();
        }
      }, timeoutMs);
      timer.unref?.();
      const done = () => clearTimeout(timer);
      pending.set(id, {
        resolve: (v) => {
          done();
          resolve(v as T);
        },
        reject: (err) => {
          done();
          reject(err);
        },
      });
      proc.send({ ...message, id } as HostMessage);
    });
  };

  /** Starts a run in the engine (training or loading); events for it end it as `activeRun`. */
  const begin = async (message: Extract<Request, { type: "start" | "load" }>): Promise<string> => {
    if (activeRun) throw new Error(`run ${activeRun} is still training; stop it first`);
    activeRun = message.runId;
    try {
      await request<string>(message);
    } catch (err) {
      if (activeRun === message.runId) activeRun = null;
      throw err;
    }
    return message.runId;
  };

  return {
    start: (doc, options, runId = randomUUID()) => begin({ type: "start", runId, doc, options }),
    load: (doc, weights, options = {}, runId = randomUUID()) => begin({ type: "load", runId, doc, options, weights }),
    control(runId, cmd) {
      engine?.send({ type: "control", runId, cmd });
    },
    signals(runId, on) {
      engine?.send({ type: "signals", runId, on });
    },
    predict: (runId, inputs) => request<number[][]>({ type: "predict", runId, inputs }),
    testExamples: (runId, count) => request<TestExample[]>({ type: "testExamples", runId, count }),
    weights: (runId) => request<ModelWeights>({ type: "weights", runId }),
    evaluate: (runId) => request<RunEvaluation>({ type: "evaluate", runId }),
    inspect: (params) => request<DatasetInfo>({ type: "inspect", params }),
    step: async (req) => {
      const reply = zStepTrace.safeParse(await request<unknown>({ type: "step", ...req, fresh: req.fresh ?? false }));
      if (!reply.success) throw new Error("the training engine sent a step NetLoom cannot read");
      return reply.data;
    },
    get pid() {
      return engine?.pid;
    },
    dispose() {
      activeRun = null;
      engine?.kill();
      engine = null;
    },
  };
}
