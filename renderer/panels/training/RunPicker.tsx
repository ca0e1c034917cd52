import { KEPT_MODELS } from "../../../shared/run";
import { editorStore, useEditor } from "../../store";
import { baselineRun, endedWithModel, modelKept, runLabel, shownRun } from "../../training/runs";
import type { TrainingRun } from "../../training/types";
import { formatPercent } from "./format";

function score(run: TrainingRun): string {
  const ev = run.evaluation;
  if (ev?.testAccuracy != null) return ` · ${formatPercent(ev.testAccuracy)}`;
  return ev ? ` · loss ${ev.testLoss.toPrecision(3)}` : "";
}

/**
 * Which run Results, Try it and Export show: any run that ended with a trained model, newest
 * first. A run whose model the engine no longer keeps still shows its scores.
 */
export function RunPicker() {
  const training = useEditor((s) => s.training);
  const view = useEditor((s) => s.runView);
  const shown = shownRun(training, view);
  const baseline = baselineRun(training, view);
  const runs = training.runs.filter(endedWithModel).reverse();
  if (!shown) return null;
  return (
    <label className="nl-run-picker" title={`NetLoom keeps the trained models of the last ${KEPT_MODELS} runs`}>
      <span>Run</span>
      <select
        data-testid="run-picker"
        value={shown.seq}
        onChange={(e) => editorStore.getState().setRunView({ picked: Number(e.target.value) })}
      >
        {runs.map((run) => (
          <option key={run.seq} value={run.seq}>
            {`Run ${run.seq} · ${runLabel(run, baseline)}${score(run)}${modelKept(training, run) ? "" : " · model no longer kept"}`}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * Says that a run's model is gone, and why, where Try it and Export need it; null while it is kept.
 */
export function ModelGone({ run }: { run: TrainingRun }) {
  const kept = useEditor((s) => modelKept(s.training, run));
  if (kept) return null;
  return (
    <p className="nl-model-gone" role="note" data-testid="model-gone">
      Run {run.seq}'s trained model is no longer kept: NetLoom keeps the models of the last {KEPT_MODELS} runs. Its
      curves and scores stay here; train its graph again to try or export it.
    </p>
  );
}
