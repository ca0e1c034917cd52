import type { StateCreator } from "zustand";
import type { TrainingEventOf } from "../../shared/run";
import type { NodeSignal } from "../../shared/signals";
import type { StepTrace } from "../../shared/step";
import { type Stage, stagesOf } from "../backprop/stages";
import type { EditorState } from "./types";

/** The latest live signals of a run, by node, with the largest gradient norm among them (for wire colours). */
export interface LiveSignals {
  runId: string;
  epoch: number;
  batch: number;
  byNode: Readonly<Record<string, NodeSignal>>;
  /** The smallest and largest |dLoss/d(output)| of the nodes: the ends of the wires' colour scale. */
  gradRange: readonly [number, number];
}

/** Where step mode is: off, waiting for the engine, showing a step at one of its stages, or failed. */
export type StepMode =
  | { phase: "off" }
  | { phase: "loading"; session: string }
  | {
      phase: "ready";
      session: string;
      trace: StepTrace;
      stages: readonly Stage[];
      at: number;
      /** The run whose trained weights the session started from (its seq); null: the graph's initial weights. */
      fromSeq: number | null;
      /** |dLoss/d(output)| of each node (the DataLoader's: of the input), and their range, for the wires. */
      gradNorms: Readonly<Record<string, number>>;
      gradRange: readonly [number, number];
    }
  | { phase: "failed"; session: string | null; message: string };

/** A test sample by its number, or the drawn digit with the class it is meant to be. */
export type StepSample = { index: number } | { drawn: true; label: number };

/** Live signals and step mode: view state, never part of undo. */
export interface BackpropSlice {
  /** The Signals switch: live signals wanted on the canvas while training. */
  signalsOn: boolean;
  setSignalsOn(on: boolean): void;
  signals: LiveSignals | null;
  showSignals(e: TrainingEventOf<"signals"> | null): void;
  step: StepMode;
  setStep(step: StepMode): void;
  /** Shows a step from its first stage. */
  showStep(session: string, trace: StepTrace, fromSeq: number | null): void;
  /** The sample Step takes: a test sample by number, or the digit drawn in Try it with its label. */
  stepSample: StepSample;
  setStepSample(sample: StepSample): void;
  /** Samples in a step's batch, the chosen one first. */
  stepBatch: number;
  setStepBatch(batch: number): void;
  /** The unit step mode explains (clicked in a strip); null: the one with the largest gradient. */
  stepUnit: number | null;
  setStepUnit(unit: number | null): void;
  /** The digit last drawn in Try it (raw pixels), or null. */
  drawn: readonly number[] | null;
  setDrawn(pixels: readonly number[] | null): void;
  /** Moves to stage `at` of the shown step. */
  goToStage(at: number): void;
}

type Slice = StateCreator<EditorState, [["temporal", unknown]], [], BackpropSlice>;

export const createBackpropSlice: Slice = (set, get) => ({
  signalsOn: false,
  setSignalsOn(on) {
    set({ signalsOn: on });
  },
  signals: null,
  showSignals(e) {
    if (!e) return set({ signals: null });
    const norms = e.nodes.map((n) => n.gradNorm).filter((g) => g > 0);
    set({
      signals: {
        runId: e.runId,
        epoch: e.epoch,
        batch: e.batch,
        byNode: Object.fromEntries(e.nodes.map((n) => [n.nodeId, n])),
        gradRange: norms.length > 0 ? [Math.min(...norms), Math.max(...norms)] : [0, 0],
      },
    });
  },
  step: { phase: "off" },
  setStep(step) {
    set({ step });
  },
  showStep(session, trace, fromSeq) {
    const gradNorms: Record<string, number> = { [trace.input.nodeId]: norm(trace.input.grad) };
    for (const n of trace.nodes) gradNorms[n.nodeId] = norm(n.grad);
    const positive = Object.values(gradNorms).filter((g) => g > 0);
    const gradRange =
      positive.length > 0 ? ([Math.min(...positive), Math.max(...positive)] as const) : ([0, 0] as const);
    set({ step: { phase: "ready", session, trace, stages: stagesOf(trace), at: 0, fromSeq, gradNorms, gradRange } });
  },
  stepSample: { index: 0 },
  setStepSample(stepSample) {
    set({ stepSample });
  },
  stepBatch: 1,
  setStepBatch(stepBatch) {
    set({ stepBatch });
  },
  stepUnit: null,
  setStepUnit(stepUnit) {
    set({ stepUnit });
  },
  drawn: null,
  setDrawn(drawn) {
    set({ drawn });
  },
  goToStage(at) {
    const step = get().step;
    if (step.phase !== "ready") return;
    set({ step: { ...step, at: Math.max(0, Math.min(step.stages.length - 1, at)) }, stepUnit: null });
  },
});

/** The L2 norm of a vector. */
export function norm(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v * v;
  return Math.sqrt(sum);
}
