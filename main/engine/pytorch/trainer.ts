import type { GraphDocument } from "../../../shared/graph";
import type { TrainingEvent } from "../../../shared/run";
import type { RunControl } from "../control";
import { BATCH_EVENT_MS, divergedEvent, type FitEnd } from "../epochs";
import { setWeights } from "../load";
import { type RunSetup, runFacts } from "../setup";
import { smoothingBatches } from "../smoothing";
import type { LayersModel } from "../tf";
import { DriverChannel, type DriverMessage } from "./channel";
import { failureLine } from "./output";
import { type DriverProcess, launchDriver } from "./process";
import type { PythonInfo } from "./python";
import { readWeights, removeRunDir, writeRunDir } from "./runDir";

/** What the PyTorch trainer needs: the run as set up, the graph it trains, and the model that takes the weights. */
export interface PyTorchJob {
  runId: string;
  /** The graph with the run options applied: the module is exported from it. */
  doc: GraphDocument;
  setup: RunSetup;
  python: PythonInfo;
  /** The TF.js model the trained weights are copied into, so the run is kept like any other. */
  model: LayersModel;
}

/** Timing of the trainer; tests shorten them. */
export interface PyTorchTiming {
  /** How long Python may take to import torch, read the samples and say it is ready. */
  startupMs?: number;
  /** How long Python may take to stop after Stop before it is ended. */
  stopGraceMs?: number;
  batchEventMs?: number;
}

const DEFAULTS = { startupMs: 300_000, stopGraceMs: 15_000, batchEventMs: BATCH_EVENT_MS };

/**
 * Trains a run in PyTorch: writes the graph's exported module and the prepared samples to a
 * folder, starts the driver (under torchrun for several processes), relays its messages as the
 * run's events, forwards pause/resume/stop, and copies the trained weights into `job.model`.
 * A Python process that fails, hangs past a deadline or says something unreadable ends the run
 * with an `error` event that says why; the engine lives on and can train again.
 */
