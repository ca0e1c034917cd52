import { exportModel } from "../../actions/exportModel";
import { useEditor } from "../../store";
import { classNames } from "../../training/results";
import { modelKept, shownRun } from "../../training/runs";
import { runData } from "../../training/select";
import { ConfusionMatrix, PerClassAccuracy } from "./ConfusionMatrix";
import { Examples } from "./Examples";
import { formatPercent, formatValue } from "./format";
import { ModelGone, RunPicker } from "./RunPicker";

const SPLITS = { test: "the test split", validation: "the validation split", training: "the training samples" };

function ExportButtons({ disabled }: { disabled: boolean }) {
  const title = disabled ? "This run's trained model is no longer kept" : undefined;
  return (
    <fieldset className="nl-export" aria-label="Export the trained model" disabled={disabled} title={title}>
      <legend>Export:</legend>
      <button type="button" onClick={() => void exportModel("tfjs")} data-testid="export-tfjs">
        TF.js model
      </button>
      <button type="button" onClick={() => void exportModel("json")} data-testid="export-json">
        Single JSON
      </button>
      <button type="button" onClick={() => void exportModel("pytorch")} data-testid="export-pytorch">
        PyTorch script
      </button>
    </fieldset>
  );
}

/**
 * What a trained model learned (the newest, or the run picked): test accuracy and loss, the
 * confusion matrix, accuracy per class and test samples with their predicted and true labels,
 * misclassified first.
 */
export function Results() {
  const run = useEditor((s) => shownRun(s.training, s.runView));
  const kept = useEditor((s) => (run ? modelKept(s.training, run) : false));
  const files = useEditor((s) => s.dataFiles.infos);
  if (!run)
    return (
      <p className="nl-muted nl-empty">
        Results appear here when a run finishes or is stopped, or a trained model is opened.
      </p>
    );
  const ev = run.evaluation;
  const data = runData(run, files);
  const matrix = ev?.confusionMatrix ?? null;
  const names = matrix ? classNames(matrix.length, data?.classNames ?? null) : [];
  const evaluated = matrix ? matrix.reduce((n, row) => n + row.reduce((a, b) => a + b, 0), 0) : null;
  return (
    <div className="nl-results" data-testid="results" data-seq={run.seq}>
      <header className="nl-results-head">
        <RunPicker />
        <ExportButtons disabled={!kept} />
      </header>
      <ModelGone run={run} />
      {!ev ? (
        kept && <p className="nl-muted">Evaluating the model…</p>
      ) : (
        <>
          <p className="nl-scores">
            {ev.testAccuracy !== null && (
              <span>
                Test accuracy <strong data-testid="test-accuracy">{formatPercent(ev.testAccuracy)}</strong>
              </span>
            )}
            <span>
              Test loss <strong data-testid="test-loss">{formatValue(ev.testLoss)}</strong>
            </span>
            <span className="nl-muted">
              on {SPLITS[ev.evaluatedOn ?? "test"]}
              {evaluated !== null ? ` (${evaluated.toLocaleString("en-US")} samples)` : ""}
              {run.end?.outcome === "stopped"
                ? `, after stopping at epoch ${run.end.epoch}, batch ${run.end.batch}`
                : ""}
            </span>
          </p>
          <div className="nl-results-body">
            {matrix && (
              <>
                <ConfusionMatrix matrix={matrix} names={names} />
                <PerClassAccuracy matrix={matrix} names={names} />
              </>
            )}
            {run.examples ? (
              <Examples examples={run.examples} data={data} />
            ) : (
              kept && <p className="nl-muted">Loading samples…</p>
            )}
          </div>
        </>
      )}
    </div>
  );
}
