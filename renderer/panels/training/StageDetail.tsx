import { LOSS_STEPS, num, OPTIMIZER_RULES } from "../../../shared/catalog/stepRules";
import type { StepTrace, StepWeight } from "../../../shared/step";
import { divergingRgba, fitStrip, sequentialRgba, tilesRgba } from "../../backprop/colours";
import { stepRuleOf, strongestUnit } from "../../backprop/formulas";
import { Pixels } from "../../backprop/Pixels";
import { editorStore, useEditor } from "../../store";
import { norm } from "../../store/backpropSlice";
import { sampleRgba } from "../../training/results";
import { ChannelMaps, isSquareImage, KernelTiles } from "./StageImages";

/** Tiles to a line when a first layer's weight rows are shown as images. */
const TILE_COLUMNS = 30;

/** A vector as a strip of cells; clicking one picks the unit the inspector explains. */
function Strip({ values, signed, testId }: { values: readonly number[]; signed: boolean; testId: string }) {
  // A strip longer than its cells picks a bucket, not a unit: the inspector's unit is set only where each cell is one.
  const cells = fitStrip(values);
  return (
    <Pixels
      rgba={signed ? divergingRgba(cells) : sequentialRgba(cells)}
      width={cells.length}
      className="nl-stage-strip"
      testId={testId}
      title={`${values.length} values from ${num(Math.min(...values))} to ${num(Math.max(...values))}; click one to explain it`}
      onPick={cells === values ? (j) => editorStore.getState().setStepUnit(j) : undefined}
    />
  );
}

/**
 * A weight tensor's gradient or update: a first layer's rows as images of the input (MNIST's
 * 28x28), else the matrix itself, a row per unit.
 */
function WeightImage({ w, of, trace }: { w: StepWeight; of: "grad" | "update"; trace: StepTrace }) {
  const values = w[of];
  const [rows = 1, cols = values.length] = w.shape;
  const [h, wide] = trace.sample.rawShape;
  const images =
    w.shape.length === 2 && trace.sample.rawShape.length === 2 && h === wide && cols === (h ?? 0) * (wide ?? 0);
  if (images && h) {
    return (
      <figure className="nl-stage-figure">
        <Pixels
          rgba={tilesRgba(values, rows, h, TILE_COLUMNS)}
          width={TILE_COLUMNS * h}
          className="nl-tiles"
          testId="weight-tiles"
        />
        <figcaption className="nl-muted">
          {of === "grad" ? "∂L/∂W" : "ΔW"}: the {rows} rows of W as {h}×{h} images, one per unit, each scaled to its own
          largest value (red positive, blue negative, white 0: a unit the sample did not reach)
        </figcaption>
      </figure>
    );
  }
  if (w.shape.length === 4 && w.shape[2] === w.shape[3]) {
    return <KernelTiles values={values} shape={w.shape} what={of === "grad" ? `∂L/∂${w.name}` : `Δ${w.name}`} />;
  }
  return (
    <figure className="nl-stage-figure">
      {w.shape.length === 2 && cols <= 4096 && rows <= 4096 ? (
        <Pixels rgba={divergingRgba(values)} width={cols} className="nl-matrix" />
      ) : (
        <Pixels rgba={divergingRgba(fitStrip(values))} width={fitStrip(values).length} className="nl-stage-strip" />
      )}
      <figcaption className="nl-muted">
        {of === "grad" ? "∂L/∂" : "Δ"}
        {w.name} [{w.shape.join(" × ")}]
      </figcaption>
    </figure>
  );
}

function WeightFacts({ w, trace, node }: { w: StepWeight; trace: StepTrace; node: string }) {
  const size = norm(w.value);
  return (
    <li>
      <b>
        {node}.{w.name}
      </b>{" "}
      [{w.shape.join(" × ")}]: |∂L/∂{w.name}| {num(norm(w.grad))}, |Δ| {num(norm(w.update))}, |Δ|/|
      {w.name}| {size > 0 ? num(norm(w.update) / size) : "— (all 0)"}
      {trace.optimizer.name === "sgd" &&
        w.velocity === null &&
        trace.optimizer.momentum > 0 &&
        " · velocity starts at 0"}
    </li>
  );
}

