import { join } from "node:path";
import { readGraphFile } from "../../../../main/commands/validate";
import { RunControl } from "../../../../main/engine/control";
import { runTraining, type TrainedRun } from "../../../../main/engine/train";
import type { GraphDocument } from "../../../../shared/graph";
import { loadPreset } from "../../../../shared/presets";
import type { RunOptions, TrainingEvent, TrainingEventOf } from "../../../../shared/run";

/** Generous: a few real trainings share two cores with the rest of the suite. */
export const TRAIN_TIMEOUT = 180_000;

/** A graph fixture with its data paths resolved, as `netloom train FILE` reads it. */
export function engineGraph(name: string): GraphDocument {
  const file = readGraphFile(join(import.meta.dirname, "../../../fixtures/graphs", name));
  if (!file.ok) throw new Error(file.message);
  return file.doc;
}

/** The MNIST preset with some params changed, e.g. `{ optimizer: { learningRate: 10 } }`. */
export function mnistWith(changes: Record<string, Record<string, unknown>> = {}): GraphDocument {
  const doc = loadPreset("mnist");
  for (const node of doc.nodes) {
    const change = changes[node.id];
    if (change) node.params = { ...node.params, ...change };
  }
  return doc;
}

/** Changes the params of nodes of a document, by id. */
export function withParams(doc: GraphDocument, changes: Record<string, Record<string, unknown>>): GraphDocument {
  return {
    ...doc,
    nodes: doc.nodes.map((n) => (changes[n.id] ? { ...n, params: { ...n.params, ...changes[n.id] } } : n)),
  };
}

/** A run's events, and helpers to pick them. */
export class Events {
  readonly list: TrainingEvent[] = [];
  readonly emit = (e: TrainingEvent) => {
    this.list.push(e);
  };
  of<T extends TrainingEvent["type"]>(type: T): TrainingEventOf<T>[] {
    return this.list.filter((e): e is TrainingEventOf<T> => e.type === type);
  }
  one<T extends TrainingEvent["type"]>(type: T): TrainingEventOf<T> {
    const found = this.of(type);
    if (found.length !== 1) {
      const summary = this.list.filter((e) => e.type !== "batch").map((e) => JSON.stringify(e).slice(0, 300));
      throw new Error(`expected one ${type} event, got ${found.length}: ${summary.join("\n")}`);
    }
    return found[0] as TrainingEventOf<T>;
  }
  get types(): string[] {
    return this.list.map((e) => e.type).filter((t, i, all) => t !== "batch" || all[i - 1] !== "batch");
  }
}

/** Trains in this process on the wasm backend (the fallback every machine has). */
export async function train(
  doc: GraphDocument,
  options: RunOptions = {},
  control = new RunControl(),
  onEvent?: (e: TrainingEvent, control: RunControl) => void,
): Promise<{ run: TrainedRun | null; events: Events }> {
  const events = new Events();
  const run = await runTraining(
    { runId: "test", doc, options: { backend: "wasm", ...options } },
    (e) => {
      events.emit(e);
      onEvent?.(e, control);
    },
    control,
  );
  return { run, events };
}
