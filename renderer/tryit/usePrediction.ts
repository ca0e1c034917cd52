import { useCallback, useEffect, useRef, useState } from "react";
import { askRun } from "../actions/trainRun";

/** What the model said about the last input, or why it could not say. */
export type Prediction = { outputs: number[]; error: null } | { outputs: null; error: string } | null;

/**
 * Asks a run's model about inputs as fast as it answers, never faster: while a request is out,
 * only the newest input waits, and it goes when the answer comes. Drawing a stroke thus keeps one
 * request in flight and the probabilities follow the pen. Mount one per run (key it by run id).
 */
export function usePrediction(runId: string) {
  const [prediction, setPrediction] = useState<Prediction>(null);
  const busy = useRef(false);
  const waiting = useRef<number[] | null>(null);
  /** Bumped by a clear and on unmount, so answers to older inputs are dropped. */
  const generation = useRef(0);

  useEffect(
    () => () => {
      generation.current++;
      waiting.current = null;
    },
    [],
  );

  const send = useCallback(
    async (row: number[]) => {
      const gen = generation.current;
      busy.current = true;
      try {
        const { outputs } = await askRun("training.predict", { runId, inputs: [row] });
        if (gen === generation.current) setPrediction({ outputs: outputs[0] ?? [], error: null });
      } catch (err) {
        if (gen === generation.current) setPrediction({ outputs: null, error: (err as Error).message });
      } finally {
        busy.current = false;
        const next = waiting.current;
        waiting.current = null;
        if (next) void send(next);
      }
    },
    [runId],
  );

  const predict = useCallback(
    (row: number[] | null) => {
      if (!row) {
        generation.current++;
        waiting.current = null;
        setPrediction(null);
        return;
      }
      if (busy.current) waiting.current = row;
      else void send(row);
    },
    [send],
  );
  return { prediction, predict };
}