export async function trainWithPyTorch(
  job: PyTorchJob,
  emit: (e: TrainingEvent) => void,
  control: RunControl,
  timing: PyTorchTiming = {},
): Promise<FitEnd> {
  const t = { ...DEFAULTS, ...timing };
  const { runId, setup } = job;
  const { compiled, options, data } = setup;
  const processes = options.processes ?? 1;
  const batches = batchesPerEpoch(data.trainRows.length, compiled.dataPlan.batchSize, processes);
  const dir = await writeRunDir(job.doc, compiled, data, {
    seed: options.seed,
    eventSeconds: t.batchEventMs / 1000,
    smoothingBatches: smoothingBatches(batches),
  });
  let proc: DriverProcess | undefined;
  let channel: DriverChannel | undefined;
  let unsubscribe = () => {};
  let startup: NodeJS.Timeout | undefined;
  let stopping: NodeJS.Timeout | undefined;
  const clearTimers = () => {
    clearTimeout(startup);
    clearTimeout(stopping);
  };
  // The event that ends the run goes out last, once Python has exited and its folder is gone, so
  // the engine is free for the next request the moment the app hears of the end.
  let final: TrainingEvent | undefined;
  let outcome: FitEnd | undefined;
  try {
    await new Promise<void>((resolve) => {
      let failure: string | undefined;
      let ended: DriverMessage | undefined;
      const fail = (message: string) => {
        failure ??= message;
        proc?.kill();
      };
      const handle = (m: DriverMessage) => {
        switch (m.type) {
          case "ready": {
            clearTimeout(startup);
            const facts = runFacts(setup, job.model);
            const { path, passedOver } = job.python;
            const since = passedOver.length ? ` since ${passedOver.join(" and ")}` : "";
            emit({
              type: "started",
              runId,
              ...facts,
              backendDetail: `PyTorch ${m.torch.split("+")[0]} on ${m.device}, run by ${path}${since}`,
              epochs: compiled.optimizer.epochs,
              batchSize: compiled.dataPlan.batchSize,
              batchesPerEpoch: batches,
            });
            return;
          }
          case "batch": {
            const { smoothLoss, ...rest } = m;
            return emit({ ...rest, runId, ...(smoothLoss === null ? {} : { smoothLoss }) });
          }
          case "epoch": {
            const { smoothLoss, loss, ...rest } = m;
            if (loss === null) return fail("the PyTorch process reported an epoch loss that is not a number");
            return emit({
              ...rest,
              runId,
              loss,
              valLoss: m.valLoss ?? null,
              valAccuracy: m.valAccuracy ?? null,
              ...(smoothLoss === null ? {} : { smoothLoss }),
            });
          }
          case "paused":
            return emit({ ...m, runId });
          case "resumed":
            return emit({ type: "resumed", runId });
          case "diverged": {
            const what = m.what === "outputs" ? "outputs" : m.loss === null ? null : Number(m.loss);
            final = divergedEvent({ runId, ...optimizerOf(setup) }, m.epoch, m.batch, what);
            outcome = { end: "diverged" };
            ended = m;
            return;
          }
          case "end":
            ended = m;
            return;
          case "hello":
            return;
        }
      };
      const finish = async (reason: string, code: number | null) => {
        clearTimers();
        if (!failure && ended?.type === "end" && code === 0) {
          try {
            await keepWeights(job, dir, ended);
            outcome =
              ended.end === "stopped" ? { end: "stopped" } : { end: "done", pausedSeconds: ended.pausedSeconds };
            if (ended.end === "stopped") final = { type: "stopped", runId, epoch: ended.epoch, batch: ended.batch };
          } catch (err) {
            failure = `the weights PyTorch trained could not be read: ${(err as Error).message}`;
          }
        } else if (!failure && !outcome) {
          const said = failureLine(proc?.errors() ?? "");
          failure = `the PyTorch process stopped unexpectedly (${reason})${said ? `: ${said}` : ""}`;
        }
        if (failure) {
          final = { type: "error", runId, message: `${failure}; the graph is unchanged, so you can train again` };
          outcome = { end: "failed" };
        }
        resolve();
      };
      void (async () => {
        channel = await DriverChannel.open(handle, fail);
        // Stop gives Python a grace period, also when it came while the samples were written.
        const graceToStop = () => {
          const late = `the PyTorch process did not stop within ${t.stopGraceMs / 1000} s, so NetLoom ended it`;
          stopping ??= setTimeout(() => fail(late), t.stopGraceMs);
        };
        unsubscribe = control.onCommand((cmd) => {
          channel?.send(cmd);
          if (cmd === "stop") graceToStop();
        });
        if (control.stopping) {
          channel.send("stop");
          graceToStop();
        }
        proc = await launchDriver({
          python: job.python.path,
          runDir: dir,
          processes,
          channel: channel.address,
          token: channel.token,
        });
        const late = `the PyTorch process did not start training within ${t.startupMs / 1000} s, so NetLoom ended it`;
        startup = setTimeout(() => fail(late), t.startupMs);
        proc.onExit((reason, code) => void finish(reason, code));
        // A deadline may have passed while Python was being started.
        if (failure) proc.kill();
      })().catch((err: Error) => {
        failure = `PyTorch could not be started: ${err.message}`;
        void finish("not started", null);
      });
    });
  } finally {
    unsubscribe();
    clearTimers();
    proc?.kill();
    channel?.close();
    await removeRunDir(dir);
  }
  if (final) emit(final);
  return outcome ?? { end: "failed" };
}

function optimizerOf(setup: RunSetup) {
  return { optimizerNodeId: setup.compiled.optimizer.nodeId, learningRate: setup.compiled.optimizer.learningRate };
}

/** Steps per epoch of one process: torchrun's processes share each step's batch and each epoch's samples. */
export function batchesPerEpoch(samples: number, batchSize: number, processes: number): number {
  if (processes <= 1) return Math.ceil(samples / batchSize);
  return Math.ceil(Math.ceil(samples / processes) / Math.max(1, Math.floor(batchSize / processes)));
}

/** Copies the weights the driver wrote into the run's model; throws when they do not fit. */
async function keepWeights(job: PyTorchJob, dir: string, end: Extract<DriverMessage, { type: "end" }>): Promise<void> {
  const weights = { weightSpecs: end.weights, weightData: await readWeights(dir) };
  const misfit = setWeights(job.setup.choice.tf, job.model, weights, job.setup.compiled.steps);
  if (misfit) throw new Error(`they do not fit the graph: ${misfit.message}`);
}
