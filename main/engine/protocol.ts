import { z } from "zod";
import { sanitizeText } from "../../shared/quote";
import { type TrainingEvent, zTrainingControl, zTrainingEvent } from "../../shared/run";
import { MAX_STEP_BATCH, zSampleChoice } from "../../shared/step";
import { zWeightSpec } from "../export/tfjsModel";

const id = z.int().nonnegative();
const runId = z.string().min(1).max(100);

/** Trained weights as TF.js saves them: named tensors, concatenated little-endian in spec order. */
export const zModelWeightsData = z.object({
  weightSpecs: z
    .array(zWeightSpec.extend({ name: z.string().min(1).max(1000), shape: z.array(z.int().min(0)).max(16) }))
    .max(100_000),
  weightData: z.instanceof(ArrayBuffer),
});
export type ModelWeightsData = z.infer<typeof zModelWeightsData>;

/** Messages from the host (app or CLI) to the engine process. */
export const zHostMessage = z.discriminatedUnion("type", [
  /** `doc` and `options` are checked by the engine itself, so it can reply with what is wrong. */
  z.object({ type: z.literal("start"), id, runId, doc: z.unknown(), options: z.unknown() }),
  /** Makes a kept run from trained weights instead of training; `doc` and `options` as for `start`. */
  z.object({ type: z.literal("load"), id, runId, doc: z.unknown(), options: z.unknown(), weights: zModelWeightsData }),
  z.object({ type: z.literal("control"), runId, cmd: zTrainingControl }),
  /** Turns a run's live signals on or off; ignored for a run that is not training. */
  z.object({ type: z.literal("signals"), runId, on: z.boolean() }),
  z.object({
    type: z.literal("predict"),
    id,
    runId,
    inputs: z.array(z.array(z.number()).max(50_000_000)).max(100_000),
  }),
  z.object({ type: z.literal("testExamples"), id, runId, count: z.int().min(0).max(100_000) }),
  z.object({ type: z.literal("weights"), id, runId }),
  /** Loss, accuracy and confusion matrix of a kept run (a stopped one has no `done` event). */
  z.object({ type: z.literal("evaluate"), id, runId }),
  /**
   * Takes one training step apart on the chosen sample. `session` names a stepping session: the
   * same one again continues from the last step's weights and optimizer state; a new one (or
   * `fresh`) starts from the kept run `fromRun`'s weights, from `weights`, or from `doc`'s initial ones.
   */
  z.object({
    type: z.literal("step"),
    id,
    session: runId,
    doc: z.unknown(),
    options: z.unknown(),
    weights: zModelWeightsData.optional(),
    fromRun: runId.optional(),
    sample: zSampleChoice,
    batch: z.int().min(1).max(MAX_STEP_BATCH),
    fresh: z.boolean(),
  }),
  /**
   * Reads a Dataset node's files for their shapes (`params` as the catalog parses them, paths
   * absolute): here, not in the app's process, whose event loop must never wait on a file.
   */
  z.object({ type: z.literal("inspect"), id, params: z.unknown() }),
]);
export type HostMessage = z.infer<typeof zHostMessage>;

/** How the engine's refusal to answer about a run whose model it no longer keeps begins. */
export const NO_MODEL = "no trained model for run";

/** Messages from the engine process to its host. */
export const zEngineMessage = z.discriminatedUnion("type", [
  z.object({ type: z.literal("event"), event: zTrainingEvent }),
  z.object({
    type: z.literal("reply"),
    id,
    ok: z.boolean(),
    result: z.unknown().optional(),
    error: z.string().optional(),
  }),
]);
export type EngineMessage = z.infer<typeof zEngineMessage>;

/**
 * The event if it passes the contract, or an error for its run that says why: a non-finite
 * number (an Infinity test loss, say) must not vanish on its way to the app and leave the run
 * hanging. An error's message names files and quotes graphs, so it is sanitized here, once, for
 * the app and the terminal alike.
 */
export function checkedEvent(event: TrainingEvent): TrainingEvent {
  const parsed = zTrainingEvent.safeParse(event);
  if (parsed.success) {
    const e = parsed.data;
    return e.type === "error" ? { ...e, message: sanitizeText(e.message, { lines: true }) } : e;
  }
  const fields = parsed.error.issues.map((i) => i.path.join(".")).join(", ");
  const diverged = parsed.error.issues.some((i) => i.code === "invalid_type" && i.expected === "number");
  return {
    type: "error",
    runId: event.runId,
    message: diverged
      ? `the ${event.type} results hold a value that is not a finite number (${fields}): the model diverged or the data holds values too large; normalize the data or lower the learning rate`
      : `the engine produced a malformed ${event.type} event (${fields})`,
  };
}
