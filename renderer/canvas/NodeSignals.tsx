import { num } from "../../shared/catalog/stepRules";
import { HEALTHY_RATIO, type NodeSignal } from "../../shared/signals";
import { compact } from "./format";

const pct = (v: number) => `${(v * 100).toFixed(v < 0.1 ? 1 : 0)}%`;

/** A node's outputs as a 16-bar histogram, scaled to its tallest bar. */
function Histogram({ counts, min, max }: { counts: readonly number[]; min: number; max: number }) {
  const top = Math.max(1, ...counts);
  const w = 100 / counts.length;
  return (
    <svg className="nl-sig-hist" viewBox="0 0 100 20" preserveAspectRatio="none" aria-label="histogram of outputs">
      <title>{`outputs from ${num(min)} to ${num(max)}`}</title>
      {counts.map((c, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: bins are positional
        <rect key={i} x={i * w + 0.5} width={w - 1} y={20 - (c / top) * 20} height={(c / top) * 20} />
      ))}
    </svg>
  );
}

/** Whether an update-to-weight ratio is outside the healthy band around 1e-3. */
export function ratioFlag(ratio: number | null): "low" | "high" | null {
  if (ratio === null) return null;
  return ratio < HEALTHY_RATIO.low ? "low" : ratio > HEALTHY_RATIO.high ? "high" : null;
}

/** Live signals on a node: outputs' mean and spread with a histogram, dead or saturated share, weights' health. */
export function NodeSignals({ signal }: { signal: NodeSignal }) {
  return (
    <div className="nl-sig" data-testid="node-signals">
      <div className="nl-sig-row">
        <span title="mean and standard deviation of the outputs on the sampled batch">
          μ {num(signal.mean)} σ {num(signal.std)}
        </span>
        <Histogram counts={signal.histogram} min={signal.min} max={signal.max} />
      </div>
      {signal.dead !== undefined && (
        <div
          className={`nl-sig-row${signal.dead > 0.5 ? " warn" : ""}`}
          data-testid="signal-dead"
          title="units (channels, for images) that were not positive for any sample of the batch: they pass no gradient"
        >
          dead {pct(signal.dead)}
        </div>
      )}
      {signal.saturated !== undefined && (
        <div
          className={`nl-sig-row${signal.saturated > 0.5 ? " warn" : ""}`}
          data-testid="signal-saturated"
          title="outputs where the slope is under 4% of its peak: little gradient passes there"
        >
          saturated {pct(signal.saturated)}
        </div>
      )}
      {signal.weights.length > 0 && (
        <div className="nl-sig-weights">
          <span />
          <span className="nl-muted" title="L2 norm of the gradient of each weight tensor">
            |∇|
          </span>
          <span
            className="nl-muted"
            title="update-to-weight ratio |ΔW|/|W| of the optimizer's step: healthy around 1e-3"
          >
            |ΔW|/|W|
          </span>
          {signal.weights.map((w) => {
            const flag = ratioFlag(w.ratio);
            return (
              <div
                key={w.name}
                className={`nl-sig-weight${flag ? " warn" : ""}`}
                data-testid="signal-weight"
                data-flag={flag ?? undefined}
                title={`|∂L/∂${w.name}| and |Δ${w.name}|/|${w.name}|, healthy around 1e-3${flag ? `: too ${flag}` : ""}`}
              >
                <span>{w.name}</span>
                <span>{compact(w.gradNorm)}</span>
                <span>
                  {w.ratio === null ? "—" : compact(w.ratio)}
                  {flag && <span className="nl-sig-flag">{flag === "low" ? " ↓" : " ↑"}</span>}
                </span>
              </div>
            );
          })}
        </div>
      )}
    </div>
  );
}
