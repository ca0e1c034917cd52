import { compileGraph } from "../../shared/compile";
import { applyVariant, type GraphDocument, type GraphVariant } from "../../shared/graph";
import { editorStore } from "../store";
import { isActive } from "../training/select";
import type { TrainingRun } from "../training/types";
import { showProblems } from "./dialogs";
import { trainGraph } from "./trainRun";

/** Resolves with how run `runId` ended, once it has. */
function ended(runId: string): Promise<TrainingRun["end"]> {
  const find = () => editorStore.getState().training.runs.find((r) => r.runId === runId)?.end ?? null;
  return new Promise((resolve) => {
    const now = find();
    if (now) return resolve(now);
    const stop = editorStore.subscribe(() => {
      const end = find();
      if (!end) return;
      stop();
      resolve(end);
    });
  });
}

/** Each variant as a graph to train, or why it cannot be trained. */
function plan(doc: GraphDocument, variants: readonly GraphVariant[]) {
  const datasets = editorStore.getState().dataFiles.infos;
  return variants.map((variant) => {
    const applied = applyVariant(doc, variant);
    if (!applied.ok) return { variant, doc: null, problem: applied.error };
    const compiled = compileGraph(applied.doc, { datasets });
    const first = compiled.ok ? null : compiled.errors[0];
    const problem = first ? `${variant.name}: ${first.nodeId ? `node ${first.nodeId}: ` : ""}${first.message}` : null;
    return { variant, doc: problem ? null : applied.doc, problem };
  });
}

/**
 * Train variants: trains the graph once per variant (those named, else all), one after another,
 * with the panel's run options; their curves overlay, each run labelled by its variant. A run
 * stopped or failed ends the series. Nothing trains when a variant cannot: the dialog says why.
 */
export async function trainVariants(names?: readonly string[]): Promise<void> {
  const s = editorStore.getState();
  if (isActive(s.training) || s.variantSeries) return;
  const base = s.doc;
  const chosen = (base.variants ?? []).filter((v) => !names || names.includes(v.name));
  if (chosen.length === 0) return;
  const steps = plan(base, chosen);
  const problems = steps.flatMap((step) => (step.problem ? [step.problem] : []));
  if (problems.length > 0) return showProblems("These variants cannot be trained", problems);
  const series = chosen.map((v) => v.name);
  try {
    for (const [index, step] of steps.entries()) {
      if (!step.doc) break;
      editorStore.getState().setVariantSeries({ names: series, index });
      const runId = await trainGraph(step.doc, { name: step.variant.name, of: base });
      if (runId === null || (await ended(runId))?.outcome !== "done") break;
    }
  } finally {
    editorStore.getState().setVariantSeries(null);
  }
}