/** What step mode shows at the current stage, in the Step tab. */
export function StageDetail() {
  const step = useEditor((s) => (s.step.phase === "ready" ? s.step : null));
  if (!step) return null;
  const { trace } = step;
  const stage = step.stages[step.at];
  if (!stage) return null;
  if (stage.kind === "input") {
    const [h, w] = trace.sample.rawShape;
    return (
      <div className="nl-stage" data-testid="stage-detail" data-stage="input">
        {trace.sample.rawShape.length === 2 && w && h && (
          <Pixels rgba={sampleRgba(trace.sample.raw)} width={w} className="nl-stage-image" />
        )}
        <div>
          <p>
            The sample enters as {trace.input.value.length} numbers, after the graph's transforms; its target is{" "}
            <code>[{trace.target.map(num).join(", ")}]</code>.
          </p>
          <Strip values={trace.input.value} signed={false} testId="stage-strip" />
        </div>
      </div>
    );
  }
  if (stage.kind === "loss") {
    const last = trace.nodes.at(-1);
    const rule = LOSS_STEPS[trace.loss.name];
    return (
      <div className="nl-stage" data-testid="stage-detail" data-stage="loss">
        <div>
          <p className="nl-formula">{rule.formula}</p>
          <p className="nl-formula" data-testid="loss-value">
            {rule.valueAt(last?.output ?? [], trace.target, trace.loss.sample)}
          </p>
          <p className="nl-muted">
            The batch's loss, the mean over its {trace.batchSize} sample{trace.batchSize === 1 ? "" : "s"}:{" "}
            {num(trace.loss.batch)}. Backward starts here: {rule.gradient}.
          </p>
        </div>
      </div>
    );
  }
  if (stage.kind === "update") {
    const weights = trace.nodes.flatMap((n) => n.weights.map((w) => ({ node: n.nodeId, w })));
    const first = weights[0]?.w;
    return (
      <div className="nl-stage" data-testid="stage-detail" data-stage="update">
        <div>
          <p className="nl-formula">
            {trace.optimizer.name.toUpperCase()}, lr {num(trace.optimizer.learningRate)}
            {trace.optimizer.momentum > 0 ? `, momentum μ ${num(trace.optimizer.momentum)}` : ""}:{" "}
            {OPTIMIZER_RULES[trace.optimizer.name]}
          </p>
          <p className="nl-muted">
            The weights now hold these changes; Next step takes another step from them
            {trace.optimizer.momentum > 0 ? ", with the velocity carried over" : ""}.
          </p>
          <ul className="nl-facts" data-testid="update-facts">
            {weights.map(({ node, w }) => (
              <WeightFacts key={`${node}-${w.name}`} w={w} trace={trace} node={node} />
            ))}
          </ul>
        </div>
        {first && <WeightImage w={first} of="update" trace={trace} />}
      </div>
    );
  }
  const node = trace.nodes[stage.index];
  if (!node) return null;
  const rule = stepRuleOf(node.kind);
  if (stage.kind === "forward") {
    return (
      <div className="nl-stage" data-testid="stage-detail" data-stage="forward">
        <div>
          <p className="nl-formula">{rule?.forward ?? `${node.kind}: see the inspector`}</p>
          <Strip values={node.output} signed={false} testId="stage-strip" />
          <p className="nl-muted">
            {node.output.length} outputs from {num(Math.min(...node.output))} to {num(Math.max(...node.output))}
            {node.kind === "ReLU" && `, ${node.output.filter((v) => v <= 0).length} of them 0`}
          </p>
        </div>
        {isSquareImage(node.shape) && <ChannelMaps values={node.output} shape={node.shape} what="y" />}
        {node.kind === "Softmax" && (
          <ol className="nl-stage-classes" data-testid="stage-classes">
            {node.output.map((p, c) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: classes are positional
              <li key={c} className={trace.target[c] === 1 ? "target" : undefined}>
                <span>{trace.classNames?.[c] ?? c}</span>
                <span className="nl-step-bar" style={{ width: `${Math.round(p * 120)}px` }} />
                <span>{num(p)}</span>
              </li>
            ))}
          </ol>
        )}
      </div>
    );
  }
  return (
    <div className="nl-stage" data-testid="stage-detail" data-stage="backward">
      <div>
        <p className="nl-formula">{rule?.backward ?? "the gradient flows back through this node's own rule"}</p>
        <Strip values={node.grad} signed testId="stage-strip" />
        <p className="nl-muted">
          ∂L/∂output of {node.nodeId}: |∂L/∂y| {num(norm(node.grad))}; the largest at unit {strongestUnit(node.grad)}
        </p>
        {node.weights.length > 0 && (
          <ul className="nl-facts">
            {node.weights.map((w) => (
              <WeightFacts key={w.name} w={w} trace={trace} node={node.nodeId} />
            ))}
          </ul>
        )}
      </div>
      {node.weights[0] ? (
        <WeightImage w={node.weights[0]} of="grad" trace={trace} />
      ) : (
        isSquareImage(node.shape) && <ChannelMaps values={node.grad} shape={node.shape} what="∂L/∂y" />
      )}
    </div>
  );
}
