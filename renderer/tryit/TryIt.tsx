import { sizeOf } from "../../shared/catalog";
import { useEditor } from "../store";
import { classNames } from "../training/results";
import { modelRun, runData } from "../training/select";
import { DrawPad } from "./DrawPad";
import { MNIST_SIDE } from "./mnistInput";
import { RowForm } from "./RowForm";

/**
 * Try the newest trained model: a drawing pad when it reads 28x28 images (MNIST, Fashion-MNIST),
 * a form for one input row otherwise.
 */
export function TryIt() {
  const run = useEditor((s) => modelRun(s.training));
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
  const pad = data.image?.width === MNIST_SIDE && data.image.height === MNIST_SIDE;
  return (
    <div className="nl-tryit" data-testid="try-it" data-seq={run.seq}>
      <p className="nl-muted">
        Run {run.seq} ({run.label}){pad ? ": draw a digit, centred and scaled like MNIST as you draw." : "."}
      </p>
      {pad ? (
        <DrawPad key={run.runId} runId={run.runId} names={names} />
      ) : (
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
