import type { SampleChoice, StepTrace } from "../../../shared/step";
import { keepForPrediction } from "../../data/prepare";
import { seededRandom } from "../../data/random";
import { setWeights } from "../load";
import { buildModel } from "../model";
import type { ModelWeightsData } from "../protocol";
import { setUpRun, type TrainingDeps, type TrainingRequest } from "../setup";
import type { TrainedRun } from "../train";
import { stepBatch } from "./sample";
import { computeStep, type NamedTensor } from "./step";

/**
 * A model being stepped through, one training step at a time: its own copy of the weights and the
 * optimizer's state, so each step continues where the last one ended and no trained run changes.
 */
export interface StepSession {
  run: TrainedRun;
  state: NamedTensor[] | undefined;
  seed: number;
}

/**
 * A session on `doc`: compiled, its data prepared, its model built with the run seed's initial
 * weights, or with `weights` (a trained model's) when given. Throws an Error saying what is wrong.
 */
export async function openSession(
  req: TrainingRequest & { weights?: ModelWeightsData },
  deps: TrainingDeps = {},
): Promise<StepSession> {
  let failure = "the graph cannot be stepped";
  const setup = await setUpRun(
    req,
    (e) => {
      if (e.type === "error") failure = e.nodeId ? `node ${e.nodeId}: ${e.message}` : e.message;
    },
    deps,
  );
  if (!setup) throw new Error(failure);
  const { tf } = setup.choice;
  const model = await buildModel(tf, setup.compiled.model, setup.options.seed);
  const misfit = req.weights ? setWeights(tf, model, req.weights, setup.compiled.steps) : null;
  if (misfit) {
    model.dispose();
    throw new Error(misfit.nodeId ? `node ${misfit.nodeId}: ${misfit.message}` : misfit.message);
  }
  const { compiled, metric } = setup;
  const data = keepForPrediction(setup.data);
  const run: TrainedRun = { runId: req.runId, tf, backend: setup.choice.name, model, compiled, data, metric };
  return { run, state: undefined, seed: setup.options.seed };
}

/** A session that starts from a kept run's trained weights, on a copy of its model. */
export async function sessionFromRun(run: TrainedRun, seed: number): Promise<StepSession> {
  const model = await buildModel(run.tf, run.compiled.model, seed);
  const weights = run.model.getWeights();
  model.setWeights(weights);
  return { run: { ...run, model }, state: undefined, seed };
}

/**
 * Takes one training step on `size` samples from the chosen one, shows it, and moves the
 * session's weights and optimizer state past it. Dropout's masks come from the session's seed
 * and step count, so the same step shows the same numbers.
 */
export async function takeStep(session: StepSession, choice: SampleChoice, size: number): Promise<StepTrace> {
  const { run } = session;
  const { tf } = run;
  const batch = stepBatch(run, choice, size);
  const realRandom = Math.random;
  const steps = session.state?.[0] ? ((await session.state[0].tensor.data())[0] ?? 0) : 0;
  Math.random = seededRandom((session.seed ^ 0x5bd1e995) + steps);
  try {
    const result = await computeStep({
      tf,
      model: run.model,
      compiled: run.compiled,
      xs: batch.xs,
      ys: batch.ys,
      ...(session.state ? { state: session.state } : {}),
    });
    run.model.setWeights(result.weightsAfter);
    tf.dispose(result.weightsAfter);
    if (session.state) tf.dispose(session.state.map((s) => s.tensor));
    session.state = result.stateAfter;
    return {
      ...result.trace,
      input: { nodeId: run.compiled.dataPlan.loaderNodeId, ...result.trace.input },
      sample: batch.sample,
      ...(run.data.classNames ? { classNames: run.data.classNames } : {}),
      backend: run.backend,
    };
  } finally {
    Math.random = realRandom;
    tf.dispose([batch.xs, batch.ys]);
  }
}

/** Frees a session's model and optimizer state. */
export function closeSession(session: StepSession): void {
  session.run.model.dispose();
  if (session.state) session.run.tf.dispose(session.state.map((s) => s.tensor));
}
