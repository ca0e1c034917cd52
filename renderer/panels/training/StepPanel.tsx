import { num } from "../../../shared/catalog/stepRules";
import { closeStep, goToStage, takeStep } from "../../actions/backprop";
import { stageLabel } from "../../backprop/stages";
import { editorStore, useEditor } from "../../store";
import { isActive } from "../../training/select";
import { StageDetail } from "./StageDetail";

const DIGITS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

/** Which sample Step takes: a test sample by number, or the digit drawn in Try it with its label. */
function SampleChoice() {
  const sample = useEditor((s) => s.stepSample);
  const hasDrawing = useEditor((s) => s.drawn !== null);
  const batch = useEditor((s) => s.stepBatch);
  const graphBatch = useEditor((s) => s.doc.nodes.find((n) => n.kind === "DataLoader")?.params.batchSize);
  const set = editorStore.getState();
  const drawn = !("index" in sample);
  return (
    <div className="nl-step-sample">
      <label>
        <input type="radio" checked={!drawn} onChange={() => set.setStepSample({ index: 0 })} /> test sample
        <input
          type="number"
          min={0}
          step={1}
          className="nl-step-index"
          data-testid="step-sample"
          value={"index" in sample ? sample.index : ""}
          disabled={drawn}
          onChange={(e) => {
            const n = Number.parseInt(e.target.value, 10);
            if (Number.isInteger(n) && n >= 0) set.setStepSample({ index: n });
          }}
        />
      </label>
      <label
        title={
          hasDrawing
            ? "The digit on Try it's pad"
            : "Draw a digit in Try it first (its pad opens once a model is trained)"
        }
      >
        <input
          type="radio"
          checked={drawn}
          disabled={!hasDrawing}
          data-testid="step-drawn"
          onChange={() => set.setStepSample({ drawn: true, label: 0 })}
        />{" "}
        the drawn digit, which is a
        <select
          value={drawn ? sample.label : 0}
          disabled={!drawn}
          data-testid="step-label"
          onChange={(e) => set.setStepSample({ drawn: true, label: Number(e.target.value) })}
        >
          {DIGITS.map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
      </label>
      <label title="Samples in the step's batch: the gradients are the batch's mean">
        batch
        <select
          value={batch}
          data-testid="step-batch"
          onChange={(e) => set.setStepBatch(Number(e.target.value))}
          disabled={drawn}
        >
          <option value={1}>1 (this sample)</option>
          {typeof graphBatch === "number" && graphBatch > 1 && (
            <option value={graphBatch}>{graphBatch} (from it on)</option>
          )}
        </select>
      </label>
    </div>
  );
}

/** The stages of the step as a bar to click through, with back and next. */
function StageBar() {
  const step = useEditor((s) => (s.step.phase === "ready" ? s.step : null));
  if (!step) return null;
  const { stages, at } = step;
  return (
    <nav className="nl-stage-bar" aria-label="Stages of the step">
      <button type="button" data-testid="stage-back" disabled={at === 0} onClick={() => goToStage(at - 1)}>
        ◀
      </button>
      <ol>
        {stages.map((stage, i) => (
          <li key={`${stage.kind}-${stage.nodeId}`}>
            <button
              type="button"
              data-testid="stage"
              data-stage={stage.kind}
              className={`${i === at ? "current" : ""} ${stage.kind === "backward" || stage.kind === "update" ? "back" : ""}`}
              aria-current={i === at ? "step" : undefined}
              onClick={() => goToStage(i)}
            >
              {stageLabel(stage)}
            </button>
          </li>
        ))}
      </ol>
      <button
        type="button"
        data-testid="stage-next"
        disabled={at === stages.length - 1}
        onClick={() => goToStage(at + 1)}
      >
        ▶
      </button>
    </nav>
  );
}

/**
 * Step mode: one training step of the graph taken apart, stage by stage, forward then backward
 * then the update, on a test sample or a drawn digit. The canvas shows each node's values as the
 * walk passes it; the inspector shows the selected node's formulas with the numbers in.
 */
export function StepPanel() {
  const step = useEditor((s) => s.step);
  const training = useEditor((s) => isActive(s.training));
  const ready = step.phase === "ready" ? step : null;
  return (
    <div className="nl-step-panel" data-testid="step-panel">
      <header className="nl-step-head">
        <SampleChoice />
        <div className="nl-step-actions">
          <button
            type="button"
            className="primary"
            data-testid="step-again"
            disabled={training || step.phase === "loading"}
            title="Take the next training step on this sample: weights and momentum go on from the last one"
            onClick={() => void takeStep()}
          >
            {ready ? "Next step" : "Step"}
          </button>
          <button
            type="button"
            data-testid="step-restart"
            disabled={training || step.phase === "loading" || !ready}
            title="Start again from the trained (or initial) weights, with no momentum"
            onClick={() => void takeStep(true)}
          >
            Start over
          </button>
          {ready && (
            <button type="button" data-testid="step-close" onClick={closeStep}>
              Close
            </button>
          )}
        </div>
      </header>
      {step.phase === "off" && (
        <p className="nl-muted nl-empty">
          Step takes one training step apart: the sample goes forward through every node, the loss is measured, the
          gradient flows back node by node, and the optimizer updates the weights. It starts from the trained model when
          there is one, else from the graph's initial weights; the trained model itself does not change.
        </p>
      )}
      {step.phase === "loading" && <p className="nl-muted nl-empty">Taking the step…</p>}
      {step.phase === "failed" && (
        <p className="nl-error-text" data-testid="step-error">
          {step.message}
        </p>
      )}
      {ready && (
        <>
          <p className="nl-muted nl-step-about" data-testid="step-about">
            Step {ready.trace.optimizer.step} from{" "}
            {ready.fromSeq === null ? "the initial weights" : `run ${ready.fromSeq}'s trained weights`}, on{" "}
            {ready.trace.sample.split === "drawn"
              ? "the drawn digit"
              : `${ready.trace.sample.split} sample ${ready.trace.sample.index}`}
            {ready.trace.sample.label !== null
              ? ` (a ${ready.trace.classNames?.[ready.trace.sample.label] ?? ready.trace.sample.label})`
              : ""}
            , batch of {ready.trace.batchSize}: loss {num(ready.trace.loss.batch)} · backend {ready.trace.backend}
          </p>
          <StageBar />
          <StageDetail />
        </>
      )}
    </div>
  );
}
