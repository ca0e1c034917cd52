import { useShallow } from "zustand/react/shallow";
import { num } from "../../shared/catalog/stepRules";
import type { StepTrace } from "../../shared/step";
import { divergingRgba, fitStrip, sequentialRgba } from "../backprop/colours";
import { Pixels } from "../backprop/Pixels";
import { nodeStepView } from "../backprop/select";
import { useEditor } from "../store";
import { norm } from "../store/backpropSlice";
import { sampleRgba } from "../training/results";

/** The top `k` classes of probabilities, best first. */
export function topClasses(p: readonly number[], k: number): { index: number; p: number }[] {
  return p
    .map((v, index) => ({ index, p: v }))
    .sort((a, b) => b.p - a.p)
    .slice(0, k);
}

function Top({ p, names }: { p: readonly number[]; names: readonly string[] | undefined }) {
  return (
    <ol className="nl-step-top" data-testid="step-top">
      {topClasses(p, 3).map((c) => (
        <li key={c.index}>
          <span>{names?.[c.index] ?? c.index}</span>
          <span className="nl-step-bar" style={{ width: `${Math.round(c.p * 60)}px` }} />
          <span>{num(c.p)}</span>
        </li>
      ))}
    </ol>
  );
}

/** A vector as a strip on the node: signed values blue to red, others dark to bright. */
function Strip({ values, signed, title }: { values: readonly number[]; signed: boolean; title?: string }) {
  const cells = fitStrip(values);
  const rgba = signed ? divergingRgba(cells) : sequentialRgba(cells);
  return <Pixels rgba={rgba} width={cells.length} className="nl-step-strip" {...(title ? { title } : {})} />;
}

/** The sample as the network gets it: a 28x28 image for MNIST-like data, else a strip of its values. */
function InputView({ trace }: { trace: StepTrace }) {
  const [h, w] = trace.sample.rawShape;
  if (trace.sample.rawShape.length === 2 && h && w && h * w <= 4096) {
    return <Pixels rgba={sampleRgba(trace.sample.raw)} width={w} className="nl-step-image" testId="step-input" />;
  }
  return <Strip values={trace.input.value} signed={false} />;
}

/** Step mode on a node: its value once the forward pass reached it, its gradient once the backward pass did. */
export function NodeStep({ id }: { id: string }) {
  const view = useEditor(useShallow((s) => nodeStepView(s, id)));
  const trace = useEditor((s) => (s.step.phase === "ready" ? s.step.trace : null));
  if (!trace || !view.role || (!view.forward && !view.backward)) return null;
  const { node } = view;
  return (
    <div className="nl-step" data-testid="node-step" data-current={view.current ?? undefined}>
      {view.role === "input" && view.forward && <InputView trace={trace} />}
      {view.role === "input" && view.backward && (
        <Pixels
          rgba={divergingRgba(trace.input.grad)}
          width={trace.input.shape.at(-1) ?? 1}
          className="nl-step-strip"
        />
      )}
      {view.role === "loss" && <div className="nl-step-value">L = {num(trace.loss.sample)}</div>}
      {view.role === "optimizer" && (
        <div className="nl-step-value">
          step {trace.optimizer.step}: lr {num(trace.optimizer.learningRate)}
          {trace.optimizer.momentum > 0 ? `, μ ${num(trace.optimizer.momentum)}` : ""}
        </div>
      )}
      {node && view.forward && node.kind === "Softmax" && <Top p={node.output} names={trace.classNames} />}
      {node && view.forward && node.kind !== "Softmax" && (
        <Strip values={node.output} signed={false} title={`outputs: ${node.output.length} values`} />
      )}
      {node && view.backward && (
        <>
          <Strip values={node.grad} signed title="∂L/∂output: blue negative, red positive" />
          <div className="nl-step-value">|∂L/∂y| {num(norm(node.grad))}</div>
        </>
      )}
    </div>
  );
}
