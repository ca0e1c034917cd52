import { z } from "zod";
import { zTrainingControl, zTrainingEvent } from "../../shared/training";

const id = z.int().nonnegative();
const runId = z.string().min(1).max(100);

/** Messages from the host (app or CLI) to the engine process. */
export const zHostMessage = z.discriminatedUnion("type", [
  /** `doc` and `options` are checked by the engine itself, so it can reply with what is wrong. */
  z.object({ type: z.literal("start"), id, runId, doc: z.unknown(), options: z.unknown() }),
  z.object({ type: z.literal("control"), runId, cmd: zTrainingControl }),
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
]);
export type HostMessage = z.infer<typeof zHostMessage>;

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
