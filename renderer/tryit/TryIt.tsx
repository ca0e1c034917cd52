import { sizeOf } from "../../shared/catalog";
import { ModelGone, RunPicker } from "../panels/training/RunPicker";
import { useEditor } from "../store";
import { classNames } from "../training/results";
import { modelKept, shownRun } from "../training/runs";
import { runData } from "../training/select";
import { DrawPad } from "./DrawPad";
import { RowForm } from "./RowForm";
import { TestImages } from "./TestImages";
import { tryKind } from "./tryKind";

const INTRO = {
  "digit-pad": "Draw a digit: it is centred and scaled like MNIST's digits as you draw.",
  "test-images": "Pick a test image to see the class probabilities the model gives it.",
  row: "Enter one input row and press Predict.",
} as const;

/**
 * Try a trained model (the newest, or the run picked) on input of your own, as its data allows
 * (see {@link tryKind}).
 */
export function TryIt() {
  const run = useEditor((s) => shownRun(s.training, s.runView));
  const kept = useEditor((s) => (run ? modelKept(s.training, run) : false));
  const files = useEditor((s) => s.dataFiles.infos);
  if (!run?.runId)
    return (
      <p className="nl-muted nl-empty">Train a model (or open a trained one), then try it here on your own input.</p>
    );
  const data = runData(run, files);
  if (!data)
    return <p className="nl-muted nl-empty">The data of run {run.seq} is unknown here, so it cannot be tried.</p>;
  const classes = data.info.classes;
  const names = classes !== undefined ? classNames(classes, data.classNames) : null;
  const kind = tryKind(data);
  return (
    <div className="nl-tryit" data-testid="try-it" data-seq={run.seq} data-kind={kind}>
      <header className="nl-tryit-head">
        <RunPicker />
        <p className="nl-muted">
          {INTRO[kind]}
          {kind === "test-images" && data.source === "fashion-mnist" && (
            <> Fashion-MNIST's pictures are photos of clothing, not drawings, so there is no drawing pad for them.</>
          )}
        </p>
      </header>
      <ModelGone run={run} />
      {kept && kind === "digit-pad" && <DrawPad key={run.runId} runId={run.runId} names={names} />}
      {kept && kind === "test-images" && data.image && (
        <TestImages key={run.runId} runId={run.runId} examples={run.examples} image={data.image} names={names} />
      )}
      {kept && kind === "row" && (
        <RowForm
          key={run.runId}
          runId={run.runId}
          size={sizeOf(data.info.xShape)}
          start={run.examples?.[0]?.input ?? null}
          names={names}
        />
      )}
    </div>
  );
}
