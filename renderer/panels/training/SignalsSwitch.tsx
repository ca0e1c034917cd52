import { setSignals } from "../../actions/backprop";
import { useEditor } from "../../store";
import { currentRun, isActive } from "../../training/select";

/**
 * The Signals switch: live signals on the canvas while training (each node's outputs, dead and
 * saturated units, its weights' gradients and update ratio; wires coloured by the gradient). A run
 * on a backend that cannot send them says so here rather than showing nothing.
 */
export function SignalsSwitch() {
  const on = useEditor((s) => s.signalsOn);
  // The backend of the run training now, when it cannot send signals; null otherwise.
  const unable = useEditor((s) => {
    const started = currentRun(s.training)?.started;
    return isActive(s.training) && started && started.signals !== true ? started.backend : null;
  });
  const waiting = useEditor((s) => s.signalsOn && isActive(s.training) && s.signals === null);
  return (
    <label
      className={`nl-switch${unable ? " unavailable" : ""}`}
      title={
        unable
          ? `The ${unable} backend cannot send live signals; they show for runs on the TF.js backends`
          : "Live signals on the canvas while training: each node's outputs (mean, spread, histogram), dead ReLUs and saturated units, each layer's gradient and update-to-weight ratio, wires coloured by the gradient flowing back"
      }
    >
      <input
        type="checkbox"
        role="switch"
        aria-checked={on}
        data-testid="signals-switch"
        checked={on}
        onChange={(e) => void setSignals(e.target.checked)}
      />
      Signals
      {unable && (
        <span className="nl-muted" data-testid="signals-unavailable">
          {" "}
          (not on {unable})
        </span>
      )}
      {!unable && waiting && <span className="nl-muted"> (waiting for a batch…)</span>}
    </label>
  );
}
