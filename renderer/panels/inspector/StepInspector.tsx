import { LOSS_STEPS, num, OPTIMIZER_RULES, unravel, updateAt } from "../../../shared/catalog/stepRules";
import type { StepTrace, StepWeight } from "../../../shared/step";
import { maxAbs } from "../../backprop/colours";
import { stepRuleOf, stepUnit, strongestUnit } from "../../backprop/formulas";
import { nodeStepView } from "../../backprop/select";
import { useEditor } from "../../store";

/** The update of a weight tensor's element with the largest gradient (in row `row` when given), written out. */
function UpdateLine({ w, trace, row }: { w: StepWeight; trace: StepTrace; row?: number }) {
  const cols = w.shape.length === 2 ? (w.shape[1] ?? 1) : w.grad.length;
  const start = row !== undefined && w.shape.length === 2 ? row * cols : 0;
  const slice = row !== undefined && w.shape.length === 2 ? w.grad.slice(start, start + cols) : w.grad;
  const k = start + strongestUnit(slice);
  const at = w.shape.length >= 2 ? unravel(w.shape, k).join(",") : String(k);
  return (
    <p className="nl-formula" data-testid="step-update">
      {w.name}[{at}]:{" "}
      {updateAt(trace.optimizer, w.value[k] ?? 0, w.grad[k] ?? 0, w.velocity?.[k] ?? null, w.update[k] ?? 0)}
    </p>
  );
}

/**
 * Step mode in the inspector: the selected node's formulas, forward and backward, in symbols and
 * with this step's numbers for one unit (the one clicked in a strip, else the one with the largest
 * gradient), and its weights' update.
 */
export function StepInspector({ id }: { id: string }) {
  const trace = useEditor((s) => (s.step.phase === "ready" ? s.step.trace : null));
  const picked = useEditor((s) => s.stepUnit);
  const reached = useEditor((s) => nodeStepView(s, id).backward);
  if (!trace) return null;
  const index = trace.nodes.findIndex((n) => n.nodeId === id);
  const node = trace.nodes[index];
  const last = trace.nodes.at(-1);
  if (id === trace.loss.nodeId && last) {
    const rule = LOSS_STEPS[trace.loss.name];
    const j = picked !== null && picked < last.grad.length ? picked : strongestUnit(last.grad);
    return (
      <section className="nl-step-inspector" data-testid="step-inspector">
        <h3>This step</h3>
        <p className="nl-formula">{rule.formula}</p>
        <p className="nl-formula">{rule.valueAt(last.output, trace.target, trace.loss.sample)}</p>
        <p className="nl-formula">{rule.gradient}</p>
        <p className="nl-formula" data-testid="step-backward">
          {rule.gradientAt(last.output, trace.target, j, last.grad[j] ?? 0, trace.batchSize)}
        </p>
      </section>
    );
  }
  if (id === trace.optimizer.nodeId) {
    const weights = trace.nodes.flatMap((n) => n.weights);
    const strongest = weights.reduce<StepWeight | undefined>(
      (a, b) => (!a || maxAbs(b.grad) > maxAbs(a.grad) ? b : a),
      undefined,
    );
    return (
      <section className="nl-step-inspector" data-testid="step-inspector">
        <h3>This step</h3>
        <p className="nl-formula">{OPTIMIZER_RULES[trace.optimizer.name]}</p>
        {strongest && <UpdateLine w={strongest} trace={trace} />}
        <p className="nl-muted">
          Step {trace.optimizer.step} of this session; the trained model itself is not changed.
        </p>
      </section>
    );
  }
  if (id === trace.input.nodeId) {
    return (
      <section className="nl-step-inspector" data-testid="step-inspector">
        <h3>This step</h3>
        <p>
          Feeds {trace.input.value.length} numbers to the model. ∂L/∂x, how the loss would change with each input value,
          has the norm {num(Math.hypot(...trace.input.grad))}; data does not learn, but it shows what the model looks
          at.
        </p>
      </section>
    );
  }
  if (!node) return null;
  const rule = stepRuleOf(node.kind);
  const j = picked !== null && picked < node.grad.length ? picked : strongestUnit(node.grad);
  const unit = stepUnit(trace, index, j);
  const params = node.params as never;
  return (
    <section className="nl-step-inspector" data-testid="step-inspector">
      <h3>This step, unit {j}</h3>
      {rule ? (
        <>
          <p className="nl-muted">Forward: {rule.forward}</p>
          <p className="nl-formula" data-testid="step-forward">
            {rule.forwardAt(params, unit)}
          </p>
          <p className="nl-muted">Backward: {rule.backward}</p>
          {reached ? (
            <p className="nl-formula" data-testid="step-backward">
              {rule.backwardAt(params, unit)}
            </p>
          ) : (
            <p className="nl-muted">(its numbers once the backward pass reaches this node)</p>
          )}
        </>
      ) : (
        <p className="nl-formula">
          y_{j} = {num(node.output[j])}, ∂L/∂y_{j} = {num(node.grad[j])}
        </p>
      )}
      {reached && node.weights.map((w) => <UpdateLine key={w.name} w={w} trace={trace} row={j} />)}
    </section>
  );
}
